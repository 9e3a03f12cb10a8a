"""Figures for several units at once, each unit counting its own subtree, in one grouped query per kind of record.

A unit's row comes from a CASE that names, for each record, the unit among `units` whose path starts its unit's
path; the units given are siblings (zones of a region) or a single unit, so no record counts twice. Every figure
carries the link of the list whose length equals it.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Avg, Case, Count, F, IntegerField, Q, Sum, Value, When
from django.urls import reverse

from zonedesk.common.workdays import WorkCalendar
from zonedesk.demands.filters import filter_query
from zonedesk.demands.queries import demand_list
from zonedesk.demands.states import CLOSED, State
from zonedesk.orgs.models import Unit
from zonedesk.projects.figures import Period, stage_link
from zonedesk.projects.models import Project, StageMove
from zonedesk.projects.stages import Stage
from zonedesk.taskforces.models import Milestone, Task, TaskStatus
from zonedesk.taskforces.queries import due_horizon

PROJECT_STAGES = [Stage.LEAD, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]


def unit_case(units: list[Unit], field: str) -> Case:
    """The pk of the unit among `units` whose subtree holds the record (NULL when none does).

    Tests the record's unit id against each subtree's ids (an uncorrelated subquery both databases evaluate once),
    not the unit's path with a LIKE per unit through a join, which cost seconds per dashboard at city scale."""
    whens = [
        When(**{f"{field}__in": Unit.objects.filter(path__startswith=u.path).values("pk")}, then=Value(u.pk))
        for u in units
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def demands_link(spec: dict) -> str:
    return reverse("demands:list") + "?" + filter_query(spec)


# --- projects -------------------------------------------------------------------------------------


def moves(user, unit: Unit | None, period: Period, stages: list[str]):
    """The stage moves the project figures count (as projects.figures does): uncancelled moves to `stages` in the
    period, in the user's units (under `unit`), of projects the project list shows (visible, not archived, investment
    projects: the zone's own facilities count in no investment figure)."""
    units = Unit.objects.visible_to(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    return StageMove.objects.filter(
        unit__in=units,
        to_stage__in=stages,
        on__gte=period.start,
        on__lte=period.end,
        cancelled_at__isnull=True,
        project__in=Project.objects.visible_to(user).investments().filter(is_archived=False),
    )


def project_figures(user, units: list[Unit], period: Period) -> dict[int, dict]:
    """For each unit: the projects that reached lead, signed, started and producing in the period, and their amount
    (stage_figures of projects.figures, for many units in one query)."""
    rows = (
        moves(user, None, period, PROJECT_STAGES)
        .annotate(zd_unit=unit_case(units, "unit"))
        .filter(zd_unit__isnull=False)
        .order_by()
        .values("zd_unit", "to_stage")
        .annotate(n=Count("project", distinct=True), wan=Sum("investment_wan"))
    )
    found = {(r["zd_unit"], r["to_stage"]): r for r in rows}
    out = {}
    for unit in units:
        out[unit.pk] = {
            str(stage): {
                "count": found.get((unit.pk, stage), {}).get("n", 0),
                "investment_wan": found.get((unit.pk, stage), {}).get("wan") or Decimal(0),
                "link": stage_link(unit, stage, period),
            }
            for stage in PROJECT_STAGES
        }
    return out


# --- demands --------------------------------------------------------------------------------------


def demand_conditions(period: Period, today: date) -> dict[str, tuple[Q, dict]]:
    """Each demand figure: the condition that counts it, and the demand_list filter that lists the same demands."""
    span = (period.start, period.end)
    resolved = Q(resolved_on__gte=period.start, resolved_on__lte=period.end)
    judged = resolved & Q(deadline__isnull=False)
    return {
        "open": (~Q(state__in=CLOSED), {"closed": False}),
        "overdue": (Q(state=State.ASSIGNED, deadline__lt=today), {"overdue": True}),
        "submitted": (Q(submitted_on__gte=period.start, submitted_on__lte=period.end), {"period": span}),
        "resolved": (resolved, {"resolved_in": span}),
        "on_time": (judged & Q(resolved_on__lte=F("deadline")), {"resolved_in": span, "on_time": True}),
        "late": (judged & Q(resolved_on__gt=F("deadline")), {"resolved_in": span, "on_time": False}),
        "rated": (
            resolved & Q(state=State.CONFIRMED, confirmed_auto=False),
            {"resolved_in": span, "state": State.CONFIRMED, "confirmed_auto": False},
        ),
    }


def demand_figures(user, units: list[Unit], period: Period, today: date) -> dict[int, dict]:
    """For each unit: demands open and overdue today; submitted, resolved, resolved on time and late in the period;
    the on-time rate and the enterprises' average satisfaction with the demands resolved in the period."""
    conditions = demand_conditions(period, today)
    counts = {key: Count("pk", filter=cond) for key, (cond, _spec) in conditions.items()}
    rows = (
        demand_list(user, today=today)
        .order_by()
        .annotate(zd_unit=unit_case(units, "unit"))
        .filter(zd_unit__isnull=False)
        .values("zd_unit")
        .annotate(**counts, satisfaction=Avg("satisfaction", filter=conditions["rated"][0]))
    )
    found = {r["zd_unit"]: r for r in rows}
    out = {}
    for unit in units:
        row = found.get(unit.pk, {})
        figures = {
            key: {"value": row.get(key, 0), "link": demands_link({"unit": unit.pk, **spec})}
            for key, (_cond, spec) in conditions.items()
        }
        judged = figures["on_time"]["value"] + figures["late"]["value"]
        figures["on_time_rate"] = {
            "value": round(figures["on_time"]["value"] / judged, 4) if judged else None,
            "link": figures["on_time"]["link"],
        }
        average = row.get("satisfaction")
        figures["satisfaction"] = {
            "value": round(float(average), 2) if average is not None else None,
            "link": figures["rated"]["link"],
        }
        out[unit.pk] = figures
    return out


# --- key-project health: milestones and responsibility items --------------------------------------

HEALTH_KINDS = ("milestone", "task")
HEALTH_STATUSES = ("on_track", "due_soon", "overdue")


def health_conditions(today: date, horizon: date) -> dict[str, dict[str, Q]]:
    """Open milestones and open tasks on track, due within 3 working days, or overdue (taskforces.queries' rules)."""
    return {
        "milestone": {
            "on_track": Q(actual_on__isnull=True, planned_on__gt=horizon),
            "due_soon": Q(actual_on__isnull=True, planned_on__gte=today, planned_on__lte=horizon),
            "overdue": Q(actual_on__isnull=True, planned_on__lt=today),
        },
        "task": {
            "on_track": Q(status=TaskStatus.OPEN, deadline__gt=horizon),
            "due_soon": Q(status=TaskStatus.OPEN, deadline__gte=today, deadline__lte=horizon),
            "overdue": Q(status=TaskStatus.OPEN, deadline__lt=today),
        },
    }


def _health_rows(user, kind: str):
    model = Milestone if kind == "milestone" else Task
    return model.objects.visible_to(user).exclude(task_force__project__stage=Stage.DROPPED)


def health_items(user, unit: Unit, kind: str, status: str, today: date):
    """The milestones or tasks behind one health figure of `unit` (the list its link opens)."""
    condition = health_conditions(today, due_horizon(today, WorkCalendar()))[kind][status]
    rows = _health_rows(user, kind).filter(condition, task_force__unit__path__startswith=unit.path)
    rows = rows.select_related("task_force__project", "task_force__unit")
    if kind == "task":
        return rows.select_related("owner", "owner_department").order_by("deadline", "pk")
    return rows.order_by("planned_on", "pk")


def health_link(unit: Unit, kind: str, status: str) -> str:
    return reverse("dashboards:items") + "?" + urlencode({"unit": unit.pk, "kind": kind, "status": status})


def health_figures(user, units: list[Unit], today: date) -> dict[int, dict]:
    """For each unit: the key projects' open milestones and tasks on track, due soon and overdue."""
    conditions = health_conditions(today, due_horizon(today, WorkCalendar()))
    found: dict[str, dict] = {}
    for kind in HEALTH_KINDS:
        counts = {status: Count("pk", filter=cond) for status, cond in conditions[kind].items()}
        rows = (
            _health_rows(user, kind)
            .order_by()
            .annotate(zd_unit=unit_case(units, "task_force__unit"))
            .filter(zd_unit__isnull=False)
            .values("zd_unit")
            .annotate(**counts)
        )
        found[kind] = {r["zd_unit"]: r for r in rows}
    return {
        unit.pk: {
            kind: {
                status: {
                    "value": found[kind].get(unit.pk, {}).get(status, 0),
                    "link": health_link(unit, kind, status),
                }
                for status in HEALTH_STATUSES
            }
            for kind in HEALTH_KINDS
        }
        for unit in units
    }
