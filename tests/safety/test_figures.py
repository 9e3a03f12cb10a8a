"""The zone's safety figures: each value equals the length of the list its filter gives, from aggregate queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.safety import hazards, services
from zonedesk.safety.queries import hazard_list, rating_list, safety_figures
from zonedesk.safety.states import SafetyColour

from .conftest import PNG, hazard_row

Q1 = (date(2025, 1, 1), date(2025, 3, 31))
TODAY = date(2025, 4, 10)


@pytest.fixture
def history(on_day, safety_officer, safety_officer_b, enterprise_user, enterprise, other_enterprise, enterprise_b):
    """Hazards and ratings of zone A over the winter, and one of each in zone B (left out by the unit)."""

    def found(day, ent=enterprise, by=safety_officer, **fields):
        on_day(day)
        return services.record_inspection(by, ent, findings="检查", hazards=[hazard_row(**fields)]).hazards.get()

    def rectified(hazard, submitted, accepted=None):
        on_day(submitted)
        hazard = hazards.start_rectification(enterprise_user, hazard)
        hazard = hazards.submit_rectification(enterprise_user, hazard, "已整改", [("a.png", PNG)])
        if accepted:
            on_day(accepted)
            hazard = hazards.accept_rectification(safety_officer, hazard)
        return hazard

    def rate(day, ent, stars, colour, by=safety_officer):
        on_day(day)
        services.rate(by, ent, stars=stars, colour=colour, reason="评定")

    rate(date(2024, 12, 1), enterprise, 2, SafetyColour.RED)
    h5 = found(date(2024, 12, 20), deadline_days=5)  # due 12-27
    rectified(h5, date(2024, 12, 26), date(2025, 1, 3))  # rectified in Q1, due before it
    h1 = found(date(2025, 1, 6), deadline_days=5)  # due 1-13
    rectified(h1, date(2025, 1, 10), date(2025, 1, 14))  # on time
    rate(date(2025, 2, 1), enterprise, 4, SafetyColour.GREEN)
    h2 = found(date(2025, 2, 10), deadline_days=3)  # due 2-13
    found(date(2025, 2, 10), ent=enterprise_b, by=safety_officer_b, deadline_days=1)  # zone B: never counted
    rate(date(2025, 2, 10), enterprise_b, 1, SafetyColour.RED, by=safety_officer_b)
    rectified(h2, date(2025, 2, 17), date(2025, 2, 18))  # late
    rate(date(2025, 3, 1), other_enterprise, 3, SafetyColour.YELLOW)
    h3 = found(date(2025, 3, 3), deadline_days=2)  # due 3-5, still open
    on_day(date(2025, 3, 4))
    hazards.start_rectification(enterprise_user, h3)
    found(date(2025, 3, 24), deadline=date(2025, 4, 30))  # found in Q1, not yet due
    on_day(TODAY)


def test_hazard_figures_of_a_quarter(history, supervisor, zone_a):
    figures = safety_figures(supervisor.user, zone_a, Q1, TODAY)
    values = {k: figures[k]["value"] for k in ("found", "rectified", "overdue", "on_time", "open_overdue")}
    assert values == {"found": 4, "rectified": 3, "overdue": 2, "on_time": 1, "open_overdue": 1}
    assert figures["on_time_rate"]["value"] == round(1 / 3, 4)
    for name in ("found", "rectified", "overdue", "on_time", "open_overdue"):
        assert hazard_list(supervisor.user, today=TODAY, **figures[name]["filter"]).count() == values[name], name


def test_rating_distribution_and_its_change(history, supervisor, zone_a):
    figures = safety_figures(supervisor.user, zone_a, Q1, TODAY)
    now, before = figures["ratings"], figures["ratings_before"]
    assert now["as_of"] == date(2025, 3, 31) and before["as_of"] == date(2024, 12, 31)
    assert {e["key"]: e["value"] for e in now["by_colour"]} == {
        "red": 0,
        "orange": 0,
        "yellow": 1,
        "blue": 0,
        "green": 1,
    }
    assert {e["key"]: e["value"] for e in now["by_stars"]} == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0}
    assert {e["key"]: e["value"] for e in before["by_colour"]}["red"] == 1 and before["rated"]["value"] == 1
    assert now["rated"]["value"] == 2
    for entry in [now["rated"], *now["by_colour"], *now["by_stars"], *before["by_colour"]]:
        assert rating_list(supervisor.user, **entry["filter"]).count() == entry["value"]


def test_the_zone_officer_gets_the_same_figures_as_the_county(history, supervisor, safety_officer, zone_a):
    county = safety_figures(supervisor.user, zone_a, Q1, TODAY)
    zone = safety_figures(safety_officer.user, zone_a, Q1, TODAY)
    assert [county[k]["value"] for k in ("found", "overdue")] == [zone[k]["value"] for k in ("found", "overdue")]


def test_figures_cost_the_same_queries_for_more_rows(
    history, supervisor, zone_a, safety_officer, other_enterprise, on_day
):
    safety_figures(supervisor.user, zone_a, Q1, TODAY)  # the user's memberships are read once, then kept
    with CaptureQueriesContext(connection) as few:
        safety_figures(supervisor.user, zone_a, Q1, TODAY)
    on_day(date(2025, 3, 10))
    for n in range(5):
        services.record_inspection(
            safety_officer, other_enterprise, findings="复查", hazards=[hazard_row(deadline_days=1 + n)] * 2
        )
    with CaptureQueriesContext(connection) as many:
        figures = safety_figures(supervisor.user, zone_a, Q1, TODAY)
    assert figures["found"]["value"] == 14
    assert len(many.captured_queries) == len(few.captured_queries)
