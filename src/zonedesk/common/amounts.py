"""Money in 万元 (10k yuan) as Decimal, rounded half-up, shown as 万元 / 亿元."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .text import normalize_text

CENT = Decimal("0.01")
_UNITS = [
    ("亿元", Decimal(10000)),
    ("亿", Decimal(10000)),
    ("万元", Decimal(1)),
    ("万", Decimal(1)),
    ("元", Decimal("0.0001")),
]


def quantize_wan(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_wan(value: object) -> Decimal | None:
    """A plain amount in 万元 ("500", "500万", "3亿", "1,200.5万元"); ValueError when it is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return quantize_wan(Decimal(str(value)))
    text = normalize_text(value).replace(",", "").replace(" ", "")
    if not text:
        return None
    factor = Decimal(1)
    for suffix, multiplier in _UNITS:
        if text.endswith(suffix):
            text, factor = text[: -len(suffix)], multiplier
            break
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return quantize_wan(number * factor)


def format_wan(value: Decimal | None) -> str:
    """12000 -> 1.20亿元; 850 -> 850.00万元."""
    if value is None:
        return ""
    if abs(value) >= 10000:
        return f"{quantize_wan(value / 10000):,}亿元"
    return f"{quantize_wan(value):,}万元"
