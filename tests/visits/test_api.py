"""The visit API: planning, recording (with the demands raised), cancelling, campaigns and the warnings."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonedesk.demands.models import Demand, DemandCategory
from zonedesk.orgs.models import Event
from zonedesk.visits.models import Visit, VisitCampaign, VisitStatus
from zonedesk.visits.services import create_campaign, plan_visit, record_visit

from ..conftest import client_for
from ..factories import EnterpriseFactory

API = "/api/v1"
TODAY = timezone.localdate()
MONDAY = date(2026, 3, 2)
FINDINGS = {"employees_on_duty": 80, "employees_total": 100, "capacity_in_use_percent": 75, "summary": "已复工"}


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def category(db):
    return DemandCategory.objects.get(unit=None, name="用工")


@pytest.fixture
def campaign(zone_a, enterprise, other_enterprise, officer_a, leader):
    targets = [(enterprise, officer_a.user), (other_enterprise, None)]
    data = {"unit": zone_a, "name": "春节后复工复产走访", "starts_on": TODAY - timedelta(days=5), "ends_on": TODAY}
    return create_campaign(data | {"targets": targets}, by=leader)


def test_an_officer_plans_and_records_a_visit_with_the_demands_raised(officer_a, enterprise, zone_a, category):
    client = client_for(officer_a)
    planned = post(client, f"{API}/visits", {"enterprise": enterprise.pk, "unit": zone_a.pk, "planned_on": str(TODAY)})
    assert planned.status_code == 201, planned.content
    body = planned.json()
    assert body["status"] == "planned" and [p["id"] for p in body["visitors"]] == [officer_a.user.pk]
    recorded = post(
        client,
        f"{API}/visits/{body['id']}/record",
        {**FINDINGS, "version": body["version"], "demands": [{"category": category.pk, "title": "缺普工50人"}]},
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["status"] == "done" and recorded.json()["employees_on_duty"] == 80
    assert [d["title"] for d in recorded.json()["demands"]] == ["缺普工50人"]
    assert Demand.objects.get().source == "visit"
    assert Event.objects.filter(verb="visit.recorded").count() == 1
    assert Event.objects.filter(verb="demand.submitted").count() == 1
    assert client.get(f"{API}/visits/{body['id']}").json()["visited_on"] == str(TODAY)


def test_an_unplanned_visit_is_logged_in_one_step(officer_a, enterprise, zone_a, category):
    logged = post(
        client_for(officer_a),
        f"{API}/visits/log",
        {
            "enterprise": enterprise.pk,
            "unit": zone_a.pk,
            **FINDINGS,
            "plans_to_expand": True,
            "risk_note": "拟新增一条产线",
            "demands": [{"category": category.pk, "title": "用地指标", "description": "扩产需用地20亩"}],
        },
    )
    assert logged.status_code == 201, logged.content
    assert logged.json()["status"] == "done" and logged.json()["plans_to_expand"] is True
    verbs = sorted(Event.objects.exclude(verb__startswith="auth.").values_list("verb", flat=True))
    assert verbs == ["demand.submitted", "visit.planned", "visit.recorded"]


def test_bad_findings_name_the_field_and_write_nothing(officer_a, planned, category):
    client = client_for(officer_a)
    url = f"{API}/visits/{planned.pk}/record"
    garbage = post(client, url, {**FINDINGS, "version": 1, "employees_total": "数百人"})
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["field"] == "employees_total"
    over = post(client, url, {**FINDINGS, "version": 1, "capacity_in_use_percent": 120})
    assert over.status_code == 422 and over.json()["errors"][0]["field"] == "capacity_in_use_percent"
    more = post(client, url, {**FINDINGS, "version": 1, "employees_on_duty": 120})
    assert more.status_code == 422 and more.json()["errors"][0]["field"] == "employees_on_duty"
    future = post(client, url, {**FINDINGS, "version": 1, "visited_on": str(TODAY + timedelta(days=1))})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "visited_on"
    unknown = post(client, url, {**FINDINGS, "version": 1, "demands": [{"category": 99999, "title": "x"}]})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "demands.1.category"
    assert Visit.objects.get(pk=planned.pk).status == VisitStatus.PLANNED
    assert not Demand.objects.exists()
    assert not Event.objects.filter(verb="visit.recorded").exists()


def test_a_stale_version_is_409(officer_a, planned):
    client = client_for(officer_a)
    assert post(client, f"{API}/visits/{planned.pk}/record", {**FINDINGS, "version": 1}).status_code == 200
    stale = post(client, f"{API}/visits/{planned.pk}/cancel", {"version": 1, "reason": "企业停产"})
    assert stale.status_code == 409
    assert Visit.objects.get(pk=planned.pk).status == VisitStatus.DONE


def test_cancelling_a_planned_visit(officer_a, planned):
    client = client_for(officer_a)
    no_reason = post(client, f"{API}/visits/{planned.pk}/cancel", {"version": 1, "reason": ""})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    cancelled = post(client, f"{API}/visits/{planned.pk}/cancel", {"version": 1, "reason": "企业停产"})
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancel_reason"] == "企业停产"
    assert Event.objects.filter(verb="visit.cancelled").count() == 1


def test_the_list_filters(officer_a, planned, other_enterprise, zone_a):
    done = plan_visit(other_enterprise, unit=zone_a, planned_on=TODAY - timedelta(days=10), by=officer_a)
    record_visit(done, {**FINDINGS, "visited_on": TODAY - timedelta(days=9)}, by=officer_a)
    client = client_for(officer_a)

    def ids(**params):
        return [v["id"] for v in client.get(f"{API}/visits", params).json()["items"]]

    assert ids() == [planned.pk, done.pk]
    assert ids(status="done") == [done.pk]
    assert ids(enterprise=other_enterprise.pk) == [done.pk]
    assert ids(q="科阳") == [done.pk]
    assert ids(**{"from": str(TODAY - timedelta(days=3))}) == [planned.pk]
    assert ids(to=str(TODAY - timedelta(days=9))) == [done.pk]
    assert client.get(f"{API}/visits", {"status": "maybe"}).status_code == 422


def test_roles_without_the_permission_get_403(enterprise_user, supervisor, handler, planned, enterprise, zone_a):
    portal = client_for(enterprise_user)
    assert portal.get(f"{API}/visits").status_code == 403
    assert portal.get(f"{API}/visits/{planned.pk}").status_code == 403
    body = {"enterprise": enterprise.pk, "unit": zone_a.pk, "planned_on": str(TODAY)}
    assert post(client_for(supervisor), f"{API}/visits", body).status_code == 403
    campaign = {"unit": handler.user.memberships.get().unit_id, "name": "x", "starts_on": "2026-01-05"}
    answer = post(client_for(handler), f"{API}/visit-campaigns", {**campaign, "ends_on": "2026-01-09", "targets": []})
    assert answer.status_code == 403
    assert not VisitCampaign.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/visits/{pk}", None),
        ("post", "/visits/{pk}/record", {**FINDINGS, "version": 1}),
        ("post", "/visits/{pk}/cancel", {"version": 1, "reason": "x"}),
    ],
)
@pytest.mark.parametrize("who", ["officer_b", "missing"])
def test_outside_scope_every_visit_endpoint_is_404_and_writes_nothing(request, planned, method, path, body, who):
    actor = request.getfixturevalue("officer_a" if who == "missing" else who)
    client = client_for(actor)
    before = Event.objects.count()
    url = API + path.format(pk=planned.pk + 1000 if who == "missing" else planned.pk)
    answer = (
        getattr(client, method)(url, body, content_type="application/json") if body else getattr(client, method)(url)
    )
    assert answer.status_code == 404
    assert Event.objects.count() == before


def test_zone_b_cannot_plan_for_or_read_zone_a(officer_b, enterprise, zone_b, zone_a, planned):
    client = client_for(officer_b)
    body = {"enterprise": enterprise.pk, "unit": zone_b.pk, "planned_on": str(TODAY)}
    assert post(client, f"{API}/visits", body).status_code == 404
    assert client.get(f"{API}/visits").json()["items"] == []
    assert client.get(f"{API}/enterprises/{enterprise.pk}/visit-calendar").status_code == 404
    assert client.get(f"{API}/visits/crowded", {"unit": zone_a.pk}).status_code == 404
    assert client.get(f"{API}/visits/risks", {"unit": zone_a.pk}).status_code == 404


def test_calendar_crowded_weeks_and_risks(enterprise, zone_a, department_a, county, officer_a, leader, county_leader):
    visits = [
        plan_visit(enterprise, unit=zone_a, planned_on=MONDAY, by=officer_a),
        plan_visit(enterprise, unit=department_a, planned_on=MONDAY + timedelta(days=2), by=leader),
        plan_visit(enterprise, unit=county, planned_on=MONDAY + timedelta(days=4), by=county_leader),
    ]
    record_visit(visits[0], {"visited_on": MONDAY, "plans_to_relocate": True, "risk_note": "拟迁往外省"}, by=officer_a)
    client = client_for(leader)
    calendar = client.get(f"{API}/enterprises/{enterprise.pk}/visit-calendar", {"around": str(MONDAY)}).json()
    assert [v["id"] for v in calendar] == [v.pk for v in visits]
    (week,) = client.get(f"{API}/visits/crowded", {"unit": zone_a.pk}).json()
    assert (week["year"], week["week"], week["visit_ids"]) == (2026, 10, [v.pk for v in visits])
    (risk,) = client.get(f"{API}/visits/risks", {"unit": zone_a.pk}).json()
    assert risk["enterprise"]["id"] == enterprise.pk and risk["flags"] == ["plans_to_relocate"]
    assert client.get(f"{API}/visits/crowded").status_code == 422
    far = client.get(f"{API}/enterprises/{enterprise.pk}/visit-calendar", {"around": "9999-12-31"})
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "around"


def test_a_campaign_and_its_progress(leader, officer_a, officer_b, zone_a, enterprise, other_enterprise):
    client = client_for(leader)
    made = post(
        client,
        f"{API}/visit-campaigns",
        {
            "unit": zone_a.pk,
            "name": "复工复产走访",
            "starts_on": str(TODAY - timedelta(days=3)),
            "ends_on": str(TODAY + timedelta(days=3)),
            "targets": [
                {"enterprise": enterprise.pk, "officer": officer_a.user.pk},
                {"enterprise": other_enterprise.pk},
            ],
        },
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert Event.objects.filter(verb="campaign.created").count() == 1
    visit = plan_visit(enterprise, unit=zone_a, planned_on=TODAY, campaign=pk, by=officer_a)
    record_visit(visit, FINDINGS, by=officer_a)
    progress = client.get(f"{API}/visit-campaigns/{pk}/progress").json()
    assert [e["id"] for e in progress["visited"]] == [enterprise.pk]
    assert [e["id"] for e in progress["not_visited"]] == [other_enterprise.pk]
    assert progress["return_rate"]["percent"] == 80.0 and progress["resumption"]["percent"] == 100.0
    assert [c["id"] for c in client.get(f"{API}/visit-campaigns").json()["items"]] == [pk]
    assert client_for(officer_b).get(f"{API}/visit-campaigns/{pk}/progress").status_code == 404
    backwards = post(
        client,
        f"{API}/visit-campaigns",
        {"unit": zone_a.pk, "name": "x", "starts_on": "2026-03-09", "ends_on": "2026-03-02", "targets": []},
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "ends_on"


def test_a_campaign_lists_only_enterprises_of_its_unit(leader, zone_a):
    elsewhere = EnterpriseFactory(name="外区企业")
    body = {"unit": zone_a.pk, "name": "x", "starts_on": "2026-03-02", "ends_on": "2026-03-09"}
    answer = post(client_for(leader), f"{API}/visit-campaigns", {**body, "targets": [{"enterprise": elsewhere.pk}]})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "targets"


def test_the_list_runs_as_many_queries_for_many_rows_as_for_one(officer_a, enterprise, zone_a, planned):
    client = client_for(officer_a)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{API}/visits").json()["count"] == 1
    for n in range(4):
        plan_visit(enterprise, unit=zone_a, planned_on=TODAY + timedelta(days=n), by=officer_a)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{API}/visits").json()["count"] == 5
    assert len(many) == len(one)


def test_a_visit_shows_only_the_demands_the_reader_may_see(officer_a, handler, enterprise, department_a, category):
    visit = plan_visit(enterprise, unit=department_a, planned_on=TODAY, by=officer_a, visitors=[])
    record_visit(visit, FINDINGS, by=officer_a, demands=[{"category": category.pk, "title": "缺普工"}])
    assert [d["title"] for d in client_for(officer_a).get(f"{API}/visits/{visit.pk}").json()["demands"]] == ["缺普工"]
    assert client_for(handler).get(f"{API}/visits/{visit.pk}").json()["demands"] == []
