"""Inspections: what they record, the profile's last inspection, and the inspections due by the rating's colour."""

from datetime import date

import pytest

from zonedesk.orgs.models import Event
from zonedesk.safety import config, services
from zonedesk.safety.models import SafetyProfile
from zonedesk.safety.queries import inspections_due
from zonedesk.safety.states import HazardLevel, HazardState, SafetyColour

from ..factories import EnterpriseFactory
from .conftest import hazard_row

TODAY = date(2025, 6, 30)


def test_an_inspection_records_its_hazards_with_one_event_each(on_day, safety_officer, leader, enterprise, dust):
    on_day(date(2025, 3, 3))
    services.update_profile(safety_officer, enterprise, responsible_person="王安全", categories=[dust])
    inspection = services.record_inspection(
        safety_officer,
        enterprise,
        findings="粉尘作业区检查：\n1. 除尘器未定期清灰\n2. 配电箱未接地",
        inspectors=[safety_officer.user, leader.user],
        hazards=[
            {"level": HazardLevel.MAJOR, "description": "除尘器未定期清灰", "category": dust.pk},
            {"description": "配电箱未接地", "responsible_person": "李电工"},
        ],
    )
    assert inspection.findings.splitlines()[1] == "1. 除尘器未定期清灰"
    assert set(inspection.inspectors.all()) == {safety_officer.user, leader.user}
    major, general = inspection.hazards.order_by("pk")
    assert (major.level, major.category, major.responsible_person) == ("major", dust, "王安全")  # the profile's
    assert (general.level, general.responsible_person, general.state) == ("general", "李电工", HazardState.FOUND)
    assert major.unit == enterprise.unit and major.found_by == safety_officer.user
    assert Event.objects.filter(verb="inspection.recorded").count() == 1
    assert Event.objects.filter(verb="hazard.found").count() == 2
    assert SafetyProfile.objects.get(enterprise=enterprise).last_inspected_on == date(2025, 3, 3)


def test_the_last_inspection_is_the_latest_date(on_day, safety_officer, enterprise):
    on_day(TODAY)
    services.record_inspection(safety_officer, enterprise, findings="未发现隐患", inspected_on=date(2025, 6, 20))
    services.record_inspection(safety_officer, enterprise, findings="补录", inspected_on=date(2025, 5, 1))
    assert SafetyProfile.objects.get(enterprise=enterprise).last_inspected_on == date(2025, 6, 20)


def test_a_hazard_can_be_added_to_an_inspection(on_day, safety_officer, enterprise):
    on_day(date(2025, 3, 3))
    inspection = services.record_inspection(safety_officer, enterprise, findings="现场检查")
    on_day(date(2025, 3, 4))
    hazard = services.add_hazard(safety_officer, inspection, **hazard_row(deadline_days=1))
    assert hazard.found_on == date(2025, 3, 3) and hazard.deadline == date(2025, 3, 4)


@pytest.fixture
def rated(on_day, safety_officer, safety_officer_b, enterprise, other_enterprise, enterprise_b, zone_a):
    """Red, inspected 30 days ago; red, 29 days ago; green, never; unrated, never; zone B red, never."""
    on_day(TODAY)
    green = EnterpriseFactory(name="射阳绿能科技有限公司", unit=zone_a)
    unrated = EnterpriseFactory(name="射阳未评企业有限公司", unit=zone_a)
    services.update_profile(safety_officer, unrated, responsible_person="张三")  # a profile, but no rating
    for ent, colour in ((enterprise, SafetyColour.RED), (other_enterprise, SafetyColour.RED), (green, "green")):
        services.rate(safety_officer, ent, stars=2, colour=colour, reason="年度评定")
    services.rate(safety_officer_b, enterprise_b, stars=2, colour=SafetyColour.RED, reason="年度评定")
    services.record_inspection(safety_officer, enterprise, findings="检查", inspected_on=date(2025, 5, 31))
    services.record_inspection(safety_officer, other_enterprise, findings="检查", inspected_on=date(2025, 6, 1))
    return green


def test_inspections_due_by_the_colours_frequency(rated, safety_officer, enterprise):
    due = list(inspections_due(safety_officer.user, TODAY))
    assert [p.enterprise for p in due] == [rated, enterprise]  # never inspected first
    assert [p.frequency_days for p in due] == [365, 30]


def test_the_zone_sets_its_own_frequency(rated, safety_officer, leader, zone_a, enterprise, other_enterprise):
    config.configure(leader, zone_a, red_inspection_days=20)
    due = [p.enterprise for p in inspections_due(safety_officer.user, TODAY)]
    assert due == [rated, enterprise, other_enterprise]
    assert not inspections_due(safety_officer.user, date(2025, 5, 1)).filter(enterprise=enterprise).exists()


def test_another_zone_sees_its_own_due_list(rated, safety_officer_b, enterprise_b):
    assert [p.enterprise for p in inspections_due(safety_officer_b.user, TODAY)] == [enterprise_b]
