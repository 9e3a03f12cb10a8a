"""The demo's training: 嘉明's 120 + 30 and 射阳's 100 + 24 targets (its 招商局 its own), this year's ledgers of the
demo logins and more staff with some people behind schedule and some on it, a voided record, a leader's record for
a colleague; loaded once."""

import pytest
from django.utils import timezone

from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_training import load_training
from zonedesk.cli.demo_visits import zone_units
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, User
from zonedesk.training.models import TrainingRecord, TrainingTarget
from zonedesk.training.progress import progress
from zonedesk.training.standing import Status
from zonedesk.training.targets import target_for

from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    load_training()
    return zone_units()


def test_the_targets_of_the_articles_and_the_staff_standing_differently(demo):
    year = timezone.localdate().year
    jm, sy = target_for(demo["jm"], year), target_for(demo["sy"], year)
    assert (jm.theory_hours, jm.practice_hours) == (120, 30)
    assert (sy.theory_hours, sy.practice_hours) == (100, 24)
    assert TrainingTarget.objects.count() == 3
    leader = User.objects.get(username="leader")
    result = progress(leader, demo["sy"], year)
    statuses = {p.user.username: p.status for p in result.people}
    for username in ("leader", "investment", "pm", "service", "handler", "admin", "safety", "sy_zs_ji"):
        assert username in statuses
    assert statuses["handler"] == Status.BEHIND and statuses["sy_rs_zhu"] == Status.BEHIND
    assert statuses["investment"] in (Status.ON_TRACK, Status.MET) and statuses["admin"] in (
        Status.ON_TRACK,
        Status.MET,
    )
    assert len(result.groups) >= 4  # the zone's own staff and its departments
    mine = {p.user.username: (p.theory, p.practice) for p in result.people}
    assert mine["sy_rs_zhu"] == (0, 0)
    jm = progress(User.objects.get(username="jm_leader"), demo["jm"], year)
    assert len(jm.people) == 4 and jm.target.theory_hours == 120


def _voided_and_for_a_colleague():
    void = TrainingRecord.objects.get(voided_at__isnull=False)
    assert void.user.username == "pm" and void.voided_reason
    handler = User.objects.get(username="handler")
    assert TrainingRecord.objects.filter(user=handler, recorded_by__username="leader").count() == 2
    assert not TrainingRecord.objects.filter(on__gt=timezone.localdate()).exists()


def test_loaded_once_with_a_voided_record_and_a_leaders_record_for_a_colleague_and_its_pages_open(demo):
    _voided_and_for_a_colleague()
    records, events = TrainingRecord.objects.count(), Event.objects.count()
    load_training()
    assert (TrainingRecord.objects.count(), Event.objects.count()) == (records, events)
    client = client_for(Actor(user=User.objects.get(username="leader")))
    for url in ("/training/", "/training/progress/", "/training/targets/", "/training/records/"):
        assert client.get(url).status_code == 200, url
