"""GET /dashboards/zone and /dashboards/region: the page's figures with their links, in the user's scope only."""

import pytest

from ..conftest import client_for
from .conftest import TODAY, Y
from .test_pages import listed_count


def test_the_zone_endpoint_gives_the_figures_of_the_page(city, leader, zone_a):
    client = client_for(leader)
    data = client.get("/api/v1/dashboards/zone", {"unit": zone_a.pk, "year": Y}).json()
    page = client.get("/dashboards/", {"unit": zone_a.pk, "year": Y}).context["d"]
    assert data["unit"]["id"] == zone_a.pk and data["period"] == {
        "start": f"{Y}-01-01",
        "end": f"{Y}-12-31",
        "label": f"{Y}年",
    }
    assert {k: v["count"] for k, v in data["projects"].items()} == {k: v["count"] for k, v in page["projects"].items()}
    assert data["projects"]["signed"]["count"] == 3
    assert listed_count(client, leader.user, data["projects"]["signed"]["link"]) == 3
    assert [r["count"] for r in data["funnel"]][:4] == [3, 2, 2, 2]
    assert data["health"]["milestone"]["overdue"]["value"] == 2
    assert listed_count(client, leader.user, data["health"]["milestone"]["overdue"]["link"]) == 2
    for key in ("targets", "bands", "cumulative", "chain", "demands", "departments", "project_trend", "demand_trend"):
        assert data[key], key


def test_a_quarter_narrows_the_zone_endpoint(city, leader, zone_a):
    data = client_for(leader).get("/api/v1/dashboards/zone", {"year": Y, "quarter": 1}).json()
    assert data["period"]["label"] == f"{Y}年第1季度"
    assert data["projects"]["signed"]["count"] == 2  # 国阳 in February, 科创 in March; 巨衡 signed in June


def test_every_demand_figure_of_the_region_endpoint_is_its_list(city, supervisor, zone_b):
    client = client_for(supervisor)
    data = client.get("/api/v1/dashboards/region", {"year": TODAY.year}).json()
    assert [z["unit"]["name"] for z in data["zones"]] == ["射阳经济开发区", "海河镇"]
    for row in [*data["zones"], data["total"]]:
        for key in ("open", "overdue", "submitted", "resolved", "on_time", "late", "rated"):
            figure = row["demands"][key]
            assert listed_count(client, supervisor.user, figure["link"]) == figure["value"], figure["link"]
    b = data["zones"][1]
    assert b["demands"]["overdue"] == {"value": 1, "link": f"/demands/?unit={zone_b.pk}&overdue=1"}


@pytest.mark.parametrize("endpoint", ["zone", "region"])
def test_another_zone_is_not_found(city, officer_a, zone_b, endpoint):
    client = client_for(officer_a)
    assert client.get(f"/api/v1/dashboards/{endpoint}", {"unit": zone_b.pk}).status_code == 404
    mine = client.get(f"/api/v1/dashboards/{endpoint}").json()
    assert mine["unit"]["name"] == "射阳经济开发区"


def test_an_enterprise_user_may_not_read_dashboards(city, enterprise_user):
    assert client_for(enterprise_user).get("/api/v1/dashboards/zone").status_code == 403


def test_the_endpoints_are_tagged_dashboards(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/dashboards/zone", "/api/v1/dashboards/region"):
        assert schema["paths"][path]["get"]["tags"] == ["dashboards"]


def test_above_a_zone_each_department_is_named_with_its_zone(city, supervisor, leader, zone_a, zone_b):
    region = zone_a.parent
    rows = client_for(supervisor).get("/api/v1/dashboards/zone", {"unit": region.pk, "year": TODAY.year}).json()
    labels = {r["label"] for r in rows["departments"] if r["key"] is not None}
    zones = {z.short_name or z.name for z in (zone_a, zone_b)}
    assert labels and all(label.split(" · ")[0] in zones for label in labels), labels
    own = client_for(leader).get("/api/v1/dashboards/zone", {"unit": zone_a.pk, "year": TODAY.year}).json()
    assert all(" · " not in r["label"] for r in own["departments"])  # within one zone the name alone
