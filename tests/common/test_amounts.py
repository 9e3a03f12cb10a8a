from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.common.amounts import (
    Amount,
    AmountError,
    Qualifier,
    describe_amount,
    parse_amount,
    parse_wan,
    to_wan_cny,
)

EXACT, AT_LEAST, ABOUT, RANGE = Qualifier.EXACT, Qualifier.AT_LEAST, Qualifier.ABOUT, Qualifier.RANGE


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("30亿元", "300000", "CNY", EXACT),
        ("6000万欧元", "6000", "EUR", EXACT),
        ("8亿", "80000", "CNY", EXACT),
        ("5000万", "5000", "CNY", EXACT),
        ("三十亿元", "300000", "CNY", EXACT),
        ("1.2亿美元", "12000", "USD", EXACT),
        ("三十二億", "320000", "CNY", EXACT),
        ("1億5000萬元", "15000", "CNY", EXACT),
        ("１２亿元", "120000", "CNY", EXACT),
        ("500万港元", "500", "HKD", EXACT),
        ("500万港币", "500", "HKD", EXACT),
        ("2亿美金", "20000", "USD", EXACT),
        ("3亿日元", "30000", "JPY", EXACT),
        ("100億日圓", "1000000", "JPY", EXACT),
        ("800万英镑", "800", "GBP", EXACT),
        ("6000万欧", "6000", "EUR", EXACT),
        ("30亿元人民币", "300000", "CNY", EXACT),
        ("人民币30亿元", "300000", "CNY", EXACT),
        ("￥3亿", "30000", "CNY", EXACT),
        ("1,200.555万元", "1200.555", "CNY", EXACT),
        ("500", "500", "CNY", EXACT),
        ("500元", "0.05", "CNY", EXACT),
        ("5000000欧元", "500", "EUR", EXACT),
        ("1亿5000元", "10000.5", "CNY", EXACT),
        ("1千万", "1000", "CNY", EXACT),
        ("5百万美元", "500", "USD", EXACT),
        ("三亿五千万元", "35000", "CNY", EXACT),
        ("一亿零五百万元", "10500", "CNY", EXACT),
        ("二十五亿零三百万", "250300", "CNY", EXACT),
        ("三点五亿元", "35000", "CNY", EXACT),
        ("三十二点五万元", "32.5", "CNY", EXACT),
        ("壹亿贰仟万元", "12000", "CNY", EXACT),
        ("一点二三四五六七八九零一二三四五六七亿元", "12345.6789012345670000", "CNY", EXACT),
        ("总投资30亿元", "300000", "CNY", EXACT),
        ("USD 12 million", "1200", "USD", EXACT),
        ("US$1.2 billion", "120000", "USD", EXACT),
        ("EUR 60m", "6000", "EUR", EXACT),
        ("超10亿元", "100000", "CNY", AT_LEAST),
        ("逾5亿元", "50000", "CNY", AT_LEAST),
        ("10亿元以上", "100000", "CNY", AT_LEAST),
        ("3亿余元", "30000", "CNY", AT_LEAST),
        ("30余亿元", "300000", "CNY", AT_LEAST),
        ("30多亿元", "300000", "CNY", AT_LEAST),
        ("三千多万", "3000", "CNY", AT_LEAST),
        ("超过1亿美元", "10000", "USD", AT_LEAST),
        ("近2亿元", "20000", "CNY", ABOUT),
        ("约1.5亿元", "15000", "CNY", ABOUT),
        ("8000万元左右", "8000", "CNY", ABOUT),
        ("总投资约30亿元", "300000", "CNY", ABOUT),
        ("約人民幣3億元", "30000", "CNY", ABOUT),
    ],
)
def test_every_written_form_reads_its_value_currency_and_qualifier(text, value, currency, qualifier):
    amount = parse_amount(text)
    assert (amount.value, amount.upper, amount.currency, amount.qualifier) == (
        Decimal(value),
        None,
        currency,
        qualifier,
    )
    assert amount.text == text


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("5亿元~10亿元", "50000", "100000", "CNY"),
        ("5-10亿元", "50000", "100000", "CNY"),
        ("5亿至10亿元", "50000", "100000", "CNY"),
        ("5～10亿元", "50000", "100000", "CNY"),
        ("5——10亿元", "50000", "100000", "CNY"),
        ("5亿到10亿元", "50000", "100000", "CNY"),
        ("五亿至十亿元", "50000", "100000", "CNY"),
        ("二十至三十亿元", "200000", "300000", "CNY"),
        ("5000-8000万欧元", "5000", "8000", "EUR"),
        ("5-8千万元", "5000", "8000", "CNY"),
        ("五到八千万元", "5000", "8000", "CNY"),
        ("5000万~1.2亿元", "5000", "12000", "CNY"),
        ("1-1.5亿美元", "10000", "15000", "USD"),
        ("5亿~10亿美元", "50000", "100000", "USD"),
        ("USD 10-12 million", "1000", "1200", "USD"),
        ("约5-10亿元", "50000", "100000", "CNY"),
    ],
)
def test_ranges_read_both_ends_in_the_same_unit_and_currency(text, low, high, currency):
    amount = parse_amount(text)
    assert (amount.value, amount.upper, amount.currency, amount.qualifier) == (
        Decimal(low),
        Decimal(high),
        currency,
        RANGE,
    )
    assert not amount.is_exact


@pytest.mark.parametrize(
    "text",
    [
        "数亿元",
        "几千万",
        "若干",
        "abc",
        "亿元",
        "1亿5000",  # 1亿5000万 or 1亿5000元: refused rather than guessed
        "一亿五",
        "5000万1亿",
        "1,2亿",
        "1e3万",
        "Infinity",
        "30亿美元人民币",
        "超10亿元左右",
        "5亿以上~10亿元",
        "5亿~10亿~20亿",
        "点五亿",
    ],
)
def test_vague_or_garbled_amounts_are_refused_naming_the_text(text):
    with translation.override("en"), pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert f"“{text}” is not an amount ZoneDesk can read" in str(caught.value)
    assert "30亿元" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter an amount"),
        ("   ", "Enter an amount"),
        ("10亿元~5亿元", "the first amount must be smaller than the second"),
        ("5亿~5亿", "the first amount must be smaller than the second"),
        ("-5亿", "cannot be negative"),
        ("负5亿", "cannot be negative"),
        ("0亿元", "more than zero"),
        ("99999999999亿", "larger than any investment"),
    ],
)
def test_impossible_amounts_say_what_is_wrong(text, message):
    with translation.override("en"), pytest.raises(AmountError, match=message):
        parse_amount(text)


def test_an_amount_error_is_a_value_error_shown_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValueError, match="金额不能为负数"):
        parse_amount("-5亿")


def test_only_an_exact_amount_is_exact():
    assert parse_amount("30亿元").is_exact
    assert not parse_amount("超30亿元").is_exact
    assert not parse_amount("约30亿元").is_exact


def test_yuan_amounts_ignore_the_rate_and_round_half_up():
    assert to_wan_cny(parse_amount("1.005万元"), None) == Decimal("1.01")
    assert to_wan_cny(parse_amount("1.0049万元"), Decimal("7.8")) == Decimal("1.00")
    assert to_wan_cny(parse_amount("2.675万元"), None) == Decimal("2.68")


def test_foreign_amounts_convert_at_the_rate():
    assert to_wan_cny(parse_amount("6000万欧元"), Decimal("7.8")) == Decimal("46800.00")
    assert to_wan_cny(parse_amount("0.0005万美元"), Decimal("7.1")) == Decimal("0.00")
    assert to_wan_cny(parse_amount("1-1.5亿美元"), Decimal("7.1")) == Decimal("71000.00")


@pytest.mark.parametrize("rate", [None, Decimal(0), Decimal(-1)])
def test_a_foreign_amount_without_a_rate_is_refused(rate):
    with translation.override("en"), pytest.raises(AmountError, match="EUR: enter its exchange rate"):
        to_wan_cny(parse_amount("6000万欧元"), rate)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("超10亿元", "超 10.00亿元"),
        ("10亿元以上", "超 10.00亿元"),
        ("约1.5亿元", "约 1.50亿元"),
        ("8000万元左右", "约 8000.00万元"),
        ("5亿元~10亿元", "5.00亿元~10.00亿元"),
        ("5000万~1.2亿元", "5000.00万元~1.20亿元"),
        ("6000万欧元", "6000.00万欧元"),
        ("1.2亿美元", "1.20亿美元"),
        ("5千元", "5000.00元"),
    ],
)
def test_described_amounts_keep_their_qualifier_visible(text, shown):
    assert describe_amount(parse_amount(text)) == shown


def test_an_amount_can_be_described_without_parsing():
    amount = Amount(text="", value=Decimal(300), upper=None, currency="HKD", qualifier=Qualifier.EXACT)
    assert describe_amount(amount) == "300.00万港元"


@pytest.mark.parametrize(
    ("text", "wan"),
    [("三十亿元", "300000.00"), ("1億5000萬元", "15000.00"), ("１２亿元", "120000.00"), (Decimal("1.005"), "1.01")],
)
def test_plain_amounts_may_use_chinese_numerals(text, wan):
    assert parse_wan(text) == Decimal(wan)


@pytest.mark.parametrize("text", ["超10亿元", "5-10亿元", "6000万欧元", "数亿元", "Infinity"])
def test_plain_amounts_refuse_qualifiers_ranges_and_foreign_currencies(text):
    with pytest.raises(ValueError):
        parse_wan(text)


wan_values = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2)


@given(v=wan_values)
def test_any_two_place_amount_reads_back_exactly_in_wan_and_yi(v):
    assert parse_amount(f"{v}万元").value == v
    assert parse_amount(f"{v}亿元").value == v * 10000
