"""统一社会信用代码 (USCC) per GB 32100-2015: normalisation and check-digit validation.

python-stdnum's cn.uscc wrongly rejects codes that start with A, N or Y, so the check lives here.
"""

from .text import fold_compat

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
# First character: registration authority (1 机构编制, 5 民政, 9 工商, A 其他 …, N 农业, Y 其他).
FIRST_CHARS = set("159ANY")


def normalize_uscc(value: object) -> str:
    """Upper-case, full-width folded, spaces and dashes removed."""
    return fold_compat(value).upper().replace(" ", "").replace("-", "")


def check_char(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why a normalised code is not a valid USCC, or None when it is valid."""
    if len(code) != 18:
        return "length"
    if any(ch not in CHARSET for ch in code):
        return "charset"
    if code[0] not in FIRST_CHARS:
        return "authority"
    if not code[8:17].isalnum():
        return "charset"
    if check_char(code[:17]) != code[17]:
        return "check_digit"
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(normalize_uscc(code)) is None


def make_uscc(body17: str) -> str:
    """A valid code from 17 characters (used by the demo data and the generator)."""
    return body17 + check_char(body17)
