"""The dashboards' figures composed per unit: a zone (or any unit's subtree) and a region's zones side by side.

Everything is plain data (the pages, the big screen and the API share it) and every number carries `link`, the
list whose length equals it. Aggregate queries only: the number of queries does not grow with the rows.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Max, Q, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.demands.filters import FLAG_FILTERS
from zonedesk.demands.queries import demand_breakdown
from zonedesk.demands.queries import monthly_trend as demand_monthly_trend
from zonedesk.demands.states import State
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.projects import figures
from zonedesk.projects.figures import Period
from zonedesk.projects.models import Metric, Project, Target
from zonedesk.projects.stages import LIFE, Stage, reached

from .aggregates import demand_figures, demands_link, health_figures, moves, project_figures

TARGET_METRICS = {
    Stage.SIGNED: Metric.SIGNED_COUNT,
    Stage.STARTED: Metric.STARTED_COUNT,
    Stage.PRODUCING: Metric.PRODUCING_COUNT,
}
MAX_DEPARTMENTS = 12


def period_params(period: Period, year: int, quarter: int, month: int | None) -> dict:
    """The ?year=&quarter=&month= that gives the period back on the figure pages."""
    params: dict = {"year": year}
    if quarter:
        params["quarter"] = quarter
    elif month:
        params["month"] = month
    return params


def _unit_out(unit: Unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "short_name": unit.short_name or unit.name, "kind": unit.kind}


def funnel_figures(user, unit: Unit, period: Period, figures_url: str) -> list[dict]:
    """Of the leads recorded in the period, how many reached each later stage (projects.figures.funnel, counted over
    the (stage, dropped from) groups in SQL); each stage links to its list on the figures page."""
    leads = moves(user, unit, period, [Stage.LEAD]).values("project_id")
    groups = Project.objects.filter(pk__in=leads).order_by().values("stage", "dropped_from").annotate(n=Count("pk"))
    counts = dict.fromkeys(LIFE, 0)
    for group in groups:
        last = group["dropped_from"] if group["stage"] == Stage.DROPPED else group["stage"]
        for passed in reached(last):
            counts[passed] += group["n"]
    out, previous = [], None
    for stage in LIFE:
        rate = round(100 * counts[stage] / previous, 1) if previous else None
        out.append(
            {
                "stage": str(stage),
                "label": str(Stage(stage).label),
                "count": counts[stage],
                "rate": rate,
                "link": f"{figures_url}#funnel-{stage}",
            }
        )
        previous = counts[stage]
    return out


def chain_figures(user, unit: Unit, year: int, figures_url: str) -> dict:
    """当年签约、当年开工、当年投产 (projects.figures.same_year_chain) in one query: the year's moves grouped by project
    with a flag per stage reached, counted over that grouping (one pass over the moves, no subquery per project)."""
    period = Period.year(year)

    def reached_in_year(stage: str) -> Max:
        return Max(Case(When(to_stage=stage, then=Value(1)), default=Value(0), output_field=IntegerField()))

    per_project = (
        moves(user, unit, period, [Stage.SIGNED, Stage.STARTED, Stage.PRODUCING])
        .order_by()
        .values("project_id")
        .annotate(
            zd_signed=reached_in_year(Stage.SIGNED),
            zd_started=reached_in_year(Stage.STARTED),
            zd_producing=reached_in_year(Stage.PRODUCING),
        )
    )
    agg = per_project.aggregate(
        signed=Sum("zd_signed"),
        both=Count("project_id", filter=Q(zd_signed=1, zd_started=1)),
        full=Count("project_id", filter=Q(zd_signed=1, zd_started=1, zd_producing=1)),
    )
    agg = {key: value or 0 for key, value in agg.items()}
    return {
        "year": year,
        "signed": {"count": agg["signed"], "link": figures.stage_link(unit, Stage.SIGNED, period)},
        "signed_and_started": {"count": agg["both"], "link": f"{figures_url}#chain-started"},
        "full_chain": {"count": agg["full"], "link": f"{figures_url}#chain-producing"},
    }


def target_figures(user, unit: Unit, year: int, actual: dict) -> list[dict]:
    """Signed, started and producing this year (and the signed investment) against the unit's own annual targets."""
    metrics = [*TARGET_METRICS.values(), Metric.SIGNED_INVESTMENT]
    targets = dict(
        Target.objects.visible_to(user)
        .filter(unit=unit, officer__isnull=True, year=year, quarter=0, metric__in=metrics)
        .values_list("metric", "value")
    )
    rows = []
    for stage, metric in [*TARGET_METRICS.items(), (Stage.SIGNED, Metric.SIGNED_INVESTMENT)]:
        figure = actual[stage]
        is_amount = metric == Metric.SIGNED_INVESTMENT
        value = figure["investment_wan"] if is_amount else Decimal(figure["count"])
        target = targets.get(metric)
        share = round(float(100 * value / target), 1) if target else None
        rows.append(
            {
                "metric": str(metric),
                "label": str(Metric(metric).label),
                "is_amount": is_amount,
                "count": figure["count"],
                "actual": value,
                "target": target,
                "share": share,
                "link": figure["link"],
            }
        )
    return rows


def department_figures(user, unit: Unit, today: date) -> list[dict]:
    """The unit's demands by the department at work: all, open and overdue, with the on-time rate and satisfaction.

    The demands with no department yet get links only once the list page reads the `unassigned` filter back.
    """
    rows = demand_breakdown(user, "department", today=today, unit=unit.pk)
    # Above a zone, departments of several zones share names (each zone has its 行政审批局): name the zone too.
    zone_of = {}
    if unit.kind != UnitKind.ZONE:
        departments = Unit.objects.filter(pk__in=[r["key"] for r in rows if r["key"] is not None])
        zone_of = {d.pk: d.parent.short_name or d.parent.name for d in departments.select_related("parent")}

    def figure(row: dict, value: int, **extra) -> dict:
        linkable = row["key"] is not None or "unassigned" in FLAG_FILTERS
        return {"value": value, "link": demands_link({**row["filter"], **extra}) if linkable else None}

    return [
        {
            "key": row["key"],
            "label": " · ".join(filter(None, [zone_of.get(row["key"]), row["label"]])) or str(_("No department yet")),
            "total": figure(row, row["total"]),
            "open": figure(row, row["open"], closed=False),
            "overdue": figure(row, row["overdue"], overdue=True),
            "on_time_rate": row["on_time_rate"],
            "satisfaction": row["satisfaction"],
        }
        for row in rows
    ]


def demand_trend(user, unit: Unit, year: int, today: date) -> list[dict]:
    """Demands submitted, resolved and confirmed by the enterprise in each month of the year, each with its list."""
    confirmed = {"state": State.CONFIRMED, "confirmed_auto": False}
    rows = demand_monthly_trend(user, first=date(year, 1, 1), last=date(year, 12, 31), today=today, unit=unit.pk)
    out = []
    for month, row in enumerate(rows, start=1):
        span = (Period.month(year, month).start, Period.month(year, month).end)
        out.append(
            {
                "month": month,
                "submitted": {"value": row["submitted"], "link": demands_link({"unit": unit.pk, "period": span})},
                "resolved": {"value": row["resolved"], "link": demands_link({"unit": unit.pk, "resolved_in": span})},
                "confirmed": {
                    "value": row["confirmed"],
                    "link": demands_link({"unit": unit.pk, **confirmed, "confirmed_in": span}),
                },
            }
        )
    return out


def project_trend(user, unit: Unit, year: int) -> list[dict]:
    """Projects signed, started and producing in each month of the year (projects.figures.monthly_trend)."""
    return [
        {
            "stage": str(series["stage"]),
            "label": str(series["label"]),
            "points": [{"month": p["month"], "count": p["count"], "link": p["link"]} for p in series["points"]],
        }
        for series in figures.monthly_trend(user, unit, year)
    ]


def zone_dashboard(user, unit: Unit, period: Period, *, year: int, quarter: int, month: int | None, today: date):
    """Every figure of the zone dashboard of `unit` (its whole subtree) for the period."""
    figures_url = (
        reverse("figures:figures") + "?" + urlencode({"unit": unit.pk, **period_params(period, year, quarter, month)})
    )
    projects = project_figures(user, [unit], period)[unit.pk]
    year_period = Period.year(year)
    this_year = projects if period == year_period else project_figures(user, [unit], year_period)[unit.pk]
    thresholds = figures.threshold_figures(user, unit, period)
    return {
        "unit": _unit_out(unit),
        "period": {"start": period.start, "end": period.end, "label": period.label},
        "projects": projects,
        "funnel": funnel_figures(user, unit, period, figures_url),
        "targets": target_figures(user, unit, year, this_year),
        "bands": [{k: r[k] for k in ("key", "label", "count", "investment_wan", "link")} for r in thresholds["bands"]],
        "cumulative": [
            {k: r[k] for k in ("key", "label", "count", "investment_wan", "link")} for r in thresholds["cumulative"]
        ],
        "chain": chain_figures(user, unit, year, figures_url),
        "health": health_figures(user, [unit], today)[unit.pk],
        "demands": demand_figures(user, [unit], period, today)[unit.pk],
        "departments": department_figures(user, unit, today),
        "project_trend": project_trend(user, unit, year),
        "demand_trend": demand_trend(user, unit, year, today),
    }


def zones_under(user, unit: Unit) -> list[Unit]:
    """The zones a region dashboard puts side by side: the zones below `unit` the user sees (a zone: itself)."""
    if unit.kind == UnitKind.ZONE:
        return [unit]
    zones = Unit.objects.visible_to(user).filter(path__startswith=unit.path, kind=UnitKind.ZONE, is_archived=False)
    return list(zones.order_by("path"))


def region_dashboard(user, unit: Unit, period: Period, *, today: date) -> dict:
    """The region's zones side by side (and the region's own totals): projects, demands and key-project health."""
    zones = zones_under(user, unit)
    projects = project_figures(user, zones, period)
    demands = demand_figures(user, zones, period, today)
    health = health_figures(user, zones, today)
    if unit in zones:
        total = {"projects": projects[unit.pk], "demands": demands[unit.pk], "health": health[unit.pk]}
    else:  # the units given to one query are siblings, so the region's own totals take a query of their own
        total = {
            "projects": project_figures(user, [unit], period)[unit.pk],
            "demands": demand_figures(user, [unit], period, today)[unit.pk],
            "health": health_figures(user, [unit], today)[unit.pk],
        }
    rows = [
        {"unit": _unit_out(z), "projects": projects[z.pk], "demands": demands[z.pk], "health": health[z.pk]}
        for z in zones
    ]
    return {
        "unit": _unit_out(unit),
        "period": {"start": period.start, "end": period.end, "label": period.label},
        "zones": rows,
        "total": {"unit": _unit_out(unit), **total},
    }
