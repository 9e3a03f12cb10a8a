"""Job fairs: setting one up, its participants and postings, holding or cancelling it, and results that add up."""

from datetime import date

import pytest

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.models import FairParticipant, JobFair
from zonedesk.recruitment.queries import fair_figures, fair_list, participant_list, posting_list
from zonedesk.recruitment.states import FairKind, FairStatus

from .conftest import posting_data

JAN_20, JAN_30 = date(2025, 1, 20), date(2025, 1, 30)


@pytest.fixture
def shown(officer_a, enterprise, other_enterprise, third_enterprise, fair):
    """Three enterprises at the fair: 普工 50 and 焊工 10, 技术员 20, and one with no posting."""
    p1 = services.publish_posting(officer_a, enterprise, posting_data(position="普工", count=50, salary_max=7000))
    p2 = services.publish_posting(officer_a, enterprise, posting_data(position="焊工", count=10, salary_max=25000))
    p3 = services.publish_posting(officer_a, other_enterprise, posting_data(position="技术员", count=20))
    fairs.add_participant(officer_a, fair, enterprise, postings=[p1, p2])
    fairs.add_participant(officer_a, fair, other_enterprise, postings=[p3.pk])
    fairs.add_participant(officer_a, fair, third_enterprise)
    return p1, p2, p3


RESULTS = [
    {"enterprise": "enterprise", "applications": 200, "intents": 80, "hires": 30},
    {"enterprise": "other_enterprise", "applications": "150", "intents": 60, "hires": 12},
    {"enterprise": "third_enterprise", "applications": 40, "intents": 10, "hires": None},
]


def _results(request) -> list[dict]:
    return [{**row, "enterprise": request.getfixturevalue(row["enterprise"])} for row in RESULTS]


@pytest.fixture
def held(request, officer_a, fair, shown, on_day):
    on_day(JAN_30)
    fairs.mark_held(officer_a, fair, version=fair.version)
    return fairs.record_results(officer_a, fair, views="50,000", visitors=300, results=_results(request))


def test_a_fair_is_set_up_planned_with_its_organiser(fair, zone_a):
    assert (fair.status, fair.kind, fair.held_on) == (FairStatus.PLANNED, FairKind.LIVE, date(2025, 1, 29))
    assert fair.organiser == "晶硅光伏产业链党建联盟" and fair.unit == zone_a
    assert Event.objects.filter(verb="fair.created", object_id=str(fair.pk)).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"kind": "hybrid"}, "kind"),
        ({"held_on": ""}, "held_on"),
        ({"kind": FairKind.ON_SITE, "place": ""}, "place"),
        ({"stream_url": "javascript:alert(1)"}, "stream_url"),
        ({"unit": None}, "unit"),
    ],
)
def test_a_fair_with_bad_input_is_refused_on_its_field(officer_a, zone_a, changes, field):
    data = {
        "unit": zone_a,
        "name": "春风行动招聘专场",
        "kind": FairKind.LIVE,
        "held_on": "2025-02-05",
        "place": "直播间",
    }
    with pytest.raises(Rejected) as refused:
        fairs.create_fair(officer_a, {**data, **changes})
    assert refused.value.field == field
    assert not JobFair.objects.exists() and not Event.objects.filter(verb__startswith="fair.").exists()


def test_only_organisers_set_up_fairs(enterprise_user, investment_a, zone_a):
    data = {"unit": zone_a, "name": "招聘专场", "kind": FairKind.ON_SITE, "held_on": "2025-02-05", "place": "高铁新城"}
    with pytest.raises(Rejected) as refused:  # an enterprise user has no unit to organise from
        fairs.create_fair(enterprise_user, data)
    assert refused.value.field == "unit"
    with pytest.raises(Forbidden):
        fairs.create_fair(investment_a, data)
    assert not JobFair.objects.exists()


def test_participants_show_only_their_own_open_postings(officer_a, fair, enterprise, other_enterprise):
    theirs = services.publish_posting(officer_a, other_enterprise, posting_data())
    closed = services.close_posting(officer_a, services.publish_posting(officer_a, enterprise, posting_data()))
    for postings in ([theirs], [closed]):
        with pytest.raises(Rejected) as refused:
            fairs.add_participant(officer_a, fair, enterprise, postings=postings)
        assert refused.value.field == "postings"
    assert not FairParticipant.objects.exists()


def test_an_enterprise_takes_part_once(officer_a, fair, enterprise):
    fairs.add_participant(officer_a, fair, enterprise)
    with pytest.raises(Rejected) as refused:
        fairs.add_participant(officer_a, fair, enterprise)
    assert refused.value.field == "enterprise"
    assert FairParticipant.objects.count() == 1
    assert Event.objects.filter(verb="fair.participant_added").count() == 1


def test_the_positions_of_a_fair_are_its_postings_counts(officer_a, fair, shown):
    p1, _p2, p3 = shown
    assert fair_list(officer_a.user).get(pk=fair.pk).positions == 80
    services.update_posting(officer_a, p3, {"count": 25})
    participant = FairParticipant.objects.get(fair=fair, enterprise=p1.enterprise)
    fairs.show_postings(officer_a, participant, [p1])
    row = fair_list(officer_a.user).get(pk=fair.pk)
    assert (row.positions, row.postings_shown, row.participant_count) == (75, 2, 3)
    assert Event.objects.filter(verb="fair.postings_changed").count() == 1


def test_results_wait_until_the_fair_is_held_on_its_day(officer_a, fair, shown, on_day):
    on_day(date(2025, 1, 28))
    with pytest.raises(Rejected) as refused:
        fairs.record_results(officer_a, fair, views=10)
    assert refused.value.field == "status"
    with pytest.raises(Rejected) as refused:
        fairs.mark_held(officer_a, fair)
    assert refused.value.field == "held_on"
    assert JobFair.objects.get(pk=fair.pk).status == FairStatus.PLANNED


def test_the_fairs_totals_are_the_sums_of_its_participants_records(officer_a, held):
    figures = fair_figures(officer_a.user, held)
    # By hand: 50 + 10 + 20 positions; 200 + 150 + 40 applications; 80 + 60 + 10 intents; 30 + 12 hires.
    values = {name: figure["value"] for name, figure in figures.items()}
    assert values == {
        "participants": 3,
        "postings": 3,
        "positions": 80,
        "applications": 390,
        "intents": 150,
        "hires": 42,
        "views": 50000,
        "visitors": 300,
        "top_salary": 25000,
    }
    # ... and the same as adding up the records each figure's filter lists.
    rows = participant_list(officer_a.user, **figures["hires"]["filter"])
    for name in ("applications", "intents", "hires"):
        assert figures[name]["value"] == sum(getattr(r, name) or 0 for r in rows)
    postings = posting_list(officer_a.user, **figures["positions"]["filter"])
    assert figures["positions"]["value"] == sum(p.count for p in postings)
    assert figures["participants"]["value"] == len(rows)


def test_results_can_be_corrected_and_the_event_keeps_what_they_were(officer_a, held, enterprise):
    fairs.record_results(officer_a, held, views=51000, visitors=300, results=[{"enterprise": enterprise, "hires": 35}])
    assert fair_figures(officer_a.user, held)["hires"]["value"] == 47
    event = Event.objects.filter(verb="fair.results_recorded").latest("pk")
    key = str(enterprise.pk)
    assert event.before["participants"][key]["hires"] == 30 and event.after["participants"][key]["hires"] == 35
    assert (event.before["views"], event.after["views"]) == (50000, 51000)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"enterprise": "enterprise_b", "hires": 1}, "results.2.enterprise"),
        ({"enterprise": "enterprise", "hires": -3}, "results.2.hires"),
        ({"enterprise": "enterprise", "intents": "很多"}, "results.2.intents"),
    ],
)
def test_a_bad_results_row_is_named_and_nothing_is_written(request, officer_a, held, other_enterprise, row, field):
    row = {**row, "enterprise": request.getfixturevalue(row["enterprise"])}
    first = {"enterprise": other_enterprise, "hires": 99}
    with pytest.raises(Rejected) as refused:
        fairs.record_results(officer_a, held, views=1, results=[first, row])
    assert refused.value.field == field
    assert fair_figures(officer_a.user, held)["hires"]["value"] == 42
    assert JobFair.objects.get(pk=held.pk).views == 50000


def test_a_stale_fair_is_a_conflict(officer_a, leader, fair):
    read = fair.version
    fairs.cancel_fair(leader, fair, "疫情防控要求", version=read)
    with pytest.raises(Conflict):
        fairs.mark_held(officer_a, fair, version=read)
    assert JobFair.objects.get(pk=fair.pk).status == FairStatus.CANCELLED


def test_a_cancelled_fair_takes_nobody_and_is_not_held(officer_a, fair, enterprise, on_day):
    with pytest.raises(Rejected) as refused:
        fairs.cancel_fair(officer_a, fair, " ")
    assert refused.value.field == "reason"
    fairs.cancel_fair(officer_a, fair, "场地冲突")
    on_day(JAN_30)
    for write in (lambda: fairs.add_participant(officer_a, fair, enterprise), lambda: fairs.mark_held(officer_a, fair)):
        with pytest.raises(Rejected):
            write()
    assert Event.objects.filter(verb="fair.cancelled").count() == 1


def test_a_zone_b_officer_neither_sees_nor_runs_zone_a_fairs(officer_b, fair, enterprise_b):
    assert not fair_list(officer_b.user).exists()
    with pytest.raises(JobFair.DoesNotExist):
        fairs.add_participant(officer_b, fair, enterprise_b)
    with pytest.raises(JobFair.DoesNotExist):
        fair_figures(officer_b.user, fair)


def test_an_enterprise_user_sees_the_fairs_it_takes_part_in_and_only_its_own_results(
    enterprise_user, officer_a, held, zone_a, enterprise
):
    fairs.create_fair(
        officer_a,
        {"unit": zone_a, "name": "另一场", "kind": FairKind.ON_SITE, "held_on": "2025-03-01", "place": "园区"},
    )
    assert list(fair_list(enterprise_user.user)) == [held]
    assert [p.enterprise for p in participant_list(enterprise_user.user)] == [enterprise]
    assert fair_figures(enterprise_user.user, held)["hires"]["value"] == 30
