"""Enterprise forms: field-level validation only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.amounts import parse_wan
from zonedesk.common.dates import parse_date
from zonedesk.common.forms import ZoneForm
from zonedesk.common.models import Industry


class FlexibleDateField(forms.CharField):
    """A date typed as 2025-02-07, 2025/2/7, 2025.2.7, 2025年2月7日 or 20250207."""

    def to_python(self, value):
        try:
            return parse_date(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Enter a date such as 2025-02-07.")) from exc


class AmountWanField(forms.CharField):
    """An amount in 万元: 500, 500万, 1.2亿."""

    def to_python(self, value):
        try:
            return parse_wan(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Enter an amount in 10k yuan, for example 500 or 1.2亿.")) from exc


class EnterpriseForm(ZoneForm):
    name = forms.CharField(label=_("Enterprise name"), max_length=200)
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=40)
    confirm_uscc = forms.BooleanField(
        label=_("Confirm this code although its check digit does not match (pre-standard pilot code)"),
        required=False,
    )
    unit = forms.ModelChoiceField(label=_("Zone"), queryset=None)
    industry = forms.ModelChoiceField(label=_("Industry (GB/T 4754-2017)"), queryset=None, required=False)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    established_on = FlexibleDateField(label=_("Established on"), required=False)
    registered_capital_wan = AmountWanField(label=_("Registered capital (10k yuan)"), required=False)
    employees = forms.IntegerField(label=_("Employees"), min_value=0, required=False)
    is_above_scale = forms.BooleanField(label=_("Above designated size (规上)"), required=False)
    is_high_tech = forms.BooleanField(label=_("High-tech enterprise"), required=False)
    is_specialized = forms.BooleanField(label=_("Specialised and innovative (专精特新)"), required=False)
    linked_leader = forms.ModelChoiceField(label=_("Linked leader"), queryset=None, required=False)
    service_officer = forms.ModelChoiceField(label=_("Service officer"), queryset=None, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, zones, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = zones
        self.fields["industry"].queryset = Industry.objects.exclude(level="section")
        self.fields["linked_leader"].queryset = people
        self.fields["service_officer"].queryset = people

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ContactForm(ZoneForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    title = forms.CharField(label=_("Title"), max_length=50, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)
