import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.common.uscc import CHARSET, check_char, is_valid_uscc, make_uscc, normalize_uscc, uscc_problem


def test_the_reference_code_of_design_md_is_valid():
    assert is_valid_uscc("91110000600037341L")


@pytest.mark.parametrize("first", list("159ANY"))
def test_codes_may_start_with_every_registration_authority(first):
    # python-stdnum wrongly rejects A, N and Y; ours accepts every authority GB 32100 lists.
    assert uscc_problem(make_uscc(first + "1320924MA1ABCDE0")) is None


def test_full_width_lower_case_and_spaces_are_normalised():
    assert normalize_uscc(" ９１１１０００ 0600037341l ") == "91110000600037341L"
    assert is_valid_uscc("９１１１００００６０００３７３４１ｌ")


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91110000600037341M", "check_digit"),
        ("9111000060003734", "length"),
        ("91110000600037341I", "charset"),  # I, O, S, V, Z are never used
        ("81110000600037341L", "authority"),
    ],
)
def test_corrupted_codes_say_what_is_wrong(code, problem):
    assert uscc_problem(code) == problem


body = st.text(alphabet=CHARSET, min_size=16, max_size=16)


@given(first=st.sampled_from("159ANY"), rest=body)
def test_a_computed_check_character_always_validates(first, rest):
    assert is_valid_uscc(make_uscc(first + rest))


@given(first=st.sampled_from("159ANY"), rest=body, wrong=st.sampled_from(CHARSET))
def test_any_other_check_character_fails(first, rest, wrong):
    body17 = first + rest
    if wrong != check_char(body17):
        assert uscc_problem(body17 + wrong) == "check_digit"


@given(first=st.sampled_from("159ANY"), rest=body, position=st.integers(1, 16), shift=st.integers(1, 30))
def test_changing_one_character_is_caught(first, rest, position, shift):
    code = make_uscc(first + rest)
    changed = code[:position] + CHARSET[(CHARSET.index(code[position]) + shift) % 31] + code[position + 1 :]
    # The weights are powers of 3 mod 31, never 0, so a single substitution always changes the sum.
    assert uscc_problem(changed) == "check_digit"
