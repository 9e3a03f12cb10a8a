"""What admins and leaders set: exchange rates, targets, thresholds and the stalled-project limit."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from ..models import CurrencyRate, FigureSettings, Metric, Target
from .lifecycle import _units

CURRENCIES = {"EUR", "USD", "HKD", "JPY", "GBP"}


def _decimal(value, field: str, *, positive: bool = True) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise Rejected(field, _("Enter a number.")) from exc
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise Rejected(field, _("Enter a positive number."))
    return number


@transaction.atomic(durable=True)
def set_currency_rate(*, currency: str, rate_to_cny, valid_from, note: str = "", by: Actor) -> CurrencyRate:
    """Enter (or correct) the yuan value of one unit of a currency from a date on."""
    ensure_can(by, "currency_rate.manage")
    currency = (currency or "").strip().upper()
    if currency not in CURRENCIES:
        raise Rejected("currency", _("Choose one of: %(list)s.") % {"list": ", ".join(sorted(CURRENCIES))})
    rate = _decimal(rate_to_cny, "rate_to_cny")
    try:
        day = parse_date(valid_from)
    except ValueError:
        day = None
    if day is None:
        raise Rejected("valid_from", _("Enter a date such as 2025-02-07."))
    row, _created = CurrencyRate.objects.update_or_create(
        currency=currency, valid_from=day, defaults={"rate_to_cny": rate, "note": note.strip()}
    )
    record(
        by,
        "currency_rate.set",
        row,
        unit=None if by.is_system else by.user.home_unit,
        after={"currency": currency, "rate_to_cny": rate, "valid_from": day},
    )
    return row


@transaction.atomic(durable=True)
def set_target(*, unit, year: int, quarter: int = 0, metric: str, value, officer=None, by: Actor) -> Target:
    """Set what a unit (or one officer in it) is to achieve in a year or a quarter."""
    unit = _units(by).filter(pk=getattr(unit, "pk", unit)).first()
    if unit is None:
        raise Rejected("unit", _("Choose one of your units."))
    ensure_can(by, "target.manage", unit)
    if metric not in Metric.values:
        raise Rejected("metric", _("Choose an indicator."))
    if quarter not in (0, 1, 2, 3, 4):
        raise Rejected("quarter", _("A quarter is 1 to 4 (0 for the whole year)."))
    if not 2000 <= int(year) <= 2100:
        raise Rejected("year", _("Enter a year such as 2026."))
    amount = _decimal(value, "value")
    row, _created = Target.objects.update_or_create(
        unit=unit, officer=officer, year=year, quarter=quarter, metric=metric, defaults={"value": amount}
    )
    record(
        by,
        "target.set",
        row,
        after={
            "metric": metric,
            "year": year,
            "quarter": quarter,
            "value": amount,
            "officer": getattr(officer, "pk", None),
        },
    )
    return row


@transaction.atomic(durable=True)
def set_figure_settings(*, unit, thresholds_wan: list, stalled_days: int, by: Actor) -> FigureSettings:
    """A unit's thresholds (万元, any order, stored highest first) and its stalled-project limit in days."""
    unit = _units(by).filter(pk=getattr(unit, "pk", unit)).first()
    if unit is None:
        raise Rejected("unit", _("Choose one of your units."))
    ensure_can(by, "target.manage", unit)
    values = sorted({_decimal(v, "thresholds_wan") for v in thresholds_wan}, reverse=True)
    if not 1 <= len(values) <= 5:
        raise Rejected("thresholds_wan", _("Give one to five thresholds."))
    if not 1 <= int(stalled_days) <= 365:
        raise Rejected("stalled_days", _("Give a number of days from 1 to 365."))
    row, _created = FigureSettings.objects.update_or_create(
        unit=unit, defaults={"thresholds_wan": [str(v) for v in values], "stalled_days": int(stalled_days)}
    )
    record(
        by,
        "figure_settings.set",
        row,
        unit=unit,
        after={"thresholds_wan": row.thresholds_wan, "stalled_days": row.stalled_days},
    )
    return row
