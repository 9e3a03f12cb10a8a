"""Bulk accept and assign: each demand on its own, the failures reported per id, one Event per moved demand."""

from datetime import date

from zonedesk.demands.bulk import bulk_accept, bulk_assign
from zonedesk.demands.models import Demand
from zonedesk.demands.states import State
from zonedesk.orgs.models import Event


def _events(verb: str) -> list[int]:
    return sorted(int(e) for e in Event.objects.filter(verb=verb).values_list("object_id", flat=True))


def test_bulk_accept_reports_each_failure(make_demand, officer_a, officer_b, enterprise_b, category):
    first, second = make_demand(), make_demand(title="用电增容")
    already = make_demand(State.ACCEPTED)
    theirs = Demand.objects.create(
        enterprise=enterprise_b,
        unit=enterprise_b.unit,
        handling_unit=enterprise_b.unit,
        category=category,
        title="道路破损",
        submitted_on=date(2025, 3, 3),
    )
    events = Event.objects.filter(verb="demand.accepted").count()
    result = bulk_accept(officer_a, [first.pk, str(second.pk), already.pk, theirs.pk, first.pk, 999999])
    assert result["done"] == [first.pk, second.pk]
    failed = {row["id"]: row["message"] for row in result["failed"]}
    assert set(failed) == {already.pk, theirs.pk, 999999}
    assert all(failed.values())
    assert failed[theirs.pk] == failed[999999]  # outside scope reads like a missing one
    assert Event.objects.filter(verb="demand.accepted").count() == events + 2
    assert Demand.objects.get(pk=theirs.pk).state == State.SUBMITTED


def test_bulk_accept_refused_for_a_role_that_does_not_handle(make_demand, handler, investment_a):
    demand = make_demand()
    result = bulk_accept(investment_a, [demand.pk])
    assert result["done"] == [] and [row["id"] for row in result["failed"]] == [demand.pk]
    assert Demand.objects.get(pk=demand.pk).state == State.SUBMITTED


def test_bulk_assign(on_day, make_demand, officer_a, department_a, category):
    on_day(date(2025, 3, 3))
    a, b = make_demand(State.ACCEPTED), make_demand(State.REOPENED)
    submitted, assigned = make_demand(), make_demand(State.ASSIGNED)
    before = _events("demand.assigned")
    result = bulk_assign(officer_a, [a.pk, b.pk, submitted.pk, assigned.pk], department_a, deadline_days=5)
    assert result["done"] == [a.pk, b.pk]
    assert [row["id"] for row in result["failed"]] == [submitted.pk, assigned.pk]
    added = _events("demand.assigned")
    for pk in before:
        added.remove(pk)
    assert added == sorted([a.pk, b.pk])
    for demand in Demand.objects.filter(pk__in=[a.pk, b.pk]):
        assert demand.state == State.ASSIGNED and demand.assigned_department == department_a
        assert demand.deadline == date(2025, 3, 10)
    assert Demand.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_bulk_assign_to_a_department_outside_the_zone(make_demand, officer_a, department_b):
    demand = make_demand(State.ACCEPTED)
    result = bulk_assign(officer_a, [demand.pk], department_b)
    assert result["done"] == [] and result["failed"][0]["id"] == demand.pk
    assert Demand.objects.get(pk=demand.pk).state == State.ACCEPTED
