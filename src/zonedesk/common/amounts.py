"""Money in 万元 (10k yuan) as Decimal, rounded half-up, shown as 万元 / 亿元; investment amounts as written."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

import cn2an
from django.utils.translation import gettext as _

from .text import fold_compat

CENT = Decimal("0.01")
_UNITS = [
    ("亿元", Decimal(10000)),
    ("亿", Decimal(10000)),
    ("万元", Decimal(1)),
    ("万", Decimal(1)),
    ("元", Decimal("0.0001")),
]


def quantize_wan(value: Decimal) -> Decimal:
    """A 万元 amount rounded half-up (四舍五入) to two places."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_wan(value: object) -> Decimal | None:
    """A plain amount in 万元 ("500", "500万", "3亿", "1,200.5万元", "三十亿元"); ValueError when it is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return quantize_wan(Decimal(str(value)))
    text = fold_compat(value).replace(",", "").replace(" ", "")
    if not text:
        return None
    factor = Decimal(1)
    for suffix, multiplier in _UNITS:
        if text.endswith(suffix):
            text, factor = text[: -len(suffix)], multiplier
            break
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        return _exact_yuan_wan(value)
    return quantize_wan(number * factor)


def _exact_yuan_wan(value: object) -> Decimal:
    # Chinese numerals ("三十亿元", "1亿5000万元") are plain amounts too; qualified, ranged or foreign ones are not.
    try:
        amount = parse_amount(str(value))
    except AmountError as exc:
        raise ValueError(value) from exc
    if not amount.is_exact or amount.currency != "CNY":
        raise ValueError(value)
    return quantize_wan(amount.value)


def format_wan(value: Decimal | None) -> str:
    """12000 -> 1.20亿元; 850 -> 850.00万元."""
    if value is None:
        return ""
    if abs(value) >= 10000:
        return f"{quantize_wan(value / 10000):,}亿元"
    return f"{quantize_wan(value):,}万元"


# --- Investment amounts as officers and news write them: "超10亿元", "6000万欧元", "5-10亿元", "三十二億" ---


class Qualifier(StrEnum):
    """How exact an amount is: its values match the projects' AmountQualifier choices."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    ABOUT = "about"
    RANGE = "range"


class AmountError(ValueError):
    """An amount that cannot be read, with a message the user can act on."""


@dataclass(frozen=True)
class Amount:
    """An amount as typed: its value in 万 of its own currency, the upper end of a range, and how exact it is."""

    text: str
    value: Decimal
    upper: Decimal | None
    currency: str
    qualifier: Qualifier

    @property
    def is_exact(self) -> bool:
        """Whether the amount is one exact figure (not at least, about or a range)."""
        return self.qualifier == Qualifier.EXACT


CURRENCY_NAMES = {"CNY": "元", "EUR": "欧元", "USD": "美元", "HKD": "港元", "JPY": "日元", "GBP": "英镑"}
_CURRENCY_WORDS = {
    "人民币": "CNY",
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
    "rmb": "CNY",
    "cny": "CNY",
    "usd": "USD",
    "us$": "USD",
    "eur": "EUR",
    "hkd": "HKD",
    "hk$": "HKD",
    "jpy": "JPY",
    "gbp": "GBP",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
}
_AT_LEAST_FIRST = ["超过", "超", "逾", "不低于", "不少于", "至少", "多于", "高于"]
_ABOUT_FIRST = ["将近", "接近", "近", "大约", "约"]
_FILLERS = ["计划总投资", "投资总额", "总投资额", "总投资", "投资额", "投资", "总额", "金额", "达到", "达", "为", ":"]
_Meaning = Qualifier | str | None  # a qualifier, an ISO currency code, or a word that means nothing here
_PREFIXES: list[tuple[str, _Meaning]] = sorted(
    [(w, Qualifier.AT_LEAST) for w in _AT_LEAST_FIRST]
    + [(w, Qualifier.ABOUT) for w in _ABOUT_FIRST]
    + [(w, None) for w in _FILLERS]
    + list(_CURRENCY_WORDS.items()),
    key=lambda pair: -len(pair[0]),
)
_SUFFIXES: list[tuple[str, _Meaning]] = sorted(
    [
        ("以上", Qualifier.AT_LEAST),
        ("左右", Qualifier.ABOUT),
        ("上下", Qualifier.ABOUT),
        ("。", None),
        ("元", "CNY"),
        ("欧", "EUR"),
        *_CURRENCY_WORDS.items(),
    ],
    key=lambda pair: -len(pair[0]),
)
# Traditional characters cn2an or the tables above do not know, folded to simplified ones.
_SIMPLIFIED = str.maketrans(
    "億萬兩貳參叄陸點圓幣歐鎊約餘過於達總資額將為數幾",
    "亿万两贰叁叁陆点元币欧镑约余过于达总资额将为数几",
)
_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_VALUES = dict(zip(_CN_DIGITS, "001223456789123456789", strict=True))
_CN_NUMBER = _CN_DIGITS + "十百千拾佰仟点"
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
_BIG = {  # in 万 of the currency
    "万亿": Decimal(10**8),
    "亿": Decimal(10**4),
    "万": Decimal(1),
    "billion": Decimal(10**5),
    "bn": Decimal(10**5),
    "million": Decimal(100),
    "mn": Decimal(100),
    "m": Decimal(100),
    "thousand": Decimal("0.1"),
    "k": Decimal("0.1"),
}
_BIG_PATTERN = "万亿|亿|万|billion|bn|million|mn|m|thousand|k"
_SEGMENT = re.compile(
    rf"(?:(?P<arabic>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?P<mult>[十百千])?"
    rf"|(?P<chinese>[{_CN_NUMBER}]+))(?P<big>{_BIG_PATTERN})?"
)
_MORE = re.compile(r"(.+?)[余多]((?:[十百千]?(?:万亿|亿|万))?)")  # 30余亿, 3亿余, 1000多万
_RANGE = re.compile(r"~|〜|-|−|–|—+|―|至(?!少)|(?<!达)到")
_PER_YUAN = Decimal("0.0001")
_LARGEST = Decimal(10**12)  # 万 of any currency: past this, 10^14 万元 (the database's limit) is in reach


class _Unreadable(Exception):
    """Raised inside the parser; parse_amount turns it into one AmountError naming the text."""


@dataclass(frozen=True)
class _Segment:
    number: Decimal
    multiplier: int  # 千 in 5千万 or in 八千, kept apart so 5-8千万 reads 5千万
    big: Decimal | None  # 亿, 万, million … in 万; None when the group has no such unit


def parse_amount(text: str) -> Amount:
    """Read an investment amount as written ("30亿元", "超10亿元", "5-10亿美元", "三十二億") or raise AmountError."""
    raw = "" if text is None else str(text)
    body = fold_compat(raw).translate(_SIMPLIFIED).lower().replace(" ", "")
    if not body:
        raise AmountError(_("Enter an amount, like 30亿元 or 6000万欧元."))
    try:
        body, currency, qualifiers = _words(body)
        if body.startswith(("-", "−", "负")):
            raise AmountError(_("An amount cannot be negative."))
        value, upper, currency, qualifier = _read(body, currency, qualifiers)
    except _Unreadable as exc:
        message = _("“%(text)s” is not an amount ZoneDesk can read; write it like 30亿元 or 6000万欧元.")
        raise AmountError(message % {"text": raw.strip()}) from exc
    if value <= 0:
        raise AmountError(_("An amount must be more than zero."))
    if upper is not None and upper <= value:
        raise AmountError(_("In “%(text)s” the first amount must be smaller than the second.") % {"text": raw.strip()})
    if (upper or value) > _LARGEST:
        raise AmountError(_("“%(text)s” is larger than any investment ZoneDesk can hold.") % {"text": raw.strip()})
    return Amount(text=raw, value=value, upper=upper, currency=currency, qualifier=qualifier)


def _read(
    body: str, currency: str | None, qualifiers: set[Qualifier]
) -> tuple[Decimal, Decimal | None, str, Qualifier]:
    parts = _RANGE.split(body)
    if len(parts) == 1:
        segments, more = _segments(body)
        qualifiers |= {Qualifier.AT_LEAST} if more else set()
        if len(qualifiers) > 1:
            raise _Unreadable  # "超…左右": at least and about at once
        value = _value(segments, has_currency=currency is not None)
        return value, None, currency or "CNY", qualifiers.pop() if qualifiers else Qualifier.EXACT
    if len(parts) != 2:
        raise _Unreadable
    (low, low_currency, low_qualifiers), (high, high_currency, high_qualifiers) = map(_words, parts)
    for other in (low_currency, high_currency):
        currency = _same_currency(currency, other)
    (low_segments, low_more), (high_segments, high_more) = _segments(low), _segments(high)
    if low_more or high_more or Qualifier.AT_LEAST in qualifiers | low_qualifiers | high_qualifiers:
        raise _Unreadable  # "5亿以上~10亿" has no reading; "约5-10亿元" is a range all the same
    has_currency = currency is not None
    upper = _value(high_segments, has_currency=has_currency)
    first = low_segments[0]
    if len(low_segments) == 1 and first.big is None and low_currency is None:
        # 5-10亿元, 5-8千万, USD 10-12 million: the lower end borrows the upper end's unit
        lead = high_segments[0]
        multiplier = first.multiplier if first.multiplier != 1 else lead.multiplier
        value = first.number * multiplier * _unit(lead, has_currency)
    else:
        value = _value(low_segments, has_currency=has_currency)
    return value, upper, currency or "CNY", Qualifier.RANGE


def _words(body: str) -> tuple[str, str | None, set[Qualifier]]:
    """Strip qualifier, currency and filler words from both ends: (what is left, currency, qualifiers)."""
    currency: str | None = None
    qualifiers: set[Qualifier] = set()
    changed = True
    while changed and body:
        changed = False
        for table, take in ((_PREFIXES, str.startswith), (_SUFFIXES, str.endswith)):
            for word, meaning in table:
                if take(body, word) and len(body) > len(word):
                    body = body[len(word) :] if take is str.startswith else body[: -len(word)]
                    if isinstance(meaning, Qualifier):
                        qualifiers.add(meaning)
                    elif meaning is not None:
                        currency = _same_currency(currency, meaning)
                    changed = True
                    break
    return body, currency, qualifiers


def _same_currency(known: str | None, other: str | None) -> str | None:
    if known and other and known != other:
        raise _Unreadable  # "30亿美元人民币"
    return known or other


def _segments(body: str) -> tuple[list[_Segment], bool]:
    """The number groups of a bare amount ("1亿5000万" -> 1×亿, 5000×万), and whether 余/多 followed the number."""
    more = _MORE.fullmatch(body)
    if more:
        body = more.group(1) + more.group(2)
    segments, at = [], 0
    while at < len(body):
        match = _SEGMENT.match(body, at)
        if not match:
            raise _Unreadable  # 数亿, 几千万, 若干, abc
        at = match.end()
        number, multiplier = _number(match)
        big = _BIG[match["big"]] if match["big"] else None
        segments.append(_Segment(number, multiplier, big))
    if not segments:
        raise _Unreadable
    return segments, more is not None


def _number(match: re.Match) -> tuple[Decimal, int]:
    if match["arabic"]:
        return Decimal(match["arabic"].replace(",", "")), _MULTIPLIERS.get(match["mult"] or "", 1)
    chinese = match["chinese"]
    if len(chinese) == 2 and chinese[0] in _CN_VALUES and chinese[1] in _MULTIPLIERS:
        return Decimal(_CN_VALUES[chinese[0]]), _MULTIPLIERS[chinese[1]]  # 八千 in 五到八千万 is 8×千
    whole, _dot, fraction = chinese.partition("点")
    if not whole or (_dot and not fraction) or any(ch not in _CN_VALUES for ch in fraction):
        raise _Unreadable  # 点五, 五点, 二点五十
    try:
        # cn2an reads the whole part ("三十二", "一千二"); it answers int or float, so go through str.
        number = Decimal(str(cn2an.cn2an(whole.lstrip("零〇") or "零", "smart")))
    except Exception as exc:  # cn2an raises ValueError, and KeyError on some inputs (一亿五)
        raise _Unreadable from exc
    # The fraction digit by digit: cn2an returns a float, which would lose digits.
    return number + (Decimal(f"0.{''.join(_CN_VALUES[ch] for ch in fraction)}") if fraction else 0), 1


def _unit(segment: _Segment, has_currency: bool) -> Decimal:
    if segment.big is not None:
        return segment.big
    return _PER_YUAN if has_currency else Decimal(1)  # 5000欧元 is 0.5万欧元; a bare 500 is 500万, as in parse_wan


def _value(segments: list[_Segment], *, has_currency: bool) -> Decimal:
    """Add the groups up in 万, largest unit first; a trailing group without a unit counts in yuan ("1亿5000元")."""
    total, previous = Decimal(0), None
    for index, segment in enumerate(segments):
        if segment.big is None and index != len(segments) - 1:
            raise _Unreadable
        if segment.big is None and index > 0 and not has_currency:
            raise _Unreadable  # "1亿5000": 1亿5000万 or 1亿5000元? Refuse to guess.
        if segment.big is not None and previous is not None and segment.big >= previous:
            raise _Unreadable  # "5000万1亿"
        previous = segment.big if segment.big is not None else previous
        total += segment.number * segment.multiplier * _unit(segment, has_currency)
    return total


def to_wan_cny(amount: Amount, rate_to_cny: Decimal | None) -> Decimal:
    """The amount (a range's lower end) in 万元 rounded half-up; a foreign currency needs its yuan-per-unit rate."""
    if amount.currency == "CNY":
        return quantize_wan(amount.value)
    rate = None if rate_to_cny is None else Decimal(str(rate_to_cny))
    if rate is None or not rate.is_finite() or rate <= 0:
        message = _("“%(text)s” is in %(currency)s: enter its exchange rate to yuan first.")
        raise AmountError(message % {"text": amount.text.strip(), "currency": amount.currency})
    return quantize_wan(amount.value * rate)


def describe_amount(amount: Amount) -> str:
    """How to show an amount with its qualifier kept visible: "超 10.00亿元", "约 1.50亿元", "5.00亿元~10.00亿元"."""
    name = CURRENCY_NAMES.get(amount.currency, amount.currency)
    shown = _shown(amount.value, name)
    if amount.upper is not None:
        return f"{shown}~{_shown(amount.upper, name)}"
    prefix = {Qualifier.AT_LEAST: "超 ", Qualifier.ABOUT: "约 "}.get(amount.qualifier, "")
    return prefix + shown


def _shown(value: Decimal, name: str) -> str:
    if value >= 10000:
        return f"{quantize_wan(value / 10000)}亿{name}"
    if value < 1:
        return f"{quantize_wan(value * 10000)}{name}"  # under 1万: 5000.00元, not 0.50万元
    return f"{quantize_wan(value)}万{name}"
