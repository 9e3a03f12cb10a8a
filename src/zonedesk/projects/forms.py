"""Project forms: field-level validation only; the services decide (amounts, scope, stages)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.common.forms import ZoneForm
from zonedesk.common.models import Industry
from zonedesk.enterprises.forms import AmountWanField, FlexibleDateField
from zonedesk.orgs.models import Unit, UnitKind

from .models import KeyLevel, Project, Source
from .queries import bands
from .stages import Stage, next_stage

INVESTMENT_HINT = _("As stated, for example 30亿元, 6000万欧元, 超10亿元")


def yi_label(wan: Decimal) -> str:
    """A threshold in 万元 as people say it: 100000 -> 10亿, 5000 -> 5000万."""
    return f"{(wan / 10000).normalize():f}亿" if wan >= 10000 else f"{wan.normalize():f}万"


def span(lower: Decimal, upper: Decimal) -> str:
    """A band between two thresholds: 5–10亿, 5000万–1亿."""
    if lower >= 10000:
        return f"{yi_label(lower)[:-1]}–{yi_label(upper)}"
    return f"{yi_label(lower)}–{yi_label(upper)}"


def band_choices(thresholds: list[Decimal]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The amount filter's options: bands (≥10亿, 5–10亿, 1–5亿) and cumulative (≥10亿, ≥5亿, ≥1亿)."""
    by_band = [
        (key, f"≥{yi_label(lower)}" if upper is None else span(lower, upper)) for key, lower, upper in bands(thresholds)
    ]
    cumulative = [(f"over{i + 1}", f"≥{yi_label(lower)}") for i, lower in enumerate(thresholds)]
    return [(str(_("Bands")), by_band), (str(_("Cumulative")), cumulative)]


class ProjectForm(ZoneForm):
    name = forms.CharField(label=_("Project name"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Owning zone or branch office"), queryset=None)
    investor_name = forms.CharField(label=_("Investor"), max_length=200, required=False)
    investor_uscc = forms.CharField(label=_("Investor credit code"), max_length=40, required=False)
    industry = forms.ModelChoiceField(label=_("Industry (GB/T 4754-2017)"), queryset=None, required=False)
    investment = forms.CharField(label=_("Total investment"), max_length=60, required=False, help_text=INVESTMENT_HINT)
    description = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.OWN)
    promotion_event = forms.ModelChoiceField(label=_("Promotion event"), queryset=None, required=False)
    officer = forms.ModelChoiceField(label=_("Responsible officer"), queryset=None, required=False)
    key_level = forms.ChoiceField(label=_("Key project level"), choices=KeyLevel.choices, required=False)
    lead_on = FlexibleDateField(label=_("Lead recorded on"), required=False, help_text=_("Empty: today."))
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units, events, people, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.exclude(level=Industry.Level.SECTION)
        self.fields["promotion_event"].queryset = events
        self.fields["officer"].queryset = people
        if editing:  # a project changes zone only through a referral; its lead date is history
            del self.fields["unit"], self.fields["lead_on"]
        else:
            self.fields["unit"].queryset = units
            del self.fields["version"]

    def service_data(self) -> dict:
        """What the service reads; on edit only the fields the user changed (an unchanged amount is not re-read)."""
        names = self.changed_data if "version" in self.fields else list(self.cleaned_data)
        return {name: self.cleaned_data[name] for name in names if name != "version"}


class FacilityForm(ZoneForm):
    """One of the zone's own construction projects (配套设施): no investor; a builder and an owner department."""

    name = forms.CharField(label=_("Project name"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Zone"), queryset=None)
    builder = forms.CharField(
        label=_("Builder"), max_length=200, required=False, help_text=_("Who builds it, for example the zone's company")
    )
    owner_department = forms.ModelChoiceField(label=_("Owner department"), queryset=None, required=False)
    investment = forms.CharField(label=_("Total investment"), max_length=60, required=False, help_text=INVESTMENT_HINT)
    description = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    officer = forms.ModelChoiceField(label=_("Responsible officer"), queryset=None, required=False)
    key_level = forms.ChoiceField(label=_("Key project level"), choices=KeyLevel.choices, required=False)
    planned_on = FlexibleDateField(
        label=pgettext_lazy("facility", "Planned on"), required=False, help_text=_("Empty: today.")
    )
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, zones, departments, people, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_department"].queryset = departments.select_related("parent")
        if len({d.parent_id for d in departments}) > 1:  # every zone has its 行政审批局: name the zone too
            self.fields["owner_department"].label_from_instance = lambda d: f"{d.parent.short_name or d.parent} · {d}"
        self.fields["officer"].queryset = people
        if editing:  # a facility stays in its zone; its planned date is history
            del self.fields["unit"], self.fields["planned_on"]
        else:
            self.fields["unit"].queryset = zones
            del self.fields["version"]

    service_data = ProjectForm.service_data


class AdvanceForm(ZoneForm):
    to = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    on = FlexibleDateField(label=_("Date of the move"), required=False, help_text=_("Empty: today."))
    contracted_investment = forms.CharField(
        label=_("Contracted investment"), max_length=60, required=False, help_text=INVESTMENT_HINT
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, signing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not signing:
            del self.fields["contracted_investment"]


class DropForm(ZoneForm):
    to = forms.ChoiceField(choices=[(Stage.DROPPED, Stage.DROPPED.label)], widget=forms.HiddenInput)
    on = FlexibleDateField(label=_("Dropped on"), required=False, help_text=_("Empty: today."))
    reason = forms.CharField(label=_("Why the project is dropped"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionForm(ZoneForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResignForm(ZoneForm):
    on = FlexibleDateField(label=_("Ceremony date"))
    note = forms.CharField(label=_("Note (event, city)"), max_length=200, required=False)


class FundsForm(ZoneForm):
    funds_in_place_wan = AmountWanField(label=_("Funds in place (10k yuan, cumulative)"), required=False)
    investment_completed_wan = AmountWanField(label=_("Investment completed (10k yuan, cumulative)"), required=False)


class ReferForm(ZoneForm):
    to_unit = forms.ModelChoiceField(label=_("Refer to zone"), queryset=None)
    note = forms.CharField(label=_("Note for the receiving zone"), max_length=300, required=False)

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = zones


class DeclineForm(ZoneForm):
    reason = forms.CharField(label=_("Why it is declined"), max_length=300)


class PromotionEventForm(ZoneForm):
    unit = forms.ModelChoiceField(label=_("Organising unit"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=50)
    held_on = FlexibleDateField(label=_("Held on"))
    organiser = forms.CharField(label=_("Organiser"), max_length=100, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


ACTIONS = ["advance", "drop", "back", "reopen", "resign", "funds", "refer"]


def action_form(kind: str, project: Project, data=None):
    """The form of one action on the detail page, blank (with the project's version) or bound to a POST."""
    version = {"version": project.version}
    auto_id = f"{kind}_%s"
    if kind == "advance":
        to = data.get("to") if data is not None else next_stage(project.stage, project.kind)
        initial = {"to": to, "contracted_investment": project.investment_text, **version}
        return AdvanceForm(data, initial=initial, signing=to == Stage.SIGNED, auto_id=auto_id)
    if kind == "drop":
        return DropForm(data, initial={"to": Stage.DROPPED, **version}, auto_id=auto_id)
    if kind in ("back", "reopen"):
        return CorrectionForm(data, initial=version, auto_id=auto_id)
    if kind == "resign":
        return ResignForm(data, auto_id=auto_id)
    if kind == "funds":
        initial = {
            "funds_in_place_wan": project.funds_in_place_wan,
            "investment_completed_wan": project.investment_completed_wan,
        }
        return FundsForm(data, initial=initial, auto_id=auto_id)
    zones = Unit.objects.filter(kind=UnitKind.ZONE, is_archived=False).exclude(pk=project.unit_id)
    return ReferForm(data, zones=zones, auto_id=auto_id)
