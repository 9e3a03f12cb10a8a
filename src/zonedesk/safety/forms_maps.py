"""Forms of the zone's lists and site plan pages: a new list (its name, kind and filter), a new name, the plan image,
and an enterprise's place on the plan. They validate input; the services in lists.py and plan.py save."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import HazardCategory
from .models_maps import ListKind
from .states import COLOURS, STARS, HazardLevel, HazardState, SafetyColour

# What a list lists, as its page and form say it ("Enterprises" alone is the menu's 企业管理).
KIND_LABELS = {
    ListKind.ENTERPRISES: pgettext_lazy("list of", "Enterprises"),
    ListKind.HAZARDS: pgettext_lazy("list of", "Hazards"),
}
YES_NO = [("", _("Either")), ("1", _("Yes")), ("0", _("No"))]
# Form field -> the filter it sets, for each kind of list (flags read "1"/"0", the others lists of values).
ENTERPRISE_FIELDS = {
    "categories": "category",
    "is_six": "is_six",
    "colours": "colour",
    "stars": "stars",
    "has_open_hazard": "has_open_hazard",
    "has_major_open_hazard": "has_major_open_hazard",
    "inspection_due": "inspection_due",
}
HAZARD_FIELDS = {
    "categories": "category",
    "is_six": "is_six",
    "states": "state",
    "levels": "level",
    "overdue": "overdue",
    "escalated": "escalated",
}
FLAGS = {"is_six", "has_open_hazard", "has_major_open_hazard", "inspection_due", "overdue", "escalated"}


def _flag(label) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, required=False)


def _many(label, choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class SavedListForm(forms.Form):
    """A new list: its name, whether it lists enterprises or hazards, and the filter of that kind."""

    name = forms.CharField(label=_("Name"), max_length=60)
    kind = forms.ChoiceField(label=_("List of"), choices=list(KIND_LABELS.items()))
    categories = forms.ModelMultipleChoiceField(
        label=_("Hazard categories"),
        queryset=HazardCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_six = _flag(_("In a six involved category (六涉)"))
    colours = _many(_("Risk colour"), [(c, SafetyColour(c).label) for c in COLOURS])
    stars = _many(_("Safety stars"), [(str(s), str(s)) for s in STARS])
    has_open_hazard = _flag(_("Has open hazards"))
    has_major_open_hazard = _flag(_("Has an open major hazard"))
    inspection_due = _flag(_("Due for inspection"))
    states = _many(_("Hazard state"), HazardState.choices)
    levels = _many(_("Hazard level"), HazardLevel.choices)
    overdue = _flag(_("Overdue"))
    escalated = _flag(_("Escalated"))

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories if categories is not None else HazardCategory.objects.none()
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = "form-check-input" if isinstance(widget, forms.CheckboxSelectMultiple) else css

    def filters(self) -> dict:
        """The list's filter from the fields of its kind (the service checks the values)."""
        data = self.cleaned_data
        fields = HAZARD_FIELDS if data["kind"] == ListKind.HAZARDS else ENTERPRISE_FIELDS
        out: dict = {}
        for field, name in fields.items():
            value = data.get(field)
            if field in FLAGS:
                if value in ("1", "0"):
                    out[name] = value == "1"
            elif field == "categories":
                if value:
                    out[name] = sorted(c.pk for c in value)
            elif value:
                out[name] = [int(v) for v in value] if field == "stars" else list(value)
        return out


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("Site plan image (PNG or JPG)"))


class PlaceForm(forms.Form):
    """Where an enterprise goes on the plan, as fractions of the image's width and height (set by a click)."""

    enterprise = forms.IntegerField(min_value=1)
    x = forms.FloatField(min_value=0, max_value=1, required=False)
    y = forms.FloatField(min_value=0, max_value=1, required=False)
