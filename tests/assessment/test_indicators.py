"""Each indicator of the catalogue against values computed by hand on the fixed county of conftest.py, and the
list behind each value (opened by a county leader) holding exactly the records it counts."""

from datetime import date
from decimal import Decimal

import pytest

from zonedesk.assessment import services
from zonedesk.assessment.indicators import CATALOGUE, Subjects
from zonedesk.assessment.models import Rule, SchemeItem, SubjectKind

from ..conftest import client_for
from .conftest import EXPECTED, Q3

Q3_END = date(2026, 9, 30)
CASES = [(key, kind) for key, by_kind in EXPECTED.items() for kind in by_kind]


def test_the_expected_values_cover_every_indicator_for_every_kind_it_scores():
    assert set(EXPECTED) == set(CATALOGUE)
    for key, indicator in CATALOGUE.items():
        assert set(EXPECTED[key]) == set(indicator.kinds), key


@pytest.mark.parametrize(("key", "kind"), CASES)
def test_each_indicator_gives_the_hand_computed_values(records, county, key, kind):
    subjects = Subjects.of(county, kind)
    values = CATALOGUE[key].compute(subjects, Q3, Q3_END, SchemeItem(indicator=key))
    for name, expected in EXPECTED[key][kind].items():
        assert values.get(records.subject_pk(name)) == expected, (key, kind, name)


def test_zone_subjects_are_the_zones_and_units_below_fold_into_them(records, county, zone_a, zone_b, branch_a):
    subjects = Subjects.of(county, SubjectKind.ZONE)
    assert [s.pk for s in subjects.items] == [zone_a.pk, zone_b.pk]
    assert subjects.zone_of_unit[branch_a.pk] == zone_a.pk
    assert subjects.zone_of_unit[records.units["department_b"].pk] == zone_b.pk
    assert county.pk not in subjects.zone_of_unit


def test_department_subjects_are_departments_not_branch_offices(records, county, branch_a):
    subjects = Subjects.of(county, SubjectKind.DEPARTMENT)
    assert {s.pk for s in subjects.items} == {records.units["department_a"].pk, records.units["department_b"].pk}


def test_officer_subjects_are_the_staff_who_do_the_work_not_leaders(records, county, county_leader, leader):
    subjects = Subjects.of(county, SubjectKind.OFFICER)
    pks = {s.pk for s in subjects.items}
    assert {records.subject_pk(n) for n in records.people} <= pks
    assert county_leader.user.pk not in pks and leader.user.pk not in pks
    assert all(s.is_user for s in subjects.items)


def test_an_amount_threshold_counts_only_moves_at_or_over_it(records, county):
    item = SchemeItem(indicator="signed_projects", threshold_wan=Decimal(10000))
    zones = CATALOGUE["signed_projects"].compute(Subjects.of(county, "zone"), Q3, Q3_END, item)
    # zone A: 50000 counts, the branch office's 8000 does not; zone B: exactly 10000 counts (inclusive)
    assert zones == {records.units["zone_a"].pk: 1, records.units["zone_b"].pk: 1}
    money = CATALOGUE["signed_investment"].compute(Subjects.of(county, "zone"), Q3, Q3_END, item)
    assert money[records.units["zone_a"].pk] == Decimal(50000)


def test_a_cancelled_move_and_moves_outside_the_period_are_not_counted(records, county):
    # zone B signed P5 (30000, moved back: cancelled) and P6 (2026-10-02): only P4 (10000) counts
    subjects = Subjects.of(county, "zone")
    values = CATALOGUE["signed_investment"].compute(subjects, Q3, Q3_END, SchemeItem())
    assert values[records.units["zone_b"].pk] == Decimal(10000)
    q2 = CATALOGUE["signed_investment"].compute(subjects, date(2026, 4, 1), date(2026, 6, 30), SchemeItem())
    assert q2 == {records.units["zone_a"].pk: Decimal(20000), records.units["zone_b"].pk: Decimal(12000)}


def test_auto_confirmed_demands_do_not_count_in_satisfaction(records, county):
    d4 = records.demands["D4"]
    assert d4.confirmed_auto and d4.state == "confirmed"
    values = CATALOGUE["demand_satisfaction"].compute(Subjects.of(county, "zone"), Q3, Q3_END, SchemeItem())
    assert values[records.units["zone_a"].pk] == Decimal("3.67")  # (5 + 2 + 4) / 3, without D4


# --- the list behind each value ------------------------------------------------------------------------------

RULES = {
    "linear": {"rule": Rule.LINEAR, "target": 10},
    "penalty": {"rule": Rule.PENALTY, "penalty_per_item": 1},
}
PENALTIES = {"demands_overdue", "tasks_overdue", "hazards_overdue"}


@pytest.fixture
def sheets(records, county, county_admin, county_leader):
    """A sheet of every catalogue indicator for each subject kind, computed by a county leader."""
    out = {}
    for kind in SubjectKind.values:
        scheme = services.create_scheme(
            county_admin, unit=county, name=f"全指标{kind}", period_kind="quarter", subject_kind=kind
        )
        for key, indicator in CATALOGUE.items():
            if kind in indicator.kinds:
                rule = RULES["penalty" if key in PENALTIES else "linear"]
                services.add_item(county_admin, scheme, indicator=key, weight=10, **rule)
        out[kind] = services.compute(county_leader, scheme, Q3)
    return out


def _lines(sheet):
    for score in sheet.scores.all():
        for line in score.lines.select_related("item"):
            yield score, line


def _opened(client, link: str):
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["page"]


def test_every_line_of_a_sheet_holds_the_hand_computed_value(records, sheets):
    for kind, sheet in sheets.items():
        for score, line in _lines(sheet):
            expected = EXPECTED[line.item.indicator][kind]
            for name, value in expected.items():
                if records.subject_pk(name) in (score.subject_unit_id, score.subject_user_id):
                    assert line.value == value, (kind, line.item.indicator, name)


def test_a_count_opens_a_list_as_long_as_the_count(records, sheets, county_leader):
    client = client_for(county_leader)
    checked = 0
    for _kind, sheet in sheets.items():
        for _score, line in _lines(sheet):
            key = line.item.indicator
            if CATALOGUE[key].link is None:
                assert line.link == ""
                continue
            if CATALOGUE[key].measure != "个":
                continue
            assert _opened(client, line.link).paginator.count == line.value, line.link
            checked += 1
    assert checked >= 20


def test_the_on_time_rate_opens_the_demands_resolved_on_time(records, sheets, county_leader):
    client = client_for(county_leader)
    on_time = {"a": {"D1", "D4"}, "b": {"D8"}}
    seen = 0
    for kind, prefix in (("zone", "zone_"), ("department", "department_"), ("officer", "officer_")):
        side = {records.subject_pk(prefix + ab): on_time[ab] for ab in on_time}
        for score, line in _lines(sheets[kind]):
            if line.item.indicator == "demands_on_time":
                listed = {d.pk for d in _opened(client, line.link).object_list}
                wanted = side.get(score.subject_unit_id or score.subject_user_id, set())
                assert listed == {records.demands[k].pk for k in wanted}, (kind, score.subject_name)
                seen += 1
    assert seen >= 6


def test_satisfaction_opens_the_rated_demands_whose_mean_is_the_value(records, sheets, county_leader):
    client = client_for(county_leader)
    for kind in ("zone", "department", "officer"):
        for _score, line in _lines(sheets[kind]):
            if line.item.indicator == "demand_satisfaction" and line.value is not None:
                demands = list(_opened(client, line.link).object_list)
                mean = Decimal(sum(d.satisfaction for d in demands)) / len(demands)
                assert mean.quantize(Decimal("0.01")) == line.value
                assert not any(d.confirmed_auto for d in demands)


def test_the_signed_amount_opens_projects_whose_contracted_investment_adds_up_to_it(records, sheets, county_leader):
    client = client_for(county_leader)
    seen = 0
    for kind in ("zone", "officer"):
        for _score, line in _lines(sheets[kind]):
            if line.item.indicator == "signed_investment":
                projects = list(_opened(client, line.link).object_list)
                assert sum((p.contracted_investment_wan for p in projects), Decimal(0)) == line.value
                seen += 1
    assert seen >= 4


def test_a_threshold_item_links_to_the_projects_at_or_over_it(records, county, county_admin, county_leader):
    scheme = services.create_scheme(
        county_admin, unit=county, name="亿元项目", period_kind="quarter", subject_kind="zone"
    )
    services.add_item(
        county_admin, scheme, indicator="signed_projects", weight=10, rule=Rule.LINEAR, target=2, threshold_wan=10000
    )
    sheet = services.compute(county_leader, scheme, Q3)
    client = client_for(county_leader)
    for score in sheet.scores.all():
        line = score.lines.get()
        assert "min_wan=10000" in line.link
        projects = {p.name for p in _opened(client, line.link).object_list}
        assert len(projects) == line.value == 1
        assert projects in ({"国阳智能装备"}, {"海河新材料"})
        assert line.points == Decimal("5.00")  # 1 of a target of 2, linear on 10 points
