from datetime import date, timedelta

import pytest
from django.utils import timezone

from zonedesk.orgs.models import Event
from zonedesk.projects import services
from zonedesk.projects.models import Project

from ..conftest import client_for

TODAY = timezone.localdate()


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def project(investment_a, zone_a):
    return services.create_project(
        {"name": "国阳智能装备产业园", "unit": zone_a, "investment": "30亿元", "lead_on": TODAY - timedelta(days=90)},
        by=investment_a,
    )


def test_an_officer_drives_a_lead_to_production_through_the_api(investment_a, zone_a):
    client = client_for(investment_a)
    created = post(
        client,
        "/api/v1/projects",
        {
            "name": "惠生海工装备基地",
            "unit_id": zone_a.pk,
            "investment": "90亿元",
            "lead_on": str(TODAY - timedelta(days=100)),
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["total_investment_wan"] == "900000.00"
    steps = [("negotiating", {}), ("signed", {"contracted_investment": "88亿元"}), ("started", {}), ("producing", {})]
    for offset, (to, extra) in enumerate(steps):
        moved = post(
            client,
            f"/api/v1/projects/{pk}/move",
            {"to": to, "on": str(TODAY - timedelta(days=80 - 10 * offset)), **extra},
        )
        assert moved.status_code == 200, moved.content
    body = client.get(f"/api/v1/projects/{pk}").json()
    assert body["stage"] == "producing" and body["contracted_investment_wan"] == "880000.00"
    figures = client.get("/api/v1/project-figures", {"unit": zone_a.pk, "year": TODAY.year}).json()
    producing = next(r for r in figures["stages"] if r["stage"] == "producing")
    assert producing["count"] == 1
    verbs = [e["verb"] for e in client.get(f"/api/v1/projects/{pk}/events").json()]
    assert verbs.count("project.stage_advanced") == 4


def test_errors_name_the_field(investment_a, zone_a, project):
    client = client_for(investment_a)
    bad = post(client, "/api/v1/projects", {"name": "x", "unit_id": zone_a.pk, "investment": "数亿元"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "investment"
    no_amount = post(
        client, f"/api/v1/projects/{project.pk}/move", {"to": "negotiating", "on": str(TODAY + timedelta(days=1))}
    )
    assert no_amount.status_code == 422 and no_amount.json()["errors"][0]["field"] == "on"
    refused = post(client, f"/api/v1/projects/{project.pk}/move", {"to": "producing"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "stage"


def test_a_stale_version_is_409_and_the_leader_alone_moves_back(investment_a, leader, project):
    client = client_for(investment_a)
    assert post(client, f"/api/v1/projects/{project.pk}/move", {"to": "negotiating", "version": 1}).status_code == 200
    assert (
        post(client, f"/api/v1/projects/{project.pk}/move", {"to": "dropped", "version": 1, "reason": "x"}).status_code
        == 409
    )
    assert post(client, f"/api/v1/projects/{project.pk}/move-back", {"reason": "录错"}).status_code == 403
    back = post(client_for(leader), f"/api/v1/projects/{project.pk}/move-back", {"reason": "录错"})
    assert back.status_code == 200 and back.json()["stage"] == "lead"


def test_referral_through_the_api_moves_the_project(investment_a, investment_b, zone_b, project):
    offer = post(
        client_for(investment_a),
        f"/api/v1/projects/{project.pk}/referrals",
        {"to_unit_id": zone_b.pk, "note": "用地不足"},
    )
    assert offer.status_code == 201
    client_b = client_for(investment_b)
    assert client_b.get(f"/api/v1/projects/{project.pk}").status_code == 404
    assert [r["id"] for r in client_b.get("/api/v1/referrals").json()["items"]] == [offer.json()["id"]]
    assert post(client_b, f"/api/v1/referrals/{offer.json()['id']}/accept", {}).status_code == 200
    assert client_b.get(f"/api/v1/projects/{project.pk}").json()["unit_id"] == zone_b.pk


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/projects/{pk}", None),
        ("patch", "/api/v1/projects/{pk}", {"name": "改名"}),
        ("post", "/api/v1/projects/{pk}/move", {"to": "negotiating"}),
        ("post", "/api/v1/projects/{pk}/move-back", {"reason": "x"}),
        ("post", "/api/v1/projects/{pk}/funds", {"funds_in_place_wan": "1"}),
        ("post", "/api/v1/projects/{pk}/resign", {"on": "2026-01-01"}),
        ("get", "/api/v1/projects/{pk}/events", None),
        ("post", "/api/v1/projects/{pk}/referrals", {"to_unit_id": 1}),
    ],
)
@pytest.mark.parametrize("who", ["investment_b", "enterprise_user", "missing"])
def test_outside_scope_every_project_endpoint_is_404_and_writes_nothing(request, project, method, path, body, who):
    actor = request.getfixturevalue("investment_a" if who == "missing" else who)
    pk = project.pk + 1000 if who == "missing" else project.pk
    client = client_for(actor)
    before = Event.objects.count()  # after sign-in, whose own event is not the endpoint's
    url = path.format(pk=pk)
    response = (
        getattr(client, method)(url, body, content_type="application/json") if body else getattr(client, method)(url)
    )
    assert response.status_code == 404
    assert Event.objects.count() == before
    assert Project.objects.get(pk=project.pk).name == "国阳智能装备产业园"


def test_lists_and_figures_stay_inside_the_zone(investment_a, investment_b, enterprise_user, zone_a, project):
    assert client_for(investment_b).get("/api/v1/projects").json()["count"] == 0
    assert client_for(investment_a).get("/api/v1/projects").json()["count"] == 1
    assert client_for(investment_b).get("/api/v1/project-figures", {"unit": zone_a.pk}).status_code == 404
    assert client_for(enterprise_user).get("/api/v1/projects").status_code == 403
    assert client_for(enterprise_user).get("/api/v1/project-figures").status_code == 403


def test_the_api_keeps_the_amount_as_typed_and_the_rate(admin_a, investment_a, zone_a):
    services.set_currency_rate(currency="EUR", rate_to_cny="7.8", valid_from=date(2025, 1, 1), by=admin_a)
    body = post(
        client_for(investment_a),
        "/api/v1/projects",
        {"name": "阿斯托特克", "unit_id": zone_a.pk, "investment": "6000万欧元"},
    ).json()
    assert (body["investment_text"], body["investment_currency"], body["rate_to_cny"]) == (
        "6000万欧元",
        "EUR",
        "7.800000",
    )
    assert body["total_investment_wan"] == "46800.00"


def test_targets_rates_and_the_monthly_review_through_the_api(
    admin_a, leader, investment_a, investment_b, zone_a, project
):
    rate = post(
        client_for(admin_a),
        "/api/v1/currency-rates",
        {"currency": "usd", "rate_to_cny": "7.1", "valid_from": "2025-01-01"},
    )
    assert rate.status_code == 201 and rate.json()["currency"] == "USD"
    assert (
        post(
            client_for(investment_a),
            "/api/v1/currency-rates",
            {"currency": "EUR", "rate_to_cny": "7.8", "valid_from": "2025-01-01"},
        ).status_code
        == 403
    )
    target = post(
        client_for(leader),
        "/api/v1/targets",
        {"unit_id": zone_a.pk, "year": TODAY.year, "metric": "signed_count", "value": "4"},
    )
    assert target.status_code == 201 and target.json()["actual"] == "0"
    assert (
        post(
            client_for(investment_b),
            "/api/v1/targets",
            {"unit_id": zone_a.pk, "year": TODAY.year, "metric": "signed_count", "value": "4"},
        ).status_code
        == 404
    )
    listed = client_for(investment_a).get("/api/v1/targets", {"year": TODAY.year}).json()
    assert [t["metric"] for t in listed] == ["signed_count"]
    lead_month = project.lead_on
    review = client_for(investment_a).get(
        "/api/v1/monthly-review", {"unit": zone_a.pk, "year": lead_month.year, "month": lead_month.month}
    )
    assert review.status_code == 200 and review.json()["officers"][0]["leads"] == ["国阳智能装备产业园"]
    assert (
        client_for(investment_b)
        .get("/api/v1/monthly-review", {"unit": zone_a.pk, "year": 2026, "month": 1})
        .status_code
        == 404
    )
    assert (
        client_for(investment_a)
        .get("/api/v1/monthly-review", {"unit": zone_a.pk, "year": 2026, "month": 13})
        .status_code
        == 422
    )
