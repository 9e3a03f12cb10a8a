"""The zone's facilities count in no investment figure: a facility started (and completed) beside one investment
project started in the same months leaves every figure as the investment project alone makes it, on the figures
page and its API, the stalled projects, the monthly review and an assessment indicator."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zonedesk.assessment.indicators import CATALOGUE, Subjects
from zonedesk.assessment.models import SchemeItem, SubjectKind
from zonedesk.projects import figures, services
from zonedesk.projects.figures import Period
from zonedesk.projects.review import monthly_review
from zonedesk.projects.stages import Stage

from ..conftest import client_for

Y = timezone.localdate().year - 1  # last year: every move is in the past


@pytest.fixture
def both(leader, zone_a):
    """One investment project signed for 3亿元 and started; a facility of 2亿元 started and completed, and another
    started (a started facility is where an investment project would count as signed-on)."""
    project = services.create_project(
        {"name": "国阳智能装备产业园", "unit": zone_a, "investment": "3亿元", "lead_on": date(Y, 2, 1)}, by=leader
    )
    for stage, on in (
        (Stage.NEGOTIATING, date(Y, 3, 1)),
        (Stage.SIGNED, date(Y, 4, 1)),
        (Stage.STARTED, date(Y, 5, 6)),
    ):
        project = services.advance_stage(project, stage, by=leader, on=on, contracted_investment="3亿元")
    built = services.create_facility(
        leader, unit=zone_a, name="电子信息产业质检中心", investment="2亿元", planned_on=date(Y, 2, 1)
    )
    built = services.advance_stage(built, Stage.STARTED, by=leader, on=date(Y, 5, 10))
    built = services.advance_stage(built, Stage.COMPLETED, by=leader, on=date(Y, 11, 20))
    flats = services.create_facility(
        leader, unit=zone_a, name="启航公寓", investment="1.5亿元", planned_on=date(Y, 1, 5)
    )
    services.advance_stage(flats, Stage.STARTED, by=leader, on=date(Y, 11, 25))
    return project, built


def test_the_stage_figures_count_the_investment_project_only(both, leader, zone_a):
    rows = {r["stage"]: r for r in figures.stage_figures(leader.user, zone_a, Period.year(Y))}
    assert (rows[Stage.STARTED]["count"], rows[Stage.STARTED]["investment_wan"]) == (1, Decimal("30000.00"))
    assert (rows[Stage.SIGNED]["count"], rows[Stage.SIGNED]["investment_wan"]) == (1, Decimal("30000.00"))
    assert rows[Stage.LEAD]["count"] == 1
    assert set(rows) == {*Stage.values} - {Stage.PLANNED, Stage.COMPLETED, Stage.IN_USE}


def test_the_figures_page_and_its_lists_leave_the_facility_out(both, leader, zone_a):
    client = client_for(leader)
    page = client.get(reverse("figures:figures"), {"unit": zone_a.pk, "year": Y})
    started = next(r for r in page.context["stages"] if r["stage"] == Stage.STARTED)
    assert started["count"] == 1
    listed = client.get(started["link"]).context["page"]
    assert [p.name for p in listed] == ["国阳智能装备产业园"]
    money = {r["stage"]: r["count"] for r in page.context["money"]}
    assert money == {Stage.SIGNED: 0, Stage.STARTED: 1, Stage.PRODUCING: 0, Stage.AT_CAPACITY: 0}
    assert page.context["money_totals"]["contracted"] == Decimal("30000.00")
    assert page.context["chain"]["signed_and_started"] == 1
    trend = {s["stage"]: s["points"] for s in figures.monthly_trend(leader.user, zone_a, Y)}
    assert trend[Stage.STARTED][4]["count"] == 1  # May: the investment project, not the facility too
    assert trend[Stage.STARTED][10]["count"] == 0  # November: only a facility started


def test_the_figures_api_counts_the_investment_project_only(both, leader, zone_a):
    body = client_for(leader).get("/api/v1/project-figures", {"unit": zone_a.pk, "year": Y}).json()
    started = next(r for r in body["stages"] if r["stage"] == "started")
    assert started["count"] == 1 and Decimal(started["investment_wan"]) == Decimal("30000.00")
    assert Decimal(body["money"]["contracted"]) == Decimal("30000.00") and body["money"]["n"] == 1


def test_a_facility_that_has_not_moved_is_no_stalled_investment_project(both, leader, zone_a):
    # All last moved in Y: the started facility would be stalled too were it counted.
    assert figures.stalled_figure(leader.user, zone_a)["count"] == 1


def test_the_monthly_review_of_investment_projects_leaves_the_facility_out(both, leader, zone_a):
    review = monthly_review(leader.user, zone_a, Y, 5)
    moved = [m["project"].name for o in review["officers"] for m in o["moves"]]
    assert moved == ["国阳智能装备产业园"]


@pytest.mark.parametrize(("key", "expected"), [("projects_started", 1), ("signed_investment", Decimal("30000.00"))])
def test_an_assessment_indicator_counts_the_investment_project_only(both, county, zone_a, key, expected):
    values = CATALOGUE[key].compute(
        Subjects.of(county, SubjectKind.ZONE), date(Y, 1, 1), date(Y, 12, 31), SchemeItem(indicator=key)
    )
    assert values[zone_a.pk] == expected
