from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.visits.models import VisitCampaign
from zonedesk.visits.queries import campaign_progress, crowded_weeks, risk_enterprises, visit_calendar
from zonedesk.visits.services import cancel_visit, create_campaign, plan_visit, record_visit

from ..factories import EnterpriseFactory

MONDAY = date(2026, 3, 2)


def _visit(enterprise, unit, by, findings=None, *, on=None, campaign=None):
    on = on or timezone.localdate() - timedelta(days=2)
    visit = plan_visit(enterprise, unit=unit, planned_on=on, campaign=campaign, by=by)
    if findings is not None:
        record_visit(visit, {"visited_on": on, **findings}, by=by)
    return visit


@pytest.fixture
def campaign(zone_a, enterprise, other_enterprise, officer_a, leader):
    third = EnterpriseFactory(name="射阳港口物流有限公司", unit=zone_a)
    targets = [(enterprise, officer_a.user), (other_enterprise, officer_a.user), (third, None)]
    data = {"unit": zone_a, "name": "2026年春节后复工复产走访", "starts_on": "2026-02-24", "ends_on": "2026-03-06"}
    return create_campaign(data | {"targets": targets}, by=leader)


def test_campaign_progress_counts_visited_targets_and_both_rates(
    campaign, zone_a, enterprise, other_enterprise, officer_a
):
    _visit(enterprise, zone_a, officer_a, {"employees_on_duty": 80, "employees_total": 100}, campaign=campaign)
    stopped = {"employees_on_duty": 0, "employees_total": 50, "capacity_in_use_percent": 0}
    _visit(other_enterprise, zone_a, officer_a, stopped, campaign=campaign)
    progress = campaign_progress(officer_a.user, campaign)
    assert progress.visited == [enterprise, other_enterprise]
    assert [e.name for e in progress.not_visited] == ["射阳港口物流有限公司"]
    # 复工复产率: 1 of the 2 visited enterprises works again.
    assert (progress.resumption.numerator, progress.resumption.denominator) == (1, 2)
    assert progress.resumption.percent == Decimal("50.0")
    assert progress.resumption.enterprises == [enterprise]
    # 员工返岗率: 80 on duty of 150 employees.
    assert (progress.return_rate.numerator, progress.return_rate.denominator) == (80, 150)
    assert progress.return_rate.percent == Decimal("53.3")
    assert progress.return_rate.enterprises == [enterprise, other_enterprise]


def test_capacity_alone_counts_as_resumed_and_the_latest_finding_wins(campaign, zone_a, enterprise, officer_a):
    early = timezone.localdate() - timedelta(days=5)
    _visit(enterprise, zone_a, officer_a, {"employees_on_duty": 0, "employees_total": 10}, on=early, campaign=campaign)
    later = {"employees_on_duty": 0, "employees_total": 10, "capacity_in_use_percent": 30}
    _visit(enterprise, zone_a, officer_a, later, campaign=campaign)
    progress = campaign_progress(officer_a.user, campaign)
    assert progress.resumption.percent == Decimal("100.0")
    assert progress.return_rate.percent == Decimal("0.0")


def test_a_campaign_with_no_visit_has_no_rate_and_zone_b_cannot_see_it(campaign, officer_a, officer_b):
    progress = campaign_progress(officer_a.user, campaign)
    assert progress.visited == [] and len(progress.not_visited) == 3
    assert progress.resumption.percent is None and progress.return_rate.percent is None
    with pytest.raises(VisitCampaign.DoesNotExist):
        campaign_progress(officer_b.user, campaign)


@pytest.fixture
def three_offices(enterprise, zone_a, department_a, county, officer_a, leader, county_leader):
    return [
        _visit(enterprise, zone_a, officer_a, on=MONDAY),
        _visit(enterprise, department_a, leader, on=MONDAY + timedelta(days=2)),
        _visit(enterprise, county, county_leader, on=MONDAY + timedelta(days=4)),
    ]


def test_the_calendar_shows_every_units_visits_within_a_week_either_side(three_offices, enterprise, zone_a, officer_a):
    _visit(enterprise, zone_a, officer_a, on=MONDAY + timedelta(days=20))
    dropped = _visit(enterprise, zone_a, officer_a, on=MONDAY + timedelta(days=1))
    cancel_visit(dropped, reason="企业停产", by=officer_a)
    calendar = visit_calendar(officer_a.user, enterprise, MONDAY + timedelta(days=3))
    assert calendar == three_offices
    assert [v.unit.name for v in calendar] == ["射阳经济开发区", "行政审批局", "射阳县"]


def test_three_offices_in_one_week_raise_the_crowded_week_warning(three_offices, enterprise, zone_a, leader):
    (week,) = crowded_weeks(leader.user, zone_a)
    assert week.enterprise == enterprise
    assert (week.year, week.week) == (2026, 10)
    assert {u.name for u in week.units} == {"射阳经济开发区", "行政审批局", "射阳县"}
    assert week.visits == three_offices


def test_two_offices_or_a_cancelled_third_raise_no_warning(
    enterprise, zone_a, department_a, county, officer_a, leader, county_leader
):
    _visit(enterprise, zone_a, officer_a, on=MONDAY)
    _visit(enterprise, department_a, leader, on=MONDAY + timedelta(days=1))
    third = _visit(enterprise, county, county_leader, on=MONDAY + timedelta(days=2))
    _visit(enterprise, county, county_leader, on=MONDAY + timedelta(days=7))
    cancel_visit(third, reason="改期", by=county_leader)
    assert crowded_weeks(leader.user, zone_a) == []


def test_risk_flags_of_the_latest_done_visit_show(enterprise, other_enterprise, zone_a, officer_a, leader):
    relocating = {"plans_to_relocate": True, "risk_note": "拟迁往外省", "key_suppliers_outside": "苏州某模具厂"}
    _visit(enterprise, zone_a, officer_a, relocating)
    earlier = timezone.localdate() - timedelta(days=10)
    _visit(other_enterprise, zone_a, officer_a, {"plans_to_downsize": True, "risk_note": "减产"}, on=earlier)
    _visit(other_enterprise, zone_a, officer_a, {"summary": "订单恢复"})
    (risk,) = risk_enterprises(leader.user, zone_a)
    assert risk.enterprise == enterprise
    assert risk.flags == ["plans_to_relocate"]
    assert risk.visit.key_suppliers_outside == "苏州某模具厂"


def test_zone_b_sees_no_risk_of_zone_a(enterprise, zone_a, officer_a, officer_b, zone_b):
    _visit(enterprise, zone_a, officer_a, {"plans_to_expand": True, "risk_note": "拟扩建二期"})
    assert risk_enterprises(officer_b.user, zone_b) == []
    assert crowded_weeks(officer_b.user, zone_b) == []
