"""Commitment page forms: they check the input's shape; the services read the amounts ("3亿", "150亩") and dates
(2025年2月7日) and name the field they refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm

from .models import PromiseKind

NUMBER = {"inputmode": "decimal", "autocomplete": "off"}


def _text(label, *, help_text: str = "", max_length: int = 30, required: bool = False) -> forms.CharField:
    widget = forms.TextInput(attrs=NUMBER)
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget, help_text=help_text)


def _day(label, *, required: bool = False, help_text: str = "") -> forms.CharField:
    widget = forms.DateInput(attrs={"type": "date"})
    return forms.CharField(label=label, required=required, max_length=20, widget=widget, help_text=help_text)


class VersionForm(ZoneForm):
    """A change to a record as it was read: the version it had when the page was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AgreementForm(VersionForm):
    """What the investor promised; blank promises are not assessed."""

    number = forms.CharField(label=_("Agreement number"), max_length=60, required=False)
    signed_on = _day(_("Agreement signed on"), required=True)
    total_investment_wan = _text(_("Total investment (10k yuan)"), help_text=_("For example 300000 or 30亿."))
    fixed_asset_investment_wan = _text(_("Fixed-asset investment (10k yuan)"))
    land_mu = _text(_("Land (mu)"))
    intensity_wan_per_mu = _text(_("Investment intensity (10k yuan per mu)"))
    start_by = _day(_("To start construction by"))
    produce_by = _day(_("To start production by"))
    capacity_by = _day(_("To reach full capacity by"))
    annual_output_wan = _text(_("Annual output at capacity (10k yuan)"))
    annual_tax_wan = _text(_("Annual tax at capacity (10k yuan)"))
    tax_per_mu_wan = _text(_("Tax per mu at capacity (10k yuan)"))
    jobs = _text(_("Jobs"), help_text=_("People employed at capacity."))
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, versioned: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not versioned:
            del self.fields["version"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields if name != "version"}


class ZonePromiseForm(VersionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PromiseKind.choices)
    description = forms.CharField(label=_("What the zone promised"), max_length=300)
    due_on = _day(_("Promised by"), required=True)
    done_on = _day(_("Done on"), help_text=_("Leave empty until it is done."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, versioned: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not versioned:
            del self.fields["version"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields if name != "version"}


class YearForm(ZoneForm):
    """An enterprise's figures of a year: a new year, or (with the version read) a change."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    year = forms.CharField(label=_("Year"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    output_wan = _text(_("Output (10k yuan)"))
    tax_wan = _text(_("Tax (10k yuan)"))
    employees = _text(_("Employees at year end"))
    fixed_asset_investment_wan = _text(_("Fixed-asset investment (10k yuan)"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises

    def values(self) -> dict:
        data = self.cleaned_data
        keys = ("output_wan", "tax_wan", "employees", "fixed_asset_investment_wan")
        return {"year": data["year"], **{k: data.get(k) for k in keys}}
