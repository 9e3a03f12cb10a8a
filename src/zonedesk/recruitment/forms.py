"""Recruitment page forms: they check the input's shape; the services decide and save (numbers typed as 5,000 or in
full-width digits are read by the services, which name the field they refuse)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm

from .states import FairKind

NUMBER = {"inputmode": "numeric", "autocomplete": "off"}


def _number(label, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=20, widget=forms.TextInput(attrs=NUMBER), help_text=help_text
    )


def _day(label, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=help_text,
    )


class VersionForm(ZoneForm):
    """An action on a record as it was read: the version it had when the page was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PostingForm(VersionForm):
    """A posting's fields, to publish (no version) or to change (with the version read)."""

    position = forms.CharField(label=_("Position"), max_length=100)
    count = _number(_("Number of people wanted"))
    salary_min = _number(_("Salary from (yuan a month)"), required=False)
    salary_max = _number(_("Salary up to (yuan a month)"), required=False)
    requirements = forms.CharField(
        label=_("Requirements"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_mobile = forms.CharField(
        label=_("Contact mobile"), max_length=20, widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})
    )
    closes_on = _day(_("Applications close on"), help_text=_("Leave empty to recruit until you close the posting."))

    def __init__(self, *args, versioned: bool = True, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not versioned:
            del self.fields["version"]
        if enterprises is not None:
            self.fields = {
                "enterprise": forms.ModelChoiceField(
                    label=_("Enterprise"), queryset=enterprises, widget=forms.Select(attrs={"class": "form-select"})
                ),
                **self.fields,
            }

    def values(self) -> dict:
        """What the services take: every posting field as typed."""
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields if name not in ("version", "enterprise")}


class HiresForm(VersionForm):
    count = _number(_("People hired"))
    hired_on = _day(_("Hired on"), help_text=_("Today when left empty."))


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["reason"].help_text = _("Optional: for example, recruited elsewhere.")


class FairForm(ZoneForm):
    """A new fair: on site or live-streamed, organised by one of the user's units (or an alliance it records)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("On site or live-streamed"), choices=FairKind.choices, initial=FairKind.ON_SITE)
    held_on = _day(_("Date"), required=True)
    unit = forms.ModelChoiceField(label=_("Organising unit"), queryset=None)
    alliance = forms.CharField(
        label=_("Organised by alliance"),
        max_length=100,
        required=False,
        help_text=_("For a fair an industry-chain or party-building alliance runs: its name as it calls itself."),
    )
    place = forms.CharField(
        label=_("Place"), max_length=200, required=False, help_text=_("For a live stream: the studio, if any.")
    )
    stream_url = forms.CharField(
        label=_("Stream address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"type": "url", "placeholder": "https://"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ParticipantForm(ZoneForm):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    all_open = forms.BooleanField(label=_("Show all its open postings"), required=False, initial=True)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class ShowPostingsForm(ZoneForm):
    postings = forms.ModelMultipleChoiceField(
        label=_("Postings shown"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postings"].queryset = postings
        self.fields["postings"].widget.attrs.pop("class", None)


class ResultsForm(VersionForm):
    """A held fair's results: views and job seekers for the whole fair, and one row per participant."""

    views = _number(_("Views"), required=False)
    visitors = _number(_("Job seekers"), required=False)

    ROW_FIELDS = ("applications", "intents", "hires")
    ROW_LABELS = {
        "applications": _("Applications / CVs"),
        "intents": _("Preliminary intents"),
        "hires": _("Hires"),
    }

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for p in self.participants:
            for name in self.ROW_FIELDS:
                field = _number(f"{p.enterprise.name} · {self.ROW_LABELS[name]}", required=False)
                field.widget.attrs |= {"class": "form-control form-control-sm", "aria-label": field.label}
                self.fields[self.cell(p, name)] = field
                self.initial.setdefault(self.cell(p, name), getattr(p, name))

    @staticmethod
    def cell(participant, name: str) -> str:
        return f"p{participant.pk}_{name}"

    def rows(self) -> list[dict]:
        """The participants' rows as the service takes them, in the table's order (row 1 is the first)."""
        data = self.cleaned_data
        return [
            {"enterprise": p.enterprise_id, **{name: data.get(self.cell(p, name)) for name in self.ROW_FIELDS}}
            for p in self.participants
        ]

    def field_of(self, rejected_field: str) -> str | None:
        """The form field of a service's `results.3.hires` (row 3 of the table), or the fair's own field."""
        parts = rejected_field.split(".")
        if len(parts) == 3 and parts[0] == "results" and parts[1].isdigit():
            row = int(parts[1])
            if 1 <= row <= len(self.participants) and parts[2] in self.ROW_FIELDS:
                return self.cell(self.participants[row - 1], parts[2])
        return rejected_field if rejected_field in self.fields else None

    def table(self) -> list[dict]:
        """Each participant with its three bound cells, for the template."""
        return [{"p": p, "cells": [self[self.cell(p, name)] for name in self.ROW_FIELDS]} for p in self.participants]


class InviteForm(ZoneForm):
    fair = forms.ModelChoiceField(label=_("Job fair"), queryset=None, empty_label=None)

    def __init__(self, *args, fairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fair"].queryset = fairs
        self.fields["fair"].label_from_instance = lambda fair: f"{fair.held_on:%Y-%m-%d} {fair.name}"
