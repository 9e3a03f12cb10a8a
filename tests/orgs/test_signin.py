from django.conf import settings
from django.test import Client

from zonedesk.orgs.models import Event

from ..factories import PASSWORD


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_sign_in_page_is_in_chinese(db):
    page = Client().get("/accounts/login/")
    assert page.status_code == 200
    assert "登录" in page.content.decode()


def test_pages_need_a_signed_in_user(db):
    response = Client().get("/enterprises/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signing_in_and_out_is_in_the_audit_log(officer_a):
    client = Client()
    response = _login(client, "officer_a", PASSWORD)
    assert response.status_code == 302
    login = Event.objects.get(verb="auth.logged_in")
    assert login.actor == officer_a.user and login.ip == "127.0.0.1"
    client.post("/accounts/logout/")
    assert Event.objects.filter(verb="auth.logged_out", actor=officer_a.user).count() == 1


def test_a_failed_attempt_is_recorded_without_the_password(officer_a):
    _login(Client(), "officer_a", "Wrong#pass1")
    event = Event.objects.get(verb="auth.login_failed")
    assert event.after == {"username": "officer_a"}
    assert "Wrong#pass1" not in str(event.before) + str(event.after)


def test_five_failures_lock_the_account_even_with_the_right_password(officer_a):
    client = Client()
    for _ in range(5):
        _login(client, "officer_a", "Wrong#pass1")
    assert Event.objects.filter(verb="auth.locked_out").count() >= 1
    response = _login(client, "officer_a", PASSWORD)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert not Event.objects.filter(verb="auth.logged_in").exists()


def test_the_lock_lasts_fifteen_minutes_and_sessions_thirty_idle_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_an_idle_session_expires(officer_a, settings):
    settings.SESSION_COOKIE_AGE = 1
    client = Client()
    _login(client, "officer_a", PASSWORD)
    import time

    time.sleep(1.5)
    assert client.get("/enterprises/").status_code == 302
