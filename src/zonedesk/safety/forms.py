"""Safety staff page forms: they check the input's shape; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.common.forms import ZoneForm
from zonedesk.demands.forms_portal import MultipleFileInput

from .photos import MAX_PER_MOVE
from .states import STARS, HazardLevel, SafetyColour

MAX_TEXT = 2000
# The browser's date picker sends 2025-02-07; typed dates in the other accepted forms still parse.
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(ZoneForm):
    """An action on a record as it was read: the version it had when the page was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SendBackForm(VersionForm):
    reason = forms.CharField(
        label=_("What is still wrong"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhotosField(forms.FileField):
    """Up to nine photos from one `<input type=file multiple>`; their content is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_PER_MOVE:
            raise forms.ValidationError(_("Add at most %(n)d photos.") % {"n": MAX_PER_MOVE})
        return files


class SubmitForm(VersionForm):
    """A service officer submits the rectification on the enterprise's behalf: what was done and its photos."""

    note = forms.CharField(
        label=_("What was done"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    photos = PhotosField(label=_("Photos of the rectification"), help_text=_("JPG or PNG, 1 to 9 photos."))


class RatingForm(ZoneForm):
    """A new 五星五色 rating: earlier ones are kept as the history."""

    stars = forms.TypedChoiceField(
        label=_("Safety stars"), coerce=int, choices=[(s, str(s)) for s in STARS], widget=forms.RadioSelect
    )
    colour = forms.ChoiceField(label=_("Risk colour"), choices=SafetyColour.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    rated_on = forms.DateField(label=_("Rated on"), required=False, help_text=_("Empty: today."), widget=DAY)

    def __init__(self, *args, star_labels: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("stars", "colour"):  # ZoneForm's form-control does not suit radios
            self.fields[name].widget.attrs.pop("class", None)
        if star_labels:
            self.fields["stars"].choices = [(s, star_labels[s]) for s in STARS]


class ProfileForm(VersionForm):
    """An enterprise's hazard categories and safety responsible person."""

    categories = forms.ModelMultipleChoiceField(
        label=_("Hazard categories"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    responsible_person = forms.CharField(label=_("Safety responsible person"), max_length=50, required=False)
    responsible_mobile = forms.CharField(label=_("Responsible person's mobile"), max_length=20, required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories
        self.fields["categories"].widget.attrs.pop("class", None)


class InspectionForm(ZoneForm):
    """What an inspection found; its hazards come in the formset below it."""

    inspected_on = forms.DateField(label=_("Inspected on"), required=False, help_text=_("Empty: today."), widget=DAY)
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(
        label=_("Inspection findings"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Also when the inspection found nothing wrong."),
    )

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = inspectors
        self.fields["inspectors"].widget.attrs.pop("class", None)  # ZoneForm's form-control does not suit checkboxes


class HazardRowForm(ZoneForm):
    """One hazard found by the inspection; a row left as it was is skipped."""

    field_order = ["description", "level", "category", "responsible_person", "deadline"]
    level = forms.ChoiceField(
        label=pgettext_lazy("hazard", "Level"), choices=HazardLevel.choices, initial=HazardLevel.GENERAL
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, required=False)
    description = forms.CharField(
        label=_("Hazard description"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=50, required=False)
    deadline = forms.DateField(label=_("Rectification deadline"), required=False, widget=DAY)

    def __init__(self, *args, categories, default_person: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        if default_person:
            self.fields["responsible_person"].widget.attrs["placeholder"] = default_person


HazardRows = forms.formset_factory(HazardRowForm, extra=2, max_num=50, validate_max=True)


class SettingsForm(ZoneForm):
    """A unit's safety rules; config.configure checks and saves them."""

    red_inspection_days = forms.IntegerField(label=_("Red"), min_value=1, max_value=3650)
    orange_inspection_days = forms.IntegerField(label=_("Orange"), min_value=1, max_value=3650)
    yellow_inspection_days = forms.IntegerField(label=_("Yellow"), min_value=1, max_value=3650)
    blue_inspection_days = forms.IntegerField(label=_("Blue"), min_value=1, max_value=3650)
    green_inspection_days = forms.IntegerField(label=_("Green"), min_value=1, max_value=3650)
    general_deadline_days = forms.IntegerField(
        label=pgettext_lazy("hazard", "General hazard"), min_value=1, max_value=365
    )
    major_deadline_days = forms.IntegerField(label=pgettext_lazy("hazard", "Major hazard"), min_value=1, max_value=365)
    escalate_head_after_days = forms.IntegerField(
        label=_("Escalate to the safety leaders after (working days overdue)"), min_value=0, max_value=365
    )
    escalate_leader_after_days = forms.IntegerField(
        label=_("Escalate to the linked leader after (working days overdue)"), min_value=0, max_value=365
    )
    safety_department = forms.ModelChoiceField(
        label=_("Safety department"),
        queryset=None,
        required=False,
        help_text=_("Its leaders hear of overdue hazards first; empty: the zone's leaders."),
    )
    star_1 = forms.CharField(label=_("1 star"), max_length=30, required=False)
    star_2 = forms.CharField(label=_("2 stars"), max_length=30, required=False)
    star_3 = forms.CharField(label=_("3 stars"), max_length=30, required=False)
    star_4 = forms.CharField(label=_("4 stars"), max_length=30, required=False)
    star_5 = forms.CharField(label=_("5 stars"), max_length=30, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safety_department"].queryset = departments

    def rules(self) -> dict:
        """The cleaned values as config.configure takes them."""
        data = dict(self.cleaned_data)
        data["star_labels"] = {str(s): data.pop(f"star_{s}") or "" for s in STARS}
        return data


class CategoryForm(ZoneForm):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=50)
    is_six = forms.BooleanField(label=_("One of the six involved categories (六涉)"), required=False)
