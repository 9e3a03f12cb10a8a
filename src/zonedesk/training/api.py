"""API of the training ledger: my year, the records (list, one, record, void), progress per person and department,
and the yearly targets; the same services and permissions as the pages (404 outside scope, 403, 409, 422)."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.common.errors import Forbidden
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can, ensure_can

from . import services
from .models import Kind, TrainingRecord
from .progress import SORTS, GroupRow, progress
from .queries import chosen_unit, chosen_year, my_ledger, record_list, target_table
from .standing import Status as Standing
from .targets import Target

router = Router(tags=["training"])

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Year = Annotated[int, Field(ge=2000, le=2100)]
HOURS = {"max_digits": 7, "decimal_places": 2}


class RecordOut(Schema):
    id: int
    user_id: int
    person: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    on: date
    title: str
    kind: Kind
    hours: Decimal
    organiser: str
    note: str
    recorded_by_id: int | None
    is_void: bool
    voided_at: str | None
    voided_reason: str
    version: int

    @staticmethod
    def resolve_person(obj: TrainingRecord) -> str:
        return obj.user.full_name or obj.user.username

    @staticmethod
    def resolve_voided_at(obj: TrainingRecord) -> str | None:
        return obj.voided_at.isoformat() if obj.voided_at else None


class TrainingTargetOut(Schema):
    theory_hours: Decimal | None
    practice_hours: Decimal | None
    unit_id: int | None = Field(None, description="The unit that set it (this unit or the nearest above)")


def _target(target: Target) -> dict:
    return {
        "theory_hours": target.theory_hours,
        "practice_hours": target.practice_hours,
        "unit_id": target.source.pk if target.source else None,
    }


class LedgerOut(Schema):
    year: int
    unit_id: int | None = Field(None, description="The unit where the user works (its target applies)")
    theory_hours: Decimal = Field(description="Hours of the records not voided")
    practice_hours: Decimal
    theory_percent: int | None
    practice_percent: int | None
    target: TrainingTargetOut
    status: Standing = Field(description="met, on_track, behind (below the pro-rata share of the year), no_target")
    elapsed_days: int
    days_in_year: int
    records: list[RecordOut] = Field(description="The year's records, voided ones too")


class TrainingRecordIn(Schema):
    user: RecordId | None = Field(None, description="For a colleague (training.manage over their unit); you if none")
    on: date
    title: str = Field(..., max_length=200)
    kind: Kind
    hours: Decimal = Field(..., description="Half-hour steps, above 0 and at most 24", **HOURS)
    organiser: str = Field("", max_length=100)
    note: str = Field("", max_length=1000)


class VoidIn(Schema):
    version: int = Field(..., description="The version read; 409 when the record changed since")
    reason: str = Field(..., max_length=300)


class RecordFilterIn(Schema):
    unit: RecordId | None = Field(None, description="The unit and the units below it")
    year: Year | None = None
    person: RecordId | None = None
    kind: Kind | None = None
    counted: bool | None = Field(None, description="Only the records not voided")
    q: str = Field("", max_length=100, description="Course or organiser")


class TrainingPersonOut(Schema):
    user_id: int
    name: str
    unit_id: int
    theory_hours: Decimal
    practice_hours: Decimal
    theory_percent: int | None
    practice_percent: int | None
    target: TrainingTargetOut
    status: Standing


class GroupOut(Schema):
    unit_id: int
    unit_name: str
    people: int
    theory_hours: Decimal
    practice_hours: Decimal
    theory_average: Decimal | None = Field(description="Hours per person")
    practice_average: Decimal | None
    on_schedule: int = Field(description="People who met the target or are on schedule")
    behind: int
    on_schedule_percent: int | None = Field(description="Of the people a target applies to")


class TrainingProgressOut(Schema):
    unit_id: int
    year: int
    elapsed_days: int
    days_in_year: int
    target: TrainingTargetOut
    total: GroupOut
    departments: list[GroupOut]
    people: list[TrainingPersonOut]


class ProgressIn(Schema):
    unit: RecordId | None = Field(None, description="By default the unit the user manages around their own")
    year: Year | None = None
    sort: str = Field("", max_length=20, description="name, unit, theory, practice, …; a leading - sorts descending")


class TargetRowOut(Schema):
    unit_id: int
    unit_name: str
    own: TrainingTargetOut = Field(description="Set on this unit (empty: it follows the unit above)")
    applies: TrainingTargetOut


class TrainingTargetIn(Schema):
    unit: RecordId
    year: Year
    theory_hours: Decimal = Field(..., **HOURS)
    practice_hours: Decimal = Field(..., **HOURS)
    note: str = Field("", max_length=300)


class TargetSetOut(Schema):
    unit_id: int
    year: int
    theory_hours: Decimal
    practice_hours: Decimal
    note: str
    version: int


def _visible(request, record_id: int) -> TrainingRecord:
    rows = TrainingRecord.objects.visible_to(request.user).select_related("user", "unit")
    return get_object_or_404(rows, pk=record_id)


@router.get("/training/mine", response=LedgerOut)
def mine(request, year: Year | None = None):
    """My records of the year and my hours against the target of the unit where I work."""
    ensure_can(Actor.of(request), "training.record")
    ledger = my_ledger(request.user, year or chosen_year(None))
    return {
        "year": ledger.year,
        "unit_id": ledger.unit.pk if ledger.unit else None,
        "theory_hours": ledger.theory,
        "practice_hours": ledger.practice,
        "theory_percent": ledger.theory_percent,
        "practice_percent": ledger.practice_percent,
        "target": _target(ledger.target),
        "status": ledger.status,
        "elapsed_days": ledger.share.elapsed,
        "days_in_year": ledger.share.days,
        "records": ledger.records,
    }


@router.get("/training/records", response=list[RecordOut])
@paginate(PageNumberPagination, page_size=25)
def list_records(request, filters: Query[RecordFilterIn]):
    """The records of the units the user manages (and their own), newest first."""
    ensure_can(Actor.of(request), "training.manage")
    raw = {k: v for k, v in filters.dict().items() if v not in (None, "", False)}
    if raw.get("unit"):
        raw["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=raw["unit"])
    return record_list(request.user, **raw)


@router.post("/training/records", response={201: RecordOut})
def create(request, body: TrainingRecordIn):
    """Record a session: your own (training.record), or a colleague's (training.manage over their unit)."""
    row = services.record_training(Actor.of(request), **body.dict())
    return Status(201, _visible(request, row.pk))


@router.get("/training/records/{record_id}", response=RecordOut)
def get_record(request, record_id: int):
    return _visible(request, record_id)


@router.post("/training/records/{record_id}/void", response=RecordOut)
def void(request, record_id: int, body: VoidIn):
    """Void a wrong record with the reason; it stays in the ledger and its hours no longer count."""
    services.void_record(Actor.of(request), _visible(request, record_id), version=body.version, reason=body.reason)
    return _visible(request, record_id)


def _group(g: GroupRow) -> dict:
    return {
        "unit_id": g.unit.pk,
        "unit_name": g.unit.name,
        "people": g.count,
        "theory_hours": g.theory,
        "practice_hours": g.practice,
        "theory_average": g.theory_average,
        "practice_average": g.practice_average,
        "on_schedule": g.on_schedule,
        "behind": g.behind,
        "on_schedule_percent": g.on_schedule_percent,
    }


@router.get("/training/progress", response=TrainingProgressOut)
def get_progress(request, params: Query[ProgressIn]):
    """Each person's hours of the year against their target, and per department (training.manage on the unit)."""
    ensure_can(Actor.of(request), "training.manage")
    try:
        unit = chosen_unit(request.user, params.unit)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    sort = params.sort if params.sort.lstrip("-") in SORTS else None
    result = progress(request.user, unit, params.year or chosen_year(None), sort=sort)
    people = [
        {
            "user_id": p.user.pk,
            "name": p.name,
            "unit_id": p.unit.pk,
            "theory_hours": p.theory,
            "practice_hours": p.practice,
            "theory_percent": p.theory_percent,
            "practice_percent": p.practice_percent,
            "target": _target(p.target),
            "status": p.status,
        }
        for p in result.people
    ]
    return {
        "unit_id": unit.pk,
        "year": result.year,
        "elapsed_days": result.share.elapsed,
        "days_in_year": result.share.days,
        "target": _target(result.target),
        "total": _group(result.total),
        "departments": [_group(g) for g in result.groups],
        "people": people,
    }


@router.get("/training/targets", response=list[TargetRowOut])
def list_targets(request, year: Year | None = None):
    """The units the user manages, each with its own target for the year and the one that applies."""
    if not can(request.user, "training.manage"):
        raise Forbidden()
    return [
        {"unit_id": r.unit.pk, "unit_name": r.unit.name, "own": _target(r.own), "applies": _target(r.applies)}
        for r in target_table(request.user, year or chosen_year(None))
    ]


@router.put("/training/targets", response=TargetSetOut)
def put_target(request, body: TrainingTargetIn):
    """Set a unit's hours for a year (units below without their own follow it)."""
    return services.set_target(Actor.of(request), **body.dict())
