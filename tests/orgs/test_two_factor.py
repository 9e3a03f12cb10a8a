"""Administrators sign in with a second factor (TOTP): set up once by scanning a QR code, a code at each sign-in;
nobody else is asked; the security administrator resets a lost authenticator (#11 point 4)."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zonedesk.common.errors import Conflict
from zonedesk.orgs import two_factor
from zonedesk.orgs.models import Event

from ..conftest import _actor, client_for
from ..factories import PASSWORD


def code_of(device: TOTPDevice, *, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + ahead * device.step
    return f"{totp.token():06d}"


def give_second_factor(client: Client, user) -> None:
    """Sign the client's session through the second step with a device of the user's (made if none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    response = client.post("/accounts/2fa/", {"code": code_of(device), "next": "/"})
    assert response.status_code == 302, response.content.decode()[:500]


def _sign_in(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_an_administrator_sets_up_the_app_at_the_first_sign_in(admin_a):
    client = _sign_in(admin_a.user.username)
    page = client.get("/enterprises/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/2fa/")
    assert client.get("/accounts/2fa/?next=/enterprises/")["Location"].startswith("/accounts/2fa/setup/")
    setup = client.get("/accounts/2fa/setup/?next=/enterprises/")
    body = setup.content.decode()
    assert setup.status_code == 200 and "<svg" in body and 'id="totp-secret"' in body
    device = TOTPDevice.objects.get(user=admin_a.user, confirmed=False)
    wrong = client.post("/accounts/2fa/setup/", {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)  # the throttle's wait is over
    done = client.post("/accounts/2fa/setup/", {"code": code_of(device), "next": "/enterprises/"})
    assert done.status_code == 302 and done["Location"] == "/enterprises/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/enterprises/").status_code == 200
    assert Event.objects.filter(verb="auth.two_factor_enabled", actor=admin_a.user).count() == 1
    assert Event.objects.filter(verb="auth.two_factor_failed", actor=admin_a.user).count() == 1


def test_each_sign_in_asks_for_a_code(admin_a):
    device = TOTPDevice.objects.create(user=admin_a.user, name="phone", confirmed=True)
    client = _sign_in(admin_a.user.username)
    assert client.get("/users/")["Location"].startswith("/accounts/2fa/")
    assert client.get("/api/v1/units").status_code == 403  # the API waits for the second factor too
    refused = client.post("/accounts/2fa/", {"code": "12345"})
    assert refused.status_code == 200 and "六位" in refused.content.decode()
    assert client.post("/accounts/2fa/", {"code": code_of(device), "next": "/users/"})["Location"] == "/users/"
    assert client.get("/users/").status_code == 200
    assert client.get("/api/v1/units").status_code == 200


def test_repeated_wrong_codes_are_throttled(admin_a):
    device = TOTPDevice.objects.create(user=admin_a.user, name="phone", confirmed=True)
    client = _sign_in(admin_a.user.username)
    wrong = code_of(device, ahead=20)
    for _ in range(3):
        client.post("/accounts/2fa/", {"code": wrong})
    answer = client.post("/accounts/2fa/", {"code": code_of(device)})
    assert answer.status_code == 200 and "稍后" in answer.content.decode()


def test_other_roles_are_never_asked(officer_a):
    client = _sign_in("officer_a")
    assert client.get("/enterprises/").status_code == 200
    assert not TOTPDevice.objects.exists()


def test_it_can_be_switched_off_for_a_throwaway_demo(admin_a, settings):
    settings.ADMIN_TWO_FACTOR = False
    assert _sign_in(admin_a.user.username).get("/users/").status_code == 200


def test_the_security_administrator_resets_a_lost_authenticator(admin_a, zone_a, officer_a):
    security = _actor(zone_a, "security_admin", username="sec_admin")
    TOTPDevice.objects.create(user=admin_a.user, name="phone", confirmed=True)
    client = client_for(security)
    assert client.post("/security/two-factor/reset/", {"username": admin_a.user.username}).status_code == 302
    assert not TOTPDevice.objects.filter(user=admin_a.user).exists()
    assert Event.objects.filter(verb="auth.two_factor_reset", actor=security.user).count() == 1
    with pytest.raises(Conflict):
        two_factor.reset(admin_a.user, by=security)
    assert client_for(officer_a).post("/security/two-factor/reset/", {"username": "x"}).status_code == 404
