"""The safety figures page: every number is the length of the list it opens, a region's zones side by side from a
fixed number of queries, the ratings list behind the rating numbers, and who sees which unit."""

import html
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event, UnitKind
from zonedesk.projects.figures import Period
from zonedesk.safety import services
from zonedesk.safety.figure_data import unit_figures
from zonedesk.safety.queries import safety_figures, safety_figures_by_unit
from zonedesk.safety.states import SafetyColour

from ..conftest import client_for
from ..factories import EnterpriseFactory, UnitFactory
from .conftest import actor_of, hazard_row
from .winter import Q1, TODAY, winter  # noqa: F401

NUMBER = re.compile(r'<a class="zd-num[^"]*" data-figure="([^"]*)" href="([^"]*)">(\d+)</a>')


def numbers(resp) -> list[tuple[str, str, int]]:
    assert resp.status_code == 200
    return [(key, html.unescape(href), int(n)) for key, href, n in NUMBER.findall(resp.content.decode())]


def listed(client, href: str) -> int:
    """The length of the list a link opens, all pages counted."""
    path = href.partition("?")[0]
    assert path in ("/safety/hazards/", "/safety/ratings/"), href
    resp = client.get(href)
    assert resp.status_code == 200, href
    return resp.context["page"].paginator.count


def assert_every_number_is_its_list(client, resp) -> dict[str, int]:
    found = numbers(resp)
    assert len(found) >= 28
    for key, href, n in found:
        assert listed(client, href) == n, (key, href)
    return {key: n for key, _href, n in found}


def test_every_number_on_a_zone_page_is_the_length_of_its_list(winter, safety_officer):  # noqa: F811
    client = client_for(safety_officer)
    resp = client.get("/safety/figures/", Q1)
    by_key = assert_every_number_is_its_list(client, resp)
    assert [by_key[k] for k in ("found", "found_major", "rectified", "overdue", "open_overdue", "open_major")] == [
        4,
        2,
        3,
        2,
        1,
        2,
    ]
    assert (by_key["on_time"], by_key["overdue-late"]) == (1, 2)
    assert 'data-rate="on_time_rate"' in resp.content.decode() and ">33.3%<" in resp.content.decode()
    assert (by_key["before-red"], by_key["now-red"], by_key["now-green"], by_key["now-yellow"]) == (1, 0, 1, 1)
    assert (by_key["before-rated"], by_key["now-rated"], by_key["now-stars-4"]) == (1, 2, 1)
    assert resp.context["unit"].kind == UnitKind.ZONE and 'id="per-zone"' not in resp.content.decode()


def test_the_change_of_the_ratings_reads_up_and_down(winter, safety_officer):  # noqa: F811
    resp = client_for(safety_officer).get("/safety/figures/", Q1)
    rows = {r["key"]: r["change"]["text"] for r in resp.context["d"]["ratings"]["colours"]}
    assert rows == {"red": "▼1", "orange": "—", "yellow": "▲1", "blue": "—", "green": "▲1"}
    assert resp.context["d"]["ratings"]["rated"]["change"]["text"] == "▲1"


def test_every_chart_bar_opens_the_list_it_counts(winter, supervisor, county):  # noqa: F811
    client = client_for(supervisor)
    resp = client.get("/safety/figures/", {**Q1, "unit": county.pk})
    charts = {c["id"]: c for c in resp.context["charts"]}
    assert set(charts) == {"chart-colours", "chart-stars", "chart-zones"}
    for chart in charts.values():
        for series in chart["series"]:
            assert len(series["y"]) == len(chart["x"])
            for value, link in zip(series["y"], series["links"], strict=True):
                assert listed(client, link) == value, link


def test_a_county_sees_its_zones_side_by_side_and_their_total(winter, supervisor, county, zone_a, zone_b):  # noqa: F811
    client = client_for(supervisor)
    resp = client.get("/safety/figures/", {**Q1, "unit": county.pk})
    assert_every_number_is_its_list(client, resp)
    data = resp.context["d"]
    assert [z["unit"] for z in data["zones"]] == [zone_a, zone_b]
    for key in ("found", "found_major", "rectified", "overdue", "open_overdue"):
        assert data["hazards"][key]["value"] == sum(z["hazards"][key]["value"] for z in data["zones"]), key
    for i, total in enumerate(data["total_colours"]):
        assert total["value"] == sum(z["colours"][i]["value"] for z in data["zones"])
    page = resp.content.decode()
    assert f'data-zone="{zone_a.pk}"' in page and f'data-zone="{zone_b.pk}"' in page and 'data-total="1"' in page
    assert data["zones"][0]["hazards"]["found"]["value"] == 4 and data["zones"][1]["hazards"]["found"]["value"] == 2


def test_the_grouped_figures_equal_the_figures_of_each_unit(winter, supervisor, zone_a, zone_b, county):  # noqa: F811
    span = (date(2025, 1, 1), date(2025, 3, 31))
    grouped = safety_figures_by_unit(supervisor.user, [zone_a, zone_b], span, TODAY)
    for zone in (zone_a, zone_b):
        assert grouped[zone.pk] == safety_figures(supervisor.user, zone, span, TODAY)


def test_more_zones_cost_no_more_queries(winter, supervisor, county, on_day):  # noqa: F811
    period = Period.quarter(2025, 1)
    unit_figures(supervisor.user, county, period, TODAY)  # memberships read once, then kept
    with CaptureQueriesContext(connection) as two:
        unit_figures(supervisor.user, county, period, TODAY)
    zone_c = UnitFactory(name="临海镇", kind=UnitKind.ZONE, parent=county)
    other = EnterpriseFactory(name="临海镇化工有限公司", unit=zone_c)
    officer_c = actor_of(zone_c, "safety_officer", "safety_c")
    on_day(date(2025, 3, 20))
    services.record_inspection(officer_c, other, findings="检查", hazards=[hazard_row()] * 3)
    services.rate(officer_c, other, stars=2, colour=SafetyColour.ORANGE, reason="评定")
    on_day(TODAY)
    with CaptureQueriesContext(connection) as three:
        data = unit_figures(supervisor.user, county, period, TODAY)
    assert len(data["zones"]) == 3 and data["zones"][2]["hazards"]["found"]["value"] == 3
    assert len(three.captured_queries) == len(two.captured_queries)


def test_a_zone_officer_sees_only_their_zone(winter, safety_officer, zone_a, zone_b, county):  # noqa: F811
    client = client_for(safety_officer)
    resp = client.get("/safety/figures/")
    assert resp.status_code == 200 and resp.context["unit"] == zone_a
    assert [pk for pk, _label in resp.context["unit_options"]] == [zone_a.pk]
    for unit in (zone_b, county):
        assert client.get("/safety/figures/", {"unit": unit.pk}).status_code == 404
        assert client.get("/safety/figures/report.docx", {"unit": unit.pk, **Q1, "month": 3}).status_code == 404
    assert client.get("/safety/figures/", {"unit": "x"}).status_code == 404


@pytest.mark.parametrize("path", ["/safety/figures/", "/safety/ratings/", "/safety/figures/report.docx"])
def test_an_enterprise_user_finds_no_figures(winter, enterprise_user, path):  # noqa: F811
    assert client_for(enterprise_user).get(path).status_code == 404


def test_the_ratings_list_shows_the_ratings_in_force_on_a_day(winter, safety_officer, enterprise, other_enterprise):  # noqa: F811
    client = client_for(safety_officer)
    before = client.get("/safety/ratings/", {"as_of": "2024-12-31"})
    assert [r["r"].enterprise for r in before.context["rows"]] == [enterprise]
    assert [r["r"].colour for r in before.context["rows"]] == [SafetyColour.RED]
    now = client.get("/safety/ratings/")
    assert {r["r"].enterprise for r in now.context["rows"]} == {enterprise, other_enterprise}
    assert "海河镇精密机械有限公司" not in now.content.decode()  # zone B's rating is not in scope
    green = client.get("/safety/ratings/", {"colour": "green", "stars": "4"})
    assert [r["r"].enterprise for r in green.context["rows"]] == [enterprise]
    assert client.get("/safety/ratings/", {"stars": "9", "as_of": "bad"}).status_code == 200


def test_the_menu_names_the_figures_page_for_staff_only(winter, safety_officer, enterprise_user):  # noqa: F811
    assert 'href="/safety/figures/"' in client_for(safety_officer).get("/safety/hazards/").content.decode()
    assert 'href="/safety/figures/"' not in client_for(enterprise_user).get("/my/").content.decode()


def test_a_figures_link_says_on_the_hazard_list_what_it_filters(winter, safety_officer, zone_a):  # noqa: F811
    client = client_for(safety_officer)
    href = next(h for key, h, _n in numbers(client.get("/safety/figures/", Q1)) if key == "overdue")
    page = client.get(href)
    text = page.content.decode()
    assert page.context["page"].paginator.count == 2
    assert "整改期限在 2025-01-01 – 2025-03-31" in text and "逾期整改或逾期未整改" in text
    for name, value in (("due_from", "2025-01-01"), ("due_to", "2025-03-31"), ("late", "1")):
        assert f'<input type="hidden" name="{name}" value="{value}">' in text  # searching again keeps them
    without = html.unescape(re.search(r'<a class="ms-2" href="\?([^"]*)">', text).group(1))
    assert client.get(f"/safety/hazards/?{without}").context["page"].paginator.count == 5


def test_the_ratings_export_has_the_lists_rows_formula_safe(winter, safety_officer, other_enterprise, on_day):  # noqa: F811
    on_day(date(2025, 4, 1))
    services.rate(safety_officer, other_enterprise, stars=3, colour=SafetyColour.BLUE, reason="=1+1 复评")
    on_day(TODAY)
    client = client_for(safety_officer)
    page = client.get("/safety/ratings/", {"stars": "3"})
    assert page.context["export_url"] == f"/safety/ratings/export.xlsx?stars=3&as_of={TODAY:%Y-%m-%d}"
    resp = client.get(page.context["export_url"])
    header, *body = read_rows(io.BytesIO(b"".join(resp.streaming_content)))
    assert [r[0] for r in body] == [r["r"].enterprise.name for r in page.context["rows"]] == [other_enterprise.name]
    cells = dict(zip(header, body[0], strict=True))
    assert cells["风险颜色"] == "蓝色" and cells["星级名称"] == "三星" and cells["评定理由"].startswith("'=1+1")
    event = Event.objects.get(verb="safety.ratings_exported")
    assert event.after["rows"] == 1 and event.after["filter"]["stars"] == 3
