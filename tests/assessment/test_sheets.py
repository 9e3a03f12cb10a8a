"""Score sheets: computed for a closed period as versions, frozen once published, manual items scored by the named
leaders, the ranking against the previous period, and one Event per write."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from zonedesk.assessment import services
from zonedesk.assessment.models import ManualScore, Rule, ScoreSheet, SheetStatus
from zonedesk.assessment.queries import previous_sheet, ranking, score_lines
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event, Unit
from zonedesk.projects import services as project_services
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage

from .conftest import Q2, Q3, TODAY, actor_of


@pytest.fixture
def scheme(records, county, county_admin):
    """Zones scored on projects started in the quarter (linear: 2 projects give the 10 points)."""
    scheme = services.create_scheme(
        county_admin, unit=county, name="园区季度考核", period_kind="quarter", subject_kind="zone"
    )
    services.add_item(county_admin, scheme, indicator="projects_started", weight=10, rule=Rule.LINEAR, target=2)
    return scheme


def totals(sheet) -> dict[int, Decimal]:
    return {s.subject_unit_id: s.total for s in sheet.scores.all()}


def test_a_sheet_scores_every_zone_and_explains_each_line(scheme, county_leader, zone_a, zone_b):
    sheet = services.compute(county_leader, scheme, Q3)
    assert (sheet.version, sheet.status, sheet.period_label) == (1, SheetStatus.DRAFT, "2026年第3季度")
    assert (sheet.period_start, sheet.period_end) == (Q3, date(2026, 9, 30))
    assert totals(sheet) == {zone_a.pk: Decimal("10.00"), zone_b.pk: Decimal("0.00")}
    [line] = score_lines(sheet.scores.get(subject_unit=zone_a))
    assert (line.value, line.points) == (2, Decimal("10.00"))
    assert "moved_to=started" in line.link and f"unit={zone_a.pk}" in line.link


def test_a_published_sheet_does_not_move_when_records_change_later(scheme, county_leader, investment_b, zone_b, on_day):
    v1 = services.publish(county_leader, services.compute(county_leader, scheme, Q3))
    # Zone B's project P4 (signed 2026-09-30) is recorded as started on the quarter's last day, two weeks later.
    on_day(TODAY)
    p4 = Project.objects.get(name="海河新材料")
    project_services.advance_stage(p4, Stage.STARTED, by=investment_b, on=date(2026, 9, 30))
    v1.refresh_from_db()
    assert v1.status == SheetStatus.PUBLISHED
    assert totals(v1)[zone_b.pk] == Decimal("0.00")
    assert [line.value for line in score_lines(v1.scores.get(subject_unit=zone_b))] == [0]

    v2 = services.compute(county_leader, scheme, Q3)
    assert (v2.version, v2.status) == (2, SheetStatus.DRAFT)
    assert totals(v2)[zone_b.pk] == Decimal("5.00")
    assert totals(ScoreSheet.objects.get(pk=v1.pk))[zone_b.pk] == Decimal("0.00")

    services.publish(county_leader, v2)
    v1.refresh_from_db()
    assert v1.status == SheetStatus.SUPERSEDED
    assert list(ScoreSheet.objects.filter(scheme=scheme, status=SheetStatus.PUBLISHED)) == [v2]


def test_only_one_sheet_of_a_period_is_published(scheme, county_leader):
    v1 = services.publish(county_leader, services.compute(county_leader, scheme, Q3))
    v2 = services.publish(county_leader, services.compute(county_leader, scheme, Q3))
    with pytest.raises(Conflict):  # v1 is superseded, no longer a draft
        services.publish(county_leader, v1)
    with pytest.raises(Conflict):
        services.publish(county_leader, v2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.filter(pk=v1.pk).update(status=SheetStatus.PUBLISHED)
    assert ScoreSheet.objects.filter(scheme=scheme, period_start=Q3, status=SheetStatus.PUBLISHED).count() == 1


def test_an_older_draft_cannot_replace_a_later_published_version(scheme, county_leader):
    v1 = services.compute(county_leader, scheme, Q3)
    v2 = services.compute(county_leader, scheme, Q3)
    services.publish(county_leader, v2)
    with pytest.raises(Rejected):
        services.publish(county_leader, v1)
    v1.refresh_from_db()
    assert v1.status == SheetStatus.DRAFT


def test_sheets_of_different_periods_are_published_side_by_side(scheme, county_leader):
    services.publish(county_leader, services.compute(county_leader, scheme, Q2))
    services.publish(county_leader, services.compute(county_leader, scheme, Q3))
    assert ScoreSheet.objects.filter(scheme=scheme, status=SheetStatus.PUBLISHED).count() == 2


@pytest.mark.parametrize("start", [date(2026, 10, 1), date(2027, 1, 1)])
def test_a_period_not_yet_ended_is_not_computed(scheme, county_leader, start):
    with pytest.raises(Rejected) as caught:
        services.compute(county_leader, scheme, start)
    assert caught.value.field == "period"
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("start", [date(2026, 7, 2), date(2026, 8, 1), "2026-05-01", "not a date", None])
def test_a_day_that_does_not_start_a_period_is_refused(scheme, county_leader, start):
    with pytest.raises(Rejected) as caught:
        services.compute(county_leader, scheme, start)
    assert caught.value.field == "period"


def test_a_date_in_words_that_starts_the_quarter_is_read(scheme, county_leader):
    assert services.compute(county_leader, scheme, "2026年7月1日").period_start == Q3


def test_a_scheme_without_items_is_not_computed(records, county, county_admin, county_leader):
    empty = services.create_scheme(county_admin, unit=county, name="空", period_kind="month", subject_kind="zone")
    with pytest.raises(Rejected):
        services.compute(county_leader, empty, date(2026, 9, 1))


def test_a_removed_item_is_left_out_of_later_sheets_but_kept_by_earlier_ones(scheme, county_admin, county_leader):
    extra = services.add_item(county_admin, scheme, indicator="demands_solved", weight=10, rule=Rule.LINEAR, target=3)
    v1 = services.compute(county_leader, scheme, Q3)
    services.remove_item(county_admin, extra)
    v2 = services.compute(county_leader, scheme, Q3)
    assert v1.scores.first().lines.count() == 2 and v2.scores.first().lines.count() == 1
    with pytest.raises(Conflict):
        services.remove_item(county_admin, extra)


# --- manual items -------------------------------------------------------------------------------------------


@pytest.fixture
def manual(scheme, county_admin, county_leader):
    return services.add_item(
        county_admin,
        scheme,
        indicator="manual",
        weight=5,
        rule=Rule.MANUAL,
        label="班子评价",
        scorers=[county_leader.user],
    )


def give(by, item, subject, points, reason="招商工作成效突出", start=Q3):
    return services.give_manual_score(by, item, period_start=start, subject=subject, points=points, reason=reason)


def test_a_named_leader_scores_a_zone_with_a_reason_and_the_sheet_shows_it(manual, county_leader, zone_a):
    give(county_leader, manual, zone_a, "4.5")
    sheet = services.compute(county_leader, manual.scheme, Q3)
    line = sheet.scores.get(subject_unit=zone_a).lines.get(item=manual)
    assert (line.points, line.note) == (Decimal("4.50"), "招商工作成效突出")
    assert sheet.scores.get(subject_unit=zone_a).total == Decimal("14.50")


def test_giving_a_score_again_replaces_it(manual, county_leader, zone_a):
    give(county_leader, manual, zone_a, 3)
    give(county_leader, manual, zone_a, -2, "安全生产事故")
    score = ManualScore.objects.get()
    assert (score.points, score.reason) == (Decimal(-2), "安全生产事故")


@pytest.mark.parametrize("points", [5, -5, "0"])
def test_points_within_the_weight_either_way_are_accepted(manual, county_leader, zone_b, points):
    assert give(county_leader, manual, zone_b, points).points == Decimal(points)


@pytest.mark.parametrize(
    ("points", "reason", "field"),
    [("5.01", "理由", "points"), (-6, "理由", "points"), ("", "理由", "points"), (2, "  ", "reason")],
)
def test_out_of_bounds_points_or_no_reason_are_rejected(manual, county_leader, zone_a, points, reason, field):
    with pytest.raises(Rejected) as caught:
        give(county_leader, manual, zone_a, points, reason)
    assert caught.value.field == field
    assert not ManualScore.objects.exists()


def test_only_the_named_leaders_score(manual, supervisor, county_admin, zone_a):
    other_leader = actor_of(manual.scheme.unit, "leader", "other_leader")
    for by in (other_leader, supervisor, county_admin):
        with pytest.raises(Forbidden):
            give(by, manual, zone_a, 1)
    assert not ManualScore.objects.exists()


def test_a_computed_item_is_not_scored_by_hand(scheme, county_leader, zone_a):
    computed = scheme.items.get(indicator="projects_started")
    with pytest.raises(Forbidden):
        give(county_leader, computed, zone_a, 1)


def test_a_manual_score_goes_to_a_subject_of_the_scheme_and_a_period_start(manual, county_leader, department_a):
    with pytest.raises(Rejected) as caught:
        give(county_leader, manual, department_a, 1)
    assert caught.value.field == "subject"
    with pytest.raises(Rejected) as caught:
        give(county_leader, manual, manual.scheme.unit.children.first(), 1, start=date(2026, 7, 15))
    assert caught.value.field == "period"


def test_a_manual_score_given_after_publication_does_not_move_the_published_sheet(manual, county_leader, zone_a):
    give(county_leader, manual, zone_a, 2)
    published = services.publish(county_leader, services.compute(county_leader, manual.scheme, Q3))
    give(county_leader, manual, zone_a, 5, "补充评价")
    published.refresh_from_db()
    assert totals(published)[zone_a.pk] == Decimal("12.00")
    assert published.scores.get(subject_unit=zone_a).lines.get(item=manual).note == "招商工作成效突出"
    assert totals(services.compute(county_leader, manual.scheme, Q3))[zone_a.pk] == Decimal("15.00")


def test_officers_are_scored_by_hand_as_people(records, county, county_admin, county_leader, officer_a):
    scheme = services.create_scheme(
        county_admin, unit=county, name="专员考核", period_kind="quarter", subject_kind="officer"
    )
    item = services.add_item(
        county_admin,
        scheme,
        indicator="manual",
        weight=10,
        rule=Rule.MANUAL,
        label="服务评价",
        scorers=[county_leader.user],
    )
    give(county_leader, item, officer_a.user, 8)
    assert ManualScore.objects.get().subject_user == officer_a.user
    sheet = services.compute(county_leader, scheme, Q3)
    assert sheet.scores.get(subject_user=officer_a.user).total == Decimal("8.00")
    assert sheet.scores.get(subject_user=officer_a.user).rank == 1


# --- ranking against the previous period ----------------------------------------------------------------------


@pytest.fixture
def ranked_scheme(records, county, county_admin):
    """Q2: zone A 3.33 (20000 signed), zone B 2.00 (12000). Q3: A 9.67 − 20 (2 overdue items) = −10.33,
    B 1.67 − 10 (1 overdue item) = −8.33: B moves up to first."""
    scheme = services.create_scheme(
        county_admin, unit=county, name="综合考核", period_kind="quarter", subject_kind="zone"
    )
    services.add_item(county_admin, scheme, indicator="signed_investment", weight=10, rule=Rule.LINEAR, target=60000)
    services.add_item(
        county_admin, scheme, indicator="tasks_overdue", weight=30, rule=Rule.PENALTY, penalty_per_item=10
    )
    return scheme


def test_the_ranking_shows_the_change_against_the_previous_published_period(
    ranked_scheme, county_leader, zone_a, zone_b
):
    q3 = services.compute(county_leader, ranked_scheme, Q3)
    assert all(row["rank_change"] is None for row in ranking(q3))  # nothing published for Q2 yet
    q2 = services.compute(county_leader, ranked_scheme, Q2)
    assert previous_sheet(q3) is None  # a draft is not compared against
    services.publish(county_leader, q2)
    assert previous_sheet(q3) == q2
    rows = ranking(q3)
    assert [(r["score"].subject_unit_id, r["rank"], r["total"]) for r in rows] == [
        (zone_b.pk, 1, Decimal("-8.33")),
        (zone_a.pk, 2, Decimal("-10.33")),
    ]
    assert [(r["rank_change"], r["total_change"]) for r in rows] == [(1, Decimal("-10.33")), (-1, Decimal("-13.66"))]


def test_a_tie_shares_the_rank_in_the_ranking(records, county, county_admin, county_leader):
    scheme = services.create_scheme(county_admin, unit=county, name="并列", period_kind="quarter", subject_kind="zone")
    services.add_item(
        county_admin, scheme, indicator="signed_projects", weight=10, rule=Rule.LINEAR, target=1, threshold_wan=10000
    )  # one project of 1亿 or more in each zone
    rows = ranking(services.compute(county_leader, scheme, Q3))
    assert [(r["rank"], r["total"]) for r in rows] == [(1, Decimal("10.00")), (1, Decimal("10.00"))]


# --- every write writes its Event -----------------------------------------------------------------------------


def test_every_write_writes_its_event(records, county, county_admin, county_leader, zone_a):
    before = Event.objects.count()
    scheme = services.create_scheme(county_admin, unit=county, name="审计", period_kind="quarter", subject_kind="zone")
    services.add_item(county_admin, scheme, indicator="demands_solved", weight=10, rule=Rule.LINEAR, target=3)
    item = services.add_item(
        county_admin, scheme, indicator="manual", weight=5, rule=Rule.MANUAL, label="评价", scorers=[county_leader.user]
    )
    give(county_leader, item, zone_a, 3)
    sheet = services.compute(county_leader, scheme, Q3)
    services.publish(county_leader, sheet)
    events = list(Event.objects.order_by("pk")[before:])
    assert [(e.verb, e.actor) for e in events] == [
        ("scheme.created", county_admin.user),
        ("scheme.item_added", county_admin.user),
        ("scheme.item_added", county_admin.user),
        ("manual_score.given", county_leader.user),
        ("score_sheet.computed", county_leader.user),
        ("score_sheet.published", county_leader.user),
    ]
    assert events[-1].after["version"] == 1 and events[3].after["reason"] == "招商工作成效突出"
    assert all(e.unit_id == county.pk for e in events)


def test_a_refused_write_writes_no_event(records, county, county_admin, county_leader):
    scheme = services.create_scheme(county_admin, unit=county, name="拒绝", period_kind="quarter", subject_kind="zone")
    before = Event.objects.count()
    with pytest.raises(Rejected):
        services.compute(county_leader, scheme, Q3)
    with pytest.raises(Rejected):
        services.add_item(county_admin, scheme, indicator="demands_solved", weight=10, rule=Rule.LINEAR)
    assert Event.objects.count() == before


def test_a_unit_is_not_taken_for_a_person_whose_id_it_shares(records, county, county_admin, county_leader, officer_a):
    scheme = services.create_scheme(
        county_admin, unit=county, name="专员评价", period_kind="quarter", subject_kind="officer"
    )
    item = services.add_item(
        county_admin,
        scheme,
        indicator="manual",
        weight=10,
        rule=Rule.MANUAL,
        label="评价",
        scorers=[county_leader.user],
    )
    same_id = Unit(pk=officer_a.user.pk, name="同号单位")
    with pytest.raises(Rejected) as caught:
        give(county_leader, item, same_id, 1)
    assert caught.value.field == "subject"
