"""Forms of the figures pages: targets, thresholds and the stalled-project limit, exchange rates."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.amounts import parse_wan
from zonedesk.common.forms import ZoneForm
from zonedesk.enterprises.forms import FlexibleDateField

from .models import Metric
from .services.config import CURRENCIES

QUARTERS = [(0, _("Whole year")), (1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]


class TargetForm(ZoneForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    officer = forms.ModelChoiceField(
        label=_("Officer"), queryset=None, required=False, help_text=_("Leave empty for the whole unit.")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Period"), choices=QUARTERS, coerce=int, initial=0)
    metric = forms.ChoiceField(label=_("Indicator"), choices=Metric.choices)
    value = forms.CharField(
        label=_("Target"), max_length=30, help_text=_("A count, or for investment an amount such as 50亿 or 500000.")
    )

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["officer"].queryset = people

    def clean(self):
        data = super().clean()
        raw, metric = (data.get("value") or "").strip(), data.get("metric")
        if not raw or not metric:
            return data
        try:
            value = parse_wan(raw) if metric == Metric.SIGNED_INVESTMENT else Decimal(raw)
        except (ValueError, InvalidOperation):
            value = None
        if value is None or not value.is_finite() or value <= 0:
            self.add_error("value", _("Enter a positive number."))
        elif metric != Metric.SIGNED_INVESTMENT and value != value.to_integral_value():
            self.add_error("value", _("A count is a whole number."))
        else:
            data["value"] = value
        return data


def _amounts(text: str) -> list[Decimal]:
    return [parse_wan(part) for part in re.split(r"[,，、;；\s]+", text.strip()) if part]


class FigureSettingsForm(ZoneForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    thresholds = forms.CharField(
        label=_("Thresholds"), max_length=100, help_text=_("One to five amounts, for example 10亿, 5亿, 1亿.")
    )
    stalled_days = forms.IntegerField(
        label=_("Stalled after (days)"),
        min_value=1,
        max_value=365,
        help_text=_("A project that has not moved for this many days is stalled."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_thresholds(self) -> list[Decimal]:
        try:
            values = _amounts(self.cleaned_data["thresholds"])
        except ValueError as exc:
            raise forms.ValidationError(_("Enter amounts such as 10亿, 5亿, 1亿.")) from exc
        if not values:
            raise forms.ValidationError(_("Enter amounts such as 10亿, 5亿, 1亿."))
        return values


class RateForm(ZoneForm):
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in sorted(CURRENCIES)])
    rate_to_cny = forms.DecimalField(label=_("Yuan per unit"), max_digits=12, decimal_places=6, min_value=0)
    valid_from = FlexibleDateField(label=_("Valid from"), widget=forms.TextInput(attrs={"placeholder": "2026-01-01"}))
    note = forms.CharField(
        label=_("Rate source"), max_length=100, required=False, help_text=_("For example 中国人民银行中间价.")
    )
