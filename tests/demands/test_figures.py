"""Figures keep closed apart from solved and auto-confirmed apart from confirmed; each filter reproduces it."""

from datetime import date, datetime

from zonedesk.demands import services
from zonedesk.demands.queries import demand_figures, demand_list
from zonedesk.demands.states import Outcome, Source, State


def test_figures(on_day, make_demand, officer_a, handler, enterprise_user, department_a):
    on_day(date(2025, 3, 3))
    solved = make_demand(State.CONFIRMED)  # solved, confirmed with 5, on time
    make_demand(State.REJECTED)
    partly = services.resolve(handler, make_demand(State.ASSIGNED), Outcome.PARTLY_SOLVED, "部分解决")
    open_late = make_demand(State.ASSIGNED)
    make_demand(State.SUBMITTED)
    late = make_demand(State.ASSIGNED)
    auto = make_demand(State.RESOLVED)
    on_day(date(2025, 3, 28))  # after the 10-working-day deadline of 3-17
    late = services.resolve(handler, late, Outcome.SOLVED, "逾期办结")
    services.confirm(enterprise_user, late, 3)
    services.auto_confirm_due(datetime(2025, 3, 28, 9))
    figures = demand_figures(officer_a.user, today=date(2025, 3, 28))
    values = {k: v["value"] for k, v in figures.items()}
    assert values["total"] == 7
    assert values["closed"] == 5  # confirmed x2, auto-confirmed x2, rejected
    assert values["solved"] == 3  # solved, late, auto
    assert values["confirmed"] == 2 and values["auto_confirmed"] == 2  # partly and auto
    assert values["overdue"] == 1
    assert values["on_time"] == 3 and values["late"] == 1
    assert values["on_time_rate"] == 0.75
    assert values["average_satisfaction"] == 4.0
    for key, figure in figures.items():
        if key not in ("on_time_rate", "reopen_rate", "average_satisfaction", "average_workdays_to_resolve"):
            assert demand_list(officer_a.user, today=date(2025, 3, 28), **figure["filter"]).count() == figure["value"]
    assert set(demand_list(officer_a.user, today=date(2025, 3, 28), overdue=True)) == {open_late}
    assert partly in demand_list(officer_a.user, closed=True)
    assert solved in demand_list(officer_a.user, outcome=Outcome.SOLVED, confirmed_auto=False)
    assert auto.pk in demand_list(officer_a.user, confirmed_auto=True).values_list("pk", flat=True)


def test_list_filters(make_demand, officer_a, enterprise, other_enterprise, category, department_a):
    a = make_demand(State.ASSIGNED)
    b = make_demand(ent=other_enterprise)
    user = officer_a.user
    assert set(demand_list(user, enterprise=enterprise)) == {a}
    assert set(demand_list(user, department=department_a)) == {a}
    assert set(demand_list(user, state=[State.SUBMITTED])) == {b}
    assert set(demand_list(user, category=category)) == {a, b}
    assert set(demand_list(user, source=Source.VISIT)) == {a, b}
    assert not demand_list(user, period=(date(2000, 1, 1), date(2000, 12, 31))).exists()


def test_figures_follow_scope(make_demand, officer_b):
    make_demand()
    assert demand_figures(officer_b.user)["total"]["value"] == 0


def test_figures_over_a_narrowed_list_each_equal_their_list(make_demand, officer_a, handler, enterprise_user):
    """Counted together in one pass, or alone where a figure's own filter overrides the list's (a state)."""
    confirmed = make_demand(State.CONFIRMED)
    make_demand(State.ASSIGNED)
    make_demand(State.SUBMITTED)
    services.resolve(handler, make_demand(State.ASSIGNED), Outcome.NOT_SOLVABLE, "无法解决，已说明")
    services.flag_dissatisfied(enterprise_user, confirmed, "仍未解决")
    for filters in ({}, {"state": [State.ASSIGNED, State.RESOLVED]}, {"confirmed_auto": False}, {"closed": True}):
        figures = demand_figures(officer_a.user, **filters)
        for key, figure in figures.items():
            if key not in ("on_time_rate", "reopen_rate", "average_satisfaction", "average_workdays_to_resolve"):
                assert demand_list(officer_a.user, **figure["filter"]).count() == figure["value"], (filters, key)
    narrowed = demand_figures(officer_a.user, state=[State.ASSIGNED, State.RESOLVED])
    assert narrowed["total"]["value"] == 2 and narrowed["confirmed"]["value"] == 1  # its own list: all confirmed
    assert demand_figures(officer_a.user)["dissatisfied"]["value"] == 1
