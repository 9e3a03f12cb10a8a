"""Account rules of 等保 身份鉴别: none of the last five passwords, an initial password changed at the first sign-in,
administrators' passwords expiring after 90 days, a session ending 12 hours after sign-in whatever the activity, and a
new session key at every sign-in."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zonedesk.common.errors import Rejected
from zonedesk.orgs import services
from zonedesk.orgs.accounts import SIGNED_IN_AT
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import PasswordHistory, User

from ..factories import PASSWORD
from .test_two_factor import give_second_factor

PASSWORDS = [f"Zone#desk{n}x" for n in range(8)]


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _change(actor: Actor, old: str, new: str) -> None:
    services.change_own_password(old_password=old, new_password=new, by=actor)


def test_a_new_password_is_none_of_the_last_five(officer_a):
    current = PASSWORD
    for new in PASSWORDS[:5]:
        _change(officer_a, current, new)
        current = new
    for reused in [PASSWORDS[4], PASSWORDS[0], PASSWORDS[2]]:  # the current one, the oldest kept, one between
        with pytest.raises(Rejected) as refused:
            _change(officer_a, current, reused)
        assert refused.value.field == "password"
    _change(officer_a, current, PASSWORD)  # six changes ago: allowed again
    assert PasswordHistory.objects.filter(user=officer_a.user).count() == 5


def test_the_history_keeps_hashes_only(officer_a):
    _change(officer_a, PASSWORD, PASSWORDS[0])
    stored = PasswordHistory.objects.filter(user=officer_a.user).values_list("password", flat=True)
    assert stored and all(PASSWORDS[0] not in h and h.count("$") >= 2 for h in stored)


def test_an_initial_password_is_changed_at_the_first_sign_in(admin_a, zone_a):
    services.create_user(
        username="newcomer",
        password="Initial#2026",
        full_name="新同事",
        unit=zone_a,
        role="service_officer",
        by=admin_a,
    )
    assert User.objects.get(username="newcomer").must_change_password
    client = Client()
    response = _login(client, "newcomer", "Initial#2026")
    assert response.status_code == 302
    page = client.get("/enterprises/")
    assert page.status_code == 302 and page["Location"] == "/accounts/password/"
    api = client.get("/api/v1/enterprises")
    assert api.status_code == 403 and api.json()["detail"]
    assert client.get("/accounts/password/").status_code == 200
    changed = client.post("/accounts/password/", {"old_password": "Initial#2026", "new_password": "Mine#pass2026"})
    assert changed.status_code == 302
    assert not User.objects.get(username="newcomer").must_change_password
    assert client.get("/enterprises/").status_code == 200


def test_a_password_reset_by_an_administrator_is_initial_again(admin_a, officer_a):
    services.reset_password(officer_a.user, new_password="Reset#2026x", by=admin_a)
    assert User.objects.get(pk=officer_a.user.pk).must_change_password


def test_the_demo_and_scripts_hand_out_no_initial_password(zone_a):
    user = services.create_user(
        username="scripted", password="Script#2026", full_name="脚本", unit=zone_a, role="leader", by=Actor.system("t")
    )
    assert not user.must_change_password


@pytest.mark.parametrize(
    ("age", "must_change"),
    [(timedelta(days=89), False), (timedelta(days=90, minutes=-1), False), (timedelta(days=90, minutes=1), True)],
)
def test_an_administrators_password_expires_after_ninety_days(admin_a, age, must_change):
    User.objects.filter(pk=admin_a.user.pk).update(password_changed_at=timezone.now() - age)
    client = Client()
    _login(client, admin_a.user.username, PASSWORD)
    give_second_factor(client, admin_a.user)
    page = client.get("/enterprises/")
    if must_change:
        assert page.status_code == 302 and page["Location"] == "/accounts/password/"
    else:
        assert page.status_code == 200


def test_other_roles_passwords_do_not_expire(officer_a):
    User.objects.filter(pk=officer_a.user.pk).update(password_changed_at=timezone.now() - timedelta(days=400))
    client = Client()
    _login(client, "officer_a", PASSWORD)
    assert client.get("/enterprises/").status_code == 200


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(officer_a):
    client = Client()
    _login(client, "officer_a", PASSWORD)
    assert client.get("/enterprises/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=11, minutes=59)).timestamp()
    session.save()
    assert client.get("/enterprises/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=12, minutes=1)).timestamp()
    session.save()
    page = client.get("/enterprises/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/enterprises").status_code == 401  # signed out for the API too


def test_signing_in_gives_a_new_session_key(officer_a):
    client = Client()
    client.get("/accounts/login/")
    client.cookies.load({"sessionid": "a-key-someone-planted-1234567890"})
    session = client.session
    session["planted"] = True
    session.save()
    before = client.cookies["sessionid"].value
    _login(client, "officer_a", PASSWORD)
    assert client.cookies["sessionid"].value != before
