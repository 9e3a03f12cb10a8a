"""The labour gap page of February 2025: the zone's figures and its gap per industry and per enterprise, each number
linking to a list whose rows add up to it; the period and unit selectors; who finds nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ..conftest import client_for
from .test_figures import february  # noqa: F401  (the fixture: postings, hires and visits around February 2025)

FEBRUARY = {"year": 2025, "month": 2}


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def page(officer_a, february, zone_a):  # noqa: F811
    return client_for(officer_a).get(reverse("recruitment:gap"), {**FEBRUARY, "unit": zone_a.pk})


def test_the_gap_page_shows_the_zones_figures_for_the_month(page):
    assert page.status_code == 200
    cards = {c["key"]: c["value"] for g in page.context["groups"] for c in g["cards"]}
    assert (cards["postings"], cards["positions"], cards["posting_hires"]) == (4, 88, 35)
    assert (cards["open_positions"], cards["return_gap"], cards["gap"]) == (35, 40, 75)
    assert "2025年2月" in html(page)


def test_each_posting_figure_opens_a_list_that_adds_up_to_it(officer_a, page):
    cards = {c["key"]: c for g in page.context["groups"] for c in g["cards"]}
    client = client_for(officer_a)
    listed = client.get(cards["positions"]["link"])
    assert sum(r["p"].count for r in listed.context["rows"]) == 88
    hired = client.get(cards["posting_hires"]["link"])
    assert sum(r["p"].hires_in_period for r in hired.context["rows"]) == 35
    assert client.get(cards["fairs_held"]["link"]).context["page"].paginator.count == 0


def test_the_gap_per_industry_and_per_enterprise_link_to_their_rows(officer_a, page):
    industries = page.context["industries"]
    assert [(r["key"], r["gap"]) for r in industries] == [("34", 55), ("39", 10), (None, 10)]
    client = client_for(officer_a)
    for row in industries:
        listed = client.get(row["postings_link"])
        assert sum(r["p"].open_positions for r in listed.context["rows"]) == row["open_positions"]
    enterprises = {row["e"].name: row for row in page.context["enterprises"]}
    assert {name: row["e"].gap for name, row in enterprises.items()} == {
        "江苏国阳智能装备有限公司": 55,
        "射阳科阳5G通信科技有限公司": 10,
        "射阳康源纺织有限公司": 10,
    }
    guoyang = enterprises["江苏国阳智能装备有限公司"]
    listed = client.get(guoyang["postings_link"])
    assert [(r["p"].position, r["p"].open_positions) for r in listed.context["rows"]] == [("普工", 35)]


def test_one_industrys_enterprises(officer_a, february, zone_a):  # noqa: F811
    page = client_for(officer_a).get(reverse("recruitment:gap"), {**FEBRUARY, "unit": zone_a.pk, "industry": "39"})
    assert [row["e"].name for row in page.context["enterprises"]] == ["射阳科阳5G通信科技有限公司"]
    page = client_for(officer_a).get(reverse("recruitment:gap"), {**FEBRUARY, "unit": zone_a.pk, "no_industry": "1"})
    assert [row["e"].name for row in page.context["enterprises"]] == ["射阳康源纺织有限公司"]


def test_another_zones_unit_is_404_and_an_enterprise_user_has_no_gap_page(officer_b, enterprise_user, zone_a):
    assert client_for(officer_b).get(reverse("recruitment:gap"), {"unit": zone_a.pk}).status_code == 404
    assert client_for(officer_b).get(reverse("recruitment:gap")).status_code == 200
    assert client_for(enterprise_user).get(reverse("recruitment:gap")).status_code == 404


def test_the_gap_of_a_period_still_running_is_todays(officer_a, zone_a):
    page = client_for(officer_a).get(reverse("recruitment:gap"))
    assert page.status_code == 200 and page.context["unit"] == zone_a
    assert page.context["gap_on"] == timezone.localdate()
