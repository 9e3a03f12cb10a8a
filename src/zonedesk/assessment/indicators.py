"""The indicator catalogue (指标库): outcomes computed from the records for a period, one grouped query each.

Each indicator answers, for every subject of a scheme (zones, departments or officers below its unit), a value
and the list behind it (a link to a list page whose length or sum is the value). Logins, clicks and activity
counts are never indicators.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.demands.models import Demand
from zonedesk.demands.states import State
from zonedesk.orgs.models import Membership, Unit, UnitKind, User
from zonedesk.orgs.roles import Role
from zonedesk.projects.models import StageMove
from zonedesk.projects.stages import Kind, Stage
from zonedesk.taskforces.models import Task, TaskForce, TaskStatus, WeeklyReport

from .models import SchemeItem, SubjectKind

ZONE, DEPARTMENT, OFFICER = SubjectKind.ZONE, SubjectKind.DEPARTMENT, SubjectKind.OFFICER
SCORED_ROLES = (Role.INVESTMENT_OFFICER, Role.SERVICE_OFFICER, Role.PROJECT_MANAGER, Role.HANDLER)


@dataclass(frozen=True)
class Subject:
    pk: int
    name: str
    is_user: bool = False


@dataclass
class Subjects:
    """Who a scheme scores, and for zones the map from every unit below a zone to that zone."""

    kind: str
    items: list[Subject]
    zone_of_unit: dict[int, int]

    @classmethod
    def of(cls, unit: Unit, kind: str) -> "Subjects":
        below = Unit.objects.filter(path__startswith=unit.path, is_archived=False)
        if kind == OFFICER:
            held = Membership.objects.active().filter(unit__in=below, role__in=SCORED_ROLES).values("user_id")
            users = User.objects.filter(pk__in=held, is_active=True).order_by("username")
            return cls(kind, [Subject(u.pk, str(u), True) for u in users], {})
        wanted = UnitKind.ZONE if kind == ZONE else UnitKind.DEPARTMENT
        units = list(below.filter(kind=wanted).order_by("path"))
        zone_of = {}
        if kind == ZONE:
            for pk, path in below.values_list("pk", "path"):
                owner = next((z.pk for z in units if path.startswith(z.path)), None)
                if owner is not None:
                    zone_of[pk] = owner
        return cls(kind, [Subject(u.pk, u.name) for u in units], zone_of)

    def fold(self, rows: dict) -> dict[int, list]:
        """Grouped sums per unit (zones: units below a zone add up into it); rows: {key: [numbers…]}."""
        out: dict[int, list] = {}
        for key, numbers in rows.items():
            if key is None:
                continue
            subject = self.zone_of_unit.get(key) if self.kind == ZONE else key
            if subject is None:
                continue
            current = out.setdefault(subject, [Decimal(0)] * len(numbers))
            out[subject] = [a + Decimal(b or 0) for a, b in zip(current, numbers, strict=True)]
        return out


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    measure: str  # what the value is in: 万元, 个, %, 分
    kinds: frozenset
    compute: Callable  # (subjects, start, end, item) -> {subject pk: Decimal | None}
    link: Callable | None = None  # (kind, subject pk, start, end, item) -> url of the list behind


def _group(kind: str, by: dict[str, str]) -> str:
    return by[kind]


def _counted(subjects: Subjects, folded: dict[int, list]) -> dict:
    """A count or a sum for every subject: one with nothing in the period counts 0 (its list is empty)."""
    return {s.pk: folded.get(s.pk, [Decimal(0)])[0] for s in subjects.items}


def _ratio(num: Decimal, den: Decimal, scale: int = 100) -> Decimal | None:
    return (Decimal(num) * scale / Decimal(den)).quantize(Decimal("0.01")) if den else None


# --- projects: counted from the stage moves of the period (a past period never moves) ------------------------


def _moves(stage: str, start: date, end: date, item: SchemeItem | None = None):
    moves = StageMove.objects.filter(to_stage=stage, cancelled_at__isnull=True, on__gte=start, on__lte=end)
    moves = moves.filter(project__kind=Kind.INVESTMENT)  # the zone's own facilities are no investment outcome
    if item is not None and item.threshold_wan is not None:
        moves = moves.filter(investment_wan__gte=item.threshold_wan)
    return moves.order_by()


PROJECT_GROUP = {ZONE: "unit", OFFICER: "project__officer"}


def _move_figure(stage: str, aggregate: str):
    def compute(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
        field = PROJECT_GROUP[subjects.kind]
        value = Sum("investment_wan") if aggregate == "sum" else Count("pk")
        rows = _moves(stage, start, end, item).values(field).annotate(v=value)
        return _counted(subjects, subjects.fold({r[field]: [r["v"]] for r in rows}))

    return compute


def _project_link(stage: str):
    def link(kind: str, pk: int, start: date, end: date, item: SchemeItem) -> str:
        params = {"moved_to": stage, "since": start.isoformat(), "until": end.isoformat()}
        params["unit" if kind == ZONE else "officer"] = pk
        if item.threshold_wan is not None:
            params["min_wan"] = f"{item.threshold_wan.normalize():f}"  # 10000, not 1E+4
        return f"{reverse('projects:list')}?{urlencode(params)}"

    return link


# --- demands ---------------------------------------------------------------------------------------------------

DEMAND_GROUP = {ZONE: "unit", DEPARTMENT: "assigned_department", OFFICER: "enterprise__service_officer"}
DEMAND_FILTER = {ZONE: "unit", DEPARTMENT: "department", OFFICER: "service_officer"}


def _demand_link(**extra):
    def link(kind: str, pk: int, start: date, end: date, item: SchemeItem) -> str:
        params = {DEMAND_FILTER[kind]: pk, **extra}
        for key, value in list(params.items()):
            if value == "@period":
                params.pop(key)
                params[f"{key}_from"], params[f"{key}_to"] = start.isoformat(), end.isoformat()
        return f"{reverse('demands:list')}?{urlencode(params)}"

    return link


def demands_on_time(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    field = DEMAND_GROUP[subjects.kind]
    judged = Demand.objects.filter(resolved_on__gte=start, resolved_on__lte=end, deadline__isnull=False).order_by()
    rows = judged.values(field).annotate(on_time=Count("pk", filter=Q(resolved_on__lte=F("deadline"))), n=Count("pk"))
    folded = subjects.fold({r[field]: [r["on_time"], r["n"]] for r in rows})
    return {k: _ratio(on_time, n) for k, (on_time, n) in folded.items()}


def demand_satisfaction(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    field = DEMAND_GROUP[subjects.kind]
    rated = Demand.objects.filter(
        state=State.CONFIRMED, confirmed_auto=False, confirmed_on__gte=start, confirmed_on__lte=end
    ).order_by()
    rows = rated.values(field).annotate(total=Sum("satisfaction"), n=Count("pk"))
    folded = subjects.fold({r[field]: [r["total"], r["n"]] for r in rows})
    return {k: _ratio(total, n, 1) for k, (total, n) in folded.items()}


def demands_solved(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    field = DEMAND_GROUP[subjects.kind]
    solved = Demand.objects.filter(outcome="solved", resolved_on__gte=start, resolved_on__lte=end).order_by()
    rows = solved.values(field).annotate(n=Count("pk"))
    return _counted(subjects, subjects.fold({r[field]: [r["n"]] for r in rows}))


def demands_overdue(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    """Demands due in the period and resolved late, or still unresolved after their deadline."""
    field = DEMAND_GROUP[subjects.kind]
    today = timezone.localdate()
    late = Q(resolved_on__gt=F("deadline")) | Q(resolved_on__isnull=True, state=State.ASSIGNED, deadline__lt=today)
    due = Demand.objects.filter(late, deadline__gte=start, deadline__lte=end).order_by()
    rows = due.values(field).annotate(n=Count("pk"))
    return _counted(subjects, subjects.fold({r[field]: [r["n"]] for r in rows}))


# --- task forces ---------------------------------------------------------------------------------------------

TASK_GROUP = {ZONE: "task_force__unit", DEPARTMENT: "owner_department", OFFICER: "owner"}


def tasks_overdue(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    """Responsibility items due in the period and done late, or still open after their deadline."""
    field = TASK_GROUP[subjects.kind]
    today = timezone.localdate()
    late = Q(status=TaskStatus.DONE, done_on__gt=F("deadline")) | Q(status=TaskStatus.OPEN, deadline__lt=today)
    rows = Task.objects.filter(late, deadline__gte=start, deadline__lte=end).order_by().values(field)
    rows = rows.annotate(n=Count("pk"))
    return _counted(subjects, subjects.fold({r[field]: [r["n"]] for r in rows}))


REPORT_GROUP = {ZONE: "unit", OFFICER: "leader"}


def _weeks_due(start: date, end: date) -> list[tuple[int, int]]:
    """The ISO weeks whose Monday falls in the period and that have ended by now."""
    today = timezone.localdate()
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    weeks = []
    while monday <= end and monday + timedelta(days=6) < today:
        year, week, _day = monday.isocalendar()
        weeks.append((year, week))
        monday += timedelta(days=7)
    return weeks


def weekly_reports_on_time(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    """Reports in by their deadline, as a share of the reports due (live task forces × weeks of the period)."""
    weeks = _weeks_due(start, end)
    if not weeks:
        return {}
    field = REPORT_GROUP[subjects.kind]
    live = TaskForce.objects.exclude(project__stage=Stage.DROPPED).filter(created_on__lte=start).order_by()
    expected = {r[field]: [r["n"] * len(weeks)] for r in live.values(field).annotate(n=Count("pk"))}
    in_weeks = Q()
    for year, week in weeks:
        in_weeks |= Q(iso_year=year, iso_week=week)
    # Only the reports of the task forces counted as due: one set up during the period is not due yet.
    reports = WeeklyReport.objects.filter(in_weeks, was_on_time=True, task_force__in=live.values("pk")).order_by()
    on_time = {
        r[f"task_force__{field}"]: [r["n"]] for r in reports.values(f"task_force__{field}").annotate(n=Count("pk"))
    }
    due, done = subjects.fold(expected), subjects.fold(on_time)
    return {k: _ratio(done.get(k, [0])[0], n[0]) for k, n in due.items()}


CATALOGUE: dict[str, Indicator] = {
    i.key: i
    for i in [
        Indicator(
            "signed_investment",
            _("Investment signed"),
            "万元",
            frozenset({ZONE, OFFICER}),
            _move_figure(Stage.SIGNED, "sum"),
            _project_link(Stage.SIGNED),
        ),
        Indicator(
            "signed_projects",
            _("Projects signed (at or over the threshold)"),
            "个",
            frozenset({ZONE, OFFICER}),
            _move_figure(Stage.SIGNED, "count"),
            _project_link(Stage.SIGNED),
        ),
        Indicator(
            "projects_started",
            _("Projects started"),
            "个",
            frozenset({ZONE, OFFICER}),
            _move_figure(Stage.STARTED, "count"),
            _project_link(Stage.STARTED),
        ),
        Indicator(
            "projects_producing",
            _("Projects producing"),
            "个",
            frozenset({ZONE, OFFICER}),
            _move_figure(Stage.PRODUCING, "count"),
            _project_link(Stage.PRODUCING),
        ),
        Indicator(
            "demands_on_time",
            _("Demands resolved on time"),
            "%",
            frozenset({ZONE, DEPARTMENT, OFFICER}),
            demands_on_time,
            _demand_link(resolved="@period", on_time="1"),
        ),
        Indicator(
            "demand_satisfaction",
            _("Satisfaction of the enterprises"),
            "分",
            frozenset({ZONE, DEPARTMENT, OFFICER}),
            demand_satisfaction,
            _demand_link(confirmed="@period", state=State.CONFIRMED, confirmed_auto="0"),
        ),
        Indicator(
            "demands_solved",
            _("Demands solved"),
            "个",
            frozenset({ZONE, DEPARTMENT, OFFICER}),
            demands_solved,
            _demand_link(resolved="@period", outcome="solved"),
        ),
        Indicator(
            "demands_overdue",
            _("Demands overdue (penalty)"),
            "个",
            frozenset({ZONE, DEPARTMENT, OFFICER}),
            demands_overdue,
            _demand_link(due="@period", late="1"),
        ),
        Indicator(
            "weekly_reports_on_time",
            _("Weekly reports on time"),
            "%",
            frozenset({ZONE, OFFICER}),
            weekly_reports_on_time,
        ),
        Indicator(
            "tasks_overdue",
            _("Responsibility items overdue (penalty)"),
            "个",
            frozenset({ZONE, DEPARTMENT, OFFICER}),
            tasks_overdue,
        ),
    ]
}


# Safety and recruitment (issue 8) come from their own module, which builds on the helpers above.
from .indicators_more import MORE  # noqa: E402

CATALOGUE.update({i.key: i for i in MORE})
