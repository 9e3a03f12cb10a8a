"""The demo's safety supervision: hazards in every state with their history, overdue ones escalated, 五星五色 ratings
with their history, the inspections due, 射阳's site plan with its enterprises placed, the zones' lists, a hazard for
国阳 to rectify on its phone, loaded once."""

import hashlib
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count, F
from django.utils import timezone

from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_demand_moves import Calendar
from zonedesk.cli.demo_safety import PLACED, load_safety
from zonedesk.cli.demo_tables import ENTERPRISE_OF_LOGIN
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, User
from zonedesk.safety import photos, plan
from zonedesk.safety.models import (
    Hazard,
    HazardMove,
    HazardPhoto,
    Inspection,
    Rating,
    SafetyProfile,
    SavedList,
    SitePlan,
)
from zonedesk.safety.queries import inspections_due
from zonedesk.safety.states import COLOURS, DATE_FIELD, OPEN, HazardLevel, HazardState

from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    load_demo()
    return load_safety()


def as_user(username: str):
    return client_for(Actor(user=User.objects.get(username=username)))


def test_hazards_in_every_state_with_their_history(demo):
    today = timezone.localdate()
    assert 120 <= demo == Hazard.objects.count() <= 300
    assert set(Hazard.objects.values_list("state", flat=True)) == set(HazardState.values)
    accepted = Hazard.objects.filter(state=HazardState.ACCEPTED)
    on_time = accepted.filter(submitted_on__lte=F("deadline")).count()
    assert on_time > accepted.filter(submitted_on__gt=F("deadline")).count() > 0
    assert Hazard.objects.filter(moves__to_state=HazardState.SENT_BACK, state=HazardState.ACCEPTED).exists()
    majors = Hazard.objects.filter(level=HazardLevel.MAJOR)
    assert majors.count() >= 3 and majors.filter(state__in=OPEN).exists()
    assert Inspection.objects.filter(hazards__isnull=True).exists()  # some inspections find nothing
    assert not Inspection.objects.filter(inspected_on__lt=today - timedelta(days=183)).exists()
    # overdue ones escalated as `zonedesk supervise` does, the zone's leader told
    overdue = list(Hazard.objects.filter(state__in=OPEN, deadline__lt=today))
    assert len(overdue) >= 3
    calendar = Calendar()
    late = [h for h in overdue if calendar.between(h.deadline, today) >= 1]
    assert late and all(h.escalation_level > 0 for h in late)
    assert Event.objects.filter(verb="hazard.escalated").count() >= len(late)
    assert User.objects.get(username="leader").inbox.exists()
    _each_hazard_has_its_history(today)


def _each_hazard_has_its_history(today):
    """One Event per move, the moves dated as the hazard's own dates; photos of every submission, real PNGs."""
    moved = Event.objects.filter(verb__startswith="hazard.").exclude(verb="hazard.escalated")
    assert HazardMove.objects.count() == moved.count()
    assert not Event.objects.filter(at__gt=timezone.now()).filter(verb__startswith="hazard.").exists()
    for hazard in Hazard.objects.prefetch_related("moves__event"):
        moves = sorted(hazard.moves.all(), key=lambda m: m.pk)
        days = [m.on for m in moves]
        assert days == sorted(days) and days[0] == hazard.found_on and days[-1] <= today
        assert moves[-1].to_state == hazard.state
        for move in moves[1:]:
            assert move.event.at.date() <= move.on + timedelta(days=1)
            assert move.event.after[DATE_FIELD[move.to_state]] == move.on.isoformat()
        last = {m.to_state: m.on for m in moves}
        for state, day in last.items():
            assert getattr(hazard, DATE_FIELD[state]) == day
    for hazard in Hazard.objects.filter(state__in=[HazardState.SUBMITTED, HazardState.ACCEPTED]):
        assert hazard.photos.exists()
    photo = HazardPhoto.objects.first()
    data = photos.path_of(photo).read_bytes()
    assert data.startswith(b"\x89PNG") and hashlib.sha256(data).hexdigest() == photo.sha256


def test_ratings_with_their_history_and_the_inspections_due(demo):
    today = timezone.localdate()
    zones = Counter(SafetyProfile.objects.values_list("enterprise__unit__short_name", flat=True))
    assert zones == {"射阳经开区": 60, "赣榆经开区": 30}
    assert not SafetyProfile.objects.filter(categories__isnull=True).exists()
    assert SafetyProfile.objects.filter(categories__is_six=True).distinct().count() >= 30
    colours = Counter(SafetyProfile.objects.exclude(colour="").values_list("colour", flat=True))
    red, orange, yellow, blue, green = (colours[c] for c in COLOURS)
    assert 0 < red < orange < yellow < blue <= green and red + orange < blue
    assert sum(colours.values()) >= 70 and SafetyProfile.objects.filter(colour="").exists()  # a few not yet rated
    assert not Rating.objects.filter(rated_on__lt=today - timedelta(days=366)).exists()
    twice = Rating.objects.values("enterprise").annotate(n=Count("pk")).filter(n__gte=2)
    assert twice.count() >= 15
    for row in twice:
        ratings = list(Rating.objects.filter(enterprise=row["enterprise"]).order_by("rated_on", "pk"))
        profile = SafetyProfile.objects.get(enterprise=row["enterprise"])
        assert (profile.colour, profile.stars, profile.rated_on) == (
            ratings[-1].colour,
            ratings[-1].stars,
            ratings[-1].rated_on,
        )
        assert ratings[-2].colour != ratings[-1].colour
        assert Enterprise.objects.get(pk=row["enterprise"]).safety_colour == profile.colour
    assert Rating.objects.filter(reason__startswith="隐患已全部整改").exists()
    assert Rating.objects.filter(reason__startswith="检查发现重大事故隐患").exists()
    for officer in ("safety", "gy_safety"):
        assert inspections_due(User.objects.get(username=officer), today).exists()
    page = as_user("safety").get("/safety/due/")
    assert page.status_code == 200


def test_site_plan_lists_and_the_enterprises_phone(demo):
    site = SitePlan.objects.get(unit__name="射阳经济开发区", is_current=True)
    assert (site.width, site.height) == (1600, 1000)
    data = plan.path_of(site).read_bytes()
    assert plan.image_size(data, "image/png") == (1600, 1000)
    placements = site.placements.select_related("enterprise")
    assert placements.count() == PLACED
    assert {p.enterprise.unit_id for p in placements} == {site.unit_id}
    assert len({(p.x, p.y) for p in placements}) == PLACED
    page = as_user("safety").get("/safety/plan/", {"by": "risk"})
    assert page.status_code == 200 and len(page.context["dots"]) == PLACED
    for zone in ("射阳经济开发区", "赣榆经济开发区"):
        assert SavedList.objects.filter(unit__name=zone, is_deleted=False).exclude(default_key="").count() == 5
    assert SavedList.objects.filter(unit__name="射阳经济开发区", default_key="").count() == 1
    # 国阳 has a hazard to rectify, not yet overdue, on its phone
    user = User.objects.get(username="enterprise")
    own = Hazard.objects.visible_to(user)
    assert set(own.values_list("enterprise__name", flat=True)) == {ENTERPRISE_OF_LOGIN}
    todo = own.get(state=HazardState.FOUND)
    assert todo.deadline >= timezone.localdate()
    phone = as_user("enterprise").get("/my/safety/")
    assert phone.status_code == 200 and todo.description in phone.content.decode()
    assert own.filter(state=HazardState.ACCEPTED).exists()
    events = Event.objects.count()
    assert load_safety() == demo and Event.objects.count() == events  # loading again changes nothing
