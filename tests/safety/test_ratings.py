"""五星五色 ratings: a new row each time, the earlier ones kept; the profile shows the latest; who may rate."""

from datetime import date

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.safety import services
from zonedesk.safety.models import Rating, SafetyProfile
from zonedesk.safety.queries import rating_history, rating_list
from zonedesk.safety.states import SafetyColour


def test_rating_again_keeps_the_earlier_rating(on_day, safety_officer, leader, enterprise):
    on_day(date(2025, 3, 3))
    first = services.rate(safety_officer, enterprise, stars=2, colour=SafetyColour.ORANGE, reason="粉尘清扫制度未落实")
    on_day(date(2025, 6, 2))
    second = services.rate(leader, enterprise, stars=4, colour=SafetyColour.BLUE, reason="整改到位，复评提升")
    kept = Rating.objects.get(pk=first.pk)
    assert (kept.stars, kept.colour, kept.rated_on, kept.reason) == (
        2,
        "orange",
        date(2025, 3, 3),
        "粉尘清扫制度未落实",
    )
    assert kept.rated_by == safety_officer.user and second.rated_by == leader.user
    profile = SafetyProfile.objects.get(enterprise=enterprise)
    assert (profile.stars, profile.colour, profile.rated_on) == (4, "blue", date(2025, 6, 2))
    enterprise.refresh_from_db()
    assert (enterprise.safety_stars, enterprise.safety_colour) == (4, "blue")  # the register follows the rating
    assert list(rating_history(leader.user, enterprise)) == [second, first]
    events = Event.objects.filter(verb="safety.rated").order_by("pk")
    assert [e.after["colour"] for e in events] == ["orange", "blue"]
    assert events[1].before == {"stars": 2, "colour": "orange", "rated_on": "2025-03-03"}
    assert all(e.enterprise_id == enterprise.pk for e in events)


def test_the_rating_in_force_on_a_past_day(on_day, safety_officer, enterprise):
    on_day(date(2025, 3, 3))
    first = services.rate(safety_officer, enterprise, stars=2, colour=SafetyColour.RED, reason="初评")
    on_day(date(2025, 6, 2))
    second = services.rate(safety_officer, enterprise, stars=3, colour=SafetyColour.YELLOW, reason="复评")
    user = safety_officer.user
    assert list(rating_list(user, as_of=date(2025, 3, 2))) == []
    assert list(rating_list(user, as_of=date(2025, 6, 1))) == [first]
    assert list(rating_list(user, as_of=date(2025, 6, 2))) == [second]
    assert list(rating_list(user, as_of=date(2025, 6, 2), colour="red")) == []


def test_a_rating_dated_before_the_latest_is_refused(on_day, safety_officer, enterprise):
    on_day(date(2025, 6, 2))
    services.rate(safety_officer, enterprise, stars=3, colour=SafetyColour.YELLOW, reason="复评")
    with pytest.raises(Rejected) as exc:
        services.rate(safety_officer, enterprise, stars=1, colour=SafetyColour.RED, reason="补录", on=date(2025, 5, 30))
    assert exc.value.field == "rated_on"
    assert Rating.objects.count() == 1


@pytest.mark.parametrize("who", ["officer_a", "admin_a", "enterprise_user", "supervisor"])
def test_only_safety_officers_and_leaders_rate(who, request, enterprise):
    by = request.getfixturevalue(who)
    with pytest.raises(Forbidden):
        services.rate(by, enterprise, stars=5, colour=SafetyColour.GREEN, reason="自评五星")
    assert not Rating.objects.exists() and not SafetyProfile.objects.exists()


def test_another_zones_officer_cannot_rate(safety_officer_b, enterprise):
    with pytest.raises(type(enterprise).DoesNotExist):
        services.rate(safety_officer_b, enterprise, stars=1, colour=SafetyColour.RED, reason="越权")
    assert not Rating.objects.exists()
