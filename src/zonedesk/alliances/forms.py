"""Alliance page forms: they check the input's shape; the services decide and save (dates typed as 2026年3月2日 and
amounts typed as 1.2亿 are read by the services, which name the field they refuse)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm
from zonedesk.demands.states import Outcome

from .states import AllianceKind, MatchingOutcome, MeetingKind, MemberKind, MemberRole


def _day(label, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=help_text,
    )


def _text(label, *, rows: int = 3, max_length: int = 5000, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


class VersionForm(ZoneForm):
    """An action on a record as it was read: the version it had when the page was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AllianceForm(VersionForm):
    """A new alliance (no version) or a change to one (with the version read; its unit stays)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of alliance"), choices=AllianceKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Kept by"), queryset=None, help_text=_("The region or zone whose staff keep the alliance's records.")
    )
    chain = forms.ModelChoiceField(label=_("Industrial chain"), queryset=None, required=False)
    lead = forms.CharField(
        label=_("Lead unit"), max_length=100, required=False, help_text=_("As the alliance names it, e.g. 市发改委.")
    )
    founded_on = _day(_("Founded on"))
    description = _text(_("Description"))

    def __init__(self, *args, units=None, chains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = chains
        if units is None:  # a change: the unit stays
            del self.fields["unit"]
        else:
            del self.fields["version"]
            self.fields["unit"].queryset = units


class MemberForm(ZoneForm):
    kind = forms.ChoiceField(label=_("Kind of member"), choices=MemberKind.choices)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    name = forms.CharField(label=_("Association"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined_on = _day(_("Joined on"), help_text=_("Today when left empty."))

    def __init__(self, *args, enterprises, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["department"].queryset = departments


class LeaveForm(ZoneForm):
    left_on = _day(_("Left on"), help_text=_("Today when left empty."))


class MeetingForm(ZoneForm):
    """A meeting held; the attendance comes as `present` (member ids) and `attendee_<id>` (who came for it)."""

    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    held_on = _day(_("Held on"), required=True)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    minutes = _text(_("Minutes"), rows=5, max_length=20000)


def attendance_from(data, members) -> dict[int, str]:
    """The members ticked present in a posted attendance table, each with who came for it."""
    present = {str(v) for v in data.getlist("present")}
    return {m.pk: str(data.get(f"attendee_{m.pk}", ""))[:100] for m in members if str(m.pk) in present}


class ProblemForm(ZoneForm):
    member = forms.ModelChoiceField(label=_("Raised by"), queryset=None)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    title = forms.CharField(label=_("Problem"), max_length=200)
    description = _text(_("Details"))

    def __init__(self, *args, members, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["category"].queryset = categories


class MatchingForm(ZoneForm):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=None)
    buyer = forms.ModelChoiceField(label=_("Buyer"), queryset=None)
    product = forms.CharField(label=_("Product or service"), max_length=200)
    introduced_on = _day(_("Introduced on"), help_text=_("Today when left empty."))
    note = _text(_("Note"), rows=2, max_length=2000)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = members
        self.fields["buyer"].queryset = members


class OutcomeForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome of the matching"),
        choices=[c for c in MatchingOutcome.choices if c[0] != MatchingOutcome.PENDING],
    )
    amount_wan = forms.CharField(
        label=_("Contract amount (万元)"),
        max_length=30,
        required=False,
        help_text=_("For a deal, when known: 800, 1200万 or 1.2亿."),
    )
    outcome_on = _day(_("On"), help_text=_("Today when left empty."))
    note = _text(_("Note"), rows=2, max_length=2000)


class ChainProblemForm(ZoneForm):
    """Grouping a candidate's demands (ticked) as one chain problem."""

    demands = forms.ModelMultipleChoiceField(label=_("Demands"), queryset=None, widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("Problem"), max_length=200)
    leader = forms.ModelChoiceField(label=_("Task-force lead"), queryset=None)
    lead_department = forms.ModelChoiceField(label=_("Lead department"), queryset=None)
    departments = forms.ModelMultipleChoiceField(label=_("Departments working with it"), queryset=None, required=False)
    deadline = _day(_("Deadline"), help_text=_("Each demand's deadline; the category's when left empty."))
    description = _text(_("Description"), rows=2)

    def __init__(self, *args, demands, leaders, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demands"].queryset = demands
        self.fields["demands"].widget.attrs.pop("class", None)
        self.fields["leader"].queryset = leaders
        self.fields["leader"].label_from_instance = lambda u: u.full_name or u.username
        self.fields["lead_department"].queryset = departments
        self.fields["departments"].queryset = departments
        for name in ("lead_department", "departments"):
            self.fields[name].label_from_instance = department_label


def department_label(unit) -> str:
    """A department named with the unit it belongs to (every zone has its own 企业服务局)."""
    return f"{unit.parent.short_name or unit.parent.name} · {unit.name}" if unit.parent_id else unit.name


class AddDemandsForm(VersionForm):
    demands = forms.ModelMultipleChoiceField(label=_("Demands"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, demands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demands"].queryset = demands
        self.fields["demands"].widget.attrs.pop("class", None)


class ResolveForm(VersionForm):
    """The chain problem's answer: every enterprise reads it on its own demand, then confirms or reopens it."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, initial=Outcome.SOLVED)
    note = _text(_("Answer"), rows=4, required=True)
