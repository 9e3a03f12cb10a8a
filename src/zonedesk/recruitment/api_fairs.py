"""API for job fairs (list, one fair with its participants and totals, set up, add participants, show postings, held,
cancel, results), the invitation from a labour demand, and the zone's labour gap and recruitment figures for a period,
each figure with the query parameters of the list that gives it."""

from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.common.errors import Rejected
from zonedesk.demands.models import Demand
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.figures import Period

from . import fairs as fair_services
from .access import chosen_unit
from .api import RecordId, as_params, query_filters
from .figures import gap_by_industry, labour_gap, recruitment_figures, so_far
from .models import FairParticipant, JobPosting
from .queries import fair_figures, fair_list, participant_list
from .states import FairKind, FairStatus

router = Router(tags=["recruitment"])

# The endpoint that lists each figure's rows.
ENDPOINTS = {
    "posting_list": "/recruitment/postings",
    "postings": "/recruitment/postings",
    "fair_list": "/recruitment/fairs",
    "fair": "/recruitment/fairs/{id}",
    "participants": "/recruitment/fairs/{id}",
    "labour_gap": "/recruitment/gap",
}


class FairOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    alliance: str
    organiser: str
    name: str
    kind: FairKind
    held_on: date
    place: str
    stream_url: str
    status: FairStatus
    cancel_reason: str
    views: int | None
    visitors: int | None = Field(None, description="Job seekers (求职人数)")
    results_recorded_on: date | None
    version: int
    participant_count: int
    postings_shown: int
    positions: int = Field(..., description="The counts of the postings shown")
    applications: int | None = Field(None, description="Applications or CVs, added up from the participants")
    intents: int | None
    hires: int | None
    top_salary: int | None = Field(None, description="Yuan a month")


class FairParticipantOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    postings: list[int]
    positions: int
    applications: int | None
    intents: int | None
    hires: int | None

    @staticmethod
    def resolve_postings(obj: FairParticipant) -> list[int]:
        return [p.pk for p in obj.shown]

    @staticmethod
    def resolve_positions(obj: FairParticipant) -> int:
        return sum(p.count for p in obj.shown)


class RecruitmentFigureOut(Schema):
    value: int | float | None
    list: str = Field(..., description="The endpoint that lists the rows behind the figure")
    filter: dict = Field(..., description="Its query parameters")
    column: str | None = Field(None, description="The column of those rows whose sum is the figure (else their count)")


class FairDetailOut(FairOut):
    participants: list[FairParticipantOut] = Field(..., alias="participant_rows")
    figures: dict[str, RecruitmentFigureOut] = Field(..., alias="figure_rows")


class FairFilterIn(Schema):
    status: FairStatus | None = None
    kind: FairKind | None = None
    unit: RecordId | None = Field(None, description="The organising unit and the units below it")
    enterprise: RecordId | None = Field(None, description="Taking part")
    q: str = Field("", max_length=100, description="Name or alliance")
    held_from: date | None = Field(None, description="Held (status held) from this day")
    held_to: date | None = None


class FairIn(Schema):
    unit: RecordId = Field(..., description="The organising unit (for an alliance's fair: the unit recording it)")
    name: str = Field(..., max_length=200)
    kind: FairKind
    held_on: date
    alliance: str = Field("", max_length=100)
    place: str = Field("", max_length=200)
    stream_url: str = Field("", max_length=300)


class FairParticipantIn(Schema):
    enterprise: RecordId
    postings: list[RecordId] = Field(default_factory=list, description="Open postings of the enterprise it shows")


class FairPostingsIn(Schema):
    postings: list[RecordId]


class FairVersionIn(Schema):
    version: int = Field(..., description="The version read; 409 when the fair changed since")


class FairCancelIn(FairVersionIn):
    reason: str = Field(..., max_length=300)


class FairResultRowIn(Schema):
    enterprise: RecordId
    applications: int | None = None
    intents: int | None = None
    hires: int | None = None


class FairResultsIn(FairVersionIn):
    views: int | None = None
    visitors: int | None = None
    results: list[FairResultRowIn] = Field(
        default_factory=list, description="A bad row is refused as results.<n>.<field>"
    )


class FairInviteIn(Schema):
    fair: RecordId
    postings: list[RecordId] = Field(default_factory=list)


class FairInvitationOut(Schema):
    id: int
    demand_id: int
    fair_id: int
    participant_id: int


def _figure(figure: dict, fair_id: int | None = None) -> dict:
    endpoint = ENDPOINTS[figure["list"]].replace("{id}", str(fair_id or ""))
    return {**figure, "list": endpoint, "filter": as_params(figure["filter"]), "column": figure.get("column")}


def fair_detail(request, fair_id: int):
    """The fair with its totals, its participants (with the postings they show) and its figures."""
    fair = get_object_or_404(fair_list(request.user), pk=fair_id)
    shown = Prefetch("postings", queryset=JobPosting.objects.visible_to(request.user).order_by("pk"), to_attr="shown")
    fair.participant_rows = list(participant_list(request.user, fair=fair).prefetch_related(shown))
    fair.figure_rows = {name: _figure(f, fair.pk) for name, f in fair_figures(request.user, fair).items()}
    return fair


@router.get("/recruitment/fairs", response=list[FairOut])
@paginate(PageNumberPagination, page_size=25)
def list_fairs(request, filters: Query[FairFilterIn]):
    """The fairs the user sees (an enterprise user: those it takes part in) with their totals, latest first."""
    ensure_can(Actor.of(request), "recruitment.view")
    return fair_list(request.user, **query_filters(request, filters))


@router.post("/recruitment/fairs", response={201: FairDetailOut})
def create_fair(request, body: FairIn):
    """Set up a planned fair, on site (with its place) or live-streamed (with its stream or studio)."""
    fair = fair_services.create_fair(Actor.of(request), body.dict())
    return Status(201, fair_detail(request, fair.pk))


@router.get("/recruitment/fairs/{fair_id}", response=FairDetailOut)
def get_fair(request, fair_id: int):
    """One fair with its totals (added up from the participants' rows) and each figure's list."""
    return fair_detail(request, fair_id)


@router.post("/recruitment/fairs/{fair_id}/participants", response={201: FairDetailOut})
def add_participant(request, fair_id: int, body: FairParticipantIn):
    fair = get_object_or_404(fair_list(request.user), pk=fair_id)
    fair_services.add_participant(Actor.of(request), fair, body.enterprise, postings=body.postings)
    return Status(201, fair_detail(request, fair_id))


@router.put("/recruitment/fairs/{fair_id}/participants/{enterprise_id}/postings", response=FairDetailOut)
def show_postings(request, fair_id: int, enterprise_id: int, body: FairPostingsIn):
    """Replace the postings an enterprise shows at the fair."""
    rows = FairParticipant.objects.visible_to(request.user)
    participant = get_object_or_404(rows, fair_id=fair_id, enterprise_id=enterprise_id)
    fair_services.show_postings(Actor.of(request), participant, body.postings)
    return fair_detail(request, fair_id)


@router.post("/recruitment/fairs/{fair_id}/held", response=FairDetailOut)
def mark_held(request, fair_id: int, body: FairVersionIn):
    fair = get_object_or_404(fair_list(request.user), pk=fair_id)
    fair_services.mark_held(Actor.of(request), fair, version=body.version)
    return fair_detail(request, fair_id)


@router.post("/recruitment/fairs/{fair_id}/cancel", response=FairDetailOut)
def cancel(request, fair_id: int, body: FairCancelIn):
    fair = get_object_or_404(fair_list(request.user), pk=fair_id)
    fair_services.cancel_fair(Actor.of(request), fair, body.reason, version=body.version)
    return fair_detail(request, fair_id)


@router.post("/recruitment/fairs/{fair_id}/results", response=FairDetailOut)
def record_results(request, fair_id: int, body: FairResultsIn):
    """Record (or correct) a held fair's results, all or nothing."""
    fair = get_object_or_404(fair_list(request.user), pk=fair_id)
    rows = [row.dict() for row in body.results]
    by = Actor.of(request)
    fair_services.record_results(by, fair, views=body.views, visitors=body.visitors, results=rows, version=body.version)
    return fair_detail(request, fair_id)


@router.post("/demands/{demand_id}/invite-to-fair", response={201: FairInvitationOut})
def invite_to_fair(request, demand_id: int, body: FairInviteIn):
    """Answer a labour demand (用工 or below it) by inviting its enterprise to a planned fair."""
    demand = get_object_or_404(Demand.objects.visible_to(request.user), pk=demand_id)
    invitation = fair_services.invite_to_fair(Actor.of(request), demand, body.fair, postings=body.postings)
    return Status(201, invitation)


# --- the zone's figures -----------------------------------------------------------------------


class RecruitmentPeriodIn(Schema):
    unit: RecordId | None = Field(None, description="A region or zone of the user's; their home zone when not given")
    year: int | None = Field(None, ge=2000, le=2100, description="This year when not given")
    quarter: int | None = Field(None, ge=1, le=4, description="A quarter of the year (wins over a month)")
    month: int | None = Field(None, ge=1, le=12)


class RecruitmentPeriodOut(Schema):
    first: date
    last: date = Field(..., description="The period's last day, or today while the period runs (the gap's day)")
    label: str


class IndustryGapOut(Schema):
    key: str | None = Field(None, description="The GB/T 4754 code; null for enterprises with none recorded")
    label: str
    enterprises: int
    open_positions: int
    return_gap: int
    gap: int
    filter: dict = Field(..., description="The query parameters of GET /recruitment/gap that list its enterprises")


class EnterpriseGapOut(Schema):
    id: int
    name: str
    open_positions: int
    return_gap: int = Field(..., description="Employees not back at work, from the latest visit in the period")
    gap: int
    postings_filter: dict = Field(..., description="The query parameters of GET /recruitment/postings behind it")


class LabourGapOut(Schema):
    unit_id: int
    unit_name: str
    period: RecruitmentPeriodOut
    open_positions: int
    return_gap: int
    gap: int
    by_industry: list[IndustryGapOut]
    by_enterprise: list[EnterpriseGapOut]


class RecruitmentFiguresOut(Schema):
    unit_id: int
    unit_name: str
    period: RecruitmentPeriodOut
    figures: dict[str, RecruitmentFigureOut]
    gap_by_industry: list[IndustryGapOut]


def _period_of(request, params: RecruitmentPeriodIn):
    ensure_can(Actor.of(request), "figures.view")
    unit, _units = chosen_unit(request.user, params.unit)
    asked = {k: getattr(params, k) for k in ("year", "quarter", "month") if getattr(params, k) is not None}
    period = Period.from_params(asked)
    return unit, period, {"first": period.start, "last": period.end, "label": period.label}


def _industries(rows: list[dict]) -> list[dict]:
    return [{**row, "filter": as_params(row["filter"])} for row in rows]


class LabourGapIn(RecruitmentPeriodIn):
    period_from: date | None = Field(None, description="Any span instead of year / quarter / month (with period_to)")
    period_to: date | None = None
    industry: str | None = Field(None, max_length=5, description="Only enterprises of this code and the codes under it")
    no_industry: bool | None = Field(None, description="Only enterprises with no industry recorded")


@router.get("/recruitment/gap", response=LabourGapOut)
def gap(request, params: Query[LabourGapIn]):
    """The labour gap (用工缺口) on the period's last day: open positions plus the return-to-work gap, per industry
    and per enterprise (largest first), and its totals."""
    unit, period, shown = _period_of(request, params)
    if params.period_from and params.period_to:
        if params.period_to < params.period_from:
            raise Rejected("period_to", _("The last day is before the first."))
        period = Period(params.period_from, params.period_to, f"{params.period_from} – {params.period_to}")
        shown = {"first": period.start, "last": period.end, "label": period.label}
    span = so_far(period.start, period.end, timezone.localdate())
    shown["last"] = span[1]
    rows = labour_gap(
        request.user, unit=unit, period=span, industry=params.industry or None, no_industry=bool(params.no_industry)
    )
    enterprises = [
        {
            "id": e.pk,
            "name": e.name,
            "open_positions": e.open_positions,
            "return_gap": e.return_gap,
            "gap": e.gap,
            "postings_filter": as_params({"enterprise": e.pk, "open_on": span[1]}),
        }
        for e in rows
    ]
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "period": shown,
        **{name: sum(e[name] for e in enterprises) for name in ("open_positions", "return_gap", "gap")},
        "by_industry": _industries(gap_by_industry(request.user, unit=unit, period=span)),
        "by_enterprise": enterprises,
    }


@router.get("/recruitment/figures", response=RecruitmentFiguresOut)
def figures(request, params: Query[RecruitmentPeriodIn]):
    """The zone's recruitment figures for a period: postings and positions published, hires on postings, fairs held
    and their positions, views, job seekers, applications, intents and hires, and the labour gap."""
    unit, period, shown = _period_of(request, params)
    span = so_far(period.start, period.end, timezone.localdate())
    shown["last"] = span[1]
    raw = recruitment_figures(request.user, unit=unit, period=span)
    by_industry = raw.pop("gap_by_industry")
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "period": shown,
        "figures": {name: _figure(f) for name, f in raw.items()},
        "gap_by_industry": _industries(by_industry),
    }
