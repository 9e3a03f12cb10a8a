"""The dashboards count investment projects only: a facility of zone A started and completed in the year leaves the
zone's and the region's project figures, funnel, chain and trend as the investment projects make them, while its
task force's milestones count in the key-project health."""

from datetime import date, timedelta

import pytest

from zonedesk.projects import services as projects
from zonedesk.projects.stages import Stage
from zonedesk.taskforces import services as taskforces

from ..conftest import client_for
from .conftest import TODAY, Y
from .test_pages import listed_count


def _figures(client, path: str, unit) -> dict:
    return client.get(path, {"unit": unit.pk, "year": Y}).json()


@pytest.fixture
def facility(city, leader, zone_a, pm_a):
    """After the figures of `city` are read: 质检中心 planned, started in April and completed in November of Y, with a
    task force that has one overdue milestone."""
    name = "电子信息产业质检中心"
    built = projects.create_facility(leader, unit=zone_a, name=name, investment="30亿元", planned_on=date(Y, 1, 5))
    built = projects.advance_stage(built, Stage.STARTED, by=leader, on=date(Y, 4, 1))
    built = projects.advance_stage(built, Stage.COMPLETED, by=leader, on=date(Y, 11, 1))
    force = taskforces.create_task_force(built, pm_a.user, by=pm_a, created_on=TODAY - timedelta(days=30))
    taskforces.add_milestone(force, name="竣工验收", planned_on=TODAY - timedelta(days=3), by=pm_a)
    return built


def test_a_facility_changes_no_project_figure_of_the_zone_dashboard(city, leader, zone_a, request):
    client = client_for(leader)
    before = _figures(client, "/api/v1/dashboards/zone", zone_a)
    request.getfixturevalue("facility")
    after = _figures(client, "/api/v1/dashboards/zone", zone_a)
    assert after["projects"]["started"]["count"] == before["projects"]["started"]["count"] == 2
    assert after["projects"]["started"]["investment_wan"] == before["projects"]["started"]["investment_wan"]
    assert listed_count(client, leader.user, after["projects"]["started"]["link"]) == 2
    for key in ("projects", "funnel", "targets", "bands", "cumulative", "chain", "project_trend"):
        assert after[key] == before[key], key
    assert after["health"]["milestone"]["overdue"]["value"] == before["health"]["milestone"]["overdue"]["value"] + 1


def test_a_facility_changes_no_project_figure_of_the_region(city, supervisor, county, zone_a, request):
    client = client_for(supervisor)
    before = _figures(client, "/api/v1/dashboards/region", county)
    request.getfixturevalue("facility")
    after = _figures(client, "/api/v1/dashboards/region", county)
    assert [z["projects"] for z in after["zones"]] == [z["projects"] for z in before["zones"]]
    assert after["total"]["projects"] == before["total"]["projects"]
    assert after["total"]["projects"]["started"]["count"] == 2


def test_the_zone_page_shows_the_same_started_count(city, facility, leader, zone_a):
    page = client_for(leader).get("/dashboards/", {"unit": zone_a.pk, "year": Y}).context["d"]
    assert page["projects"]["started"]["count"] == 2
