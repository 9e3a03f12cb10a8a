"""The commitments API: the same services, filters and permissions as the pages (201, 403, 404 outside the scope,
409 on a stale version, 422 naming the field)."""

import json

import pytest

from zonedesk.commitments import services
from zonedesk.commitments.models import Agreement
from zonedesk.enterprises.models import EnterpriseYear

from ..conftest import client_for
from .conftest import agreement_data

API = "/api/v1/commitments"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def agreement(project, investment_a):
    return services.record_agreement(project, agreement_data(), by=investment_a)


def test_an_agreement_is_created_read_and_listed(project, investment_a):
    client = client_for(investment_a)
    body = {"project": project.pk, "start_by": "2025-09-30", "total_investment_wan": "500000", "land_mu": "500"}
    created = post(client, f"{API}/agreements", body)
    assert created.status_code == 201
    data = created.json()
    assert data["signed_on"] == "2025-03-01" and data["worst_status"] == "missed"
    assert [(r["item"], r["status"]) for r in data["results"]] == [("start", "missed"), ("investment", "on_track")]
    listed = client.get(f"{API}/agreements", {"item": "start", "status": "missed"}).json()
    assert [a["id"] for a in listed["items"]] == [data["id"]]
    status = client.get(f"{API}/agreements/{data['id']}/status").json()
    assert status[0] == {
        "item": "start",
        "label": status[0]["label"],
        "status": "missed",
        "status_label": status[0]["status_label"],
        "promised": "2025-09-30",
        "actual": None,
        "due_on": "2025-09-30",
        "source": status[0]["source"],
    }


def test_bad_input_is_422_naming_the_field_and_a_second_agreement_too(project, investment_a):
    client = client_for(investment_a)
    bad = post(client, f"{API}/agreements", {"project": project.pk, "start_by": "2024-01-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "start_by"
    assert post(client, f"{API}/agreements", {"project": project.pk}).status_code == 201
    again = post(client, f"{API}/agreements", {"project": project.pk})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "project"
    assert client.get(f"{API}/agreements", {"status": "splendid"}).status_code == 422


def test_permissions(agreement, project_b, officer_a, officer_b, investment_b, enterprise_user):
    url = f"{API}/agreements/{agreement.pk}"
    assert client_for(officer_a).get(url).status_code == 200
    assert patch(client_for(officer_a), url, {"version": 1, "jobs": 1}).status_code == 403
    assert post(client_for(officer_a), f"{API}/agreements", {"project": agreement.project_id}).status_code == 403
    for actor in (officer_b, investment_b):
        assert client_for(actor).get(url).status_code == 404
        assert patch(client_for(actor), url, {"version": 1, "jobs": 1}).status_code == 404
        assert client_for(actor).get(f"{url}/status").status_code == 404
        assert client_for(actor).get(f"{url}/zone-promises").status_code == 404
    assert post(client_for(investment_b), f"{API}/agreements", {"project": agreement.project_id}).status_code == 404
    assert client_for(enterprise_user).get(f"{API}/agreements").status_code == 403
    assert client_for(enterprise_user).get(url).status_code == 403
    assert client_for(enterprise_user).get(f"{API}/figures").status_code == 403
    assert client_for(enterprise_user).get(f"{API}/years").status_code == 403


def test_a_change_needs_the_version_read(agreement, investment_a, leader):
    url = f"{API}/agreements/{agreement.pk}"
    changed = patch(client_for(leader), url, {"version": 1, "jobs": 1800, "annual_tax_wan": None})
    assert changed.status_code == 200 and changed.json()["jobs"] == 1800 and changed.json()["annual_tax_wan"] is None
    assert patch(client_for(investment_a), url, {"version": 1, "jobs": 1900}).status_code == 409
    assert Agreement.objects.get().jobs == 1800


def test_the_zones_promises(agreement, investment_a):
    client = client_for(investment_a)
    url = f"{API}/agreements/{agreement.pk}/zone-promises"
    created = post(client, url, {"kind": "incentive", "description": "兑现设备补贴", "due_on": "2026-12-31"})
    assert created.status_code == 201 and created.json()["status"] == "on_track"
    promise = created.json()["id"]
    done = patch(client, f"{API}/zone-promises/{promise}", {"version": 1, "done_on": "2026-06-01"})
    assert done.status_code == 200 and done.json()["status"] == "met"
    assert patch(client, f"{API}/zone-promises/{promise}", {"version": 1, "note": "x"}).status_code == 409
    assert [p["id"] for p in client.get(url).json()] == [promise]


def test_the_figures_carry_their_lists_filter(agreement, investment_a, zone_a):
    client = client_for(investment_a)
    figures = client.get(f"{API}/figures", {"unit": zone_a.pk}).json()
    assert figures["in_scope"]["value"] == 1 and figures["missed_start"] == [agreement.pk]
    start = next(i for i in figures["items"] if i["item"] == "start")
    assert (start["due"]["value"], start["missed"]["value"], start["share_met"]) == (1, 1, "0.0")
    listed = client.get(f"{API}/agreements", start["missed"]["filter"]).json()
    assert listed["count"] == 1
    assert client.get(f"{API}/figures", {"unit": 999999}).status_code == 404


def test_yearly_figures_through_the_api(enterprise, enterprise_b, officer_a, officer_b, leader, today):
    client = client_for(officer_a)
    body = {"enterprise": enterprise.pk, "year": 2025, "output_wan": "52000", "employees": 860}
    created = post(client, f"{API}/years", body)
    assert created.status_code == 201 and created.json()["uscc"] == enterprise.uscc
    row = created.json()["id"]
    assert post(client, f"{API}/years", body).status_code == 422
    future = post(client, f"{API}/years", {**body, "year": 2027})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "year"
    assert post(client_for(leader), f"{API}/years", {**body, "year": 2024}).status_code == 403
    assert post(client_for(officer_b), f"{API}/years", {**body, "year": 2024}).status_code == 404
    assert patch(client, f"{API}/years/{row}", {"version": 1, "tax_wan": "3100"}).json()["version"] == 2
    assert patch(client, f"{API}/years/{row}", {"version": 1, "tax_wan": "3200"}).status_code == 409
    assert client_for(officer_b).get(f"{API}/years/{row}").status_code == 404
    assert client.get(f"{API}/years", {"year": 2025}).json()["count"] == 1
    assert EnterpriseYear.objects.get().tax_wan == 3100
