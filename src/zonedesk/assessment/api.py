"""API for assessment (考核): schemes and their indicators, the indicator catalogue, score sheets computed and
published per period, rankings with their changes, one score explained, and manual scores."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import services
from .documents import explained, measure_of, rule_text, sheet_ranking
from .indicators import CATALOGUE
from .models import ManualScore, Scheme, SchemeItem, Score, ScoreSheet
from .queries import schemes_for, sheets_for

router = Router(tags=["assessment"])

NUMBER = {"max_digits": 16, "decimal_places": 4}
# A record id as input: positive and within the database's integer range (a larger one is no record, not a 500).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class IndicatorOut(Schema):
    key: str
    label: str
    measure: str
    kinds: list[str]


class ItemOut(Schema):
    id: int
    scheme_id: int
    indicator: str
    label: str
    measure: str
    rule: str
    rule_text: str
    weight: Decimal
    target: Decimal | None
    cap_percent: int
    penalty_per_item: Decimal
    threshold_wan: Decimal | None
    scorer_ids: list[int]
    position: int
    is_removed: bool

    @staticmethod
    def resolve_measure(obj: SchemeItem) -> str:
        return measure_of(obj)

    @staticmethod
    def resolve_rule_text(obj: SchemeItem) -> str:
        return rule_text(obj)

    @staticmethod
    def resolve_scorer_ids(obj: SchemeItem) -> list[int]:
        return [u.pk for u in obj.scorers.all()]


class SheetOut(Schema):
    id: int
    scheme_id: int
    period_start: date
    period_end: date
    period_label: str
    version: int
    status: str
    computed_at: datetime
    computed_by_id: int | None
    published_at: datetime | None
    published_by_id: int | None


class SchemeOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    name: str
    period_kind: str
    subject_kind: str
    is_active: bool


class SchemeDetailOut(SchemeOut):
    items: list[ItemOut] = Field(alias="item_list")
    sheets: list[SheetOut] = Field(alias="sheet_list")


class SchemeIn(Schema):
    unit_id: RecordId
    name: str
    period_kind: str = Field(description="month, quarter or year")
    subject_kind: str = Field(description="officer, department or zone")


class ItemIn(Schema):
    indicator: str = Field(description="a key of GET /assessment/indicators, or manual")
    rule: str = Field(description="linear, capped, penalty or manual (only for a manual item)")
    weight: Decimal = Field(..., **NUMBER)
    label: str = ""
    target: Decimal | None = Field(None, **NUMBER)
    cap_percent: int | None = Field(None, description="capped: 100 to 500 (% of the weight); 120 by default")
    penalty_per_item: Decimal | None = Field(None, **NUMBER)
    threshold_wan: Decimal | None = Field(None, description="count only projects of this amount or more", **NUMBER)
    scorer_ids: list[RecordId] = Field(
        default_factory=list, max_length=100, description="manual: the leaders who score it"
    )


class ComputeIn(Schema):
    period_start: date = Field(description="the first day of a closed month, quarter or year of the scheme")


class RankingRowOut(Schema):
    score_id: int
    rank: int
    subject_name: str
    subject_unit_id: int | None
    subject_user_id: int | None
    total: Decimal
    rank_change: int | None = Field(description="places moved up since the previous period (negative: down)")
    total_change: Decimal | None
    change: str = Field(description="the rank change as shown: ↑2, ↓1, =, new, —")


class SheetDetailOut(SheetOut):
    has_previous: bool
    ranking: list[RankingRowOut]


class LineOut(Schema):
    item_id: int
    label: str
    indicator: str
    rule: str
    rule_text: str
    value: Decimal | None
    measure: str
    points: Decimal
    link: str
    note: str


class ScoreOut(Schema):
    id: int
    sheet_id: int
    subject_name: str
    subject_unit_id: int | None
    subject_user_id: int | None
    rank: int
    total: Decimal
    lines: list[LineOut]


class ManualScoreIn(Schema):
    period_start: date
    subject_id: RecordId = Field(description="the zone, department or officer (user) scored")
    points: Decimal = Field(..., **NUMBER)
    reason: str


class ManualScoreOut(Schema):
    id: int
    item_id: int
    period_start: date
    subject_unit_id: int | None
    subject_user_id: int | None
    points: Decimal
    reason: str
    scored_by_id: int
    scored_at: datetime


def _require(request) -> None:
    if not can(request.user, "assessment.view"):
        raise Http404


def _scheme(request, pk: int) -> Scheme:
    _require(request)
    return get_object_or_404(Scheme.objects.visible_to(request.user).select_related("unit"), pk=pk)


def _sheet(request, pk: int) -> ScoreSheet:
    _require(request)
    return get_object_or_404(ScoreSheet.objects.visible_to(request.user).select_related("scheme"), pk=pk)


def _item(request, pk: int) -> SchemeItem:
    _require(request)
    return get_object_or_404(SchemeItem.objects.visible_to(request.user), pk=pk)


def _detail(request, scheme: Scheme) -> Scheme:
    """The scheme with its items in use and every computed version of its sheets."""
    items = scheme.items.filter(is_removed=False).prefetch_related("scorers").order_by("position", "pk")
    scheme.item_list = list(items)
    scheme.sheet_list = list(sheets_for(request.user, scheme))
    return scheme


@router.get("/assessment/indicators", response=list[IndicatorOut])
def list_indicators(request):
    """The indicator catalogue (指标库): what each indicator counts, in what measure, for which subjects."""
    _require(request)
    return [
        {"key": key, "label": str(i.label), "measure": i.measure, "kinds": sorted(i.kinds)}
        for key, i in CATALOGUE.items()
    ]


@router.get("/assessment/schemes", response=list[SchemeOut])
def list_schemes(request):
    _require(request)
    return schemes_for(request.user).order_by("unit__path", "name")


@router.post("/assessment/schemes", response={201: SchemeDetailOut})
def create_scheme(request, body: SchemeIn):
    _require(request)
    scheme = services.create_scheme(
        Actor.of(request),
        unit=body.unit_id,
        name=body.name,
        period_kind=body.period_kind,
        subject_kind=body.subject_kind,
    )
    return Status(201, _detail(request, _scheme(request, scheme.pk)))


@router.get("/assessment/schemes/{scheme_id}", response=SchemeDetailOut)
def get_scheme(request, scheme_id: int):
    """A scheme with its indicators and every computed version of its score sheets."""
    return _detail(request, _scheme(request, scheme_id))


@router.post("/assessment/schemes/{scheme_id}/items", response={201: ItemOut})
def add_item(request, scheme_id: int, body: ItemIn):
    scheme = _scheme(request, scheme_id)
    data = body.dict()
    data["scorers"] = data.pop("scorer_ids")
    item = services.add_item(Actor.of(request), scheme, **data)
    return Status(201, item)


def _remove(request, item_id: int) -> SchemeItem:
    return services.remove_item(Actor.of(request), _item(request, item_id))


@router.delete("/assessment/items/{item_id}", response=ItemOut)
def remove_item(request, item_id: int):
    """Take an indicator out of later computations (sheets already computed keep it); 409 if already out."""
    return _remove(request, item_id)


@router.post("/assessment/items/{item_id}/remove", response=ItemOut)
def remove_item_post(request, item_id: int):
    """The same as DELETE /assessment/items/{item_id}, for clients that only POST."""
    return _remove(request, item_id)


@router.post("/assessment/items/{item_id}/manual-scores", response={201: ManualScoreOut})
def give_manual_score(request, item_id: int, body: ManualScoreIn):
    """A leader named on a manual item scores one subject for one period (again: the score is replaced)."""
    score = services.give_manual_score(
        Actor.of(request),
        _item(request, item_id),
        period_start=body.period_start,
        subject=body.subject_id,
        points=body.points,
        reason=body.reason,
    )
    return Status(201, ManualScore.objects.get(pk=score.pk))


@router.post("/assessment/schemes/{scheme_id}/sheets", response={201: SheetOut})
def compute(request, scheme_id: int, body: ComputeIn):
    """Score every subject for a closed period, as a new draft version of the period's sheet."""
    sheet = services.compute(Actor.of(request), _scheme(request, scheme_id), body.period_start)
    return Status(201, sheet)


@router.post("/assessment/sheets/{sheet_id}/publish", response=SheetOut)
def publish(request, sheet_id: int):
    """Freeze a draft; a version published earlier for the period is superseded; 409 if it is not a draft."""
    return services.publish(Actor.of(request), _sheet(request, sheet_id))


@router.get("/assessment/sheets/{sheet_id}", response=SheetDetailOut)
def get_sheet(request, sheet_id: int):
    """The ranking of a sheet, with each subject's change against the previous period's published sheet."""
    sheet = _sheet(request, sheet_id)
    ranked = sheet_ranking(sheet)
    rows = [
        {
            "score_id": r["score"].pk,
            "rank": r["rank"],
            "subject_name": r["score"].subject_name,
            "subject_unit_id": r["score"].subject_unit_id,
            "subject_user_id": r["score"].subject_user_id,
            "total": r["total"],
            "rank_change": r["rank_change"],
            "total_change": r["total_change"],
            "change": r["rank_change_text"],
        }
        for r in ranked["rows"]
    ]
    return {**SheetOut.from_orm(sheet).dict(), "has_previous": ranked["has_previous"], "ranking": rows}


@router.get("/assessment/scores/{score_id}", response=ScoreOut)
def get_score(request, score_id: int):
    """One subject's score explained: each line's value, points, rule and the list of records behind it."""
    _require(request)
    scores = Score.objects.filter(sheet__in=ScoreSheet.objects.visible_to(request.user))
    score = get_object_or_404(scores, pk=score_id)
    lines = [
        {
            "item_id": e["item"].pk,
            "label": e["item"].label,
            "indicator": e["item"].indicator,
            "rule": e["item"].rule,
            "rule_text": e["rule"],
            "value": e["line"].value,
            "measure": measure_of(e["item"]),
            "points": e["points"],
            "link": e["line"].link,
            "note": e["line"].note,
        }
        for e in explained(score)
    ]
    return {
        "id": score.pk,
        "sheet_id": score.sheet_id,
        "subject_name": score.subject_name,
        "subject_unit_id": score.subject_unit_id,
        "subject_user_id": score.subject_user_id,
        "rank": score.rank,
        "total": score.total,
        "lines": lines,
    }
