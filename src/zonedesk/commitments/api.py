"""API of the commitments app: agreements with each promise's status, the zone's promises, the compliance figures;
the same services, filters and permissions as the pages (404 outside the user's scope)."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import services
from .api_years import router as years_router
from .figures import Compliance, compliance
from .models import PromiseKind, ZonePromise
from .queries import DUE, OUTCOMES, Row, agreement_row, agreement_rows
from .status import Item, Result
from .status import Status as PromiseStatus

router = Router(tags=["commitments"])
router.add_router("", years_router)

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ResultOut(Schema):
    item: str = Field(..., description="start, produce, capacity, investment, fixed_assets, intensity, output, tax, …")
    label: str
    status: str = Field(..., description="met, on_track, at_risk, missed, not_due or awaiting")
    status_label: str
    promised: str | None = Field(None, description="A date (YYYY-MM-DD), an amount in 10k yuan, or people")
    actual: str | None = None
    due_on: date | None = None
    source: str = Field("", description="Where the actual comes from")


class ZonePromiseOut(Schema):
    id: int
    kind: PromiseKind
    description: str
    due_on: date
    done_on: date | None
    note: str
    status: str
    version: int


class AgreementOut(Schema):
    id: int
    project_id: int
    project_name: str
    unit_id: int
    number: str
    signed_on: date
    total_investment_wan: Decimal | None
    fixed_asset_investment_wan: Decimal | None
    land_mu: Decimal | None
    intensity_wan_per_mu: Decimal | None
    start_by: date | None
    produce_by: date | None
    capacity_by: date | None
    annual_output_wan: Decimal | None
    annual_tax_wan: Decimal | None
    tax_per_mu_wan: Decimal | None
    jobs: int | None
    note: str
    version: int
    worst_status: str | None = Field(None, description="The worst status of its promises")
    results: list[ResultOut]


def _text(value) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, date) else str(value)


def result_out(r: Result) -> dict:
    return {
        "item": r.item,
        "label": str(r.label),
        "status": r.status,
        "status_label": str(r.status_label),
        "promised": _text(r.promised),
        "actual": _text(r.actual),
        "due_on": r.due_on,
        "source": r.source,
    }


def agreement_out(row: Row) -> dict:
    a = row.agreement
    out = {name: getattr(a, name) for name in services.FIELDS}
    return {
        **out,
        "id": a.pk,
        "project_id": a.project_id,
        "project_name": a.project.name,
        "unit_id": a.unit_id,
        "version": a.version,
        "worst_status": row.worst,
        "results": [result_out(r) for r in row.results],
    }


class AgreementFilterIn(Schema):
    unit: RecordId | None = Field(None, description="The unit and the units below it")
    item: Item | None = Field(None, description="Agreements that promised this item")
    status: str | None = Field(None, description="A promise's status, or 'due' for met or missed")
    year: int | None = Field(None, ge=1990, le=9999, description="Signed by the end of the year; promises due in it")
    outcome: str | None = Field(None, description="assessed, fully_met or not_fully_met")
    q: str = Field("", max_length=100, description="Project, investor or agreement number")


class AgreementIn(Schema):
    number: str = Field("", max_length=60)
    signed_on: date | None = Field(None, description="The project's signing day when not given")
    total_investment_wan: Decimal | None = None
    fixed_asset_investment_wan: Decimal | None = None
    land_mu: Decimal | None = None
    intensity_wan_per_mu: Decimal | None = None
    start_by: date | None = None
    produce_by: date | None = None
    capacity_by: date | None = None
    annual_output_wan: Decimal | None = None
    annual_tax_wan: Decimal | None = None
    tax_per_mu_wan: Decimal | None = None
    jobs: int | None = None
    note: str = Field("", max_length=5000)


class AgreementCreateIn(AgreementIn):
    project: RecordId


class AgreementChangeIn(AgreementIn):
    version: int = Field(..., description="The version read; 409 when the agreement changed since")
    number: str | None = Field(None, max_length=60)
    note: str | None = Field(None, max_length=5000)


class ZonePromiseIn(Schema):
    kind: PromiseKind
    description: str = Field(..., max_length=300)
    due_on: date
    done_on: date | None = None
    note: str = Field("", max_length=300)


class ZonePromiseChangeIn(Schema):
    version: int = Field(..., description="The version read; 409 when the promise changed since")
    kind: PromiseKind | None = None
    description: str | None = Field(None, max_length=300)
    due_on: date | None = None
    done_on: date | None = None
    note: str | None = Field(None, max_length=300)


def _filters(request, filters: AgreementFilterIn) -> dict:
    raw = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    if raw.get("status") and raw["status"] not in [*PromiseStatus.values, DUE]:
        raise Rejected("status", _("Unknown status."))
    if raw.get("outcome") and raw["outcome"] not in OUTCOMES:
        raise Rejected("outcome", _("Unknown outcome."))
    if raw.get("unit"):
        raw["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=raw["unit"]).pk
    return raw


def _row(request, agreement_id: int) -> Row:
    ensure_can(Actor.of(request), "commitment.view")
    return agreement_row(request.user, agreement_id)  # DoesNotExist outside the scope: 404


@router.get("/commitments/agreements", response=list[AgreementOut])
@paginate(PageNumberPagination, page_size=25)
def list_agreements(request, filters: Query[AgreementFilterIn]):
    """The agreements the user sees with each promise's status as of today, as the commitments page lists them."""
    ensure_can(Actor.of(request), "commitment.view")
    return [agreement_out(r) for r in agreement_rows(request.user, timezone.localdate(), **_filters(request, filters))]


@router.post("/commitments/agreements", response={201: AgreementOut})
def create_agreement(request, body: AgreementCreateIn):
    """Record the agreement of a signed (or later) project of the user's scope."""
    data = body.dict(exclude={"project"}, exclude_none=True)
    agreement = services.record_agreement(body.project, data, by=Actor.of(request))
    return Status(201, agreement_out(_row(request, agreement.pk)))


@router.get("/commitments/agreements/{agreement_id}", response=AgreementOut)
def get_agreement(request, agreement_id: int):
    return agreement_out(_row(request, agreement_id))


@router.patch("/commitments/agreements/{agreement_id}", response=AgreementOut)
def change_agreement(request, agreement_id: int, body: AgreementChangeIn):
    """Change the fields sent (null clears a promise); 409 when the version read is stale."""
    row = _row(request, agreement_id)
    data = body.dict(exclude_unset=True, exclude={"version"})
    services.update_agreement(row.agreement, data, by=Actor.of(request), version=body.version)
    return agreement_out(_row(request, agreement_id))


@router.get("/commitments/agreements/{agreement_id}/status", response=list[ResultOut])
def agreement_status(request, agreement_id: int):
    """Each promise's status as of today, with what the system holds and where it comes from."""
    return [result_out(r) for r in _row(request, agreement_id).results]


@router.get("/commitments/agreements/{agreement_id}/zone-promises", response=list[ZonePromiseOut])
def list_zone_promises(request, agreement_id: int):
    return _row(request, agreement_id).promises


@router.post("/commitments/agreements/{agreement_id}/zone-promises", response={201: ZonePromiseOut})
def add_zone_promise(request, agreement_id: int, body: ZonePromiseIn):
    """Record what the zone promised the investor (land, utilities, incentives) and by when."""
    row = _row(request, agreement_id)
    promise = services.add_zone_promise(row.agreement, body.dict(), by=Actor.of(request))
    return Status(201, next(p for p in _row(request, agreement_id).promises if p.pk == promise.pk))


@router.patch("/commitments/zone-promises/{promise_id}", response=ZonePromiseOut)
def change_zone_promise(request, promise_id: int, body: ZonePromiseChangeIn):
    """Change a zone's promise or record the day it was done; 409 when the version read is stale."""
    ensure_can(Actor.of(request), "commitment.view")
    promise = get_object_or_404(ZonePromise.objects.visible_to(request.user), pk=promise_id)
    data = body.dict(exclude_unset=True, exclude={"version"})
    services.update_zone_promise(promise, data, by=Actor.of(request), version=body.version)
    return next(p for p in _row(request, promise.agreement_id).promises if p.pk == promise_id)


class ComplianceFigureOut(Schema):
    value: int
    filter: dict = Field(..., description="The query of /commitments/agreements that lists these agreements")


class ItemFiguresOut(Schema):
    item: str
    label: str
    due: ComplianceFigureOut
    met: ComplianceFigureOut
    missed: ComplianceFigureOut
    at_risk: ComplianceFigureOut
    share_met: Decimal | None = Field(None, description="Percent of the promises come due that were met")


class ComplianceOut(Schema):
    unit_id: int | None
    year: int | None = Field(None, description="Promises due in this year; all to date when empty")
    in_scope: ComplianceFigureOut
    assessed: ComplianceFigureOut
    fully_met: ComplianceFigureOut
    share_fully_met: Decimal | None = Field(None, description="Percent of the assessed agreements that kept all")
    items: list[ItemFiguresOut]
    missed_start: list[int] = Field(..., description="Agreements whose project missed its start date")


class FiguresIn(Schema):
    unit: RecordId | None = None
    year: int | None = Field(None, ge=1990, le=9999)


def compliance_out(c: Compliance) -> dict:
    def figure(f) -> dict:
        return {"value": f.value, "filter": f.filter}

    items = [
        {
            "item": i.item,
            "label": str(i.label),
            "due": figure(i.due),
            "met": figure(i.met),
            "missed": figure(i.missed),
            "at_risk": figure(i.at_risk),
            "share_met": i.share_met,
        }
        for i in c.items
    ]
    return {
        "unit_id": c.unit_id,
        "year": c.year,
        "in_scope": figure(c.in_scope),
        "assessed": figure(c.assessed),
        "fully_met": figure(c.fully_met),
        "share_fully_met": c.share_fully_met,
        "items": items,
        "missed_start": [r.agreement.pk for r in c.missed_start],
    }


@router.get("/commitments/figures", response=ComplianceOut)
def figures(request, params: Query[FiguresIn]):
    """The compliance figures of a unit (and below) for a year, or to date; each figure carries its list's filter."""
    ensure_can(Actor.of(request), "commitment.view")
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=params.unit) if params.unit else None
    return compliance_out(compliance(request.user, unit=unit, year=params.year))
