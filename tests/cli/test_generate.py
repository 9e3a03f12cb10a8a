"""The benchmark generator writes a consistent, repeatable data set in bulk."""

from collections import Counter

import pytest
from django.db.models import Count
from django.utils import timezone

from zonedesk.cli.generate import Generator
from zonedesk.cli.generate_base import Scale
from zonedesk.common.uscc import is_valid_uscc
from zonedesk.demands.models import Demand, DemandMove
from zonedesk.demands.states import State
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event, Unit, UnitKind
from zonedesk.projects.models import Project, StageMove
from zonedesk.taskforces.models import TaskForce
from zonedesk.visits.models import Visit

TINY = Scale(cities=1, counties_per_city=2, zones=3, enterprises=60, projects=40, demands=400, visits=30, task_forces=5)


@pytest.fixture
def generated(db):
    return Generator("zone", seed=7, echo=lambda *a: None, size=TINY).run()


def test_it_writes_the_asked_numbers_with_valid_codes(generated):
    assert Unit.objects.filter(kind=UnitKind.ZONE).count() == 3
    assert Enterprise.objects.count() == 60 and Project.objects.count() == 40
    assert Demand.objects.count() == 400 and Visit.objects.count() == 30
    assert 0 < TaskForce.objects.count() <= 5
    assert all(is_valid_uscc(code) for code in Enterprise.objects.values_list("uscc", flat=True))
    assert generated["rows"]["demands.Demand"] == 400


def test_every_state_is_present_and_every_move_has_its_event(generated):
    states = Counter(Demand.objects.values_list("state", flat=True))
    assert set(states) == set(State.values)
    assert Event.objects.filter(verb__in=["project.moved"]).count() == StageMove.objects.count()
    assert Event.objects.filter(verb__startswith="demand.").count() == DemandMove.objects.count()
    # The counts by state equal the demands' last moves (the history and the rows agree).
    last = DemandMove.objects.values("demand").annotate(n=Count("pk"))
    assert last.count() == 400
    for demand in Demand.objects.all()[:50]:
        assert demand.moves.order_by("on", "pk").last().to_state == demand.state


def test_no_move_is_dated_after_today_nor_before_the_one_it_follows(generated):
    today = timezone.localdate()
    assert not DemandMove.objects.filter(on__gt=today).exists()
    assert not StageMove.objects.filter(on__gt=today).exists()
    for demand in Demand.objects.prefetch_related("moves")[:100]:
        days = [m.on for m in sorted(demand.moves.all(), key=lambda m: m.pk)]
        assert days == sorted(days)
