"""Deadlines in working days on the official calendar, reopening within 30 days, auto-confirmation."""

from datetime import date, datetime

import pytest

from zonedesk.common.errors import Rejected
from zonedesk.demands import services
from zonedesk.demands.models import Demand
from zonedesk.demands.queries import DeadlineStatus, deadline_status
from zonedesk.demands.states import Outcome, State
from zonedesk.orgs.models import Event


@pytest.mark.parametrize(
    ("today", "days", "deadline"),
    [
        # Spring Festival 2025: 1-28 to 2-4 off, Sunday 1-26 and Saturday 2-8 are make-up working days.
        (date(2025, 1, 24), 1, date(2025, 1, 26)),
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        (date(2025, 1, 24), 6, date(2025, 2, 8)),
        # National Day 2025: 10-1 to 10-8 off, Sunday 9-28 and Saturday 10-11 are make-up working days.
        (date(2025, 9, 26), 3, date(2025, 9, 30)),
        (date(2025, 9, 26), 5, date(2025, 10, 10)),
        (date(2025, 9, 26), 6, date(2025, 10, 11)),
    ],
)
def test_deadline_across_holidays(today, days, deadline, on_day, make_demand, officer_a, department_a):
    on_day(today)
    demand = make_demand(State.ACCEPTED)
    assigned = services.assign(officer_a, demand, department_a, deadline_days=days)
    assert assigned.deadline == deadline and assigned.assigned_on == today


def test_deadline_from_the_category_default(on_day, make_demand, officer_a, department_a, category):
    on_day(date(2025, 1, 24))
    assert category.default_deadline_days == 10
    demand = services.assign(officer_a, make_demand(State.ACCEPTED), department_a)
    assert demand.deadline == date(2025, 2, 13)  # 2-8 is a make-up working day


def test_a_deadline_in_the_past_is_refused(on_day, make_demand, officer_a, department_a):
    on_day(date(2025, 3, 10))
    demand = make_demand(State.ACCEPTED)
    with pytest.raises(Rejected) as exc:
        services.assign(officer_a, demand, department_a, deadline=date(2025, 3, 7))
    assert exc.value.field == "deadline"
    assert services.assign(officer_a, demand, department_a, deadline=date(2025, 3, 10)).deadline == date(2025, 3, 10)


def test_deadline_status(on_day, make_demand, officer_a, department_a):
    on_day(date(2025, 9, 26))
    demand = services.assign(officer_a, make_demand(State.ACCEPTED), department_a, deadline_days=5)
    assert deadline_status(demand, date(2025, 9, 26)) == DeadlineStatus.ON_TRACK  # 5 working days left
    assert deadline_status(demand, date(2025, 9, 30)) == DeadlineStatus.DUE_SOON  # 10-9, 10-10 remain
    assert deadline_status(demand, date(2025, 10, 10)) == DeadlineStatus.DUE_SOON
    assert deadline_status(demand, date(2025, 10, 11)) == DeadlineStatus.OVERDUE


@pytest.mark.parametrize(("later", "ok"), [(30, True), (31, False)])
def test_reopen_only_within_30_days(later, ok, on_day, make_demand, enterprise_user):
    on_day(date(2025, 3, 3))
    demand = make_demand(State.RESOLVED)
    on_day(date.fromordinal(date(2025, 3, 3).toordinal() + later))
    if ok:
        assert services.reopen(enterprise_user, demand, "问题仍在").state == State.REOPENED
    else:
        with pytest.raises(Rejected):
            services.reopen(enterprise_user, demand, "问题仍在")
        assert Demand.objects.get(pk=demand.pk).state == State.RESOLVED


def test_reopened_demand_is_assigned_again(make_demand, officer_a, department_a2):
    demand = services.assign(officer_a, make_demand(State.REOPENED), department_a2)
    assert demand.state == State.ASSIGNED and demand.assigned_department == department_a2


def test_auto_confirm_after_n_working_days_idempotent(on_day, make_demand):
    # Resolved Friday 2025-09-26: 7 working days are 9-28, 9-29, 9-30, 10-9, 10-10, 10-11, 10-13.
    on_day(date(2025, 9, 26))
    demand = make_demand(State.RESOLVED)
    assert services.auto_confirm_due(datetime(2025, 10, 13, 20)) == 0
    assert Demand.objects.get(pk=demand.pk).state == State.RESOLVED
    events = Event.objects.count()
    assert services.auto_confirm_due(datetime(2025, 10, 14, 1)) == 1
    demand.refresh_from_db()
    assert demand.state == State.CONFIRMED and demand.confirmed_auto and demand.satisfaction is None
    event = Event.objects.latest("pk")
    assert Event.objects.count() == events + 1
    assert event.verb == "demand.auto_confirmed" and event.actor is None
    assert services.auto_confirm_due(datetime(2025, 10, 15, 1)) == 0
    assert Event.objects.count() == events + 1


def test_auto_confirm_days_configurable(on_day, make_demand):
    on_day(date(2025, 3, 3))
    make_demand(State.RESOLVED)
    assert services.auto_confirm_due(datetime(2025, 3, 5, 9), days=1) == 1


def test_resolve_keeps_outcome(make_demand, handler):
    demand = services.resolve(handler, make_demand(State.ASSIGNED), Outcome.PARTLY_SOLVED, "已解决一半")
    assert demand.outcome == Outcome.PARTLY_SOLVED and demand.resolved_on is not None
