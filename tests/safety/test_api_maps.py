"""GET /safety/lists, /safety/lists/{id}/rows and /safety/plan: the pages' lists and plan through the API, in the
user's zones only (another zone and an enterprise user: 404)."""

import pytest

from zonedesk.safety import plan, services
from zonedesk.safety.list_queries import run_list
from zonedesk.safety.models import SavedList
from zonedesk.safety.states import HazardLevel, SafetyColour

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .test_plan import png


@pytest.fixture
def placed(admin_a, safety_officer, zone_a, enterprise):
    plan.upload_plan(admin_a, zone_a, "平面图.png", png(400, 300))
    other = EnterpriseFactory(name="射阳恒达化工有限公司", unit=zone_a)
    services.rate(safety_officer, enterprise, stars=2, colour=SafetyColour.RED, reason="涉爆粉尘管理混乱")
    plan.place_enterprise(admin_a, enterprise, "0.25", "0.5")
    plan.place_enterprise(admin_a, other, "0.75", "0.5")
    return enterprise, other


def test_the_plan_gives_each_dot_and_a_legend_that_counts_them(placed, safety_officer, zone_a, make_hazard):
    enterprise, other = placed
    client = client_for(safety_officer)
    data = client.get("/api/v1/safety/plan", {"unit": zone_a.pk, "by": "risk"}).json()
    assert (data["width"], data["height"]) == (400, 300)
    assert {d["enterprise_id"]: d["key"] for d in data["dots"]} == {enterprise.pk: "red", other.pk: "unrated"}
    assert {e["key"]: e["count"] for e in data["legend"]}["red"] == 1
    assert sum(e["count"] for e in data["legend"]) == len(data["dots"]) == 2
    make_hazard(level=HazardLevel.MAJOR)
    data = client.get("/api/v1/safety/plan", {"unit": zone_a.pk, "by": "hazards"}).json()
    assert {d["enterprise_id"]: d["key"] for d in data["dots"]}[enterprise.pk] == "major"


def test_the_lists_and_their_rows_equal_the_pages(placed, safety_officer, zone_a, make_hazard):
    make_hazard(level=HazardLevel.MAJOR)
    client = client_for(safety_officer)
    lists = client.get("/api/v1/safety/lists", {"unit": zone_a.pk}).json()
    assert len(lists) == 5
    for entry in lists:
        saved = SavedList.objects.get(pk=entry["id"])
        assert entry["count"] == run_list(safety_officer.user, saved).count()
        rows = client.get(f"/api/v1/safety/lists/{entry['id']}/rows").json()
        assert rows["count"] == entry["count"]
    major = next(e for e in lists if e["count"] and e["kind"] == "hazards")
    row = client.get(f"/api/v1/safety/lists/{major['id']}/rows").json()["items"][0]
    assert row["detail"] == "配电箱未接地" and row["deadline"]


def test_another_zone_and_an_enterprise_user_get_404(placed, safety_officer, safety_officer_b, enterprise_user, zone_a):
    lists = client_for(safety_officer).get("/api/v1/safety/lists", {"unit": zone_a.pk}).json()
    for actor in (safety_officer_b, enterprise_user):
        client = client_for(actor)
        assert client.get("/api/v1/safety/plan", {"unit": zone_a.pk}).status_code == 404
        assert client.get("/api/v1/safety/lists", {"unit": zone_a.pk}).status_code == 404
    for actor in (safety_officer_b, enterprise_user):
        assert client_for(actor).get(f"/api/v1/safety/lists/{lists[0]['id']}/rows").status_code == 404
