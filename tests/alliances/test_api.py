"""The alliances API: the same services, scope and permissions as the pages (404 outside the scope, 403 without the
permission, 409 on a stale version, 422 naming the field)."""

from decimal import Decimal

import pytest

from zonedesk.alliances.models import Alliance, ChainProblem, Matching
from zonedesk.demands.models import Demand
from zonedesk.demands.states import Source, State

from ..conftest import client_for

API = "/api/v1"
GLASS = "光伏玻璃就近配套供应不足"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_officer_sets_up_an_alliance_adds_members_and_reads_it_back(officer_a, zone_a, chain, enterprise):
    client = client_for(officer_a)
    made = post(
        client,
        f"{API}/alliances",
        {"unit": zone_a.pk, "name": "晶硅光伏产业链党建联盟", "kind": "chain_alliance", "chain": chain.pk},
    )
    assert made.status_code == 201, made.content
    alliance_id = made.json()["id"]
    assert (made.json()["chain_id"], made.json()["member_count"]) == (chain.pk, 0)
    member = post(client, f"{API}/alliances/{alliance_id}/members", {"kind": "enterprise", "enterprise": enterprise.pk})
    assert member.status_code == 201 and member.json()["name"] == enterprise.name
    twice = post(client, f"{API}/alliances/{alliance_id}/members", {"kind": "enterprise", "enterprise": enterprise.pk})
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "enterprise"
    listed = client.get(f"{API}/alliances").json()
    assert [(row["id"], row["member_count"]) for row in listed["items"]] == [(alliance_id, 1)]
    stale = client.patch(
        f"{API}/alliances/{alliance_id}", {"version": 7, "lead": "射阳县发改委"}, content_type="application/json"
    )
    assert stale.status_code == 409
    changed = client.patch(
        f"{API}/alliances/{alliance_id}", {"version": 1, "lead": "射阳县发改委"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["lead"] == "射阳县发改委"


def test_a_meeting_with_attendance_and_a_problem_raised_there(officer_a, alliance, members, supply, chain):
    client = client_for(officer_a)
    body = {
        "kind": "matchmaking",
        "held_on": "2026-03-02",
        "topic": "链上企业对接会",
        "attendance": [{"member": members["guoyang"].pk, "attendee": "李强强"}, {"member": members["keyang"].pk}],
    }
    made = post(client, f"{API}/alliances/{alliance.pk}/meetings", body)
    assert made.status_code == 201, made.content
    meeting = made.json()
    assert (meeting["present_count"], meeting["member_count"]) == (2, 5)
    present = {row["member_id"]: row["attendee"] for row in meeting["attendance"] if row["present"]}
    assert present == {members["guoyang"].pk: "李强强", members["keyang"].pk: ""}
    problem = post(
        client,
        f"{API}/alliance-meetings/{meeting['id']}/problems",
        {"member": members["jingao"].pk, "category": supply.pk, "title": "电力增容"},
    )
    assert problem.status_code == 201, problem.content
    demand = Demand.objects.get(pk=problem.json()["demand_id"])
    assert (demand.source, demand.chain, problem.json()["state"]) == (Source.MEETING, chain, "submitted")
    bad = post(
        client,
        f"{API}/alliance-meetings/{meeting['id']}/problems",
        {"member": members["association"].pk, "category": supply.pk, "title": "电力增容"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "member"
    read = client.get(f"{API}/alliance-meetings/{meeting['id']}").json()
    assert [p["demand_id"] for p in read["problems"]] == [demand.pk]
    stale = client.put(
        f"{API}/alliance-meetings/{meeting['id']}/attendance",
        {"version": 9, "attendance": []},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_a_matching_and_its_outcome_with_a_stale_version(officer_a, alliance, members):
    client = client_for(officer_a)
    made = post(
        client,
        f"{API}/alliances/{alliance.pk}/matchings",
        {"supplier": members["jingao"].pk, "buyer": members["guoyang"].pk, "product": "光伏压延玻璃"},
    )
    assert made.status_code == 201 and made.json()["outcome"] == "pending"
    url = f"{API}/alliance-matchings/{made.json()['id']}/outcome"
    deal = post(client, url, {"version": 1, "outcome": "deal", "amount_wan": "860.5"})
    assert deal.status_code == 200 and Decimal(deal.json()["amount_wan"]) == Decimal("860.50")
    assert post(client, url, {"version": 1, "outcome": "no_deal"}).status_code == 409
    detail = client.get(f"{API}/alliances/{alliance.pk}").json()
    assert detail["matching_totals"]["deals"] == 1 and Decimal(detail["matching_totals"]["amount_wan"]) == Decimal(
        "860.50"
    )


@pytest.fixture
def glass(officer_a, meeting, members, supply):
    client = client_for(officer_a)
    ids = []
    for key in ("guoyang", "keyang", "jingao"):
        answer = post(
            client,
            f"{API}/alliance-meetings/{meeting.pk}/problems",
            {"member": members[key].pk, "category": supply.pk, "title": GLASS},
        )
        ids.append(answer.json()["demand_id"])
    return ids


def test_the_candidates_become_one_chain_problem_resolved_once(
    officer_a, glass, leader, department_a, chain, enterprise_user
):
    client = client_for(officer_a)
    (group,) = client.get(f"{API}/chain-problems/candidates", {"chain": chain.pk}).json()
    assert [d["id"] for d in group["demands"]] == glass and group["title"] == GLASS
    body = {"demands": glass, "title": GLASS, "leader": leader.user.pk, "lead_department": department_a.pk}
    made = post(client, f"{API}/chain-problems", body)
    assert made.status_code == 201, made.content
    problem = made.json()
    assert problem["state"] == "open" and {d["state"] for d in problem["demands"]} == {"assigned"}
    again = post(client, f"{API}/chain-problems", body)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "demands"
    url = f"{API}/chain-problems/{problem['id']}/resolve"
    assert post(client, url, {"version": 99, "note": "统一保供"}).status_code == 409
    done = post(client, url, {"version": problem["version"], "note": "统一保供"})
    assert done.status_code == 200 and done.json()["state"] == "resolved" and done.json()["open_count"] == 0
    assert {d["state"] for d in done.json()["demands"]} == {"resolved"}
    own = Demand.objects.get(pk__in=glass, enterprise=enterprise_user.user.enterprise)
    body = {"satisfaction": 5, "version": own.version}
    confirmed = post(client_for(enterprise_user), f"{API}/demands/{own.pk}/confirm", body)
    assert confirmed.status_code == 200, confirmed.content
    assert Demand.objects.get(pk=own.pk).state == State.CONFIRMED


def test_the_handler_reads_the_problem_but_resolving_is_403(officer_a, handler, glass, leader, department_a):
    body = {"demands": glass, "title": GLASS, "leader": leader.user.pk, "lead_department": department_a.pk}
    problem = post(client_for(officer_a), f"{API}/chain-problems", body).json()
    client = client_for(handler)
    assert client.get(f"{API}/chain-problems/{problem['id']}").status_code == 200
    answer = post(client, f"{API}/chain-problems/{problem['id']}/resolve", {"version": 1, "note": "已解决"})
    assert answer.status_code == 403
    assert ChainProblem.objects.get().state == "open"


def test_without_alliance_manage_the_writes_are_403(pm_a, alliance, members):
    client = client_for(pm_a)
    assert client.get(f"{API}/alliances/{alliance.pk}").status_code == 200
    answer = post(client, f"{API}/alliances/{alliance.pk}/members", {"kind": "association", "name": "某协会"})
    assert answer.status_code == 403
    matching = post(
        client,
        f"{API}/alliances/{alliance.pk}/matchings",
        {"supplier": members["jingao"].pk, "buyer": members["guoyang"].pk, "product": "玻璃"},
    )
    assert matching.status_code == 403 and not Matching.objects.exists()


def test_another_zones_officer_gets_404(officer_b, alliance, meeting, members):
    client = client_for(officer_b)
    assert client.get(f"{API}/alliances/{alliance.pk}").status_code == 404
    assert client.get(f"{API}/alliance-meetings/{meeting.pk}").status_code == 404
    answer = post(client, f"{API}/alliances/{alliance.pk}/members", {"kind": "association", "name": "某协会"})
    assert answer.status_code == 404
    assert client.get(f"{API}/alliances").json()["items"] == []


def test_an_enterprise_user_is_refused_the_lists_and_finds_no_alliance(enterprise_user, alliance):
    client = client_for(enterprise_user)
    assert client.get(f"{API}/alliances").status_code == 403
    assert client.get(f"{API}/chain-problems").status_code == 403
    assert client.get(f"{API}/alliances/{alliance.pk}").status_code == 404
    assert Alliance.objects.count() == 1
