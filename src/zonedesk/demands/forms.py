"""Demand page forms: they check the input's shape; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.common.forms import ZoneForm

from .states import Level, Outcome, Source

# Staff record a demand heard at a visit, on the hotline or at a meeting; the portal is the enterprise's own.
STAFF_SOURCES = [(value, label) for value, label in Source.choices if value != Source.PORTAL]


class DemandForm(ZoneForm):
    """Staff record a demand on behalf of an enterprise."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    title = forms.CharField(label=pgettext_lazy("demand", "Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=STAFF_SOURCES, initial=Source.VISIT)
    reference = forms.CharField(
        label=_("Hotline ticket number"),
        max_length=40,
        required=False,
        help_text=_("Required for a demand from the 12345 hotline."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.ZONE)

    def __init__(self, *args, enterprises, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["category"].queryset = categories


class VersionForm(ZoneForm):
    """An action on a demand as it was read: the version it had when the page was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RouteForm(ReasonForm):
    field_order = ["level", "reason"]

    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)


class _DepartmentForm(VersionForm):
    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class AssignForm(_DepartmentForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    deadline_days = forms.IntegerField(label=_("Deadline (working days)"), min_value=1, max_value=365)


class TransferForm(_DepartmentForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    deadline_days = forms.IntegerField(
        label=_("New deadline (working days)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Leave empty to keep the deadline."),
    )


class ResolveForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    outcome_note = forms.CharField(
        label=_("Note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the demand cannot be solved."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs.pop("class", None)  # ZoneForm's form-control does not suit radios


class UploadForm(ZoneForm):
    file = forms.FileField(label=_("File"))


class BulkAssignForm(ZoneForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    deadline_days = forms.IntegerField(
        label=_("Deadline (working days)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Leave empty for each category's deadline."),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class SettingsForm(ZoneForm):
    """A unit's demand rules; config.configure checks and saves them."""

    auto_confirm_days = forms.IntegerField(label=_("Auto-confirm after (working days)"), min_value=1, max_value=365)
    escalate_head_after_days = forms.IntegerField(
        label=_("Escalate to the department head after (working days overdue)"), min_value=0, max_value=365
    )
    escalate_leader_after_days = forms.IntegerField(
        label=_("Escalate to the linked leader after (working days overdue)"), min_value=0, max_value=365
    )


class CategoryDeadlineForm(ZoneForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, widget=forms.HiddenInput)
    days = forms.IntegerField(label=_("Deadline (working days)"), min_value=1, max_value=365)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
