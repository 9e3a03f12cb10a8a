"""The figure pages: every number is the length of its list, zones side by side, charts, targets, rates, scope."""

import html
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.http import QueryDict
from django.utils import timezone

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.projects import figures, services
from zonedesk.projects.figures import Period
from zonedesk.projects.models import CurrencyRate, FigureSettings, Metric, Project, Target
from zonedesk.projects.queries import ProjectFilter, project_list
from zonedesk.projects.stages import Stage

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory


def static_text(path: str) -> str:
    with open(finders.find(path), encoding="utf-8") as f:
        return f.read()


Y = timezone.localdate().year - 1
NUMBER = re.compile(r'<a class="zd-num[^"]*"(?: data-figure="([^"]*)")? href="([^"]*)">(\d+)</a>')


def lead(by, unit, name, on, amount="") -> Project:
    return services.create_project({"name": name, "unit": unit, "investment": amount, "lead_on": on}, by=by)


def drive(project: Project, by, *moves: tuple[str, date]) -> Project:
    for stage, on in moves:
        extra = {"contracted_investment": project.investment_text} if stage == Stage.SIGNED else {}
        project = services.advance_stage(project, stage, by=by, on=on, **extra)
    return project


@pytest.fixture
def pipeline(investment_a, investment_b, zone_a, zone_b):
    """Zone A: a full same-year chain, two other signings (one amount not exact), a lead; zone B: one signing."""
    a = investment_a
    chain = lead(a, zone_a, "国阳智能装备产业园", date(Y, 1, 5), "30亿元")
    drive(
        chain,
        a,
        ("negotiating", date(Y, 1, 20)),
        ("signed", date(Y, 2, 10)),
        ("started", date(Y, 4, 1)),
        ("producing", date(Y, 11, 1)),
    )
    drive(
        lead(a, zone_a, "科创新材料产业园", date(Y, 2, 1), "8亿元"),
        a,
        ("negotiating", date(Y, 2, 5)),
        ("signed", date(Y, 3, 15)),
        ("started", date(Y, 6, 1)),
    )
    drive(
        lead(a, zone_a, "巨衡机械", date(Y - 1, 9, 1), "超5亿元"),
        a,
        ("negotiating", date(Y - 1, 10, 1)),
        ("signed", date(Y, 6, 1)),
    )
    lead(a, zone_a, "岩象装备", date(Y, 5, 1), "2亿元")
    drive(
        lead(investment_b, zone_b, "海河精密", date(Y, 3, 1), "2亿元"),
        investment_b,
        ("negotiating", date(Y, 3, 2)),
        ("signed", date(Y, 5, 20)),
    )
    old = Project.objects.get(name="巨衡机械")
    Project.objects.filter(pk=old.pk).update(last_moved_at=timezone.now() - timedelta(days=120))  # it stopped moving


def numbers(resp) -> list[tuple[str, str, int]]:
    """(data-figure, href, number) of every number on the page that links somewhere."""
    assert resp.status_code == 200
    return [(key, html.unescape(href), int(n)) for key, href, n in NUMBER.findall(resp.content.decode())]


def listed_count(user, href: str) -> int:
    path, _, query = href.partition("?")
    assert path == "/projects/list/"
    return project_list(user, ProjectFilter.from_params(QueryDict(query))).count()


def anchored_count(page: str, key: str) -> int:
    block = re.search(rf'<ul class="small mb-2" data-list="{key}">(.*?)</ul>', page, re.S)
    assert block, key
    return len(re.findall(r'<li><a href="/projects/\d+/">', block.group(1)))


def test_every_number_on_the_figures_page_is_the_length_of_its_list(pipeline, investment_a, zone_a):
    resp = client_for(investment_a).get("/figures/", {"unit": zone_a.pk, "year": Y})
    page = resp.content.decode()
    found = numbers(resp)
    assert len(found) > 30
    for _key, href, n in found:
        if href.startswith("#"):
            assert anchored_count(page, href[1:]) == n, href
        else:
            assert listed_count(investment_a.user, href) == n, href
    by_key = {key: n for key, _href, n in found if key}
    assert (by_key["stage-lead"], by_key["stage-signed"], by_key["stage-started"], by_key["stage-producing"]) == (
        3,
        3,
        2,
        1,
    )
    assert [by_key[k] for k in ("band1", "band2", "band3", "over1", "over2", "over3")] == [1, 2, 0, 1, 3, 3]
    # Stalled counts by the date of the last move: every project still under way moved last year.
    under_way = Project.objects.filter(unit=zone_a).exclude(stage__in=["at_capacity", "dropped"]).count()
    assert by_key["stalled"] == under_way > 0
    assert "30.00亿元" in page  # amounts through the wan filter


def test_a_figure_link_opens_a_list_of_exactly_those_projects(pipeline, investment_a, zone_a):
    client = client_for(investment_a)
    found = numbers(client.get("/figures/", {"unit": zone_a.pk, "year": Y}))
    href = next(h for key, h, _n in found if key == "stage-signed")
    listed = client.get(href)
    assert listed.status_code == 200
    ids = set(re.findall(r'href="/projects/(\d+)/"', listed.content.decode()))
    assert len(ids) == 3 and "巨衡机械" in listed.content.decode() and "海河精密" not in listed.content.decode()


def test_the_page_lists_the_same_year_chain_and_the_inexact_amounts(pipeline, investment_a, zone_a):
    page = client_for(investment_a).get("/figures/", {"unit": zone_a.pk, "year": Y}).content.decode()
    assert anchored_count(page, "chain-producing") == 1 and anchored_count(page, "chain-started") == 2
    assert anchored_count(page, "list-not-exact") == 1
    assert 'href="#list-not-exact">1</a>' in page


def test_a_quarter_or_a_month_narrows_every_figure(pipeline, investment_a, zone_a):
    client = client_for(investment_a)
    q1 = {k: n for k, _h, n in numbers(client.get("/figures/", {"unit": zone_a.pk, "year": Y, "quarter": 1})) if k}
    march = {k: n for k, _h, n in numbers(client.get("/figures/", {"unit": zone_a.pk, "year": Y, "month": 3})) if k}
    assert q1["stage-signed"] == 2 and march["stage-signed"] == 1


def test_the_figure_functions_behind_the_anchored_lists_agree_with_the_counts(pipeline, investment_a, zone_a):
    period = Period.year(Y)
    funnel = figures.funnel(investment_a.user, zone_a, period)
    behind = figures.funnel_projects(investment_a.user, zone_a, period)
    assert [r["count"] for r in funnel] == [len(behind[r["stage"]]) for r in funnel]
    chain = figures.same_year_chain(investment_a.user, zone_a, Y)
    projects = figures.chain_projects(investment_a.user, zone_a, Y)
    assert (chain["signed_and_started"], chain["full_chain"]) == tuple(len(v) for v in projects.values())
    counts = figures.referral_figures(investment_a.user, zone_a, period)
    assert counts == {k: len(v) for k, v in figures.referral_lists(investment_a.user, zone_a, period).items()}


def test_the_money_figures_are_three_and_each_row_links_its_list(pipeline, investment_a, zone_a):
    project = Project.objects.get(name="国阳智能装备产业园")
    services.record_funds(project, funds_in_place_wan=50000, investment_completed_wan=80000, by=investment_a)
    rows = figures.money_by_stage(investment_a.user, zone_a)
    total = figures.money(investment_a.user, zone_a)
    assert sum(r["count"] for r in rows) == total["n"] == 3
    assert sum(r["contracted"] for r in rows) == total["contracted"] == Decimal("430000.00")
    assert sum(r["in_place"] for r in rows) == Decimal("50000.00")
    for row in rows:
        assert listed_count(investment_a.user, row["link"]) == row["count"]


@pytest.mark.parametrize("role", ["supervisor", "leader"])
def test_the_region_view_shows_its_zones_side_by_side(pipeline, county, zone_a, zone_b, role):
    viewer = UserFactory(username=f"county_{role}")
    MembershipFactory(user=viewer, unit=county, role=role)
    resp = client_for(Actor(user=viewer)).get("/figures/", {"unit": county.pk, "year": Y})
    page = resp.content.decode()
    assert 'id="per-zone"' in page
    rows = dict(re.findall(r'<tr data-zone="(\d+)">(.*?)</tr>', page, re.S))
    assert set(rows) == {str(zone_a.pk), str(zone_b.pk)}
    signed_in = {pk: int(NUMBER.findall(row)[0][2]) for pk, row in rows.items()}
    assert signed_in == {str(zone_a.pk): 3, str(zone_b.pk): 1}
    for _key, href, n in numbers(resp):
        if not href.startswith("#"):
            assert listed_count(viewer, href) == n, href


def test_a_zone_view_has_no_zone_table(pipeline, investment_a, zone_a):
    assert 'id="per-zone"' not in client_for(investment_a).get("/figures/", {"unit": zone_a.pk}).content.decode()


def test_the_charts_get_their_data_and_links_as_json(pipeline, investment_a, zone_a):
    page = client_for(investment_a).get("/figures/", {"unit": zone_a.pk, "year": Y}).content.decode()
    assert "/static/plotly/plotly.min.js" in page and "cdn" not in page.lower()
    raw = re.search(r'<script id="figure-charts" type="application/json">(.*?)</script>', page, re.S).group(1)
    charts = json.loads(raw)
    assert set(charts) == {"funnel", "bands", "trend"}
    assert charts["bands"]["counts"] == [1, 2, 0] and all(
        link.startswith("/projects/list/") for link in charts["bands"]["links"]
    )
    signed = charts["trend"]["series"][0]
    assert sum(signed["counts"]) == 3 and signed["counts"][1] == 1  # February
    assert listed_count(investment_a.user, signed["links"][1]) == 1
    assert charts["funnel"]["links"][0] == "#funnel-lead"
    # The charts are drawn (and clickable) by the page's own static script: no inline script under the CSP.
    assert "/static/projects/figures.js" in page and "plotly_click" in static_text("projects/figures.js")


def test_target_progress_shows_on_the_figures_page(pipeline, leader, zone_a):
    services.set_target(unit=zone_a, year=Y, metric=Metric.SIGNED_COUNT, value=4, by=leader)
    page = client_for(leader).get("/figures/", {"unit": zone_a.pk, "year": Y}).content.decode()
    assert 'class="progress-bar" data-zd-width="75.0%">75.0%' in page


def test_a_leader_sets_a_target_and_sees_its_progress(pipeline, leader, zone_a):
    client = client_for(leader)
    data = {"form": "target", "unit": zone_a.pk, "year": Y, "quarter": 0, "metric": "signed_count", "value": "4"}
    assert client.post(f"/figures/targets/?unit={zone_a.pk}&year={Y}", data).status_code == 302
    assert Target.objects.get().value == 4
    data = {
        "form": "target",
        "unit": zone_a.pk,
        "year": Y,
        "quarter": 0,
        "metric": "signed_investment",
        "value": "50亿",
    }
    client.post(f"/figures/targets/?unit={zone_a.pk}&year={Y}", data)
    assert Target.objects.get(metric="signed_investment").value == Decimal("500000.00")
    page = client.get("/figures/targets/", {"unit": zone_a.pk, "year": Y}).content.decode()
    assert "75.0%" in page and "86.0%" in page  # 3 of 4 signed; 43亿 of 50亿
    for _key, href, n in numbers(client.get("/figures/targets/", {"unit": zone_a.pk, "year": Y})):
        assert listed_count(leader.user, href) == n


def test_a_bad_target_is_refused_on_its_field(leader, zone_a):
    data = {"form": "target", "unit": zone_a.pk, "year": Y, "quarter": 0, "metric": "signed_count", "value": "2.5"}
    resp = client_for(leader).post("/figures/targets/", data)
    assert resp.status_code == 422 and not Target.objects.exists()


def test_thresholds_and_stalled_days_are_set_on_the_targets_page(leader, zone_a):
    data = {"form": "settings", "unit": zone_a.pk, "thresholds": "20亿，10亿、2亿", "stalled_days": "45"}
    assert client_for(leader).post("/figures/targets/", data).status_code == 302
    row = FigureSettings.objects.get(unit=zone_a)
    assert (row.thresholds_wan, row.stalled_days) == (["200000.00", "100000.00", "20000.00"], 45)
    assert Event.objects.filter(verb="figure_settings.set").count() == 1


def test_only_leaders_and_admins_see_the_targets_page(investment_a, leader, admin_a):
    assert client_for(investment_a).get("/figures/targets/").status_code == 404
    assert client_for(leader).get("/figures/targets/").status_code == 200
    assert client_for(admin_a).get("/figures/targets/").status_code == 200


def test_an_admin_enters_an_exchange_rate(admin_a):
    client = client_for(admin_a)
    assert client.get("/figures/rates/").status_code == 200
    data = {"currency": "EUR", "rate_to_cny": "7.85", "valid_from": f"{Y}年1月2日", "note": "中国人民银行中间价"}
    assert client.post("/figures/rates/", data).status_code == 302
    rate = CurrencyRate.objects.get()
    assert (rate.currency, rate.rate_to_cny, rate.valid_from) == ("EUR", Decimal("7.85"), date(Y, 1, 2))
    assert "7.850000" in client.get("/figures/rates/").content.decode()


@pytest.mark.parametrize("who", ["investment_a", "leader", "supervisor"])
def test_only_admins_see_the_exchange_rates(request, db, who):  # db: run with the database tests, seeds intact
    actor = request.getfixturevalue(who)
    assert client_for(actor).get("/figures/rates/").status_code == 404
    assert client_for(actor).post("/figures/rates/", {"currency": "EUR"}).status_code == 404


@pytest.mark.parametrize("path", ["/figures/", "/figures/review/", "/figures/review.docx"])
def test_zone_b_cannot_read_zone_a(investment_b, zone_a, path):
    assert client_for(investment_b).get(path, {"unit": zone_a.pk}).status_code == 404
    assert not Event.objects.filter(verb="project.review_exported").exists()


@pytest.mark.parametrize(
    "path", ["/figures/", "/figures/targets/", "/figures/rates/", "/figures/review/", "/figures/review.docx"]
)
def test_an_enterprise_user_finds_no_figure_page(enterprise_user, zone_a, path):
    assert client_for(enterprise_user).get(path).status_code == 404
    assert client_for(enterprise_user).get(path, {"unit": zone_a.pk}).status_code == 404


def test_a_unit_that_is_not_a_number_is_not_found(investment_a):
    assert client_for(investment_a).get("/figures/", {"unit": "x"}).status_code == 404


def test_the_menu_offers_the_figure_pages_by_role(investment_a, admin_a):
    page = client_for(investment_a).get("/figures/").content.decode()
    assert 'href="/figures/review/"' in page and 'href="/figures/targets/"' not in page
    assert 'href="/figures/rates/"' in client_for(admin_a).get("/figures/").content.decode()
