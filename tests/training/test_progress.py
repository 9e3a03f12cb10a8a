"""Progress against the year's target, from hand-built records and hand-computed values: per person (with no records,
voided records, other years and other zones left out, the pro-rata boundary), per department, in constant queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonedesk.common.errors import Forbidden
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Membership
from zonedesk.training import services
from zonedesk.training.progress import progress
from zonedesk.training.standing import Status, year_share

from ..factories import MembershipFactory, UserFactory
from .conftest import session

pytestmark = pytest.mark.django_db
# 2025-03-14 is day 73 of 365: the pro-rata share of 120 hours is 120 × 73 / 365 = 24, of 30 hours 6.
BOUNDARY = date(2025, 3, 14)


@pytest.fixture
def ledgers(target_2025, leader, officer_a, handler, investment_a, officer_b):
    """leader: 120 + 30 (met); officer_a: 24 + 6 (exactly on the share); handler: 23.5 + 6 (just behind);
    investment_a: nothing. Left out: a voided record, a record of 2024, zone B's officer's record."""
    for hours in (24, 24, 24, 24, 24):
        session(leader, hours, on=date(2025, 2, 3))
    session(leader, 24, kind="practice", on=date(2025, 3, 3))
    session(leader, 6, kind="practice", on=date(2025, 3, 4))
    for hours in (10, 8, 6):
        session(officer_a, hours)
    session(officer_a, 6, kind="practice", title="驻企服务")
    wrong = session(officer_a, 5)
    services.void_record(officer_a, wrong, version=1, reason="重复登记")
    session(officer_a, 9, on=date(2024, 12, 30))
    session(handler, "23.5")
    session(handler, 6, kind="practice")
    session(officer_b, 20)


def _rows(result):
    return {
        p.user.username: (p.theory, p.practice, p.theory_percent, p.practice_percent, p.status) for p in result.people
    }


def test_each_person_against_the_target_on_the_boundary_day(ledgers, leader, zone_a):
    result = progress(leader.user, zone_a, 2025, today=BOUNDARY)
    assert (result.share.elapsed, result.share.days) == (73, 365)
    assert _rows(result) == {
        "leader_a": (Decimal(120), Decimal(30), 100, 100, Status.MET),
        "officer_a": (Decimal(24), Decimal(6), 20, 20, Status.ON_TRACK),
        "handler_a": (Decimal("23.5"), Decimal(6), 19, 20, Status.BEHIND),
        "investment_a": (Decimal(0), Decimal(0), 0, 0, Status.BEHIND),
    }


def test_one_day_later_the_exact_share_is_behind(ledgers, leader, zone_a):
    result = progress(leader.user, zone_a, 2025, today=date(2025, 3, 15))
    assert _rows(result)["officer_a"][4] == Status.BEHIND


def test_a_past_year_reads_against_the_whole_target(ledgers, leader, zone_a):
    result = progress(leader.user, zone_a, 2025, today=date(2026, 1, 5))
    assert {k: v[4] for k, v in _rows(result).items()} == {
        "leader_a": Status.MET,
        "officer_a": Status.BEHIND,
        "handler_a": Status.BEHIND,
        "investment_a": Status.BEHIND,
    }


def test_per_department_sums_averages_and_share_on_schedule(ledgers, leader, zone_a, department_a):
    result = progress(leader.user, zone_a, 2025, today=BOUNDARY)
    rows = {
        g.unit: (g.count, g.theory, g.theory_average, g.practice, g.practice_average, g.on_schedule, g.behind)
        for g in result.groups
    }
    # zone A's own staff: leader 120 + officer 24 + investment 0 = 144 (48.0 each); practice 30 + 6 + 0 = 36 (12.0)
    assert rows == {
        zone_a: (3, Decimal(144), Decimal("48.0"), Decimal(36), Decimal("12.0"), 2, 1),
        department_a: (1, Decimal("23.5"), Decimal("23.5"), Decimal(6), Decimal("6.0"), 0, 1),
    }
    assert [g.on_schedule_percent for g in result.groups] == [67, 0]
    total = result.total
    # 167.5 / 4 = 41.875 → 41.9; 42 / 4 = 10.5; 2 of 4 on schedule
    assert (total.count, total.theory, total.theory_average, total.practice_average) == (
        4,
        Decimal("167.5"),
        Decimal("41.9"),
        Decimal("10.5"),
    )
    assert total.on_schedule_percent == 50


def test_a_department_reads_its_own_target_and_only_its_staff(ledgers, leader, department_a):
    services.set_target(leader, unit=department_a, year=2025, theory_hours=100, practice_hours=40)
    result = progress(leader.user, department_a, 2025, today=date(2026, 1, 5))
    (row,) = result.people
    assert (row.user.username, row.target.source, row.theory_percent, row.practice_percent) == (
        "handler_a",
        department_a,
        23,
        15,
    )


def test_people_without_a_target_show_as_such(leader, officer_a, zone_a):
    session(officer_a, 4)
    result = progress(leader.user, zone_a, 2025, today=BOUNDARY)
    assert {p.user.username: (p.status, p.theory_percent) for p in result.people} == {
        "officer_a": (Status.NO_TARGET, None),
        "leader_a": (Status.NO_TARGET, None),
    }
    assert result.total.on_schedule_percent is None


def test_revoked_roles_and_disabled_accounts_are_not_counted(ledgers, leader, officer_a, investment_a, zone_a):
    Membership.objects.filter(user=officer_a.user).update(revoked_at=timezone.now())
    investment_a.user.is_active = False
    investment_a.user.save()
    result = progress(leader.user, zone_a, 2025, today=BOUNDARY)
    assert sorted(p.user.username for p in result.people) == ["handler_a", "leader_a"]


def test_sorting_the_people(ledgers, leader, zone_a):
    def names(sort):
        return [p.user.username for p in progress(leader.user, zone_a, 2025, today=BOUNDARY, sort=sort).people]

    assert names("-theory") == ["leader_a", "officer_a", "handler_a", "investment_a"]
    # practice: investment 0; handler 6 and officer 6 tie, sorted by name (用户 names in the order they were made)
    assert names("practice")[0] == "investment_a" and names("-practice")[0] == "leader_a"
    assert names("status")[:2] == ["investment_a", "handler_a"]  # behind first, the fewest hours first


def test_only_a_manager_of_the_unit_reads_its_progress(ledgers, officer_a, zone_a):
    with pytest.raises(Forbidden):
        progress(officer_a.user, zone_a, 2025)


def test_the_number_of_queries_does_not_grow_with_the_people(target_2025, leader, zone_a, department_a):
    def count() -> int:
        viewer = type(leader.user).objects.get(pk=leader.user.pk)  # fresh: its memberships not cached yet
        with CaptureQueriesContext(connection) as queries:
            result = progress(viewer, zone_a, 2025, today=BOUNDARY)
            [(p.theory_percent, p.status, p.unit.name, p.target.source) for p in result.people]
        return len(queries)

    first = count()
    for i in range(12):
        person = UserFactory()
        MembershipFactory(user=person, unit=department_a if i % 2 else zone_a, role="handler")
        session(Actor(user=person), 3)
    assert count() == first


def test_the_share_of_a_year():
    assert (year_share(2024, date(2024, 12, 31)).elapsed, year_share(2024, date(2024, 12, 31)).days) == (366, 366)
    assert year_share(2025, date(2024, 6, 1)).elapsed == 0
    assert year_share(2025, date(2025, 1, 1)).elapsed == 1
    assert year_share(2025, BOUNDARY).expected(Decimal(120)) == Decimal(24)
