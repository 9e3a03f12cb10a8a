"""Training page forms: they check the input's shape; the services decide and save (hours typed as ３ or 2.5小时 are
read by the services, which name the field they refuse)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm

from .models import Kind

HOURS = {"inputmode": "decimal", "autocomplete": "off", "placeholder": "2.5"}


class RecordForm(ZoneForm):
    """A session for one's own ledger, or, for a manager, for a person of their units."""

    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        required=False,
        empty_label=_("Myself"),
        help_text=_("Leaders and administrators may record a session for a colleague of their units."),
    )
    on = forms.CharField(label=_("Date"), max_length=20, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind of study"), choices=Kind.choices, initial=Kind.THEORY)
    title = forms.CharField(
        label=_("Course or activity"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("for example: briefing on investment promotion policy")}),
    )
    hours = forms.CharField(
        label=_("Hours"), max_length=10, widget=forms.TextInput(attrs=HOURS), help_text=_("In half-hour steps.")
    )
    organiser = forms.CharField(label=_("Organised by"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = people
            self.fields["user"].label_from_instance = lambda u: u.full_name or u.username

    def values(self) -> dict:
        """What record_training takes."""
        return {name: self.cleaned_data.get(name) for name in self.fields}


class VoidForm(ZoneForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Why void it"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("for example: the hours were entered wrongly")}),
    )


class TargetForm(ZoneForm):
    """A unit's hours for a year (units below without their own follow it)."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    theory_hours = forms.CharField(
        label=_("Theory study hours a year"), max_length=10, widget=forms.TextInput(HOURS | {"placeholder": "120"})
    )
    practice_hours = forms.CharField(
        label=_("Practical training hours a year"),
        max_length=10,
        widget=forms.TextInput(HOURS | {"placeholder": "30"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("for example: the committee's learning plan for the year")}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        top = min((u.depth for u in units), default=0)
        self.fields["unit"].label_from_instance = lambda u: "\u3000" * (u.depth - top) + u.name

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}
