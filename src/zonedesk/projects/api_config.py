"""API for what leaders and admins set and read beside the pipeline: targets, exchange rates, the monthly review."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can
from zonedesk.orgs.queries import staff_in

from . import figures, services
from .models import CurrencyRate
from .review import monthly_review

router = Router(tags=["targets and rates"])


class TargetIn(Schema):
    unit_id: int
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(0, ge=0, le=4, description="0 for the whole year")
    metric: str
    value: Decimal = Field(gt=0, max_digits=16, decimal_places=2)
    officer_id: int | None = None


class TargetProgressOut(Schema):
    id: int
    unit_id: int
    officer_id: int | None
    year: int
    quarter: int
    metric: str
    target: Decimal
    actual: Decimal
    share: Decimal | None


class RateIn(Schema):
    currency: str
    rate_to_cny: Decimal = Field(gt=0, max_digits=12, decimal_places=6)
    valid_from: date
    note: str = ""


class RateOut(Schema):
    id: int
    currency: str
    rate_to_cny: Decimal
    valid_from: date
    note: str


def _unit(request, unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_id)


def _progress_rows(request, unit: Unit | None, year: int, quarter: int) -> list[dict]:
    rows = figures.target_progress(request.user, unit, year, quarter)
    return [
        {
            "id": r["target"].pk,
            "unit_id": r["target"].unit_id,
            "officer_id": r["target"].officer_id,
            "year": year,
            "quarter": quarter,
            "metric": r["target"].metric,
            "target": r["target"].value,
            "actual": r["actual"],
            "share": r["share"],
        }
        for r in rows
    ]


@router.get("/targets", response=list[TargetProgressOut])
def list_targets(request, year: int, quarter: int = 0, unit: int | None = None):
    """Targets of a year (or quarter) in scope, with their actual values and the share achieved."""
    ensure_can(Actor.of(request), "figures.view")
    return _progress_rows(request, _unit(request, unit), year, quarter)


@router.post("/targets", response={201: TargetProgressOut})
def set_target(request, body: TargetIn):
    unit = _unit(request, body.unit_id)
    officer = None
    if body.officer_id is not None:
        officer = get_object_or_404(staff_in(Unit.objects.visible_to(request.user)), pk=body.officer_id)
    target = services.set_target(
        unit=unit,
        year=body.year,
        quarter=body.quarter,
        metric=body.metric,
        value=body.value,
        officer=officer,
        by=Actor.of(request),
    )
    row = next(r for r in _progress_rows(request, unit, body.year, body.quarter) if r["id"] == target.pk)
    return Status(201, row)


@router.get("/currency-rates", response=list[RateOut])
def list_rates(request):
    ensure_can(Actor.of(request), "project.view")
    return CurrencyRate.objects.order_by("currency", "-valid_from")


@router.post("/currency-rates", response={201: RateOut})
def set_rate(request, body: RateIn):
    rate = services.set_currency_rate(**body.dict(), by=Actor.of(request))
    return Status(201, rate)


@router.get("/monthly-review")
def get_monthly_review(request, unit: int, year: int, month: int) -> dict:
    """一月一过堂 for a zone and month: per officer, new leads, moves, stalled projects and next steps."""
    ensure_can(Actor.of(request), "figures.view")
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Rejected("month", _("Choose a month of a year between 2000 and 2100."))
    review = monthly_review(request.user, _unit(request, unit), year, month)
    return {
        "title": review["title"],
        "totals": review["totals"],
        "officers": [
            {
                "officer": str(o["officer"] or ""),
                "leads": [p.name for p in o["leads"]],
                "moves": [
                    {"project": m["project"].name, "from": m["from"], "to": m["to"], "on": m["on"]} for m in o["moves"]
                ],
                "stalled": [s["project"].name for s in o["stalled"]],
                "next_steps": [{"project": p.name, "next_steps": p.next_steps} for p in o["next_steps"]],
            }
            for o in review["officers"]
        ],
    }
