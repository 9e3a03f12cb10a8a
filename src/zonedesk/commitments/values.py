"""Reading the values officers type for commitments and yearly figures: amounts in 万元, land in 亩, whole numbers,
dates and years; each raises Rejected naming the field."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.amounts import parse_wan, quantize_wan
from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Rejected
from zonedesk.common.text import fold_compat

MAX_WAN = Decimal("99999999999999")  # the columns hold 16 digits, 2 of them decimals
MAX_MU = Decimal("9999999999")
MAX_COUNT = 10_000_000


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not fold_compat(value).strip())


def wan(value, field: str, *, per_mu: bool = False) -> Decimal | None:
    """An amount in 万元 (500, 500万, 3亿, 三十亿元; 300万元/亩 for a per-mu figure), not negative; None when blank."""
    if _blank(value):
        return None
    if isinstance(value, str) and per_mu:
        value = fold_compat(value).replace(" ", "").removesuffix("/亩").removesuffix("每亩")
    try:
        amount = parse_wan(value)
    except (ValueError, ArithmeticError):
        amount = None
    if amount is None:
        raise Rejected(field, _("Enter an amount in 10k yuan, like 5000 or 3亿."))
    if amount < 0:
        raise Rejected(field, _("An amount cannot be negative."))
    if amount > (MAX_MU if per_mu else MAX_WAN):
        raise Rejected(field, _("This amount is too large."))
    return amount


def mu(value, field: str) -> Decimal | None:
    """Land in 亩 (150, 150亩, 150.5); more than zero; None when blank."""
    if _blank(value):
        return None
    text = fold_compat(str(value)).replace(" ", "").replace(",", "").removesuffix("亩")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise Rejected(field, _("Enter the land in mu, like 150 or 150.5."))
    if number <= 0 or number > MAX_MU:
        raise Rejected(field, _("Enter the land in mu, more than zero."))
    return quantize_wan(number)


def count(value, field: str) -> int | None:
    """A whole number of people (1200, 1,200, 1200人); None when blank."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise Rejected(field, _("Enter a whole number."))
    if isinstance(value, int | float | Decimal):
        number = int(value) if value == int(value) else None
    else:
        text = fold_compat(str(value)).replace(" ", "").replace(",", "").removesuffix("人").removesuffix("名")
        number = int(text) if text.isdigit() else None
    if number is None:
        raise Rejected(field, _("Enter a whole number."))
    if not 0 <= number <= MAX_COUNT:
        raise Rejected(field, _("Enter a number from 0 to %(max)d.") % {"max": MAX_COUNT})
    return number


def day(value, field: str) -> date | None:
    """A date in any accepted spelling (2025-02-07, 2025年2月7日 …); None when blank."""
    try:
        return parse_date(value)
    except (TypeError, ValueError, OverflowError):
        raise Rejected(field, _("Enter a date such as 2025-02-07.")) from None


def past_day(value, field: str) -> date | None:
    """A date that has come (today or before)."""
    found = day(value, field)
    if found is not None and found > timezone.localdate():
        raise Rejected(field, _("This date is in the future."))
    return found


def year(value, field: str = "year") -> int:
    """A calendar year that has begun (2025, 2025年, 2025.0 from a number cell)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = fold_compat(str(value if value is not None else "")).replace(" ", "").removesuffix("年度").removesuffix("年")
    if not (text.isdigit() and len(text) == 4):
        raise Rejected(field, _("Enter a year such as 2025."))
    number = int(text)
    if number < 1990:
        raise Rejected(field, _("Enter a year such as 2025."))
    if number > timezone.localdate().year:
        raise Rejected(field, _("This year has not begun: its figures cannot exist yet."))
    return number
