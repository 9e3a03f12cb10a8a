"""The dashboards: every number is the length of the list it opens; who sees which zone; the big screen."""

import html
import re

import pytest
from django.contrib.staticfiles import finders
from django.http import QueryDict

from zonedesk.projects.queries import ProjectFilter, project_list

from ..conftest import client_for
from .conftest import TODAY, Y

NUMBER = re.compile(r'<a class="zd-num[^"]*"(?: data-figure="([^"]*)")? href="([^"]*)">(\d+)</a>')


def numbers(resp) -> list[tuple[str, str, int]]:
    """(data-figure, href, number) of every number on the page that links to a list."""
    assert resp.status_code == 200
    return [(key, html.unescape(href), int(n)) for key, href, n in NUMBER.findall(resp.content.decode())]


def anchored_count(client, href: str) -> int:
    """The length of a list shown on the figures page (funnel and same-year chain) under #anchor."""
    url, _, key = href.partition("#")
    page = client.get(url).content.decode()
    block = re.search(rf'<ul class="small mb-2" data-list="{key}">(.*?)</ul>', page, re.S)
    assert block, href
    return len(re.findall(r'<li><a href="/projects/\d+/">', block.group(1)))


def listed_count(client, user, href: str) -> int:
    """Open the link as the same user and count the rows of the list behind it (all pages)."""
    path, _, query = href.partition("?")
    if "#" in href:
        return anchored_count(client, href)
    if path == "/projects/list/":
        assert client.get(href).status_code == 200
        return project_list(user, ProjectFilter.from_params(QueryDict(query))).count()
    assert path in ("/demands/", "/dashboards/items/"), href
    resp = client.get(href)
    assert resp.status_code == 200, href
    return resp.context["page"].paginator.count


def assert_every_number_is_its_list(client, user, resp) -> dict[str, int]:
    found = numbers(resp)
    assert len(found) > 20
    for _key, href, n in found:
        assert listed_count(client, user, href) == n, href
    return {key: n for key, _href, n in found if key}


@pytest.mark.parametrize("year", [Y, TODAY.year])
def test_every_number_on_the_zone_dashboard_is_the_length_of_its_list(city, leader, zone_a, year):
    client = client_for(leader)
    by_key = assert_every_number_is_its_list(client, leader.user, client.get("/dashboards/", {"year": year}))
    if year == Y:
        assert [by_key[f"project-{s}"] for s in ("lead", "signed", "started", "producing")] == [3, 3, 2, 1]
        assert [by_key[f"funnel-{s}"] for s in ("lead", "negotiating", "signed", "started")] == [3, 2, 2, 2]
        assert [by_key[k] for k in ("band1", "band2", "band3", "over1", "over2", "over3")] == [1, 2, 0, 1, 3, 3]
        assert (by_key["chain-signed"], by_key["chain-started"], by_key["chain-producing"]) == (3, 2, 1)
        assert (by_key["target-signed_count"], by_key["target-started_count"]) == (3, 2)
    else:
        assert by_key["demands-overdue"] == 1  # zone A's own; zone B's overdue demand is not counted here
        assert (by_key["demands-on_time"], by_key["demands-late"], by_key["demands-rated"]) == (3, 1, 1)
    assert [by_key[f"milestone-{s}"] for s in ("on_track", "due_soon", "overdue")] == [2, 1, 2]
    assert (by_key["task-overdue"], by_key["task-on_track"]) == (1, 1)


def test_the_zone_dashboard_shows_targets_departments_and_charts(city, leader):
    resp = client_for(leader).get("/dashboards/", {"year": Y})
    page = resp.content.decode()
    assert "30.00亿元" in page and ">75.0%<" in page  # amounts through the wan filter; 3 signed of 4 is 75%
    assert 'data-target="signed_count"' in page and ">50.0%<" in page  # 2 started of 4
    assert "行政审批局" in page and "人社局" in page  # demands by department
    charts = {c["id"]: c for c in resp.context["charts"]}
    assert set(charts) == {
        "chart-funnel",
        "chart-bands",
        "chart-health",
        "chart-departments",
        "chart-project-trend",
        "chart-demand-trend",
    }
    for chart in charts.values():
        for series in chart["series"]:
            assert len(series["links"]) == len(series["y"]) == len(chart["x"])
    bands = charts["chart-bands"]["series"][0]
    assert bands["y"] == [1, 2, 0] and all(link.startswith("/projects/list/?") for link in bands["links"])
    assert "plotly/plotly.min.js" in page and "dashboards/charts.js" in page and "cdn" not in page.lower()


@pytest.mark.parametrize("year", [Y, TODAY.year])
def test_every_chart_element_opens_the_list_it_counts(city, leader, year):
    client = client_for(leader)
    charts = client.get("/dashboards/", {"year": year}).context["charts"]
    opened = 0
    for chart in charts:
        for series in chart["series"]:
            for value, link in zip(series["y"], series["links"], strict=True):
                assert link, chart["id"]
                assert listed_count(client, leader.user, link) == value, link
                opened += 1
    assert opened > 60


def test_a_supervisor_of_the_county_sees_both_zones_side_by_side(city, supervisor, county, zone_a, zone_b):
    client = client_for(supervisor)
    resp = client.get("/dashboards/region/", {"year": TODAY.year})
    assert resp.context["unit"] == county  # their home unit by default
    rows = re.findall(r'<tr data-zone="(\d+)"', resp.content.decode())
    assert rows == [str(zone_a.pk), str(zone_b.pk), str(county.pk)]  # both zones, then the county's total
    assert_every_number_is_its_list(client, supervisor.user, resp)
    overdue_b = next(
        (href, n) for key, href, n in numbers(resp) if key == "demands-overdue" and f"unit={zone_b.pk}&" in href + "&"
    )
    assert overdue_b == (f"/demands/?unit={zone_b.pk}&overdue=1", 1)
    listed = client.get(overdue_b[0]).content.decode()
    assert "海河诉求" in listed and "超期未办" not in listed
    chart = resp.context["charts"][0]
    assert chart["x"] == ["射阳经开区", "海河镇"] and len(chart["series"]) == 5


def test_the_county_total_adds_up_its_zones(city, supervisor):
    resp = client_for(supervisor).get("/api/v1/dashboards/region", {"year": TODAY.year})
    data = resp.json()
    for key in ("open", "overdue", "submitted", "resolved"):
        assert data["total"]["demands"][key]["value"] == sum(z["demands"][key]["value"] for z in data["zones"])
    assert data["total"]["demands"]["overdue"]["value"] == 2


def test_a_zone_officer_sees_only_their_zone(city, officer_a, zone_a):
    resp = client_for(officer_a).get("/dashboards/region/")
    assert re.findall(r'<tr data-zone="(\d+)"', resp.content.decode()) == [str(zone_a.pk)]
    zone = client_for(officer_a).get("/dashboards/")
    assert zone.context["unit"] == zone_a
    assert [pk for pk, _label in zone.context["unit_options"]] == [zone_a.pk]


@pytest.mark.parametrize("path", ["/dashboards/", "/dashboards/region/", "/dashboards/screen/", "/dashboards/items/"])
def test_a_zone_officer_gets_404_for_the_other_zone(city, officer_a, zone_b, county, path):
    client = client_for(officer_a)
    for unit in (zone_b, county):
        assert client.get(path, {"unit": unit.pk, "kind": "task", "status": "overdue"}).status_code == 404
    assert client.get(path, {"unit": "x"}).status_code == 404


@pytest.mark.parametrize("path", ["/dashboards/", "/dashboards/region/", "/dashboards/screen/"])
def test_an_enterprise_user_finds_no_dashboard(city, enterprise_user, path):
    assert client_for(enterprise_user).get(path).status_code == 404


def test_the_health_lists_name_the_milestones_and_tasks(city, leader, zone_a):
    client = client_for(leader)
    overdue = client.get("/dashboards/items/", {"unit": zone_a.pk, "kind": "milestone", "status": "overdue"})
    page = overdue.content.decode()
    assert "环评批复" in page and "施工许可" in page and "主体封顶" not in page
    assert client.get("/dashboards/items/", {"unit": zone_a.pk, "kind": "x", "status": "overdue"}).status_code == 404


def test_the_big_screen_fits_one_display_and_refreshes_itself(city, leader, supervisor):
    resp = client_for(leader).get("/dashboards/screen/", {"year": Y})
    page = resp.content.decode()
    assert resp.status_code == 200
    assert re.search(r'<meta http-equiv="refresh" content="300">', page)
    assert "zd-sidebar" not in page  # no left menu
    # Its stylesheet is a static file (no inline style under the CSP).
    assert "/static/dashboards/screen.css" in page and 'id="clock"' in page
    with open(finders.find("dashboards/screen.css"), encoding="utf-8") as f:
        css = f.read()
    assert "overflow: hidden" in css and "overflow: auto" not in css and "overflow-y" not in css
    assert "width: 1920px; height: 1080px" in css
    assert 4 <= len(resp.context["charts"]) <= 6
    region = client_for(supervisor).get("/dashboards/screen/")
    assert "chart-zones" in [c["id"] for c in region.context["charts"]]
    assert "chart-zones" not in [c["id"] for c in resp.context["charts"]]
