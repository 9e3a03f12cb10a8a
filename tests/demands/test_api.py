"""The demand API: the closed loop, bulk moves and files through the same services, scope and permissions."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonedesk.demands.models import Demand, DemandAttachment
from zonedesk.demands.states import State
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.orgs.services import create_api_token

from ..conftest import client_for
from ..factories import EnterpriseFactory, MembershipFactory, UserFactory

API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def v(demand: Demand) -> int:
    return Demand.objects.get(pk=demand.pk).version


@pytest.fixture
def other_enterprise_user(zone_a, other_enterprise) -> Actor:
    user = UserFactory(username="other_ent_user", enterprise=other_enterprise)
    MembershipFactory(user=user, unit=zone_a, role="enterprise")
    return Actor(user=user)


def test_an_officer_takes_a_demand_round_the_loop(
    officer_a, handler, enterprise_user, enterprise, category, department_a
):
    officer = client_for(officer_a)
    made = post(
        officer,
        f"{API}/demands",
        {"enterprise": enterprise.pk, "category": category.pk, "title": "招工难，缺普工50人", "source": "visit"},
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["state"] == "submitted" and made.json()["version"] == 1
    accepted = post(officer, f"{API}/demands/{pk}/accept", {"version": 1})
    assert accepted.json()["state"] == "accepted"
    assigned = post(
        officer, f"{API}/demands/{pk}/assign", {"version": 2, "department": department_a.pk, "deadline_days": 10}
    )
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assigned_department_name"] == department_a.name
    assert assigned.json()["deadline_status"] == "on_track"
    resolved = post(
        client_for(handler), f"{API}/demands/{pk}/resolve", {"version": 3, "outcome": "solved", "note": "已对接招聘会"}
    )
    assert resolved.json()["state"] == "resolved"
    confirmed = post(client_for(enterprise_user), f"{API}/demands/{pk}/confirm", {"version": 4, "satisfaction": 5})
    assert confirmed.status_code == 200 and confirmed.json()["satisfaction"] == 5
    detail = officer.get(f"{API}/demands/{pk}").json()
    assert [m["to_state"] for m in detail["moves"]] == ["submitted", "accepted", "assigned", "resolved", "confirmed"]
    verbs = [e["verb"] for e in client_for(handler).get(f"{API}/demands/{pk}/events").json()]
    assert verbs == ["demand.confirmed", "demand.resolved", "demand.assigned", "demand.accepted", "demand.submitted"]


def test_an_enterprise_user_submits_through_the_portal_and_sees_only_their_own(
    enterprise_user, enterprise, category, make_demand, other_enterprise
):
    theirs = make_demand(ent=other_enterprise, title="别家的诉求")
    client = client_for(enterprise_user)
    made = post(client, f"{API}/demands", {"enterprise": enterprise.pk, "category": category.pk, "title": "融资难"})
    assert made.status_code == 201 and made.json()["source"] == "portal"
    listed = client.get(f"{API}/demands").json()
    assert [d["id"] for d in listed["items"]] == [made.json()["id"]]
    assert client.get(f"{API}/demands/{theirs.pk}").status_code == 404
    assert (
        post(
            client, f"{API}/demands", {"enterprise": other_enterprise.pk, "category": category.pk, "title": "x"}
        ).status_code
        == 404
    )


def test_the_list_filters_like_the_page(officer_a, make_demand, enterprise, other_enterprise):
    submitted = make_demand()
    assigned = make_demand(State.ASSIGNED, ent=other_enterprise, title="用地指标")
    client = client_for(officer_a)

    def ids(**params):
        return [d["id"] for d in client.get(f"{API}/demands", params).json()["items"]]

    assert ids(state="assigned") == [assigned.pk]
    assert ids(enterprise=enterprise.pk) == [submitted.pk]
    assert ids(q="用地") == [assigned.pk]
    assert ids(closed="false", department=assigned.assigned_department_id) == [assigned.pk]
    assert ids(submitted_from=str(timezone.localdate() + timedelta(days=1))) == []
    bad = client.get(f"{API}/demands", {"state": "done"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "state"


def test_return_resubmit_and_reject(officer_a, enterprise_user, make_demand):
    demand = make_demand()
    officer, portal = client_for(officer_a), client_for(enterprise_user)
    returned = post(officer, f"{API}/demands/{demand.pk}/return", {"version": 1, "reason": "请补充缺工人数"})
    assert returned.json()["state"] == "returned" and returned.json()["reason"] == "请补充缺工人数"
    again = post(portal, f"{API}/demands/{demand.pk}/resubmit", {"version": 2, "description": "缺普工50人"})
    assert again.json()["state"] == "submitted" and again.json()["description"] == "缺普工50人"
    no_reason = post(officer, f"{API}/demands/{demand.pk}/reject", {"version": 3, "reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    rejected = post(officer, f"{API}/demands/{demand.pk}/reject", {"version": 3, "reason": "不属于受理范围"})
    assert rejected.json()["state"] == "rejected"
    assert Event.objects.filter(verb="demand.rejected", object_id=str(demand.pk)).count() == 1


def test_a_demand_routed_to_the_county_leaves_the_zone_officer(officer_a, county, make_demand):
    demand = make_demand()
    client = client_for(officer_a)
    routed = post(client, f"{API}/demands/{demand.pk}/route", {"version": 1, "level": "county", "reason": "跨区镇用地"})
    assert routed.status_code == 200 and routed.json()["handling_unit_id"] == county.pk
    assert Event.objects.filter(verb="demand.routed").count() == 1
    assert post(client, f"{API}/demands/{demand.pk}/accept", {"version": 2}).status_code == 403
    bad = post(client, f"{API}/demands/{demand.pk}/route", {"version": 2, "level": "province", "reason": "x"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "level"


def test_transfer_reopen_and_dissatisfaction(officer_a, enterprise_user, make_demand, department_a2):
    officer, portal = client_for(officer_a), client_for(enterprise_user)
    assigned = make_demand(State.ASSIGNED)
    moved = post(
        officer,
        f"{API}/demands/{assigned.pk}/transfer",
        {"version": v(assigned), "department": department_a2.pk, "reason": "属人社局职责"},
    )
    assert moved.status_code == 200 and moved.json()["assigned_department_id"] == department_a2.pk
    resolved = make_demand(State.RESOLVED, title="融资对接")
    reopened = post(portal, f"{API}/demands/{resolved.pk}/reopen", {"version": v(resolved), "reason": "仍缺资金"})
    assert reopened.json()["state"] == "reopened"
    confirmed = make_demand(State.CONFIRMED, title="审批提速")
    flagged = post(
        portal, f"{API}/demands/{confirmed.pk}/dissatisfied", {"version": v(confirmed), "reason": "仍未落实"}
    )
    assert flagged.json()["is_dissatisfied"] is True and flagged.json()["state"] == "confirmed"
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"demand.transferred", "demand.reopened", "demand.dissatisfied"} <= verbs


def test_roles_without_the_permission_get_403(handler, enterprise_user, officer_a, make_demand, department_a):
    assigned = make_demand(State.ASSIGNED)
    accepted = make_demand(State.ACCEPTED, title="用电增容")
    assert post(client_for(handler), f"{API}/demands/{assigned.pk}/accept", {"version": v(assigned)}).status_code == 403
    body = {"version": v(accepted), "department": department_a.pk}
    assert post(client_for(enterprise_user), f"{API}/demands/{accepted.pk}/assign", body).status_code == 403
    resolved = make_demand(State.RESOLVED, title="物流通道")
    body = {"version": v(resolved), "satisfaction": 5}
    assert post(client_for(officer_a), f"{API}/demands/{resolved.pk}/confirm", body).status_code == 403
    assert (
        post(client_for(handler), f"{API}/demands", {"enterprise": 1, "category": 1, "title": "x"}).status_code == 403
    )
    assert Demand.objects.get(pk=accepted.pk).state == State.ACCEPTED


def test_input_errors_name_the_field(officer_a, make_demand, enterprise, department_a):
    client = client_for(officer_a)
    unknown = post(client, f"{API}/demands", {"enterprise": enterprise.pk, "category": 99999, "title": "x"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "category"
    hotline = post(
        client, f"{API}/demands", {"enterprise": enterprise.pk, "category": 1, "title": "x", "source": "hotline"}
    )
    assert hotline.status_code == 422 and hotline.json()["errors"][0]["field"] == "reference"
    accepted = make_demand(State.ACCEPTED)
    past = str(timezone.localdate() - timedelta(days=1))
    body = {"version": v(accepted), "department": department_a.pk, "deadline": past}
    answer = post(client, f"{API}/demands/{accepted.pk}/assign", body)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "deadline"
    garbage = post(client, f"{API}/demands/{accepted.pk}/assign", {**body, "deadline": None, "deadline_days": "数日"})
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["field"] == "deadline_days"
    for days in (0, 10**9):
        beyond = post(client, f"{API}/demands/{accepted.pk}/assign", {**body, "deadline": None, "deadline_days": days})
        assert beyond.status_code == 422 and beyond.json()["errors"][0]["field"] == "deadline_days"
    missing_version = post(client, f"{API}/demands/{accepted.pk}/assign", {"department": department_a.pk})
    assert missing_version.status_code == 422 and missing_version.json()["errors"][0]["field"] == "version"
    assert Demand.objects.get(pk=accepted.pk).state == State.ACCEPTED


def test_a_score_out_of_range_is_refused_by_the_schema(enterprise_user, make_demand):
    resolved = make_demand(State.RESOLVED)
    answer = post(
        client_for(enterprise_user), f"{API}/demands/{resolved.pk}/confirm", {"version": v(resolved), "satisfaction": 9}
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "satisfaction"


def test_a_stale_version_is_409_and_changes_nothing(officer_a, make_demand):
    demand = make_demand()
    client = client_for(officer_a)
    assert post(client, f"{API}/demands/{demand.pk}/accept", {"version": 1}).status_code == 200
    stale = post(client, f"{API}/demands/{demand.pk}/reject", {"version": 1, "reason": "重复"})
    assert stale.status_code == 409 and stale.json()["message"]
    assert Demand.objects.get(pk=demand.pk).state == State.ACCEPTED


def test_bulk_moves_report_each_demand(
    officer_a, handler, make_demand, department_a, enterprise_b, category, officer_b
):
    one, two = make_demand(), make_demand(title="第二条")
    third = make_demand(title="第三条")
    foreign_b = Demand.objects.create(
        enterprise=enterprise_b,
        unit=enterprise_b.unit,
        handling_unit=enterprise_b.unit,
        category=category,
        title="海河镇的诉求",
        submitted_on=timezone.localdate(),
    )
    client = client_for(officer_a)
    answer = post(client, f"{API}/demands/bulk/accept", {"ids": [one.pk, two.pk, foreign_b.pk]}).json()
    assert answer["done"] == [one.pk, two.pk]
    assert [f["id"] for f in answer["failed"]] == [foreign_b.pk]
    assigned = post(
        client, f"{API}/demands/bulk/assign", {"ids": [one.pk, third.pk], "department": department_a.pk}
    ).json()
    assert assigned["done"] == [one.pk] and assigned["failed"][0]["id"] == third.pk
    assert Event.objects.filter(verb="demand.assigned").count() == 1
    assert post(client_for(handler), f"{API}/demands/bulk/accept", {"ids": [third.pk]}).status_code == 403
    assert post(client, f"{API}/demands/bulk/accept", {"ids": []}).status_code == 422


def test_files_are_attached_and_read_back_only_in_scope(officer_a, officer_b, enterprise_user, make_demand):
    demand = make_demand()
    portal = client_for(enterprise_user)
    upload = SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf")
    made = portal.post(f"{API}/demands/{demand.pk}/attachments", {"file": upload})
    assert made.status_code == 201, made.content
    assert Event.objects.filter(verb="demand.attached").count() == 1
    attachment_id = made.json()["id"]
    detail = client_for(officer_a).get(f"{API}/demands/{demand.pk}").json()
    assert [a["original_name"] for a in detail["attachments"]] == ["营业执照.pdf"]
    file = client_for(officer_a).get(f"{API}/demands/attachments/{attachment_id}")
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF
    assert "attachment" in file["Content-Disposition"]
    assert client_for(officer_b).get(f"{API}/demands/attachments/{attachment_id}").status_code == 404
    fake = SimpleUploadedFile("照片.pdf", b"\x89PNG\r\n\x1a\nxxxx", content_type="application/pdf")
    refused = portal.post(f"{API}/demands/{demand.pk}/attachments", {"file": fake})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "file"
    assert DemandAttachment.objects.count() == 1


def test_a_bearer_token_works_like_the_session(officer_a, make_demand):
    demand = make_demand()
    _token, raw = create_api_token(name="脚本", by=officer_a)
    answer = Client().get(f"{API}/demands/{demand.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200 and answer.json()["title"] == demand.title
    accepted = Client().post(
        f"{API}/demands/{demand.pk}/accept",
        {"version": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert accepted.status_code == 200
    assert Event.objects.get(verb="demand.accepted").channel == "api"
    assert Client().get(f"{API}/demands").status_code == 401


ENDPOINTS = [
    ("get", "/demands/{pk}", None),
    ("get", "/demands/{pk}/events", None),
    ("post", "/demands/{pk}/accept", {"version": 1}),
    ("post", "/demands/{pk}/return", {"version": 1, "reason": "x"}),
    ("post", "/demands/{pk}/reject", {"version": 1, "reason": "x"}),
    ("post", "/demands/{pk}/resubmit", {"version": 1}),
    ("post", "/demands/{pk}/route", {"version": 1, "level": "county", "reason": "x"}),
    ("post", "/demands/{pk}/assign", {"version": 1, "department": 1}),
    ("post", "/demands/{pk}/transfer", {"version": 1, "department": 1, "reason": "x"}),
    ("post", "/demands/{pk}/resolve", {"version": 1, "outcome": "solved"}),
    ("post", "/demands/{pk}/confirm", {"version": 1, "satisfaction": 5}),
    ("post", "/demands/{pk}/reopen", {"version": 1, "reason": "x"}),
    ("post", "/demands/{pk}/dissatisfied", {"version": 1, "reason": "x"}),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize("who", ["officer_b", "other_enterprise_user", "missing"])
def test_outside_scope_every_demand_endpoint_is_404_and_writes_nothing(request, make_demand, method, path, body, who):
    demand = make_demand()
    actor = request.getfixturevalue("officer_a" if who == "missing" else who)
    client = client_for(actor)
    before = Event.objects.count()
    url = API + path.format(pk=demand.pk + 1000 if who == "missing" else demand.pk)
    response = (
        getattr(client, method)(url, body, content_type="application/json") if body else getattr(client, method)(url)
    )
    assert response.status_code == 404
    assert Event.objects.count() == before
    assert Demand.objects.get(pk=demand.pk).version == 1


def test_an_attachment_upload_outside_scope_is_404(officer_b, make_demand):
    demand = make_demand()
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    assert client_for(officer_b).post(f"{API}/demands/{demand.pk}/attachments", {"file": upload}).status_code == 404
    assert not DemandAttachment.objects.exists()


def test_other_zones_enterprises_cannot_be_submitted_for(officer_a, category):
    elsewhere = EnterpriseFactory(name="外区企业")
    body = {"enterprise": elsewhere.pk, "category": category.pk, "title": "x"}
    assert post(client_for(officer_a), f"{API}/demands", body).status_code == 404


def test_figures_link_to_the_list_that_makes_them(officer_a, make_demand, zone_a):
    make_demand()
    make_demand(State.ASSIGNED, title="用地指标")
    make_demand(State.CONFIRMED, title="审批提速")
    client = client_for(officer_a)
    figures = client.get(f"{API}/demands/figures", {"unit": zone_a.pk}).json()
    assert figures["total"]["value"] == 3 and figures["closed"]["value"] == 1
    for name in ("total", "open", "closed", "confirmed", "auto_confirmed", "solved"):
        listed = client.get(f"{API}/demands", figures[name]["filter"]).json()
        assert listed["count"] == figures[name]["value"], name
    period = {"submitted_from": str(timezone.localdate() + timedelta(days=1))}
    assert client.get(f"{API}/demands/figures", period).json()["total"]["value"] == 0


def test_breakdown_and_trend(officer_a, make_demand, department_a):
    make_demand(State.ASSIGNED)
    make_demand(title="未交办")
    client = client_for(officer_a)
    rows = client.get(f"{API}/demands/breakdown", {"by": "department"}).json()
    assert {r["key"]: r["total"] for r in rows} == {department_a.pk: 1, None: 1}
    for row in rows:
        assert client.get(f"{API}/demands", row["filter"]).json()["count"] == row["total"]
    bad = client.get(f"{API}/demands/breakdown", {"by": "weather"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "by"
    today = timezone.localdate()
    months = client.get(f"{API}/demands/trend", {"first": str(today.replace(day=1)), "last": str(today)}).json()
    assert months == [{"month": f"{today:%Y-%m}", "submitted": 2, "resolved": 0, "confirmed": 0}]
    backwards = client.get(f"{API}/demands/trend", {"first": str(today), "last": str(today - timedelta(days=40))})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "last"


def test_the_enterprise_user_reads_no_figures(enterprise_user):
    assert client_for(enterprise_user).get(f"{API}/demands/figures").status_code == 403


def test_the_workspace_and_the_escalations(officer_a, handler, leader, enterprise_user, make_demand, enterprise):
    submitted = make_demand()
    assigned = make_demand(State.ASSIGNED, title="用电增容")
    officer = client_for(officer_a).get(f"{API}/demands/workspace").json()
    assert [d["id"] for d in officer["to_accept"]] == [submitted.pk]
    assert [d["id"] for d in client_for(handler).get(f"{API}/demands/workspace").json()["at_work"]] == [assigned.pk]
    assert client_for(enterprise_user).get(f"{API}/demands/workspace").status_code == 403
    enterprise.linked_leader = leader.user
    enterprise.save(update_fields=["linked_leader"])
    yesterday = timezone.localdate() - timedelta(days=1)
    Demand.objects.filter(pk=assigned.pk).update(escalation_level=2, deadline=yesterday)
    escalated = client_for(leader).get(f"{API}/demands/escalated").json()
    assert [d["id"] for d in escalated["items"]] == [assigned.pk]
    assert escalated["items"][0]["deadline_status"] == "overdue"
    assert client_for(officer_a).get(f"{API}/demands/escalated").json()["items"] == []


def test_the_demand_sheet_of_one_enterprise(officer_a, officer_b, enterprise_user, other_enterprise_user, make_demand):
    demand = make_demand()
    enterprise_id = demand.enterprise_id
    sheet = client_for(officer_a).get(f"{API}/enterprises/{enterprise_id}/demand-sheet").json()
    assert [d["id"] for d in sheet["demands"]] == [demand.pk] and sheet["figures"]["total"]["value"] == 1
    assert client_for(enterprise_user).get(f"{API}/enterprises/{enterprise_id}/demand-sheet").status_code == 200
    for outsider in (officer_b, other_enterprise_user):
        assert client_for(outsider).get(f"{API}/enterprises/{enterprise_id}/demand-sheet").status_code == 404


def test_a_leader_sets_the_rules_and_a_category_deadline(leader, officer_a, officer_b, zone_a, category):
    client = client_for(leader)
    assert client.get(f"{API}/demands/settings/{zone_a.pk}").json()["set_at_unit_id"] is None
    changed = client.put(
        f"{API}/demands/settings/{zone_a.pk}", {"auto_confirm_days": 5}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["auto_confirm_days"] == 5
    assert changed.json()["set_at_unit_id"] == zone_a.pk
    assert Event.objects.filter(verb="demand.settings_changed").count() == 1
    url = f"{API}/demands/settings/{zone_a.pk}/categories/{category.pk}"
    assert client.put(url, {"days": 3}, content_type="application/json").json()["days"] == 3
    assert Event.objects.filter(verb="demand.category_deadline_set").count() == 1
    listed = client_for(officer_a).get(f"{API}/demands/categories", {"unit": zone_a.pk}).json()
    assert next(c for c in listed if c["id"] == category.pk)["deadline_days"] == 3
    body = {"auto_confirm_days": 9}
    assert (
        client_for(officer_a)
        .put(f"{API}/demands/settings/{zone_a.pk}", body, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for(officer_b)
        .put(f"{API}/demands/settings/{zone_a.pk}", body, content_type="application/json")
        .status_code
        == 404
    )
    garbage = client.put(
        f"{API}/demands/settings/{zone_a.pk}", {"auto_confirm_days": "七天"}, content_type="application/json"
    )
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["field"] == "auto_confirm_days"
    zero = client.put(url, {"days": 0}, content_type="application/json")
    assert zero.status_code == 422 and zero.json()["errors"][0]["field"] == "days"
    assert (
        client.put(
            f"{API}/demands/settings/{zone_a.pk}/categories/99999", {"days": 3}, content_type="application/json"
        ).status_code
        == 404
    )


def test_categories_for_an_enterprise_user_are_their_zones(enterprise_user, category):
    listed = client_for(enterprise_user).get(f"{API}/demands/categories").json()
    assert category.pk in [c["id"] for c in listed]


def test_an_officer_invites_a_person_of_the_enterprise(officer_a, officer_b, enterprise_user, enterprise):
    url = f"{API}/enterprises/{enterprise.pk}/invitations"
    body = {"username": "zhang_hr", "full_name": "张经理", "mobile": "13812348000"}
    made = post(client_for(officer_a), url, body)
    assert made.status_code == 201, made.content
    assert made.json()["username"] == "zhang_hr" and made.json()["link"].startswith("http")
    assert Event.objects.filter(verb="user.invited").count() == 1
    taken = post(client_for(officer_a), url, body)
    assert taken.status_code == 422 and taken.json()["errors"][0]["field"] == "username"
    assert post(client_for(officer_b), url, {**body, "username": "li"}).status_code == 404
    assert post(client_for(enterprise_user), url, {**body, "username": "wang"}).status_code == 403


def test_the_list_runs_as_many_queries_for_many_rows_as_for_one(officer_a, make_demand):
    client = client_for(officer_a)
    make_demand(State.ASSIGNED)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{API}/demands").json()["count"] == 1
    for n in range(4):
        make_demand(State.ASSIGNED, title=f"诉求{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{API}/demands").json()["count"] == 5
    assert len(many) == len(one)


def test_an_id_beyond_the_database_range_is_refused_not_a_500(officer_a):
    answer = client_for(officer_a).get(f"{API}/demands", {"enterprise": 2**64})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "enterprise"
