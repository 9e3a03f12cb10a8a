"""Reading an amount as typed into the project's investment fields (at the exchange rate of the day)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.amounts import AmountError, parse_amount, quantize_wan, to_wan_cny
from zonedesk.common.errors import Rejected
from zonedesk.common.text import normalize_text

from ..models import CurrencyRate


def rate_for(currency: str, on: date) -> CurrencyRate | None:
    """The rate in force on a day: the latest one dated on or before it."""
    return CurrencyRate.objects.filter(currency=currency, valid_from__lte=on).order_by("-valid_from").first()


def read_investment(text: str, *, field: str = "investment", on: date | None = None) -> dict:
    """The investment fields from an amount as typed ("30亿元", "6000万欧元", "超10亿元"); Rejected otherwise."""
    try:
        amount = parse_amount(text)
    except AmountError as exc:
        raise Rejected(field, str(exc)) from exc
    rate = None
    if amount.currency != "CNY":
        rate = rate_for(amount.currency, on or timezone.localdate())
        if rate is None:
            raise Rejected(
                field, _("No exchange rate for %(c)s yet: an administrator enters it first.") % {"c": amount.currency}
            )
    multiplier = rate.rate_to_cny if rate else None
    upper = None
    if amount.upper is not None:
        upper = quantize_wan(amount.upper * multiplier) if multiplier else quantize_wan(amount.upper)
    return {
        "investment_text": normalize_text(text),
        "investment_currency": amount.currency,
        "investment_original": quantize_wan(amount.value),
        "investment_qualifier": amount.qualifier.value,
        "total_investment_wan": to_wan_cny(amount, multiplier),
        "total_investment_upper_wan": upper,
        "rate_to_cny": multiplier,
        "rate_on": rate.valid_from if rate else None,
    }


def contracted_amount(value, on: date) -> Decimal:
    """The contracted investment of a signing in 万元, given as an amount or as typed ("28亿元")."""
    if isinstance(value, Decimal | int):
        return quantize_wan(Decimal(value))
    fields = read_investment(str(value or ""), field="contracted_investment", on=on)
    return fields["total_investment_wan"]
