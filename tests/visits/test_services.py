from datetime import timedelta

import pytest
from django.utils import timezone

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event
from zonedesk.visits.models import CampaignTarget, Visit, VisitStatus
from zonedesk.visits.services import cancel_visit, create_campaign, plan_visit, record_visit

FINDINGS = {"employees_on_duty": 80, "employees_total": 100, "capacity_in_use_percent": 75, "summary": "已复工"}


def test_planning_a_visit_writes_one_event(planned, officer_a):
    assert planned.status == VisitStatus.PLANNED
    assert list(planned.visitors.all()) == [officer_a.user]
    assert Event.objects.filter(verb="visit.planned").count() == 1


def test_recording_a_visit_keeps_its_findings_and_writes_one_event(planned, officer_a):
    visit = record_visit(planned, FINDINGS, by=officer_a)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    assert visit.visited_on == timezone.localdate()
    assert (visit.employees_on_duty, visit.employees_total, visit.capacity_in_use_percent) == (80, 100, 75)
    assert visit.version == 2
    assert Event.objects.filter(verb="visit.recorded").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"employees_on_duty": 101}, "employees_on_duty"),
        ({"capacity_in_use_percent": 120}, "capacity_in_use_percent"),
        ({"visited_on": timezone.localdate() + timedelta(days=1)}, "visited_on"),
        ({"employees_total": None}, "employees_total"),
        ({"plans_to_relocate": True}, "risk_note"),
    ],
)
def test_impossible_findings_are_refused_and_nothing_changes(planned, officer_a, change, field):
    with pytest.raises(Rejected) as refused:
        record_visit(planned, FINDINGS | change, by=officer_a)
    assert refused.value.field == field
    planned.refresh_from_db()
    assert planned.status == VisitStatus.PLANNED
    assert not Event.objects.filter(verb="visit.recorded").exists()


def test_a_visit_is_recorded_only_once(planned, officer_a):
    record_visit(planned, FINDINGS, by=officer_a)
    with pytest.raises(Rejected):
        record_visit(planned, FINDINGS, by=officer_a)


def test_zone_b_officer_cannot_see_zone_a_enterprises_or_visits(planned, enterprise, zone_b, officer_b):
    with pytest.raises(Enterprise.DoesNotExist):
        plan_visit(enterprise, unit=zone_b, planned_on=timezone.localdate(), by=officer_b)
    with pytest.raises(Visit.DoesNotExist):
        record_visit(planned, FINDINGS, by=officer_b)
    assert not Visit.objects.visible_to(officer_b.user).exists()


def test_enterprise_user_sees_only_their_own_visits_and_cannot_record(
    planned, other_enterprise, zone_a, officer_a, enterprise_user
):
    plan_visit(other_enterprise, unit=zone_a, planned_on=timezone.localdate(), by=officer_a)
    assert list(Visit.objects.visible_to(enterprise_user.user)) == [planned]
    with pytest.raises(Forbidden):
        record_visit(planned, FINDINGS, by=enterprise_user)


def test_a_leader_plans_a_visit_of_a_department(enterprise, department_a, leader, handler):
    visit = plan_visit(
        enterprise, unit=department_a, planned_on=timezone.localdate(), visitors=[handler.user], by=leader
    )
    assert visit.unit == department_a
    assert list(visit.visitors.all()) == [handler.user]


def test_visitors_must_be_officers_of_the_actors_units(enterprise, zone_a, officer_a, officer_b):
    with pytest.raises(Rejected) as refused:
        plan_visit(enterprise, unit=zone_a, planned_on=timezone.localdate(), visitors=[officer_b.user], by=officer_a)
    assert refused.value.field == "visitors"


def test_cancelling_a_visit_writes_one_event_and_it_cannot_be_recorded(planned, officer_a):
    with pytest.raises(Rejected):
        cancel_visit(planned, reason="  ", by=officer_a)
    visit = cancel_visit(planned, reason="企业停产检修", by=officer_a)
    assert visit.status == VisitStatus.CANCELLED
    assert Event.objects.filter(verb="visit.cancelled").count() == 1
    with pytest.raises(Rejected):
        record_visit(planned, FINDINGS, by=officer_a)


def _campaign_data(zone_a, targets):
    return {
        "unit": zone_a,
        "name": "2026年春节后复工复产走访",
        "starts_on": "2026-02-24",
        "ends_on": "2026年3月6日",
        "targets": targets,
    }


def test_creating_a_campaign_lists_its_targets_and_writes_one_event(
    zone_a, enterprise, other_enterprise, officer_a, leader
):
    campaign = create_campaign(
        _campaign_data(zone_a, [(enterprise, officer_a.user), (other_enterprise, None)]), by=leader
    )
    assert campaign.ends_on.isoformat() == "2026-03-06"
    targets = CampaignTarget.objects.filter(campaign=campaign).order_by("pk")
    assert [(t.enterprise, t.officer) for t in targets] == [(enterprise, officer_a.user), (other_enterprise, None)]
    assert Event.objects.filter(verb="campaign.created").count() == 1


def test_a_campaign_cannot_target_another_zones_enterprise(zone_a, enterprise_b, leader):
    with pytest.raises(Rejected) as refused:
        create_campaign(_campaign_data(zone_a, [(enterprise_b, None)]), by=leader)
    assert refused.value.field == "targets"


def test_a_handler_cannot_create_a_campaign(department_a, enterprise, handler):
    with pytest.raises(Forbidden):
        create_campaign(_campaign_data(department_a, [(enterprise, None)]), by=handler)


def test_a_campaign_cannot_end_before_it_starts(zone_a, enterprise, leader):
    data = _campaign_data(zone_a, [(enterprise, None)]) | {"ends_on": "2026-02-01"}
    with pytest.raises(Rejected) as refused:
        create_campaign(data, by=leader)
    assert refused.value.field == "ends_on"


def test_a_stale_version_is_a_conflict(planned, officer_a):
    with pytest.raises(Conflict):
        record_visit(planned, FINDINGS, by=officer_a, version=planned.version + 1)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("officer_a", True), ("leader", True), ("admin_a", True), ("investment_a", False), ("supervisor", False)],
)
def test_who_may_record_a_zone_visit(request, planned, who, allowed):
    actor = request.getfixturevalue(who)
    if allowed:
        assert record_visit(planned, FINDINGS, by=actor).status == VisitStatus.DONE
    else:
        with pytest.raises(Forbidden):
            record_visit(planned, FINDINGS, by=actor)


def test_a_handler_records_their_departments_visit(enterprise, department_a, leader, handler):
    visit = plan_visit(enterprise, unit=department_a, planned_on=timezone.localdate(), by=leader)
    assert record_visit(visit, FINDINGS, by=handler).status == VisitStatus.DONE
