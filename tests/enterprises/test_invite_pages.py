"""Inviting a person of an enterprise: the staff page, the one-time public link, and the enterprise page."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zonedesk.enterprises.models import Invitation
from zonedesk.orgs.models import Event, User
from zonedesk.visits.models import Visit, VisitStatus

from ..conftest import client_for

PASSWORD = "Yancheng#2026"


def invite(actor, enterprise, username="zhang_hr", full_name="张人事", mobile="13700001234"):
    return client_for(actor).post(
        f"/enterprises/{enterprise.pk}/invite/", {"username": username, "full_name": full_name, "mobile": mobile}
    )


def link_path(resp) -> str:
    """The one-time link shown on the page, as a path."""
    link = resp.context["link"]
    assert link.startswith("http://testserver/invite/") and link in resp.content.decode()
    return link.removeprefix("http://testserver")


def test_invite_end_to_end(officer_a, enterprise):
    resp = invite(officer_a, enterprise)
    assert resp.status_code == 200 and resp["Cache-Control"] == "no-store"
    path = link_path(resp)
    person = User.objects.get(username="zhang_hr")
    assert person.enterprise == enterprise and not person.has_usable_password()

    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200 and enterprise.name in page.content.decode()
    done = anonymous.post(path, {"password": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/my/"
    assert anonymous.get("/my/").status_code == 200  # signed in as the new person
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert Event.objects.filter(verb="user.invitation_accepted", object_id=str(person.pk)).count() == 1

    again = Client()
    assert again.get(path).status_code == 404
    assert again.post(path, {"password": "Other#pass2026", "password2": "Other#pass2026"}).status_code == 404
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_the_link_is_shown_once(officer_a, enterprise):
    link_path(invite(officer_a, enterprise))
    resp = client_for(officer_a).get(f"/enterprises/{enterprise.pk}/invite/")
    assert resp.status_code == 200 and resp.context["link"] is None
    assert "/invite/" not in resp.content.decode().replace(f"/enterprises/{enterprise.pk}/invite/", "")


def test_two_different_passwords_set_nothing_and_the_link_still_works(officer_a, enterprise):
    path = link_path(invite(officer_a, enterprise))
    client = Client()
    resp = client.post(path, {"password": PASSWORD, "password2": PASSWORD + "x"})
    assert resp.status_code == 422
    assert client.get("/my/").status_code == 302  # not signed in
    assert Client().get(path).status_code == 200


def test_a_short_password_is_refused_on_the_field(officer_a, enterprise):
    path = link_path(invite(officer_a, enterprise))
    resp = Client().post(path, {"password": "abc", "password2": "abc"})
    assert resp.status_code == 422 and resp.context["form"].errors["password"]
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_or_unknown_link_is_404(officer_a, enterprise):
    path = link_path(invite(officer_a, enterprise))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(path).status_code == 404
    assert Client().get("/invite/not-a-real-token/").status_code == 404


def test_a_taken_username_is_refused_on_the_field(officer_a, enterprise, enterprise_user):
    resp = invite(officer_a, enterprise, username=enterprise_user.user.username)
    assert resp.status_code == 422 and resp.context["form"].errors["username"]
    assert resp.context["link"] is None


@pytest.mark.parametrize("who", ["officer_b", "handler", "enterprise_user", "supervisor"])
def test_who_may_not_invite_gets_404(request, who, enterprise):
    actor = request.getfixturevalue(who)
    client = client_for(actor)
    assert client.get(f"/enterprises/{enterprise.pk}/invite/").status_code == 404
    assert invite(actor, enterprise).status_code == 404
    assert not User.objects.filter(username="zhang_hr").exists()


def test_the_enterprise_page_lists_its_users_and_pending_invitations(officer_a, enterprise, enterprise_user):
    invite(officer_a, enterprise)
    html = client_for(officer_a).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert f'href="/enterprises/{enterprise.pk}/invite/"' in html
    assert "张人事" in html and enterprise_user.user.username in html
    assert "13700001234" in html  # a service officer calls them: the mobile in clear


def test_the_enterprise_page_shows_the_latest_done_visits_risk_flags(officer_a, enterprise, zone_a):
    Visit.objects.create(
        enterprise=enterprise, unit=zone_a, planned_on=date(2026, 3, 1), visited_on=date(2026, 3, 1),
        status=VisitStatus.DONE, plans_to_relocate=True, risk_note="拟将总部迁往苏州",
    )  # fmt: skip
    html = client_for(officer_a).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert 'id="risk"' in html and "拟将总部迁往苏州" in html and "2026-03-01" in html


def test_a_later_visit_without_risk_clears_the_flags(officer_a, enterprise, zone_a):
    Visit.objects.create(
        enterprise=enterprise, unit=zone_a, planned_on=date(2026, 3, 1), visited_on=date(2026, 3, 1),
        status=VisitStatus.DONE, plans_to_downsize=True, risk_note="订单下滑",
    )  # fmt: skip
    Visit.objects.create(
        enterprise=enterprise, unit=zone_a, planned_on=date(2026, 6, 1), visited_on=date(2026, 6, 1),
        status=VisitStatus.DONE,
    )  # fmt: skip
    html = client_for(officer_a).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert 'id="risk"' not in html and "订单下滑" not in html


def test_the_enterprise_itself_sees_neither_risk_notes_nor_invitations(enterprise_user, enterprise, zone_a):
    Visit.objects.create(
        enterprise=enterprise, unit=zone_a, planned_on=date(2026, 3, 1), visited_on=date(2026, 3, 1),
        status=VisitStatus.DONE, plans_to_relocate=True, risk_note="拟将总部迁往苏州",
    )  # fmt: skip
    html = client_for(enterprise_user).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "拟将总部迁往苏州" not in html and 'id="people"' not in html
    assert 'href="/my/"' in html  # its own demand list


def test_home_sends_an_enterprise_user_to_their_own_pages(enterprise_user, officer_a):
    resp = client_for(enterprise_user).get("/")
    assert resp.status_code == 302 and resp["Location"] == "/my/"
    assert client_for(officer_a).get("/").status_code == 200
