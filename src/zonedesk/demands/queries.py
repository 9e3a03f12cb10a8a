"""Reads of demands: the list filter, the deadline status, and the figures (each with the filter behind it)."""

from datetime import date
from enum import StrEnum

from django.db.models import Avg, F, Q
from django.utils import timezone

from zonedesk.common.workdays import WorkCalendar

from .models import Demand
from .states import CLOSED, Outcome, State

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

    Filters: state, category (and its children), department, enterprise, source, outcome, overdue,
    closed, confirmed_auto, on_time, period=(first day, last day) of submission.
    """
    today = today or timezone.localdate()
    qs = Demand.objects.visible_to(user).select_related("enterprise", "category", "assigned_department")
    if filters.get("state"):
        qs = qs.filter(state__in=_values(filters["state"]))
    if filters.get("category"):
        ids = _values(filters["category"])
        qs = qs.filter(Q(category__in=ids) | Q(category__parent__in=ids))
    if filters.get("department"):
        qs = qs.filter(assigned_department__in=_values(filters["department"]))
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
    if filters.get("period"):
        first, last = filters["period"]
        qs = qs.filter(submitted_on__gte=first, submitted_on__lte=last)
    return qs


def demand_figures(user, *, today: date | None = None, **filters) -> dict:
    """The demand figures over a filtered list; each as {"value", "filter"}: demand_list(user, **filter) gives it.

    "closed" (resolved, confirmed or rejected) is never "solved" (outcome solved), and "auto_confirmed"
    is never counted in "confirmed".
    """
    today = today or timezone.localdate()

    def count(**extra) -> dict:
        spec = {**filters, **extra}
        return {"value": demand_list(user, today=today, **spec).count(), "filter": spec}

    figures = {
        "total": count(),
        "closed": count(closed=True),
        "solved": count(outcome=Outcome.SOLVED),
        "confirmed": count(state=State.CONFIRMED, confirmed_auto=False),
        "auto_confirmed": count(state=State.CONFIRMED, confirmed_auto=True),
        "overdue": count(overdue=True),
        "on_time": count(on_time=True),
        "late": count(on_time=False),
    }
    judged = figures["on_time"]["value"] + figures["late"]["value"]
    figures["on_time_rate"] = {
        "value": round(figures["on_time"]["value"] / judged, 4) if judged else None,
        "filter": {**filters, "on_time": True},
    }
    rated_filter = {**filters, "state": State.CONFIRMED, "confirmed_auto": False}
    average = demand_list(user, today=today, **rated_filter).aggregate(avg=Avg("satisfaction"))["avg"]
    figures["average_satisfaction"] = {
        "value": round(average, 2) if average is not None else None,
        "filter": rated_filter,
    }
    return figures
