"""A real browser on a phone-sized screen opens an invitation link, sets a password and lands on /my/.

In its own file: a live-server test flushes the database, so it must run after every other test of its worker
(pytest-xdist --dist loadfile keeps a file's tests together).
"""

import pytest

from zonedesk.enterprises import invitations

PASSWORD = "Yancheng#2026"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_phone_browser_opens_the_link_sets_a_password_and_lands_on_its_pages(
    live_server,
    browser_page,
    officer_a,
    enterprise,
):
    # A real browser posts the form with its Origin header: the page must not make it "null" (CSRF refuses that).
    _invitation, raw = invitations.invite(officer_a, enterprise, username="zhang_hr", full_name="张人事")
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/invite/{raw}/")
    assert enterprise.name in page.content()
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/my/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # one column, no sideways scrolling
