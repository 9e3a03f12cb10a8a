"""The attachment download: for anyone who can see the demand, 404 for everyone else, served as a download."""

from urllib.parse import quote

import pytest

from zonedesk.demands import attachments
from zonedesk.demands.states import State
from zonedesk.orgs.audit import Actor

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
NAME = "用工缺口说明.pdf"


@pytest.fixture
def demand(make_demand):
    return make_demand(State.ASSIGNED)


@pytest.fixture
def attachment(demand, enterprise_user):
    return attachments.attach(enterprise_user, demand, NAME, PDF)


def url(attachment) -> str:
    return f"/my/attachments/{attachment.pk}/"


def test_the_enterprise_downloads_its_file_as_a_download_with_its_chinese_name(enterprise_user, attachment):
    resp = client_for(enterprise_user).get(url(attachment))
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == PDF
    assert resp["Content-Type"] == "application/pdf"
    assert resp["X-Content-Type-Options"] == "nosniff"
    disposition = resp["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote(NAME)}" in disposition


@pytest.mark.parametrize("who", ["officer_a", "leader", "handler", "supervisor"])
def test_staff_who_see_the_demand_download_it(request, who, attachment):
    resp = client_for(request.getfixturevalue(who)).get(url(attachment))
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == PDF


def test_staff_of_zone_b_get_404(officer_b, attachment):
    assert client_for(officer_b).get(url(attachment)).status_code == 404


def test_another_enterprise_gets_404(zone_a, other_enterprise, attachment):
    user = UserFactory(username="other_ent", enterprise=other_enterprise)
    MembershipFactory(user=user, unit=zone_a, role="enterprise")
    other = client_for(Actor(user=user))
    assert other.get(url(attachment)).status_code == 404


def test_a_handler_of_another_department_gets_404(zone_a, department_a2, attachment):
    user = UserFactory(username="handler_a2")
    MembershipFactory(user=user, unit=department_a2, role="handler")
    assert client_for(Actor(user=user)).get(url(attachment)).status_code == 404


def test_an_unknown_attachment_is_404(enterprise_user, db):
    assert client_for(enterprise_user).get("/my/attachments/999999/").status_code == 404


def test_a_file_missing_from_the_disk_is_404_not_500(enterprise_user, attachment):
    attachments.path_of(attachment).unlink()
    assert client_for(enterprise_user).get(url(attachment)).status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(client, attachment):
    resp = client.get(url(attachment))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_the_portal_page_links_the_download(enterprise_user, demand, attachment):
    html = client_for(enterprise_user).get(f"/my/{demand.pk}/").content.decode()
    assert f'href="{url(attachment)}"' in html and NAME in html
