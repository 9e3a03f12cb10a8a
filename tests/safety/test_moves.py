"""Every allowed and every refused move of the hazard table, who may make each, and what a move writes."""

import pytest

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.safety import hazards
from zonedesk.safety.models import Hazard, HazardMove, HazardPhoto
from zonedesk.safety.photos import storage_dir
from zonedesk.safety.states import MOVES, TRANSITIONS, HazardState

from .conftest import PNG

# action -> (target state, who acts, how)
ACTIONS = {
    "start": (HazardState.RECTIFYING, "enterprise", lambda by, h: hazards.start_rectification(by, h)),
    "submit": (
        HazardState.SUBMITTED,
        "enterprise",
        lambda by, h: hazards.submit_rectification(by, h, "已更换接地线", [("现场.png", PNG)]),
    ),
    "accept": (HazardState.ACCEPTED, "safety", lambda by, h: hazards.accept_rectification(by, h)),
    "send_back": (HazardState.SENT_BACK, "safety", lambda by, h: hazards.send_back(by, h, "接地电阻仍超标")),
}
VERB = {
    "start": "hazard.rectification_started",
    "submit": "hazard.rectification_submitted",
    "accept": "hazard.accepted",
    "send_back": "hazard.sent_back",
}
# The loop as the issue states it, written out by hand: the table in states.py must say the same.
EXPECTED = {
    ("found", "rectifying"),
    ("rectifying", "submitted"),
    ("submitted", "accepted"),
    ("submitted", "sent_back"),
    ("sent_back", "rectifying"),
}
CASES = [(a, s, (s, ACTIONS[a][0]) in EXPECTED) for a in ACTIONS for s in HazardState.values]


def test_the_table_is_the_loop_of_the_issue():
    assert set(MOVES) == EXPECTED
    assert set(TRANSITIONS) == set(HazardState.values)
    assert TRANSITIONS[HazardState.ACCEPTED] == set()


@pytest.mark.parametrize(("action", "state", "ok"), CASES, ids=[f"{a}-from-{s}" for a, s, _ in CASES])
def test_every_move_of_the_table(action, state, ok, make_hazard, enterprise_user, safety_officer):
    hazard = make_hazard(state)
    target, who, call = ACTIONS[action]
    by = {"enterprise": enterprise_user, "safety": safety_officer}[who]
    events, moves = Event.objects.count(), HazardMove.objects.count()
    if ok:
        moved = call(by, hazard)
        assert moved.state == target == Hazard.objects.get(pk=hazard.pk).state
        assert moved.version == hazard.version + 1
        assert Event.objects.count() == events + 1
        assert Event.objects.latest("pk").verb == VERB[action]
        assert HazardMove.objects.latest("pk").to_state == target and HazardMove.objects.count() == moves + 1
    else:
        with pytest.raises(Rejected) as exc:
            call(by, hazard)
        assert exc.value.field == "state"
        assert Hazard.objects.get(pk=hazard.pk).state == state
        assert Event.objects.count() == events and HazardMove.objects.count() == moves


# who -> what each action answers them: "ok", Forbidden (in scope, wrong role) or DoesNotExist (out of scope).
WHO = {
    "enterprise_user": {"rectify": "ok", "accept": Forbidden},
    "officer_a": {"rectify": "ok", "accept": Forbidden},
    "safety_officer": {"rectify": Forbidden, "accept": "ok"},
    "leader": {"rectify": Forbidden, "accept": "ok"},
    "admin_a": {"rectify": Forbidden, "accept": Forbidden},
    "other_enterprise_user": {"rectify": Hazard.DoesNotExist, "accept": Hazard.DoesNotExist},
    "officer_b": {"rectify": Hazard.DoesNotExist, "accept": Hazard.DoesNotExist},
    "safety_officer_b": {"rectify": Hazard.DoesNotExist, "accept": Hazard.DoesNotExist},
    "handler": {"rectify": Hazard.DoesNotExist, "accept": Hazard.DoesNotExist},
}
FROM = {"start": HazardState.FOUND, "submit": HazardState.RECTIFYING, "accept": HazardState.SUBMITTED}
FROM["send_back"] = HazardState.SUBMITTED
MATRIX = [(who, action) for who in WHO for action in ACTIONS]


@pytest.mark.parametrize(("who", "action"), MATRIX, ids=[f"{w}-{a}" for w, a in MATRIX])
def test_who_may_make_each_move(who, action, request, make_hazard):
    hazard = make_hazard(FROM[action])
    by = request.getfixturevalue(who)
    expected = WHO[who]["rectify" if action in ("start", "submit") else "accept"]
    events = Event.objects.count()
    if expected == "ok":
        assert ACTIONS[action][2](by, hazard).state == ACTIONS[action][0]
        return
    with pytest.raises(expected):
        ACTIONS[action][2](by, hazard)
    assert Hazard.objects.get(pk=hazard.pk).state == FROM[action]
    assert Event.objects.count() == events
    if action == "submit":  # neither a photo row nor a stored file is left behind
        assert not HazardPhoto.objects.exists()
        assert not any(path.is_file() for path in storage_dir().rglob("*"))


def test_sending_back_needs_a_reason_and_the_loop_goes_round_again(make_hazard, safety_officer, enterprise_user):
    hazard = make_hazard(HazardState.SUBMITTED)
    with pytest.raises(Rejected) as exc:
        hazards.send_back(safety_officer, hazard, "  ")
    assert exc.value.field == "reason"
    hazard = hazards.send_back(safety_officer, hazard, "接地线规格不符")
    assert hazard.reason == "接地线规格不符" and hazard.sent_back_on is not None
    hazard = hazards.start_rectification(enterprise_user, hazard)
    hazard = hazards.submit_rectification(enterprise_user, hazard, "更换为16平方接地线", [("二次整改.png", PNG)])
    hazard = hazards.accept_rectification(safety_officer, hazard)
    assert list(hazard.moves.values_list("from_state", "to_state")) == [
        ("", "found"),
        ("found", "rectifying"),
        ("rectifying", "submitted"),
        ("submitted", "sent_back"),
        ("sent_back", "rectifying"),
        ("rectifying", "submitted"),
        ("submitted", "accepted"),
    ]
    assert hazard.photos.count() == 2 and hazard.rectification_note == "更换为16平方接地线"
    assert all(move.event.object_id == str(hazard.pk) for move in hazard.moves.all())


def test_two_officers_accepting_at_once_one_wins(make_hazard, safety_officer, leader):
    """Both read the submitted hazard; the first accept moves it, the second is told it changed."""
    hazard = make_hazard(HazardState.SUBMITTED)
    first, second = Hazard.objects.get(pk=hazard.pk), Hazard.objects.get(pk=hazard.pk)
    hazards.accept_rectification(safety_officer, first)
    with pytest.raises(Conflict):
        hazards.accept_rectification(leader, second)
    with pytest.raises(Conflict):
        hazards.send_back(leader, hazard.pk, "复核不通过", version=second.version)
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.ACCEPTED
    assert Event.objects.filter(verb="hazard.accepted").count() == 1
    assert HazardMove.objects.filter(hazard=hazard, to_state=HazardState.ACCEPTED).count() == 1
