"""Alerts before a promised day passes (the project's officer and the zone's investment officers, once) and when
it is missed (the leaders, once, with an Event on the agreement); run by run_due_jobs, safe to run again."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from zonedesk.commitments import services
from zonedesk.commitments.alerts import send_commitment_alerts
from zonedesk.commitments.models import CommitmentAlert, PromiseKind
from zonedesk.orgs.models import Event
from zonedesk.supervision.jobs import run_due_jobs
from zonedesk.supervision.models import InboxMessage

from ..conftest import _actor, client_for
from .conftest import agreement_data

START_BY = date(2026, 9, 30)


@pytest.fixture
def agreement(project, investment_a, today):
    data = agreement_data(start_by=f"{START_BY}", produce_by="2027-06-30", capacity_by="2027-12-31")
    return services.record_agreement(project, data, by=investment_a)


@pytest.fixture
def colleague(zone_a):
    """A second investment officer of zone A (the project's officer is investment_a)."""
    return _actor(zone_a, "investment_officer", username="investment_a2")


def inbox(user) -> list[InboxMessage]:
    return list(InboxMessage.objects.filter(user=user, dedup_key__startswith="commitment:").order_by("pk"))


def test_nothing_is_sent_31_days_before_the_start_day(agreement, investment_a, on_day):
    assert send_commitment_alerts(on_day(START_BY - timedelta(days=31))) == 0
    assert not inbox(investment_a.user)


def test_30_days_before_the_officers_hear_once(agreement, investment_a, colleague, leader, on_day):
    day = on_day(START_BY - timedelta(days=30))
    assert send_commitment_alerts(day) == 1
    assert send_commitment_alerts(day) == 0  # again: nothing
    assert send_commitment_alerts(on_day(day + timedelta(days=1))) == 0  # the next day: still nothing
    [message] = inbox(investment_a.user)
    assert "新能源动力电池项目" in message.title and "2026-09-30" in message.title
    assert message.link == f"/commitments/{agreement.pk}/"
    assert len(inbox(colleague.user)) == 1 and not inbox(leader.user)
    [event] = Event.objects.filter(verb="commitment.due_soon")
    assert event.after["item"] == "start" and event.unit == agreement.unit


def test_the_day_after_it_passes_it_is_marked_missed_to_the_leader_once(agreement, investment_a, leader, on_day):
    assert send_commitment_alerts(on_day(START_BY)) == 1  # due soon, on the day itself
    assert send_commitment_alerts(on_day(START_BY)) == 0
    assert not inbox(leader.user)
    assert send_commitment_alerts(on_day(START_BY + timedelta(days=1))) == 1
    assert send_commitment_alerts(on_day(START_BY + timedelta(days=2))) == 0
    [message] = inbox(leader.user)
    assert "新能源动力电池项目" in message.title and "2026-09-30" in message.title
    [missed] = Event.objects.filter(verb="commitment.missed")
    assert missed.after == {"item": "start", "level": "missed", "due_on": "2026-09-30"}
    assert set(CommitmentAlert.objects.values_list("item", "level")) == {("start", "due_soon"), ("start", "missed")}


def test_a_start_reached_in_time_sends_nothing(agreement, project, on_day):
    project.stage, project.started_on = "started", START_BY - timedelta(days=40)
    project.save()
    assert send_commitment_alerts(on_day(START_BY - timedelta(days=10))) == 0
    assert send_commitment_alerts(on_day(START_BY + timedelta(days=10))) == 0


def test_a_zones_promise_is_alerted_too(agreement, investment_a, leader, on_day):
    data = {"kind": PromiseKind.LAND, "description": "交付净地500亩", "due_on": "2026-07-10"}
    services.add_zone_promise(agreement, data, by=investment_a)
    assert send_commitment_alerts(on_day(date(2026, 7, 1))) == 1
    assert "交付净地500亩" in inbox(investment_a.user)[0].title
    assert send_commitment_alerts(on_day(date(2026, 7, 11))) == 1
    assert "交付净地500亩" in inbox(leader.user)[0].title


def test_run_due_jobs_sends_them(agreement, investment_a, on_day):
    day = on_day(START_BY - timedelta(days=5))
    counts = run_due_jobs(datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert counts["commitment_alerts"] == 1
    again = run_due_jobs(datetime(day.year, day.month, day.day, 9, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert "commitment_alerts" not in again
    assert len(inbox(investment_a.user)) == 1


def test_the_agreements_timeline_shows_its_alerts_and_zone_promises(agreement, investment_a, on_day):
    services.add_zone_promise(
        agreement, {"kind": "utilities", "description": "110千伏专线供电", "due_on": "2026-07-10"}, by=investment_a
    )
    send_commitment_alerts(on_day(START_BY - timedelta(days=3)))
    page = client_for(investment_a).get(f"/commitments/{agreement.pk}/")
    verbs = [item["event"].verb for item in page.context["events"]]
    assert verbs.count("commitment.due_soon") == 1 and verbs.count("commitment.missed") == 1  # start soon; power late
    assert "zone_promise.added" in verbs and "agreement.recorded" in verbs
