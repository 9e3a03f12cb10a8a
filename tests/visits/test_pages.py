"""The visit pages through the client: who sees what, recording findings with demands, campaigns and risks."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zonedesk.demands.models import Demand, DemandCategory
from zonedesk.demands.states import Source
from zonedesk.orgs.models import Event
from zonedesk.visits.models import Visit, VisitCampaign, VisitStatus
from zonedesk.visits.services import create_campaign, plan_visit, record_visit

from ..conftest import client_for
from ..factories import EnterpriseFactory

MONDAY = date(2026, 3, 2)


@pytest.fixture
def category(db):
    return DemandCategory.objects.get(unit=None, name="用工")


@pytest.fixture
def loan(db):
    return DemandCategory.objects.get(unit=None, name="融资")


def _findings(**extra) -> dict:
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "summary": "已全面复工",
        "employees_on_duty": "90",
        "employees_total": "120",
        "capacity_in_use_percent": "80",
    }
    for row in (1, 2, 3):
        data |= {f"demand_{row}_category": "", f"demand_{row}_title": "", f"demand_{row}_description": ""}
    return data | extra


def _visit(enterprise, unit, by, findings=None, *, on=None, campaign=None):
    on = on or timezone.localdate() - timedelta(days=2)
    visit = plan_visit(enterprise, unit=unit, planned_on=on, campaign=campaign, by=by)
    if findings is not None:
        record_visit(visit, {"visited_on": on, **findings}, by=by)
    return visit


# --- who sees which page -------------------------------------------------------------------------


def _pages(visit, campaign) -> dict:
    return {
        "list": reverse("visits:list"),
        "detail": reverse("visits:detail", args=[visit.pk]),
        "record": reverse("visits:record", args=[visit.pk]),
        "calendar": reverse("visits:calendar", args=[visit.enterprise_id]),
        "campaigns": reverse("visits:campaigns"),
        "campaign": reverse("visits:campaign", args=[campaign.pk]),
        "risks": reverse("visits:risks"),
        "plan": reverse("visits:plan"),
        "log": reverse("visits:log"),
        "campaign_create": reverse("visits:campaign_create"),
    }


@pytest.fixture
def spring(zone_a, enterprise, officer_a):
    data = {"unit": zone_a, "name": "春节后复工走访", "starts_on": "2026-02-24", "ends_on": "2026-03-06"}
    return create_campaign(data | {"targets": [(enterprise, officer_a.user)]}, by=officer_a)


def test_every_page_opens_for_the_zone_officer(planned, spring, officer_a):
    client = client_for(officer_a)
    for name, url in _pages(planned, spring).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("name", ["detail", "record", "calendar", "campaign"])
def test_zone_b_officer_gets_404_on_zone_a_records(planned, spring, officer_b, name):
    assert client_for(officer_b).get(_pages(planned, spring)[name]).status_code == 404


def test_zone_b_officer_lists_no_zone_a_visit_or_campaign(planned, spring, officer_b):
    client = client_for(officer_b)
    assert planned.enterprise.name not in client.get(reverse("visits:list")).content.decode()
    assert spring.name not in client.get(reverse("visits:campaigns")).content.decode()


@pytest.mark.parametrize(
    "name", ["list", "detail", "record", "calendar", "campaigns", "campaign", "risks", "plan", "log", "campaign_create"]
)
def test_the_enterprise_user_never_sees_the_visit_pages(planned, spring, enterprise_user, name):
    assert client_for(enterprise_user).get(_pages(planned, spring)[name]).status_code in (403, 404)


def test_a_supervisor_reads_visits_but_cannot_record_or_set_up_campaigns(planned, spring, supervisor):
    client = client_for(supervisor)
    assert client.get(reverse("visits:detail", args=[planned.pk])).status_code == 200
    assert client.get(reverse("visits:record", args=[planned.pk])).status_code == 403
    assert client.get(reverse("visits:plan")).status_code == 404
    assert client.get(reverse("visits:campaign_create")).status_code == 404


# --- list -----------------------------------------------------------------------------------------


def test_the_list_puts_the_coming_planned_visits_first_and_filters_by_status(
    enterprise, other_enterprise, zone_a, officer_a
):
    today = timezone.localdate()
    done = _visit(other_enterprise, zone_a, officer_a, {"summary": "正常"}, on=today - timedelta(days=1))
    later = _visit(enterprise, zone_a, officer_a, on=today + timedelta(days=10))
    sooner = _visit(enterprise, zone_a, officer_a, on=today + timedelta(days=3))
    client = client_for(officer_a)
    page = client.get(reverse("visits:list")).context["page"]
    assert list(page) == [sooner, later, done]
    page = client.get(reverse("visits:list"), {"status": "done"}).context["page"]
    assert list(page) == [done]
    page = client.get(reverse("visits:list"), {"q": "科阳"}).context["page"]
    assert list(page) == [done]
    page = client.get(reverse("visits:list"), {"date_from": (today + timedelta(days=5)).isoformat()}).context["page"]
    assert list(page) == [later]


# --- plan, record, log, cancel --------------------------------------------------------------------


def test_planning_a_visit_through_the_page(enterprise, zone_a, officer_a):
    day = timezone.localdate() + timedelta(days=4)
    data = {
        "enterprise": enterprise.pk,
        "unit": zone_a.pk,
        "planned_on": day.isoformat(),
        "visitors": [officer_a.user.pk],
    }
    response = client_for(officer_a).post(reverse("visits:plan"), data)
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert (visit.enterprise, visit.planned_on, visit.status) == (enterprise, day, VisitStatus.PLANNED)


def test_zone_b_officer_cannot_plan_a_visit_to_a_zone_a_enterprise(enterprise, zone_b, officer_b):
    data = {"enterprise": enterprise.pk, "unit": zone_b.pk, "planned_on": timezone.localdate().isoformat()}
    response = client_for(officer_b).post(reverse("visits:plan"), data)
    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_recording_findings_with_two_demands_creates_both(planned, officer_a, category, loan):
    data = _findings(
        demand_1_category=category.pk,
        demand_1_title="招工难缺普工30人",
        demand_1_description="春节后返岗不足",
        demand_3_category=loan.pk,
        demand_3_title="流动资金贷款需求",
    )
    response = client_for(officer_a).post(reverse("visits:record", args=[planned.pk]), data)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == VisitStatus.DONE
    assert (planned.employees_on_duty, planned.employees_total, planned.capacity_in_use_percent) == (90, 120, 80)
    demands = list(Demand.objects.order_by("pk"))
    assert [d.title for d in demands] == ["招工难缺普工30人", "流动资金贷款需求"]
    assert {d.source for d in demands} == {Source.VISIT}
    assert {d.visit_id for d in demands} == {planned.pk}
    assert [d.category for d in demands] == [category, loan]
    page = client_for(officer_a).get(reverse("visits:detail", args=[planned.pk])).content.decode()
    assert "招工难缺普工30人" in page and "75.0%" in page  # 90 of 120 on duty


def test_a_bad_demand_row_is_named_and_nothing_is_written(planned, officer_a, category):
    data = _findings(
        demand_1_category=category.pk,
        demand_1_title="招工难",
        demand_2_category=category.pk,
        demand_2_description="没有标题的诉求",
    )
    response = client_for(officer_a).post(reverse("visits:record", args=[planned.pk]), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["demand_2_title"]
    assert "2" in errors["demand_2_title"][0]  # "Demand 2: ..." in the user's language
    planned.refresh_from_db()
    assert planned.status == VisitStatus.PLANNED
    assert not Demand.objects.exists()
    assert not Event.objects.filter(verb="visit.recorded").exists()


def test_the_row_number_stays_the_form_row_when_an_earlier_row_is_empty(planned, officer_a, category):
    data = _findings(demand_3_category=category.pk, demand_3_description="没有标题")
    response = client_for(officer_a).post(reverse("visits:record", args=[planned.pk]), data)
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["demand_3_title"]


def test_impossible_findings_show_on_their_field(planned, officer_a):
    data = _findings(employees_on_duty="130")
    response = client_for(officer_a).post(reverse("visits:record", args=[planned.pk]), data)
    assert response.status_code == 422
    assert "employees_on_duty" in response.context["form"].errors
    planned.refresh_from_db()
    assert planned.status == VisitStatus.PLANNED


def test_zone_b_officer_cannot_record_a_zone_a_visit(planned, officer_b):
    response = client_for(officer_b).post(reverse("visits:record", args=[planned.pk]), _findings())
    assert response.status_code == 404
    planned.refresh_from_db()
    assert planned.status == VisitStatus.PLANNED


def test_an_unplanned_visit_is_logged_in_one_step_with_its_demand(enterprise, zone_a, officer_a, category):
    data = _findings(
        enterprise=enterprise.pk,
        unit=zone_a.pk,
        visitors=[officer_a.user.pk],
        demand_1_category=category.pk,
        demand_1_title="需要技工培训",
    )
    response = client_for(officer_a).post(reverse("visits:log"), data)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.status == VisitStatus.DONE and visit.planned_on == timezone.localdate()
    assert Demand.objects.get().visit == visit


def test_cancelling_a_visit_needs_a_reason(planned, officer_a, officer_b):
    url = reverse("visits:cancel", args=[planned.pk])
    assert client_for(officer_b).post(url, {"reason": "改期"}).status_code == 404
    client = client_for(officer_a)
    client.post(url, {"reason": ""})
    planned.refresh_from_db()
    assert planned.status == VisitStatus.PLANNED
    client.post(url, {"reason": "企业负责人出差", "version": planned.version})
    planned.refresh_from_db()
    assert (planned.status, planned.cancel_reason) == (VisitStatus.CANCELLED, "企业负责人出差")


# --- calendar, campaigns, risks -------------------------------------------------------------------


def test_the_calendar_warns_when_three_units_visit_in_one_week(
    enterprise, zone_a, department_a, county, officer_a, leader, county_leader
):
    _visit(enterprise, zone_a, officer_a, on=MONDAY)
    _visit(enterprise, department_a, leader, on=MONDAY + timedelta(days=2))
    url = reverse("visits:calendar", args=[enterprise.pk])
    response = client_for(leader).get(url, {"on": "2026-03-04"})
    assert len(response.context["visits"]) == 2 and response.context["crowded"] == []
    _visit(enterprise, county, county_leader, on=MONDAY + timedelta(days=4))
    response = client_for(leader).get(url, {"on": "2026-03-04"})
    assert len(response.context["visits"]) == 3
    assert "crowded-week" in response.content.decode()
    assert "射阳县" in response.content.decode()


def test_setting_up_a_campaign_through_the_page(zone_a, enterprise, other_enterprise, officer_a):
    data = {
        "name": "专精特新企业走访",
        "unit": zone_a.pk,
        "starts_on": "2026-04-01",
        "ends_on": "2026-04-30",
        "targets": [enterprise.pk, other_enterprise.pk],
        "officer": officer_a.user.pk,
    }
    response = client_for(officer_a).post(reverse("visits:campaign_create"), data)
    campaign = VisitCampaign.objects.get()
    assert response.status_code == 302
    assert {(t.enterprise, t.officer) for t in campaign.targets.all()} == {
        (enterprise, officer_a.user),
        (other_enterprise, officer_a.user),
    }


def test_the_campaign_target_list_can_be_filtered(zone_a, enterprise, other_enterprise, officer_a):
    response = client_for(officer_a).get(reverse("visits:campaign_create"), {"q": "科阳"})
    assert list(response.context["form"].fields["targets"].queryset) == [other_enterprise]


def test_campaign_progress_shows_hand_computed_numbers(zone_a, enterprise, other_enterprise, officer_a, leader):
    third = EnterpriseFactory(name="射阳港口物流有限公司", unit=zone_a)
    fourth = EnterpriseFactory(name="射阳纺织有限公司", unit=zone_a)
    targets = [(enterprise, officer_a.user), (other_enterprise, officer_a.user), (third, None), (fourth, None)]
    data = {"unit": zone_a, "name": "复工复产走访", "starts_on": "2026-02-24", "ends_on": "2026-03-06"}
    campaign = create_campaign(data | {"targets": targets}, by=leader)
    _visit(enterprise, zone_a, officer_a, {"employees_on_duty": 45, "employees_total": 60}, campaign=campaign)
    stopped = {"employees_on_duty": 0, "employees_total": 20, "capacity_in_use_percent": 0}
    _visit(other_enterprise, zone_a, officer_a, stopped, campaign=campaign)
    _visit(third, zone_a, officer_a, {"capacity_in_use_percent": 50}, campaign=campaign)
    pending = _visit(fourth, zone_a, officer_a, on=timezone.localdate() + timedelta(days=1), campaign=campaign)
    response = client_for(officer_a).get(reverse("visits:campaign", args=[campaign.pk]))
    page = response.content.decode()
    # 3 of 4 visited; working: enterprise (on duty) and third (capacity) = 2 of 3 -> 66.7%;
    # on duty 45 + 0 of 60 + 20 employees (third gave no head count) -> 45 / 80 = 56.3%.
    assert (response.context["done"], response.context["total"]) == (3, 4)
    assert "3 / 4" in page
    assert "66.7%" in page and "2 / 3" in page
    assert "56.3%" in page and "45 / 80" in page
    assert reverse("visits:record", args=[pending.pk]) in page
    campaigns = client_for(officer_a).get(reverse("visits:campaigns")).content.decode()
    assert "3 / 4" in campaigns


def test_the_risk_page_lists_enterprises_flagged_by_their_latest_visit(
    enterprise, other_enterprise, zone_a, zone_b, officer_a, officer_b, leader
):
    _visit(enterprise, zone_a, officer_a, {"plans_to_relocate": True, "risk_note": "拟迁往外省"})
    _visit(other_enterprise, zone_a, officer_a, {"summary": "订单恢复"})
    response = client_for(leader).get(reverse("visits:risks"), {"unit": zone_a.pk})
    assert [row["r"].enterprise for row in response.context["rows"]] == [enterprise]
    assert "拟迁往外省" in response.content.decode()
    response = client_for(officer_b).get(reverse("visits:risks"), {"unit": zone_a.pk})
    assert response.status_code == 200
    assert "拟迁往外省" not in response.content.decode()


def test_an_unreadable_filter_field_leaves_the_other_filters_working(enterprise, other_enterprise, zone_a, officer_a):
    done = _visit(other_enterprise, zone_a, officer_a, {"summary": "正常"})
    _visit(enterprise, zone_a, officer_a, on=timezone.localdate() + timedelta(days=3))
    response = client_for(officer_a).get(reverse("visits:list"), {"status": "done", "date_from": "不是日期"})
    assert list(response.context["page"]) == [done]
    assert "date_from" in response.context["form"].errors


def test_the_list_runs_as_many_queries_for_thirty_visits_as_for_one(enterprise, zone_a, officer_a):
    client = client_for(officer_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("visits:list")).status_code == 200
        return len(captured)

    _visit(enterprise, zone_a, officer_a, {"summary": "正常"})
    one = queries()
    for _n in range(29):
        _visit(EnterpriseFactory(unit=zone_a), zone_a, officer_a)
    assert queries() == one
