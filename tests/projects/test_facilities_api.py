"""The API of facilities: projects carry their `kind` and are filtered by it (investment projects by default), a
facility is created with the permission that records a project, and moves along the facility table (422 for an
illegal move, 409 for a stale version); outside the zone it does not exist (404)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zonedesk.projects import services
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage

from ..conftest import client_for

TODAY = timezone.localdate()


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def built(investment_a, zone_a):
    return services.create_facility(investment_a, unit=zone_a, name="启航公寓", planned_on=TODAY - timedelta(30))


@pytest.fixture
def lead(investment_a, zone_a):
    return services.create_project({"name": "国阳智能装备产业园", "unit": zone_a}, by=investment_a)


def test_an_officer_creates_a_facility_and_drives_it_into_use(investment_a, zone_a, department_a):
    client = client_for(investment_a)
    body = {
        "name": "电子信息产业质检中心",
        "unit_id": zone_a.pk,
        "builder": "经开区开发建设公司",
        "owner_department_id": department_a.pk,
        "investment": "1.2亿元",
        "planned_on": str(TODAY - timedelta(days=100)),
    }
    created = post(client, "/api/v1/projects/facilities", body)
    assert created.status_code == 201
    data = created.json()
    assert (data["kind"], data["stage"], data["builder"]) == ("facility", "planned", "经开区开发建设公司")
    assert data["owner_department_id"] == department_a.pk and data["total_investment_wan"] == "12000.00"
    assert data["lead_on"] == str(TODAY - timedelta(days=100)) and data["investor_name"] == ""
    pk, version = data["id"], data["version"]
    for to in ("started", "completed", "in_use"):
        moved = post(client, f"/api/v1/projects/{pk}/move", {"to": to, "version": version})
        assert moved.status_code == 200, moved.content
        version = moved.json()["version"]
    done = client.get(f"/api/v1/projects/{pk}").json()
    assert done["stage"] == "in_use" and done["completed_on"] == done["in_use_on"] == str(TODAY)


def test_an_illegal_move_is_422_and_a_stale_one_409(built, investment_a):
    client = client_for(investment_a)
    url = f"/api/v1/projects/{built.pk}/move"
    refused = post(client, url, {"to": "signed", "contracted_investment": "1亿元"})
    assert refused.status_code == 422
    assert post(client, url, {"to": "completed"}).status_code == 422
    assert post(client, url, {"to": "started", "version": built.version}).status_code == 200
    assert post(client, url, {"to": "completed", "version": built.version}).status_code == 409
    assert Project.objects.get(pk=built.pk).stage == Stage.STARTED


def test_a_bad_field_is_422_and_writes_nothing(investment_a, zone_a):
    client = client_for(investment_a)
    assert (
        post(
            client, "/api/v1/projects/facilities", {"name": "x", "unit_id": zone_a.pk, "investment": "数亿元"}
        ).status_code
        == 422
    )
    assert not Project.objects.exists()


def test_the_list_is_investment_projects_unless_the_kind_says_otherwise(built, lead, investment_a):
    client = client_for(investment_a)

    def ids(**params):
        return [row["id"] for row in client.get("/api/v1/projects", params).json()["items"]]

    assert ids() == [lead.pk]
    assert ids(kind="investment") == [lead.pk]
    assert ids(kind="facility") == [built.pk]
    assert client.get("/api/v1/projects", {"kind": "all"}).status_code == 422
    assert client.get(f"/api/v1/projects/{lead.pk}").json()["kind"] == "investment"


def test_a_handler_gets_403_and_another_zone_404(built, handler, officer_b, investment_b, zone_a):
    body = {"name": "固废处理中心", "unit_id": zone_a.pk}
    assert post(client_for(handler), "/api/v1/projects/facilities", body).status_code == 403
    assert client_for(officer_b).get(f"/api/v1/projects/{built.pk}").status_code == 404
    assert post(client_for(investment_b), f"/api/v1/projects/{built.pk}/move", {"to": "started"}).status_code == 404
    assert [p.name for p in Project.objects.all()] == ["启航公寓"]


def test_a_facility_is_edited_through_the_same_patch(built, investment_a):
    client = client_for(investment_a)
    url = f"/api/v1/projects/{built.pk}"
    patched = client.patch(url, {"builder": "射阳城投", "version": built.version}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["builder"] == "射阳城投"
    refused = client.patch(url, {"investor_name": "某集团"}, content_type="application/json")
    assert refused.status_code == 422
