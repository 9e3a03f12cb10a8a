"""Reads of demands: the list filter, the deadline status, and the figures (each with the filter behind it)."""

from datetime import date, timedelta
from enum import StrEnum

from django.db.models import Avg, Count, Exists, F, OuterRef, Q
from django.utils import timezone

from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import scope_of
from zonedesk.orgs.roles import Role

from .models import Demand, DemandMove
from .states import CLOSED, Level, Outcome, Source, State

DUE_SOON_WORKDAYS = 3


class DeadlineStatus(StrEnum):
    NONE = "none"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def deadline_status(demand: Demand, today: date | None = None, calendar: WorkCalendar | None = None) -> DeadlineStatus:
    """On track, due within 3 working days, or overdue; only a demand with a department at work has one."""
    if demand.deadline is None or demand.state != State.ASSIGNED:
        return DeadlineStatus.NONE
    today = today or timezone.localdate()
    if demand.deadline < today:
        return DeadlineStatus.OVERDUE
    if (calendar or WorkCalendar()).between(today, demand.deadline) <= DUE_SOON_WORKDAYS:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK


def _values(value) -> list:
    if isinstance(value, list | tuple | set | frozenset):
        return [getattr(v, "pk", v) for v in value]
    return [getattr(value, "pk", value)]


def demand_list(user, *, today: date | None = None, **filters):
    """The demands the user can see, narrowed by the filters a list page and every figure use.

    Filters: state, category (and its children), department, unassigned (no department yet), enterprise, unit
    (the zone and below), source, level, outcome, overdue, closed, confirmed_auto, on_time, dissatisfied,
    escalated, reopened, q (title, enterprise name or its pinyin initials), period=(first day, last day) of
    submission, resolved_in=(first day, last day) of resolution.
    """
    today = today or timezone.localdate()
    qs = Demand.objects.visible_to(user).select_related("enterprise", "category", "assigned_department", "unit")
    if filters.get("state"):
        qs = qs.filter(state__in=_values(filters["state"]))
    if filters.get("category"):
        ids = _values(filters["category"])
        qs = qs.filter(Q(category__in=ids) | Q(category__parent__in=ids))
    if filters.get("department"):
        qs = qs.filter(assigned_department__in=_values(filters["department"]))
    if filters.get("unassigned") is not None:
        qs = qs.filter(assigned_department__isnull=bool(filters["unassigned"]))
    if filters.get("enterprise"):
        qs = qs.filter(enterprise__in=_values(filters["enterprise"]))
    if filters.get("source"):
        qs = qs.filter(source__in=_values(filters["source"]))
    if filters.get("outcome"):
        qs = qs.filter(outcome__in=_values(filters["outcome"]))
    if filters.get("overdue") is not None:
        overdue = Q(state=State.ASSIGNED, deadline__lt=today)
        qs = qs.filter(overdue) if filters["overdue"] else qs.exclude(overdue)
    if filters.get("closed") is not None:
        qs = qs.filter(state__in=CLOSED) if filters["closed"] else qs.exclude(state__in=CLOSED)
    if filters.get("confirmed_auto") is not None:
        qs = qs.filter(confirmed_auto=filters["confirmed_auto"])
    if filters.get("on_time") is not None:
        qs = qs.filter(resolved_on__isnull=False, deadline__isnull=False)
        on_time = Q(resolved_on__lte=F("deadline"))
        qs = qs.filter(on_time) if filters["on_time"] else qs.exclude(on_time)
    if filters.get("service_officer"):
        qs = qs.filter(enterprise__service_officer__in=_values(filters["service_officer"]))
    if filters.get("confirmed_in"):
        first, last = filters["confirmed_in"]
        qs = qs.filter(confirmed_on__gte=first, confirmed_on__lte=last)
    if filters.get("due_in"):
        first, last = filters["due_in"]
        qs = qs.filter(deadline__gte=first, deadline__lte=last)
    if filters.get("late"):  # resolved after the deadline, or still at work past it
        qs = qs.filter(
            Q(resolved_on__gt=F("deadline")) | Q(resolved_on__isnull=True, state=State.ASSIGNED, deadline__lt=today)
        )
    if filters.get("resolved_ever"):
        qs = qs.filter(resolved_on__isnull=False)
    if filters.get("unit"):
        qs = qs.filter(unit__path__startswith=Unit.objects.get(pk=getattr(filters["unit"], "pk", filters["unit"])).path)
    if filters.get("level"):
        qs = qs.filter(level__in=_values(filters["level"]))
    if filters.get("dissatisfied") is not None:
        qs = qs.filter(is_dissatisfied=bool(filters["dissatisfied"]))
    if filters.get("escalated") is not None:
        qs = qs.filter(escalation_level__gt=0) if filters["escalated"] else qs.filter(escalation_level=0)
    if filters.get("reopened") is not None:
        ever = Exists(DemandMove.objects.filter(demand=OuterRef("pk"), to_state=State.REOPENED))
        qs = qs.filter(ever) if filters["reopened"] else qs.filter(~ever)
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(enterprise__name__icontains=text)
            | Q(enterprise__name_initials__startswith=text.lower())
        )
    if filters.get("period"):
        first, last = filters["period"]
        qs = qs.filter(submitted_on__gte=first, submitted_on__lte=last)
    if filters.get("resolved_in"):
        first, last = filters["resolved_in"]
        qs = qs.filter(resolved_on__gte=first, resolved_on__lte=last)
    return qs


def demand_figures(user, *, today: date | None = None, **filters) -> dict:
    """The demand figures over a filtered list; each as {"value", "filter"}: demand_list(user, **filter) gives it.

    "closed" (resolved, confirmed or rejected) is never "solved" (outcome solved), and "auto_confirmed"
    is never counted in "confirmed".
    """
    today = today or timezone.localdate()
    base = demand_list(user, today=today, **filters)
    # Each figure's extra filter and the same condition in SQL: all counted in one pass over the list. A figure whose
    # extra filter overrides one of `filters` (a list already narrowed to a state) is counted as its own list.
    reopened = Exists(DemandMove.objects.filter(demand=OuterRef("pk"), to_state=State.REOPENED))
    judged = Q(resolved_on__isnull=False, deadline__isnull=False)
    rated = Q(state=State.CONFIRMED, confirmed_auto=False)
    conditions = {
        "total": ({}, Q()),
        "open": ({"closed": False}, ~Q(state__in=CLOSED)),
        "resolved": ({"resolved_ever": True}, Q(resolved_on__isnull=False)),
        "reopened": ({"reopened": True}, Q(reopened)),
        "dissatisfied": ({"dissatisfied": True}, Q(is_dissatisfied=True)),
        "closed": ({"closed": True}, Q(state__in=CLOSED)),
        "solved": ({"outcome": Outcome.SOLVED}, Q(outcome=Outcome.SOLVED)),
        "confirmed": ({"state": State.CONFIRMED, "confirmed_auto": False}, rated),
        "auto_confirmed": (
            {"state": State.CONFIRMED, "confirmed_auto": True},
            Q(state=State.CONFIRMED, confirmed_auto=True),
        ),
        "overdue": ({"overdue": True}, Q(state=State.ASSIGNED, deadline__lt=today)),
        "on_time": ({"on_time": True}, judged & Q(resolved_on__lte=F("deadline"))),
        "late": ({"on_time": False}, judged & Q(resolved_on__gt=F("deadline"))),
    }
    together = {
        key: Count("pk", filter=cond) for key, (extra, cond) in conditions.items() if not extra.keys() & filters
    }
    rated_together = not {"state", "confirmed_auto"} & filters.keys()
    if rated_together:
        together["zd_satisfaction"] = Avg("satisfaction", filter=rated)
    found = base.order_by().aggregate(**together) if together else {}
    figures = {}
    for key, (extra, _cond) in conditions.items():
        spec = {**filters, **extra}
        value = found[key] if key in found else demand_list(user, today=today, **spec).count()
        figures[key] = {"value": value, "filter": spec}
    judged = figures["on_time"]["value"] + figures["late"]["value"]
    figures["on_time_rate"] = {
        "value": round(figures["on_time"]["value"] / judged, 4) if judged else None,
        "filter": {**filters, "on_time": True},
    }
    resolved = figures["resolved"]["value"]
    figures["reopen_rate"] = {
        "value": round(figures["reopened"]["value"] / resolved, 4) if resolved else None,
        "filter": {**filters, "reopened": True},
    }
    figures["average_workdays_to_resolve"] = {
        "value": average_workdays_to_resolve(demand_list(user, today=today, **filters)),
        "filter": {**filters, "resolved_ever": True},
    }
    rated_filter = {**filters, "state": State.CONFIRMED, "confirmed_auto": False}
    if rated_together:
        average = found["zd_satisfaction"]
    else:
        average = demand_list(user, today=today, **rated_filter).aggregate(avg=Avg("satisfaction"))["avg"]
    figures["average_satisfaction"] = {
        "value": round(average, 2) if average is not None else None,
        "filter": rated_filter,
    }
    return figures


def average_workdays_to_resolve(demands, calendar: WorkCalendar | None = None) -> float | None:
    """Mean working days from assignment to resolution, over the (assigned, resolved) date pairs grouped in SQL."""
    calendar = calendar or WorkCalendar()
    pairs = (
        demands.filter(assigned_on__isnull=False, resolved_on__isnull=False)
        .order_by()
        .values_list("assigned_on", "resolved_on")
        .annotate(n=Count("pk"))
    )
    total = days = 0
    for assigned_on, resolved_on, n in pairs:
        total += n
        days += n * max(calendar.between(assigned_on, resolved_on), 0)
    return round(days / total, 1) if total else None


# What a breakdown groups by: the field, and the field that names the group.
BREAKDOWNS = {
    "state": ("state", None),
    "category": ("category", "category__name"),
    "department": ("assigned_department", "assigned_department__name"),
    "source": ("source", None),
    "level": ("level", None),
    "unit": ("unit", "unit__name"),
    "enterprise": ("enterprise", "enterprise__name"),
}


def demand_breakdown(user, by: str, *, today: date | None = None, **filters) -> list[dict]:
    """The demand figures per state, category, department, source, level, zone or enterprise in one grouped
    query; each row carries the filter that lists its demands (filter + {by: key})."""
    today = today or timezone.localdate()
    field, label_field = BREAKDOWNS[by]
    on_time = Q(resolved_on__isnull=False, deadline__isnull=False, resolved_on__lte=F("deadline"))
    late = Q(resolved_on__isnull=False, deadline__isnull=False, resolved_on__gt=F("deadline"))
    rows = (
        demand_list(user, today=today, **filters)
        .order_by()
        .values(field, *([label_field] if label_field else []))
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=~Q(state__in=CLOSED)),
            closed=Count("pk", filter=Q(state__in=CLOSED)),
            solved=Count("pk", filter=Q(outcome=Outcome.SOLVED)),
            overdue=Count("pk", filter=Q(state=State.ASSIGNED, deadline__lt=today)),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            confirmed=Count("pk", filter=Q(state=State.CONFIRMED, confirmed_auto=False)),
            auto_confirmed=Count("pk", filter=Q(state=State.CONFIRMED, confirmed_auto=True)),
            dissatisfied=Count("pk", filter=Q(is_dissatisfied=True)),
            satisfaction=Avg("satisfaction", filter=Q(state=State.CONFIRMED, confirmed_auto=False)),
        )
        .order_by("-total")
    )
    choices = {"state": State, "source": Source, "level": Level}.get(by)
    out = []
    for row in rows:
        key = row[field]
        if choices is not None:
            label = choices(key).label if key in choices.values else key
        else:
            label = row[label_field] if key is not None else None
        judged = row["on_time"] + row["late"]
        out.append(
            {
                **{k: row[k] for k in ("total", "open", "closed", "solved", "overdue", "on_time", "late")},
                **{k: row[k] for k in ("confirmed", "auto_confirmed", "dissatisfied")},
                "key": key,
                "label": str(label) if label is not None else "",
                "on_time_rate": round(row["on_time"] / judged, 4) if judged else None,
                "satisfaction": round(row["satisfaction"], 2) if row["satisfaction"] is not None else None,
                # each group is a filter of demand_list; the group of demands with no department yet too
                "filter": {**filters, by: key} if key is not None else {**filters, "unassigned": True},
            }
        )
    return out


def monthly_trend(user, *, first: date, last: date, today: date | None = None, **filters) -> list[dict]:
    """Per month from `first` to `last`: demands submitted, resolved, and confirmed by the enterprise — every month's
    three counts in one pass over the list (a FILTER per month and kind), not one grouped query per kind."""
    spans, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        spans.append((f"{year}-{month:02d}", max(date(year, month, 1), first), min(following - timedelta(1), last)))
        year, month = following.year, following.month
    kinds = {
        "submitted": ("submitted_on", Q()),
        "resolved": ("resolved_on", Q()),
        "confirmed": ("confirmed_on", Q(state=State.CONFIRMED, confirmed_auto=False)),
    }
    counts = {
        f"{kind}_{index}": Count("pk", filter=extra & Q(**{f"{field}__gte": start, f"{field}__lte": end}))
        for kind, (field, extra) in kinds.items()
        for index, (_label, start, end) in enumerate(spans)
    }
    within = Q()
    for field, _extra in kinds.values():
        within |= Q(**{f"{field}__gte": first, f"{field}__lte": last})
    found = demand_list(user, today=today, **filters).order_by().filter(within).aggregate(**counts) if spans else {}
    return [
        {"month": label, **{kind: found[f"{kind}_{index}"] for kind in kinds}}
        for index, (label, _start, _end) in enumerate(spans)
    ]


def workspace(user, *, today: date | None = None) -> dict:
    """The handler's workspace: demands to accept, to assign (zone staff who handle) and at work in the user's
    departments, the last ordered by deadline (earliest first, overdue on top)."""
    visible = Demand.objects.visible_to(user).select_related("enterprise", "category", "assigned_department")
    handle_paths, _own = scope_of(user, "demand.handle")
    resolve_paths, _own = scope_of(user, "demand.resolve")

    def under(paths, field):
        cond = Q(pk__in=[])
        for path in paths:
            cond |= Q(**{f"{field}__path__startswith": path})
        return cond

    return {
        "to_accept": visible.filter(under(handle_paths, "handling_unit"), state=State.SUBMITTED).order_by(
            "submitted_on", "pk"
        ),
        "to_assign": visible.filter(
            under(handle_paths, "handling_unit"), state__in=[State.ACCEPTED, State.REOPENED]
        ).order_by("submitted_on", "pk"),
        "at_work": visible.filter(under(resolve_paths, "assigned_department"), state=State.ASSIGNED).order_by(
            "deadline", "pk"
        ),
    }


def escalated_to(user):
    """Overdue demands escalated to the user: as head (leader) of the department at work, or as the linked leader."""
    if not getattr(user, "is_authenticated", False):
        return Demand.objects.none()
    led = [m.unit_id for m in user.active_memberships if m.role == Role.LEADER]
    cond = Q(escalation_level__gte=1, assigned_department__in=led) | Q(
        escalation_level__gte=2, enterprise__linked_leader=user
    )
    return (
        Demand.objects.visible_to(user)
        .filter(cond, state=State.ASSIGNED)
        .select_related("enterprise", "category", "assigned_department")
        .order_by("deadline", "pk")
    )


def enterprise_sheet(user, enterprise_id: int) -> dict:
    """一企一清单: an enterprise's demands (open first, by deadline), its linked leader, service officer, figures."""
    enterprise = (
        Enterprise.objects.visible_to(user)
        .select_related("linked_leader", "service_officer", "unit")
        .get(pk=enterprise_id)
    )
    demands = demand_list(user, enterprise=enterprise.pk).order_by("-submitted_on", "-pk")
    open_first = sorted(demands, key=lambda d: (d.state in CLOSED, d.deadline or date.max, -d.pk))
    return {
        "enterprise": enterprise,
        "demands": open_first,
        "figures": demand_figures(user, enterprise=enterprise.pk),
    }
