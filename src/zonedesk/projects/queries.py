"""Reads on projects: the filtered list (page, API and export share it), the pipeline board, the detail."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q, QuerySet, Sum
from django.http import QueryDict
from django.utils import timezone

from zonedesk.common.dates import parse_date
from zonedesk.common.listfilters import FilterSpec
from zonedesk.common.text import normalize_text
from zonedesk.enterprises.queries import industry_codes_under
from zonedesk.orgs.models import Unit

from .models import DEFAULT_STALLED_DAYS, DEFAULT_THRESHOLDS_WAN, FigureSettings, Project, Referral, StageMove
from .stages import LIFE_BY_KIND, Kind, Stage

# The list shows one kind of project at a time: investment projects unless ?kind=facility (both kinds: all).
KIND_FILTER = FilterSpec(choices={"kind": Kind}, unit=False)
# A project at the end of its life, or dropped, is never stalled.
ENDED = [Stage.AT_CAPACITY, Stage.IN_USE, Stage.DROPPED]


def figure_settings(unit: Unit | None) -> tuple[list[Decimal], int]:
    """The thresholds (万元, highest first) and stalled days of the nearest unit up the tree that set them."""
    if unit is not None:
        ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        found = {s.unit_id: s for s in FigureSettings.objects.filter(unit_id__in=ids)}
        for unit_id in reversed(ids):
            if unit_id in found:
                s = found[unit_id]
                return [Decimal(v) for v in s.thresholds_wan], s.stalled_days
    return list(DEFAULT_THRESHOLDS_WAN), DEFAULT_STALLED_DAYS


def bands(thresholds: list[Decimal]) -> list[tuple[str, Decimal, Decimal | None]]:
    """(key, lower, upper) for each band: ≥t1, [t2, t1), [t3, t2) …; lower bounds inclusive."""
    out = []
    for i, lower in enumerate(thresholds):
        out.append((f"band{i + 1}", lower, thresholds[i - 1] if i else None))
    return out


@dataclass
class ProjectFilter:
    """What the project list, its API list and its export filter by."""

    q: str = ""
    unit: int | None = None
    kind: str = Kind.INVESTMENT  # "" for both kinds
    stage: str = ""
    industry: str = ""
    band: str = ""  # band1 / band2 / band3 (see bands()) or over1 / over2 / over3 (cumulative)
    officer: int | None = None
    promotion_event: int | None = None
    source: str = ""
    key_level: str = ""
    moved_to: str = ""  # with the period: projects that reached this stage in [since, until]
    since: date | None = None
    until: date | None = None
    min_wan: Decimal | None = None  # with moved_to: moves of at least this amount (an assessment threshold)
    stalled: bool = False
    archived: bool = False

    @classmethod
    def from_params(cls, params, *, kind: str = Kind.INVESTMENT) -> "ProjectFilter":
        """The filter of a query string; `kind` is the kind of project shown when it names none."""

        def number(name):
            value = str(params.get(name) or "")
            return int(value) if value.isdigit() else None

        def day(name):
            try:
                return parse_date(params.get(name) or None)
            except ValueError:
                return None

        def amount(name):
            try:
                value = Decimal(str(params.get(name) or ""))
            except InvalidOperation:
                return None
            return value if value.is_finite() and 0 <= value < Decimal("1e11") else None

        query = params if isinstance(params, QueryDict) else QueryDict(mutable=True)
        if query is not params:
            query.update({k: str(v) for k, v in params.items() if v is not None})
        kind = KIND_FILTER.read(query).get("kind", kind)
        return cls(
            q=normalize_text(params.get("q", "")),
            unit=number("unit"),
            kind=kind if isinstance(kind, str) else "",
            stage=params.get("stage", "") or "",
            industry=normalize_text(params.get("industry", "")).upper(),
            band=params.get("band", "") or "",
            officer=number("officer"),
            promotion_event=number("promotion_event"),
            source=params.get("source", "") or "",
            key_level=params.get("key_level", "") or "",
            moved_to=params.get("moved_to", "") or "",
            since=day("since"),
            until=day("until"),
            min_wan=amount("min_wan"),
            stalled=str(params.get("stalled", "")).lower() in {"1", "true"},
            archived=str(params.get("archived", "")).lower() in {"1", "true"},
        )


def _scope(user, unit_id: int | None) -> tuple[QuerySet, Unit | None]:
    units = Unit.objects.visible_to(user)
    unit = units.filter(pk=unit_id).first() if unit_id else None
    return (units.filter(path__startswith=unit.path) if unit else units), unit


def project_list(user, f: ProjectFilter, *, today: date | None = None) -> QuerySet[Project]:
    """Projects the user can see, narrowed by the filter, most recently moved first."""
    qs = Project.objects.visible_to(user).filter(is_archived=f.archived)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    units, unit = _scope(user, f.unit)
    if f.unit:
        qs = qs.filter(unit__in=units) if unit else qs.none()
    if f.q:
        named = Q(name__icontains=f.q) | Q(investor_name__icontains=f.q) | Q(builder__icontains=f.q)
        qs = qs.filter(named | Q(investor_uscc=f.q.upper()))
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.industry:
        qs = qs.filter(industry__in=industry_codes_under(f.industry))
    thresholds, _days = figure_settings(unit)
    if f.band and not f.moved_to:
        qs = qs.filter(_band_condition(f.band, thresholds, "total_investment_wan"))
    if f.officer:
        qs = qs.filter(officer_id=f.officer)
    if f.promotion_event:
        qs = qs.filter(promotion_event_id=f.promotion_event)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.key_level:
        qs = qs.filter(key_level=f.key_level)
    if f.moved_to:
        moves = StageMove.objects.filter(to_stage=f.moved_to, cancelled_at__isnull=True, unit__in=units)
        if f.since:
            moves = moves.filter(on__gte=f.since)
        if f.until:
            moves = moves.filter(on__lte=f.until)
        if f.min_wan is not None:
            moves = moves.filter(investment_wan__gte=f.min_wan)
        if f.band:  # a figure by threshold counts the amount of the move (signed: the contracted investment)
            moves = moves.filter(_band_condition(f.band, thresholds, "investment_wan"))
        qs = qs.filter(pk__in=moves.values("project_id"))
    if f.stalled:
        qs = stalled(qs, unit, today=today)
    return qs.select_related("unit", "industry", "officer", "promotion_event").order_by("-last_moved_at", "-pk")


def _band_condition(band: str, thresholds: list[Decimal], field_name: str) -> Q:
    """Q for a band key (band1…) or a cumulative key (over1…); an unknown key matches nothing."""
    for key, lower, upper in bands(thresholds):
        if band == key:
            cond = Q(**{f"{field_name}__gte": lower})
            return cond & Q(**{f"{field_name}__lt": upper}) if upper is not None else cond
    for i, lower in enumerate(thresholds):
        if band == f"over{i + 1}":
            return Q(**{f"{field_name}__gte": lower})
    return Q(pk__in=[])


def stalled(qs: QuerySet[Project], unit: Unit | None, *, today: date | None = None) -> QuerySet[Project]:
    """Projects still under way that have not moved for the unit's stalled-days limit."""
    _thresholds, days = figure_settings(unit)
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    return qs.exclude(stage__in=ENDED).filter(last_moved_at__date__lt=cutoff)


def board(user, f: ProjectFilter, per_column: int = 12) -> list[dict]:
    """The pipeline board of one kind of project: for each of its stages the count, the investment and the most
    recently moved projects."""
    kind = f.kind or Kind.INVESTMENT
    qs = project_list(user, ProjectFilter(**{**f.__dict__, "stage": "", "kind": kind}))
    totals = {
        row["stage"]: row
        for row in qs.order_by().values("stage").annotate(n=Count("pk"), wan=Sum("total_investment_wan"))
    }
    columns = []
    for stage in [*LIFE_BY_KIND[kind], Stage.DROPPED]:
        row = totals.get(stage, {"n": 0, "wan": None})
        columns.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": row["n"],
                "investment_wan": row["wan"] or Decimal(0),
                "projects": list(qs.filter(stage=stage)[:per_column]),
            }
        )
    return columns


def referrals_for(user) -> QuerySet[Referral]:
    """Referrals from or to the user's units, open ones first."""
    return (
        Referral.objects.visible_to(user)
        .select_related("project", "from_unit", "to_unit")
        .order_by("status", "-offered_at")
    )
