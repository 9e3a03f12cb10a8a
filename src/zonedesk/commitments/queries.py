"""Reads of commitments: the agreements a user sees with each promise's status as of a day, narrowed by the one
filter the list page, its Excel export, the API and every compliance figure share."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.orgs.models import Event, Unit

from .models import Agreement, CommitmentAlert, ZonePromise
from .status import CSS, DECIDED, Item, Result, Status, evaluate, worst, zone_promise_status

# Agreement-level outcomes in a period: with a decided promise, every decided promise met, one missed.
OUTCOMES = ("assessed", "fully_met", "not_fully_met")
# A status filter may also ask for every decided promise (met or missed): the "due" of the figures.
DUE = "due"


@dataclass
class Row:
    """An agreement with its promises' results, the worst of them, and its zone's promises with their status."""

    agreement: Agreement
    results: list[Result]
    promises: list = field(default_factory=list)

    @property
    def worst(self) -> str | None:
        return worst(self.results)

    @property
    def worst_label(self) -> str:
        return Status(self.worst).label if self.worst else ""

    @property
    def worst_css(self) -> str:
        return CSS[self.worst] if self.worst else "text-bg-light border"

    def result(self, item: str) -> Result | None:
        return next((r for r in self.results if r.item == item), None)

    def in_period(self, year: int | None) -> list[Result]:
        """The results due in `year` (all of them for None)."""
        if year is None:
            return self.results
        return [r for r in self.results if r.due_on is not None and r.due_on.year == year]

    def decided(self, year: int | None) -> list[Result]:
        return [r for r in self.in_period(year) if r.status in DECIDED]


def _unit_path(unit) -> str:
    return unit.path if isinstance(unit, Unit) else Unit.objects.get(pk=unit).path


def results_for(agreements: Iterable[Agreement], today: date, *, promises: bool = False) -> list[Row]:
    """Each agreement (its project and enterprise read with it) with its results as of `today`: one query for all
    their enterprises' yearly figures, one for their zone's promises when asked."""
    agreements = list(agreements)
    enterprise_ids = {a.project.enterprise_id for a in agreements if a.project.enterprise_id}
    years: dict[int, dict[int, EnterpriseYear]] = defaultdict(dict)
    for row in EnterpriseYear.objects.filter(enterprise_id__in=enterprise_ids):
        years[row.enterprise_id][row.year] = row
    by_agreement: dict[int, list] = defaultdict(list)
    if promises:
        for promise in ZonePromise.objects.filter(agreement__in=[a.pk for a in agreements]).order_by("due_on", "pk"):
            promise.status = zone_promise_status(promise, today)
            promise.status_label = Status(promise.status).label
            promise.css = CSS[promise.status]
            by_agreement[promise.agreement_id].append(promise)
    rows = []
    for a in agreements:
        enterprise = a.project.enterprise_id
        results = evaluate(a, a.project, years.get(enterprise, {}), today, has_enterprise=enterprise is not None)
        rows.append(Row(a, results, by_agreement.get(a.pk, [])))
    return rows


def agreements_of(user, *, unit=None, q: str = "", year: int | None = None):
    """The agreements the user sees, of a unit and below, matching a text, signed by the end of `year`."""
    qs = Agreement.objects.visible_to(user).select_related("project", "project__enterprise", "project__officer", "unit")
    if unit:
        qs = qs.filter(unit__path__startswith=_unit_path(unit))
    if q:
        text = str(q).strip()
        qs = qs.filter(
            Q(project__name__icontains=text) | Q(number__icontains=text) | Q(project__investor_name__icontains=text)
        )
    if year:
        qs = qs.filter(signed_on__lte=date(year, 12, 31))
    return qs.order_by("-signed_on", "-pk")


def _matches(row: Row, *, item: str | None, status: str | None, year: int | None, outcome: str | None) -> bool:
    results = row.in_period(year)
    if item:
        results = [r for r in results if r.item == item]
        if not results:
            return False
    if status == DUE:
        results = [r for r in results if r.status in DECIDED]
    elif status:
        results = [r for r in results if r.status == status]
    if (item or status) and not results:
        return False
    if outcome:
        decided = row.decided(year)
        if not decided:
            return False
        all_met = all(r.status == Status.MET for r in decided)
        if outcome == "fully_met" and not all_met:
            return False
        if outcome == "not_fully_met" and all_met:
            return False
    return True


def agreement_rows(user, today: date | None = None, **filters) -> list[Row]:
    """The agreements the user sees with their results, narrowed by the filters, newest signing first.

    Filters: unit (the unit and below), q (project, agreement number or investor), year (signed by the end of the
    year; item and status then look at the promises due in that year), item (an Item: agreements that promised
    it), status (a Status, or "due" for met or missed: agreements with such a promise, of `item` when given),
    outcome ("assessed": with a promise met or missed; "fully_met": every such promise met; "not_fully_met").
    """
    today = today or timezone.localdate()
    year = filters.get("year") or None
    qs = agreements_of(user, unit=filters.get("unit"), q=filters.get("q", ""), year=year)
    item, status, outcome = filters.get("item"), filters.get("status"), filters.get("outcome")
    return narrow(results_for(qs, today), item=item, status=status, year=year, outcome=outcome)


def narrow(rows: list[Row], *, item=None, status=None, year=None, outcome=None, **_ignored) -> list[Row]:
    """The rows matching item, status, year and outcome (agreement_rows' narrowing of rows already read)."""
    spec = {"item": item or None, "status": status or None, "year": year, "outcome": outcome or None}
    return [r for r in rows if _matches(r, **spec)]


def agreement_row(user, pk: int, today: date | None = None) -> Row:
    """One agreement the user sees with its results and its zone's promises (Agreement.DoesNotExist otherwise)."""
    agreement = agreements_of(user).get(pk=pk)
    return results_for([agreement], today or timezone.localdate(), promises=True)[0]


def agreement_timeline(user, agreement: Agreement):
    """The events of an agreement, of the zone's promises in it and of its alerts, newest first, as the user may
    read them."""
    about = Q(object_type=ContentType.objects.get_for_model(Agreement), object_id=str(agreement.pk))
    for model, rows in ((ZonePromise, agreement.zone_promises.all()), (CommitmentAlert, agreement.alerts.all())):
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        about |= Q(object_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return Event.objects.visible_to(user).filter(about).select_related("actor").order_by("-at", "-pk")


def clean_filters(params) -> dict:
    """The list's filter from query parameters (a page's GET or the API's query), unknown values dropped."""
    out: dict = {}
    item = str(params.get("item") or "")
    if item in Item.values:
        out["item"] = item
    status = str(params.get("status") or "")
    if status in Status.values or status == DUE:
        out["status"] = status
    outcome = str(params.get("outcome") or "")
    if outcome in OUTCOMES:
        out["outcome"] = outcome
    year = str(params.get("year") or "")
    if year.isdigit() and 1990 <= int(year) <= 9999:
        out["year"] = int(year)
    unit = str(params.get("unit") or "")
    if unit.isdigit():
        out["unit"] = int(unit)
    q = str(params.get("q") or "").strip()[:100]
    if q:
        out["q"] = q
    return out
