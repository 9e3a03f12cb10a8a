"""Assessment page forms: they check the input's shape; the services decide (numbers, scope, rules) and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm

from .indicators import CATALOGUE
from .models import PeriodKind, Rule, Scheme, SubjectKind


class SchemeForm(ZoneForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=100)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    subject_kind = forms.ChoiceField(label=_("Scored"), choices=SubjectKind.choices)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def indicator_choices(scheme: Scheme) -> list[tuple[str, str]]:
    """The catalogue's indicators that score the scheme's subjects, and the manual item."""
    found = [(key, i.label) for key, i in CATALOGUE.items() if scheme.subject_kind in i.kinds]
    return [*found, ("manual", _("Manual item (scored by named leaders)"))]


class ItemForm(ZoneForm):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=())
    rule = forms.ChoiceField(label=_("Scoring rule"), choices=Rule.choices)
    label = forms.CharField(
        label=_("Label"), max_length=100, required=False, help_text=_("Leave empty to use the indicator's name.")
    )
    weight = forms.CharField(label=_("Weight (points)"), max_length=20)
    target = forms.CharField(label=_("Target"), max_length=20, required=False)
    cap_percent = forms.CharField(
        # xgettext:no-python-format
        label=_("Cap (% of the weight)"),
        max_length=5,
        required=False,
        help_text=_("Between 100 and 500."),
    )
    penalty_per_item = forms.CharField(label=_("Points off per item"), max_length=20, required=False)
    threshold_wan = forms.CharField(
        label=_("Threshold (10k yuan)"),
        max_length=20,
        required=False,
        help_text=_("Count only projects of this investment or more."),
    )
    scorers = forms.ModelMultipleChoiceField(label=_("Scored by"), queryset=None, required=False)

    def __init__(self, *args, scheme: Scheme, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices(scheme)
        self.fields["scorers"].queryset = people


class ManualScoreForm(ZoneForm):
    item = forms.IntegerField(widget=forms.HiddenInput)
    period_start = forms.DateField(widget=forms.HiddenInput)
    subject = forms.IntegerField(widget=forms.HiddenInput)
    points = forms.CharField(label=_("Points"), max_length=20)
    reason = forms.CharField(label=_("Reason"), max_length=2000)
