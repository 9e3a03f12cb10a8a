"""Inviting a person of an enterprise: an account with no password yet, and a link that works once, for 7 days."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.enterprises.invitations import accept, invite, open_invitation
from zonedesk.enterprises.models import Enterprise, Invitation
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Membership, User
from zonedesk.orgs.roles import Role

from ..factories import MembershipFactory, UserFactory

STRONG = "Guoyang!2026hr"


@pytest.fixture
def invited(officer_a, enterprise):
    return invite(officer_a, enterprise, username="gy_hr", full_name="孙丽华", mobile="13951010007")


def _signs_in(username: str, password: str) -> bool:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def test_invite_creates_an_enterprise_account_without_a_password(invited, enterprise, officer_a, zone_a):
    invitation, raw = invited
    user = invitation.user
    assert user.username == "gy_hr" and user.full_name == "孙丽华" and user.enterprise == enterprise
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.unit == zone_a and membership.role == Role.ENTERPRISE
    assert invitation.invited_by == officer_a.user and invitation.enterprise == enterprise
    assert raw not in invitation.digest and len(raw) >= 32
    assert timedelta(days=6) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    assert Event.objects.filter(verb="user.invited").count() == 1


def test_accept_sets_the_password_once(invited):
    invitation, raw = invited
    assert open_invitation(raw) == invitation
    user = accept(raw, STRONG)
    assert user.has_usable_password() and _signs_in("gy_hr", STRONG)
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
    assert Event.objects.filter(verb="user.invitation_accepted").count() == 1
    with pytest.raises(Invitation.DoesNotExist):
        accept(raw, "Another!2026pw")
    assert _signs_in("gy_hr", STRONG) and not _signs_in("gy_hr", "Another!2026pw")


def test_an_expired_link_does_not_open(invited):
    invitation, raw = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Invitation.DoesNotExist):
        open_invitation(raw)
    with pytest.raises(Invitation.DoesNotExist):
        accept(raw, STRONG)
    assert not User.objects.get(username="gy_hr").has_usable_password()


@pytest.mark.parametrize("raw", ["", "not-a-token", None])
def test_an_unknown_link_does_not_open(raw, invited):
    with pytest.raises(Invitation.DoesNotExist):
        open_invitation(raw)


@pytest.mark.parametrize("password", ["short1!", "alllowercaseletters", "12345678901", "gy_hr"])
def test_a_weak_password_is_refused_and_the_link_stays_open(password, invited):
    invitation, raw = invited
    with pytest.raises(Rejected) as exc:
        accept(raw, password)
    assert exc.value.field == "password"
    assert open_invitation(raw) == invitation
    assert not User.objects.get(username="gy_hr").has_usable_password()


def test_the_username_must_be_new_and_a_name_given(invited, officer_a, enterprise):
    with pytest.raises(Rejected) as exc:
        invite(officer_a, enterprise, username="GY_HR", full_name="另一人")
    assert exc.value.field == "username"
    with pytest.raises(Rejected) as exc:
        invite(officer_a, enterprise, username="gy_fin", full_name=" ")
    assert exc.value.field == "full_name"
    assert not User.objects.filter(username="gy_fin").exists()


def test_zone_b_cannot_invite_for_zone_a(officer_b, enterprise):
    with pytest.raises(Enterprise.DoesNotExist):
        invite(officer_b, enterprise, username="gy_hr", full_name="孙丽华")
    assert not User.objects.filter(username="gy_hr").exists()


def test_a_handler_cannot_invite(handler, zone_a, enterprise, investment_a):
    # The department's handler does not even see the zone's enterprises.
    with pytest.raises(Enterprise.DoesNotExist):
        invite(handler, enterprise, username="gy_hr", full_name="孙丽华")
    # A handler (or investment officer) of the whole zone sees it but may not invite.
    zone_handler = UserFactory(username="zone_handler")
    MembershipFactory(user=zone_handler, unit=zone_a, role="handler")
    for actor in (Actor(user=zone_handler), investment_a):
        with pytest.raises(Forbidden):
            invite(actor, enterprise, username="gy_hr", full_name="孙丽华")
    assert not User.objects.filter(username="gy_hr").exists() and not Invitation.objects.exists()


def test_an_enterprise_user_cannot_invite_a_colleague(enterprise_user, enterprise):
    with pytest.raises(Forbidden):
        invite(enterprise_user, enterprise, username="gy_fin", full_name="钱财务")


def test_the_invited_person_sees_only_their_enterprise(invited, enterprise, other_enterprise):
    _invitation, raw = invited
    user = accept(raw, STRONG)
    assert list(Enterprise.objects.visible_to(user)) == [enterprise]
