"""Visit page forms: they check the input's shape; the services decide and save.

The list filter lives here too (VisitFilterForm.apply): the visits have no API list or export yet to share it with.
"""

from datetime import timedelta

from django import forms
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.common.errors import Rejected
from zonedesk.common.forms import ZoneForm
from zonedesk.common.pages import show_rejection
from zonedesk.demands.models import DemandCategory

from .models import VisitStatus

DATE = forms.DateInput(attrs={"type": "date"})
DEMAND_ROWS = 3
DEMAND_FIELDS = ("category", "title", "description")


def categories_for(units):
    """The demand categories that may tag demands of `units`: national ones and those configured at or above them."""
    ids = {int(p) for unit in units for p in unit.path.strip("/").split("/") if p}
    return DemandCategory.objects.filter(Q(unit__isnull=True) | Q(unit__in=ids)).select_related("parent")


class VisitFilterForm(ZoneForm):
    """The list filter: status, visiting unit, enterprise keyword, campaign, date range."""

    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *VisitStatus.choices], required=False)
    unit = forms.ModelChoiceField(label=_("Visiting unit"), queryset=None, required=False)
    q = forms.CharField(label=_("Enterprise"), required=False, max_length=100)
    campaign = forms.ModelChoiceField(label=_("Visit campaign"), queryset=None, required=False)
    date_from = forms.DateField(label=_("Date from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Date to"), required=False, widget=DATE)

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns

    def apply(self, visits):
        """The visits narrowed by the valid filters; planned visits first (soonest first), then the latest done."""
        self.is_valid()  # an unreadable field is left out; the others still filter
        data = getattr(self, "cleaned_data", {})
        if data.get("status"):
            visits = visits.filter(status=data["status"])
        if data.get("unit"):
            visits = visits.filter(unit__path__startswith=data["unit"].path)
        if data.get("q"):
            text = data["q"].strip()
            visits = visits.filter(
                Q(enterprise__name__icontains=text)
                | Q(enterprise__uscc__iexact=text)
                | Q(enterprise__name_initials__startswith=text.lower())
            )
        if data.get("campaign"):
            visits = visits.filter(campaign=data["campaign"])
        day = Case(When(visited_on__isnull=False, then=F("visited_on")), default=F("planned_on"))
        visits = visits.annotate(day_on=day)
        if data.get("date_from"):
            visits = visits.filter(day_on__gte=data["date_from"])
        if data.get("date_to"):
            visits = visits.filter(day_on__lte=data["date_to"])
        planned_first = Case(
            When(status=VisitStatus.PLANNED, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        planned_on = Case(When(status=VisitStatus.PLANNED, then=F("planned_on")), default=None)
        return visits.order_by(planned_first, planned_on.asc(nulls_last=True), F("day_on").desc(), "-pk")


class _Choosing(ZoneForm):
    """A form whose enterprise, unit and people lists come from the user's scope."""

    def __init__(self, *args, enterprises=None, units=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (("enterprise", enterprises), ("unit", units), ("visitors", people)):
            if name in self.fields:
                self.fields[name].queryset = queryset


class PlanForm(_Choosing):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    unit = forms.ModelChoiceField(label=_("Visiting unit"), queryset=None)
    planned_on = forms.DateField(label=_("Planned on"), widget=DATE)
    visitors = forms.ModelMultipleChoiceField(label=_("Visitors"), queryset=None, required=False)
    campaign = forms.ModelChoiceField(label=_("Visit campaign"), queryset=None, required=False)
    summary = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["visitors"].widget.attrs["size"] = 6


class FindingsForm(_Choosing):
    """The findings of a visit and up to three demands raised in it (empty rows are ignored)."""

    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    employees_on_duty = forms.IntegerField(label=_("Employees on duty"), min_value=0, required=False)
    employees_total = forms.IntegerField(label=_("Employees in total"), min_value=0, required=False)
    capacity_in_use_percent = forms.IntegerField(
        label=_("Capacity in use (%)"), min_value=0, max_value=100, required=False
    )
    plans_to_expand = forms.BooleanField(label=_("Plans to expand"), required=False)
    plans_to_relocate = forms.BooleanField(label=_("Plans to relocate"), required=False)
    plans_to_downsize = forms.BooleanField(label=_("Plans to downsize"), required=False)
    risk_note = forms.CharField(
        label=_("Risk note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when a plan to expand, relocate or downsize is ticked."),
    )
    key_suppliers_outside = forms.CharField(
        label=_("Key suppliers outside the zone"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    finding_fields = (
        "visited_on",
        "summary",
        "employees_on_duty",
        "employees_total",
        "capacity_in_use_percent",
        "plans_to_expand",
        "plans_to_relocate",
        "plans_to_downsize",
        "risk_note",
        "key_suppliers_outside",
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        for row in range(1, DEMAND_ROWS + 1):
            category = forms.ModelChoiceField(label=_("Category"), queryset=categories, required=False)
            title = forms.CharField(label=pgettext_lazy("demand", "Title"), max_length=200, required=False)
            text = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
            for name, field in zip(DEMAND_FIELDS, (category, title, text), strict=True):
                self.fields[f"demand_{row}_{name}"] = field
                field.widget.attrs["class"] = "form-select" if name == "category" else "form-control"

    def finding_rows(self):
        return [self[name] for name in self.finding_fields]

    def demand_rows(self):
        return [
            {"row": row, "fields": [self[f"demand_{row}_{name}"] for name in DEMAND_FIELDS]}
            for row in range(1, DEMAND_ROWS + 1)
        ]

    def findings(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.finding_fields}

    def demands(self) -> tuple[list[dict], list[int]]:
        """The filled demand rows for the service, and the form row of each (an empty row is skipped)."""
        items, rows = [], []
        for row in range(1, DEMAND_ROWS + 1):
            values = {name: self.cleaned_data.get(f"demand_{row}_{name}") for name in DEMAND_FIELDS}
            if not (values["title"] or "").strip() and not (values["description"] or "").strip():
                continue
            items.append(values)
            rows.append(row)
        return items, rows

    def show(self, exc: Rejected, rows: list[int]) -> None:
        """Put a rejection on its field; "demands.<n>.<field>" goes to the form row the n-th filled demand came from."""
        parts = exc.field.split(".")
        if parts[0] == "demands" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) <= len(rows):
            row = rows[int(parts[1]) - 1]
            cause = exc.__cause__ if isinstance(exc.__cause__, Rejected) else exc
            name = f"demand_{row}_{parts[2]}"
            message = _("Demand %(row)d: %(message)s") % {"row": row, "message": cause.message}
            self.add_error(name if name in self.fields else None, message)
            return
        show_rejection(self, exc)


class RecordForm(FindingsForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LogForm(FindingsForm):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    unit = forms.ModelChoiceField(label=_("Visiting unit"), queryset=None)
    visitors = forms.ModelMultipleChoiceField(label=_("Visitors"), queryset=None, required=False)

    field_order = ["enterprise", "unit", "visitors"]


class CancelForm(ZoneForm):
    reason = forms.CharField(label=_("Why cancelled"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CampaignForm(ZoneForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    targets = forms.ModelMultipleChoiceField(label=_("Enterprises to visit"), queryset=None)
    officer = forms.ModelChoiceField(label=_("Assigned officer (for every enterprise)"), queryset=None, required=False)

    def __init__(self, *args, units, enterprises, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["targets"].queryset = enterprises
        self.fields["targets"].widget.attrs["size"] = 12
        self.fields["officer"].queryset = people
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + timedelta(days=30)

    def service_data(self) -> dict:
        data = self.cleaned_data
        officer = data.get("officer")
        return {
            "name": data["name"],
            "unit": data["unit"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "targets": [(e, officer) for e in data["targets"]],
        }
