"""The targeted-investment API: a chain's gaps, the targets (list, add, dismiss, lead) and a chain's figures, with the
pages' services and permissions (404 outside scope, 403 without the permission, 409 on a second lead, 422)."""

from datetime import date

import pytest

from zonedesk.chains import services
from zonedesk.chains.models import InvestmentTarget, ProjectLink
from zonedesk.chains.targets import add_target
from zonedesk.projects.models import Project
from zonedesk.projects.services.lifecycle import create_project
from zonedesk.visits.services import log_visit

from ..conftest import client_for
from ..factories import EnterpriseFactory

API = "/api/v1"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def cell(links, investment_a, officer_a, zone_a):
    """海阳电芯 on 电芯, whose visit named 天赐材料 for 电解液 and a plan to expand."""
    enterprise = EnterpriseFactory(name="海阳电芯", unit=zone_a)
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    findings = {
        "visited_on": date(2026, 11, 20),
        "key_suppliers_outside": "天赐材料（广州）—电解液",
        "plans_to_expand": True,
        "risk_note": "拟扩建二期",
    }
    log_visit(enterprise, unit=zone_a, findings=findings, by=officer_a)
    return enterprise


def test_the_gap_list(chain, links, cell, investment_a):
    body = client_for(investment_a).get(f"{API}/chains/{chain.pk}/gaps").json()
    assert body["weak_below"] == 2
    assert [c["link_name"] for c in body["empty"]] == ["正极材料", "电解液", "储能系统"]
    assert [(c["link_name"], c["enterprises"]) for c in body["weak"]] == [("电芯", 1)]
    [supplier] = body["suppliers"]
    assert (supplier["company"], supplier["link_id"], supplier["source"]) == (
        "天赐材料（广州）",
        links["电解液"].pk,
        "outside_supplier",
    )
    assert supplier["buyers"] == [
        {
            "enterprise_id": cell.pk,
            "enterprise_name": "海阳电芯",
            "link_id": links["电芯"].pk,
            "link_name": "电芯",
            "product": "电解液",
            "visit_id": supplier["visit_id"],
            "visited_on": "2026-11-20",
        }
    ]
    [expansion] = body["expansions"]
    assert (expansion["company"], expansion["enterprise_id"], expansion["link_name"]) == ("海阳电芯", cell.pk, "电芯")


def test_add_a_candidate_then_lead_it_once(chain, links, cell, investment_a, zone_a):
    client = client_for(investment_a)
    made = post(
        client,
        f"{API}/chain-targets",
        {
            "link": links["电解液"].pk,
            "company": "天赐材料（广州）",
            "source": "outside_supplier",
            "enterprise": cell.pk,
        },
    )
    assert made.status_code == 201, made.content
    target = made.json()
    assert (target["unit_id"], target["status"], target["version"], target["chain_id"]) == (
        zone_a.pk,
        "open",
        1,
        chain.pk,
    )
    assert client.get(f"{API}/chains/{chain.pk}/gaps").json()["suppliers"] == []
    lead = post(client, f"{API}/chain-targets/{target['id']}/lead", {"version": 1})
    assert lead.status_code == 201, lead.content
    project = Project.objects.get(pk=lead.json()["project_id"])
    assert project.stage == "lead" and project.unit == zone_a and project.investor_name == "天赐材料（广州）"
    assert ProjectLink.objects.get(project=project).link == links["电解液"]
    assert lead.json()["target"]["status"] == "converted" and lead.json()["target"]["project_id"] == project.pk
    again = post(client, f"{API}/chain-targets/{target['id']}/lead", {"version": 2})
    assert again.status_code == 409 and Project.objects.count() == 1
    listed = client.get(f"{API}/chain-targets", {"status": "converted", "chain": chain.pk}).json()
    assert [t["id"] for t in listed["items"]] == [target["id"]] and listed["count"] == 1


def test_dismiss_and_the_list_filters(links, investment_a):
    client = client_for(investment_a)
    first = add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap")
    second = add_target(investment_a, link=links["电芯"], company="宁德时代", source="other")
    stale = post(client, f"{API}/chain-targets/{first.pk}/dismiss", {"version": 9, "reason": "不跟了"})
    assert stale.status_code == 409
    done = post(client, f"{API}/chain-targets/{first.pk}/dismiss", {"version": 1, "reason": "已在外地落户"})
    assert done.status_code == 200 and done.json()["status"] == "dismissed"
    assert done.json()["dismissed_reason"] == "已在外地落户"

    def ids(**params):
        return [t["id"] for t in client.get(f"{API}/chain-targets", params).json()["items"]]

    assert ids() == [second.pk, first.pk]
    assert ids(status="open") == [second.pk] and ids(source="gap") == [first.pk]
    assert ids(link=links["电解液"].pk) == [first.pk] and ids(q="宁德") == [second.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"company": ""}, "company"),
        ({"source": "rumour"}, "source"),
        ({"link": 0}, "link"),
        ({"company": "公" * 201}, "company"),
    ],
)
def test_bad_input_is_422_naming_the_field(links, investment_a, body, field):
    data = {"link": links["电解液"].pk, "company": "新宙邦", "source": "gap", **body}
    answer = post(client_for(investment_a), f"{API}/chain-targets", data)
    assert answer.status_code == 422, answer.content
    assert field in [e["field"] for e in answer.json()["errors"]]
    assert not InvestmentTarget.objects.exists()


def test_permissions(chain, links, investment_a, officer_a, investment_b, enterprise_user):
    target = add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap")
    body = {"link": links["电解液"].pk, "company": "天赐", "source": "gap"}
    officer = client_for(officer_a)
    assert post(officer, f"{API}/chain-targets", body).status_code == 403
    assert post(officer, f"{API}/chain-targets/{target.pk}/lead", {"version": 1}).status_code == 403
    assert officer.get(f"{API}/chains/{chain.pk}/gaps").status_code == 200  # every staff role reads
    for actor, reading in ((investment_b, 404), (enterprise_user, 403)):
        client = client_for(actor)
        assert client.get(f"{API}/chains/{chain.pk}/gaps").status_code == reading
        assert client.get(f"{API}/chains/{chain.pk}/figures").status_code == reading
        assert post(client, f"{API}/chain-targets", body).status_code == 404
        assert post(client, f"{API}/chain-targets/{target.pk}/lead", {"version": 1}).status_code == 404
        assert (
            post(client, f"{API}/chain-targets/{target.pk}/dismiss", {"version": 1, "reason": "x"}).status_code == 404
        )
    assert client_for(investment_b).get(f"{API}/chain-targets").json()["items"] == []
    assert client_for(enterprise_user).get(f"{API}/chain-targets").status_code == 403
    assert not Project.objects.exists() and InvestmentTarget.objects.count() == 1


def test_the_figures(chain, links, cell, investment_a, zone_a):
    made = create_project({"name": "电解液项目", "unit": zone_a}, by=investment_a)
    services.map_project(investment_a, links["电解液"], made)
    client = client_for(investment_a)
    body = client.get(f"{API}/chains/{chain.pk}/figures").json()
    assert (body["projects"], body["enterprises"], body["stages"]["lead"]) == (1, 1, 1)
    rows = {row["link_name"]: row for row in body["links"]}
    assert rows["电解液"]["stages"]["lead"] == 1 and rows["电芯"]["enterprises"] == 1
    # put on their links today: both links are filled this year
    assert sorted(body["filled_link_ids"]) == sorted([links["电解液"].pk, links["电芯"].pk])
    last = client.get(f"{API}/chains/{chain.pk}/figures", {"year": body["year"] - 1}).json()
    assert (last["projects"], last["enterprises"], last["filled_link_ids"]) == (0, 0, [])
    bad = client.get(f"{API}/chains/{chain.pk}/figures", {"year": 1999})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "year"
