"""The scoring rules (linear, capped, penalty per item) and the ranking with ties, on numbers worked out by hand;
and what a scheme accepts as an item."""

from decimal import Decimal

import pytest

from zonedesk.assessment import services
from zonedesk.assessment.indicators import CATALOGUE
from zonedesk.assessment.models import Rule, SchemeItem
from zonedesk.assessment.services import points_for, rank
from zonedesk.common.errors import Rejected


def item(rule: str, weight, target=None, **fields) -> SchemeItem:
    return SchemeItem(rule=rule, weight=Decimal(weight), target=Decimal(target) if target else None, **fields)


@pytest.mark.parametrize(
    ("value", "points"),
    [(0, "0.00"), (5, "10.00"), (10, "20.00"), (15, "20.00"), (Decimal("2.5"), "5.00"), (-3, "0.00"), (None, "0.00")],
)
def test_linear_gives_the_weight_times_the_share_of_the_target_at_most_the_weight(value, points):
    assert points_for(item(Rule.LINEAR, 20, 10), value) == Decimal(points)


@pytest.mark.parametrize(("value", "points"), [(1, "3.33"), (2, "6.67"), (Decimal("0.15"), "0.50")])
def test_points_are_rounded_half_up_to_the_cent(value, points):
    assert points_for(item(Rule.LINEAR, 10, 3), value) == Decimal(points)


@pytest.mark.parametrize(
    ("value", "points"), [(5, "10.00"), (11, "22.00"), (12, "24.00"), (15, "24.00"), (40, "24.00")]
)
def test_capped_goes_past_the_weight_up_to_the_cap(value, points):
    assert points_for(item(Rule.CAPPED, 20, 10, cap_percent=120), value) == Decimal(points)


def test_a_capped_item_with_a_higher_cap_gives_more_above_the_target():
    assert points_for(item(Rule.CAPPED, 20, 10, cap_percent=150), 14) == Decimal("28.00")


@pytest.mark.parametrize(("value", "points"), [(0, "0.00"), (None, "0.00"), (3, "-6.00"), (5, "-10.00"), (9, "-10.00")])
def test_a_penalty_takes_points_per_item_at_most_the_weight(value, points):
    assert points_for(item(Rule.PENALTY, 10, penalty_per_item=Decimal(2)), value) == Decimal(points)


def test_without_a_value_or_a_target_an_item_gives_nothing():
    assert points_for(item(Rule.LINEAR, 10, 5), None) == 0
    assert points_for(item(Rule.LINEAR, 10), 5) == 0


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped():
    ranked = rank([("c", Decimal(80)), ("a", Decimal(90)), ("d", Decimal(70)), ("b", Decimal(80))])
    assert [(who, position) for who, _total, position in ranked] == [("a", 1), ("c", 2), ("b", 2), ("d", 4)]


def test_ranking_orders_by_total_highest_first_including_negative_totals():
    ranked = rank([("x", Decimal("-3.5")), ("y", Decimal(0)), ("z", Decimal("-0.01"))])
    assert [(who, position) for who, _total, position in ranked] == [("y", 1), ("z", 2), ("x", 3)]


def test_everyone_equal_is_everyone_first():
    assert [p for _w, _t, p in rank([(1, Decimal(5)), (2, Decimal(5)), (3, Decimal(5))])] == [1, 1, 1]


# --- what a scheme accepts ----------------------------------------------------------------------------------


@pytest.fixture
def scheme(county, system):
    return services.create_scheme(system, unit=county, name="园区考核", period_kind="quarter", subject_kind="zone")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"indicator": "demands_solved", "weight": 10, "rule": Rule.LINEAR}, "target"),
        ({"indicator": "demands_solved", "weight": 0, "rule": Rule.LINEAR, "target": 5}, "weight"),
        ({"indicator": "demands_solved", "weight": "十", "rule": Rule.LINEAR, "target": 5}, "weight"),
        (
            {"indicator": "demands_solved", "weight": 10, "rule": Rule.CAPPED, "target": 5, "cap_percent": 90},
            "cap_percent",
        ),
        (
            {"indicator": "demands_solved", "weight": 10, "rule": Rule.CAPPED, "target": 5, "cap_percent": 600},
            "cap_percent",
        ),
        ({"indicator": "demands_overdue", "weight": 10, "rule": Rule.PENALTY}, "penalty_per_item"),
        ({"indicator": "logins", "weight": 10, "rule": Rule.LINEAR, "target": 5}, "indicator"),
        ({"indicator": "demands_solved", "weight": 10, "rule": "random"}, "rule"),
        ({"indicator": "demands_solved", "weight": 10, "rule": Rule.MANUAL}, "rule"),
        ({"indicator": "manual", "weight": 10, "rule": Rule.LINEAR, "target": 5, "label": "班子评价"}, "rule"),
        ({"indicator": "manual", "weight": 10, "rule": Rule.MANUAL, "label": "班子评价"}, "scorers"),
        (
            {"indicator": "manual", "weight": 10, "rule": Rule.MANUAL, "scorers": [999999], "label": "班子评价"},
            "scorers",
        ),
        ({"indicator": "manual", "weight": 10, "rule": Rule.MANUAL, "scorers": [], "label": ""}, "scorers"),
    ],
)
def test_an_item_that_cannot_be_scored_is_rejected_on_its_field(scheme, system, fields, field):
    with pytest.raises(Rejected) as caught:
        services.add_item(system, scheme, **fields)
    assert caught.value.errors[0]["field"] == field
    assert not scheme.items.exists()


def test_an_indicator_must_score_the_schemes_subjects(county, system):
    departments = services.create_scheme(
        system, unit=county, name="部门考核", period_kind="month", subject_kind="department"
    )
    with pytest.raises(Rejected):  # weekly reports are a task force's, not a department's
        services.add_item(
            system, departments, indicator="weekly_reports_on_time", weight=10, rule=Rule.LINEAR, target=90
        )
    added = services.add_item(
        system, departments, indicator="tasks_overdue", weight=10, rule=Rule.PENALTY, penalty_per_item=1
    )
    assert added.label == str(CATALOGUE["tasks_overdue"].label)  # the catalogue's label by default


def test_a_manual_item_names_its_scorers(scheme, system, county_leader):
    added = services.add_item(
        system, scheme, indicator="manual", weight=5, rule=Rule.MANUAL, label="领导评价", scorers=[county_leader.user]
    )
    assert list(added.scorers.all()) == [county_leader.user]
    assert added.label == "领导评价" and added.position == 1


def test_the_scheme_name_is_unique_in_its_unit(scheme, county, system):
    with pytest.raises(Rejected) as caught:
        services.create_scheme(system, unit=county, name="园区考核", period_kind="year", subject_kind="zone")
    assert caught.value.errors[0]["field"] == "name"
