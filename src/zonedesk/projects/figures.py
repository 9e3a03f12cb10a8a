"""Figures for a period and a unit, counted from the stage moves (so a past period can be recomputed).

Every count here has a list behind it: `link` gives the project-list query whose length equals the count.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from zonedesk.orgs.models import Unit, UnitKind

from .models import AmountQualifier, Metric, Project, Referral, StageMove, Target
from .queries import ProjectFilter, _band_condition, bands, figure_settings, project_list
from .stages import LIFE, SIGNED_ON, Stage, reached


@dataclass(frozen=True)
class Period:
    """A closed range of days: a month, a quarter, a year, or any span."""

    start: date
    end: date
    label: str

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(
            date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), f"{year}年第{quarter}季度"
        )

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), f"{year}年{month}月")

    @classmethod
    def from_params(cls, params, today: date | None = None) -> "Period":
        """?year=2026&quarter=1 / ?year=2026&month=3 / ?year=2026; the current year by default."""
        today = today or timezone.localdate()

        def number(name, low, high):
            value = str(params.get(name) or "")
            return int(value) if value.isdigit() and low <= int(value) <= high else None

        year = number("year", 2000, 2100) or today.year
        if quarter := number("quarter", 1, 4):
            return cls.quarter(year, quarter)
        if month := number("month", 1, 12):
            return cls.month(year, month)
        return cls.year(year)


def _link(unit: Unit | None, **params) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if unit is not None:
        query["unit"] = unit.pk
    return "/projects/list/?" + urlencode(query)


def _moves(user, unit: Unit | None, period: Period, stage: str):
    units = Unit.objects.visible_to(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    # Counted where the project stood when it moved, among the projects the list behind the figure shows
    # (still visible, not archived, investment projects: the zone's own facilities are no investment figure),
    # so every figure equals the length of its list.
    listed = Project.objects.visible_to(user).investments().filter(is_archived=False)
    return StageMove.objects.filter(
        unit__in=units,
        to_stage=stage,
        on__gte=period.start,
        on__lte=period.end,
        cancelled_at__isnull=True,
        project__in=listed,
    )


def stage_figures(user, unit: Unit | None, period: Period) -> list[dict]:
    """How many projects reached each stage in the period, and their investment."""
    out = []
    for stage in [*LIFE, Stage.DROPPED]:
        row = _moves(user, unit, period, stage).aggregate(n=Count("project", distinct=True), wan=Sum("investment_wan"))
        link = _link(unit, moved_to=stage, since=period.start, until=period.end)
        wan = row["wan"] or Decimal(0)
        out.append(
            {"stage": stage, "label": Stage(stage).label, "count": row["n"], "investment_wan": wan, "link": link}
        )
    return out


def threshold_figures(user, unit: Unit | None, period: Period, stage: str = Stage.SIGNED) -> dict:
    """Projects of a stage in the period by amount: bands (≥10亿, 5–10亿, 1–5亿) and cumulative (≥10亿, ≥5亿, ≥1亿)."""
    thresholds, _days = figure_settings(unit)
    moves = _moves(user, unit, period, stage)
    common = {"moved_to": stage, "since": period.start, "until": period.end}

    def row(key: str, label: str) -> dict:
        matched = moves.filter(_band_condition(key, thresholds, "investment_wan"))
        agg = matched.aggregate(n=Count("project", distinct=True), wan=Sum("investment_wan"))
        return {
            "key": key,
            "label": label,
            "count": agg["n"],
            "investment_wan": agg["wan"] or Decimal(0),
            "link": _link(unit, band=key, **common),
        }

    band_rows = [
        row(key, f"≥{_yi(lower)}" if upper is None else f"{_yi(lower)}–{_yi(upper)}")
        for key, lower, upper in bands(thresholds)
    ]
    over_rows = [row(f"over{i + 1}", f"≥{_yi(lower)}") for i, lower in enumerate(thresholds)]
    not_exact = (
        moves.filter(~Q(project__investment_qualifier=AmountQualifier.EXACT)).values("project").distinct().count()
    )
    foreign = moves.exclude(project__investment_currency="CNY").order_by()
    rates = foreign.values_list("project__investment_currency", "project__rate_to_cny", "project__rate_on").distinct()
    rates_used = [{"currency": c, "rate_to_cny": r, "valid_from": d} for c, r, d in sorted(rates, key=str)]
    return {"bands": band_rows, "cumulative": over_rows, "not_exact": not_exact, "rates_used": rates_used}


def _yi(wan: Decimal) -> str:
    yi = wan / 10000
    return f"{yi.normalize():f}亿" if wan >= 10000 else f"{wan.normalize():f}万"


def same_year_chain(user, unit: Unit | None, year: int) -> dict:
    """当年签约、当年开工、当年投产: projects that signed, started and began producing in one calendar year."""
    period = Period.year(year)
    signed = set(_moves(user, unit, period, Stage.SIGNED).values_list("project_id", flat=True))
    started = set(_moves(user, unit, period, Stage.STARTED).values_list("project_id", flat=True))
    producing = set(_moves(user, unit, period, Stage.PRODUCING).values_list("project_id", flat=True))
    chain = signed & started & producing
    return {
        "year": year,
        "signed": len(signed),
        "signed_and_started": len(signed & started),
        "full_chain": len(chain),
        "projects": list(Project.objects.filter(pk__in=chain).order_by("name")),
    }


def funnel(user, unit: Unit | None, period: Period) -> list[dict]:
    """Of the leads recorded in the period, how many have reached each later stage (and the conversion)."""
    leads = _moves(user, unit, period, Stage.LEAD).values("project_id")
    stages = Project.objects.filter(pk__in=leads).values_list("stage", "dropped_from")
    counts = dict.fromkeys(LIFE, 0)
    for stage, dropped_from in stages:
        for passed in reached(dropped_from if stage == Stage.DROPPED else stage):
            counts[passed] += 1
    out, previous = [], None
    for stage in LIFE:
        rate = round(100 * counts[stage] / previous, 1) if previous else None
        out.append({"stage": stage, "label": Stage(stage).label, "count": counts[stage], "rate": rate})
        previous = counts[stage]
    return out


def money(user, unit: Unit | None) -> dict:
    """Contracted, in place and completed investment of the signed projects: three figures, never added."""
    qs = Project.objects.visible_to(user).investments().filter(stage__in=SIGNED_ON, is_archived=False)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    agg = qs.aggregate(
        contracted=Sum("contracted_investment_wan"),
        in_place=Sum("funds_in_place_wan"),
        completed=Sum("investment_completed_wan"),
        n=Count("pk"),
    )
    return {k: (v if v is not None else Decimal(0)) for k, v in agg.items()}


def referral_figures(user, unit: Unit | None, period: Period) -> dict:
    """Projects referred out of and into the unit in the period (accepted ones), and those still open."""
    units = Unit.objects.visible_to(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    in_period = Q(decided_at__date__gte=period.start, decided_at__date__lte=period.end)
    accepted = Referral.objects.filter(in_period, status=Referral.Status.ACCEPTED)
    return {
        "referred_out": accepted.filter(from_unit__in=units).exclude(to_unit__in=units).count(),
        "referred_in": accepted.filter(to_unit__in=units).exclude(from_unit__in=units).count(),
        "open": Referral.objects.filter(status=Referral.Status.OFFERED)
        .filter(Q(from_unit__in=units) | Q(to_unit__in=units))
        .count(),
    }


def metric_value(user, unit: Unit, period: Period, metric: str, officer=None) -> Decimal:
    """The actual value of a target's indicator for a unit (or one officer's projects) in a period."""
    stage = {Metric.STARTED_COUNT: Stage.STARTED, Metric.PRODUCING_COUNT: Stage.PRODUCING}.get(metric, Stage.SIGNED)
    moves = _moves(user, unit, period, stage)
    if officer is not None:
        moves = moves.filter(project__officer=officer)
    if metric == Metric.SIGNED_INVESTMENT:
        return moves.aggregate(wan=Sum("investment_wan"))["wan"] or Decimal(0)
    if metric.startswith("signed_over_"):
        thresholds, _days = figure_settings(unit)
        index = int(metric.rsplit("_", 1)[1])
        if index > len(thresholds):
            return Decimal(0)
        moves = moves.filter(investment_wan__gte=thresholds[index - 1])
    return Decimal(moves.values("project").distinct().count())


def target_progress(user, unit: Unit | None, year: int, quarter: int = 0) -> list[dict]:
    """Each target of the period in the user's scope, with its actual value and the share achieved."""
    targets = Target.objects.visible_to(user).filter(year=year, quarter=quarter).select_related("unit", "officer")
    if unit is not None:
        targets = targets.filter(unit__path__startswith=unit.path)
    period = Period.quarter(year, quarter) if quarter else Period.year(year)
    rows = []
    for target in targets.order_by("unit__path", "officer_id", "metric"):
        actual = metric_value(user, target.unit, period, target.metric, target.officer)
        share = round(100 * actual / target.value, 1) if target.value else None
        rows.append({"target": target, "label": Metric(target.metric).label, "actual": actual, "share": share})
    return rows


def summary(user, unit: Unit | None, period: Period) -> dict:
    """Every figure of the figures page, as plain data (the page, the API and the big screen share it)."""
    chain = same_year_chain(user, unit, period.start.year)
    return {
        "period": {"start": period.start, "end": period.end, "label": period.label},
        "unit": unit.pk if unit else None,
        "stages": stage_figures(user, unit, period),
        "thresholds": threshold_figures(user, unit, period),
        "same_year_chain": {k: v for k, v in chain.items() if k != "projects"},
        "funnel": funnel(user, unit, period),
        "money": money(user, unit),
        "referrals": referral_figures(user, unit, period),
    }


# --- the figures page: each number's list, the trend, the zones side by side --------------------------

TREND_STAGES = [Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]


def stage_link(unit: Unit | None, stage: str, period: Period) -> str:
    """The project list of the projects that reached `stage` in the period (stage_figures' link)."""
    return _link(unit, moved_to=stage, since=period.start, until=period.end)


def monthly_trend(user, unit: Unit | None, year: int) -> list[dict]:
    """For each of signed, started and producing: how many projects reached it in each month of the year."""
    out = []
    for stage in TREND_STAGES:
        rows = (
            _moves(user, unit, Period.year(year), stage)
            .order_by()
            .annotate(m=ExtractMonth("on"))
            .values("m")
            .annotate(n=Count("project", distinct=True))
        )
        counts = {row["m"]: row["n"] for row in rows}
        points = []
        for month in range(1, 13):
            p = Period.month(year, month)
            points.append(
                {
                    "month": month,
                    "count": counts.get(month, 0),
                    "link": _link(unit, moved_to=stage, since=p.start, until=p.end),
                }
            )
        out.append({"stage": stage, "label": Stage(stage).label, "points": points})
    return out


def per_zone(user, unit: Unit, period: Period) -> list[dict]:
    """For a region: each zone below it with its signed, started and producing counts and signed investment."""
    zones = Unit.objects.visible_to(user).filter(path__startswith=unit.path, kind=UnitKind.ZONE, is_archived=False)
    rows = []
    for zone in zones.order_by("path"):
        row = {"unit": zone}
        for stage in TREND_STAGES:
            agg = _moves(user, zone, period, stage).aggregate(
                n=Count("project", distinct=True), wan=Sum("investment_wan")
            )
            row[stage] = {
                "count": agg["n"],
                "investment_wan": agg["wan"] or Decimal(0),
                "link": _link(zone, moved_to=stage, since=period.start, until=period.end),
            }
        rows.append(row)
    return rows


def money_by_stage(user, unit: Unit | None) -> list[dict]:
    """money() split by the current stage, so each row's count is the length of the list `?stage=…`."""
    qs = Project.objects.visible_to(user).investments().filter(stage__in=SIGNED_ON, is_archived=False)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = (
        qs.order_by()
        .values("stage")
        .annotate(
            n=Count("pk"),
            contracted=Sum("contracted_investment_wan"),
            in_place=Sum("funds_in_place_wan"),
            completed=Sum("investment_completed_wan"),
        )
    )
    found = {row["stage"]: row for row in rows}
    zero = Decimal(0)
    return [
        {
            "stage": s,
            "label": Stage(s).label,
            "count": found.get(s, {}).get("n", 0),
            "link": _link(unit, stage=s),
            **{k: found.get(s, {}).get(k) or zero for k in ("contracted", "in_place", "completed")},
        }
        for s in SIGNED_ON
    ]


def referral_lists(user, unit: Unit | None, period: Period) -> dict:
    """The referrals behind referral_figures(): referred out, referred in (accepted in the period), and open."""
    units = Unit.objects.visible_to(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    in_period = Q(decided_at__date__gte=period.start, decided_at__date__lte=period.end)
    base = Referral.objects.select_related("project", "from_unit", "to_unit")
    accepted = base.filter(in_period, status=Referral.Status.ACCEPTED)
    return {
        "referred_out": list(accepted.filter(from_unit__in=units).exclude(to_unit__in=units)),
        "referred_in": list(accepted.filter(to_unit__in=units).exclude(from_unit__in=units)),
        "open": list(base.filter(status=Referral.Status.OFFERED).filter(Q(from_unit__in=units) | Q(to_unit__in=units))),
    }


def chain_projects(user, unit: Unit | None, year: int) -> dict:
    """The projects behind same_year_chain(): signed and started in the year, and the full chain."""
    period = Period.year(year)
    ids = {s: set(_moves(user, unit, period, s).values_list("project_id", flat=True)) for s in TREND_STAGES}
    both = ids[Stage.SIGNED] & ids[Stage.STARTED]
    projects = {p.pk: p for p in Project.objects.filter(pk__in=both).order_by("name")}
    return {
        "signed_and_started": list(projects.values()),
        "full_chain": [p for p in projects.values() if p.pk in ids[Stage.PRODUCING]],
    }


def funnel_projects(user, unit: Unit | None, period: Period) -> dict[str, list[Project]]:
    """The projects behind funnel(): for each stage, the period's leads that have reached it."""
    leads = _moves(user, unit, period, Stage.LEAD).values("project_id")
    out: dict[str, list[Project]] = {stage: [] for stage in LIFE}
    for project in Project.objects.filter(pk__in=leads).select_related("unit").order_by("name"):
        last = project.dropped_from if project.stage == Stage.DROPPED else project.stage
        for passed in reached(last):
            out[passed].append(project)
    return out


def not_exact_projects(user, unit: Unit | None, period: Period, stage: str = Stage.SIGNED) -> list[Project]:
    """The projects behind threshold_figures()["not_exact"]: amounts stated as at least, about or a range."""
    moves = _moves(user, unit, period, stage).exclude(project__investment_qualifier=AmountQualifier.EXACT)
    return list(Project.objects.filter(pk__in=moves.values("project_id")).order_by("name"))


def stalled_figure(user, unit: Unit | None) -> dict:
    """Projects that have not moved for the unit's stalled-days limit, with the list that shows them."""
    _thresholds, days = figure_settings(unit)
    count = project_list(user, ProjectFilter(unit=unit.pk if unit else None, stalled=True)).count()
    return {"count": count, "days": days, "link": _link(unit, stalled=1)}


def metric_link(target: Target, period: Period) -> str:
    """The project list behind a target's actual value (its unit, officer, period and stage or band)."""
    stage = {Metric.STARTED_COUNT: Stage.STARTED, Metric.PRODUCING_COUNT: Stage.PRODUCING}.get(
        target.metric, Stage.SIGNED
    )
    band = f"over{target.metric.rsplit('_', 1)[1]}" if target.metric.startswith("signed_over_") else None
    return _link(
        target.unit, moved_to=stage, since=period.start, until=period.end, band=band, officer=target.officer_id
    )
