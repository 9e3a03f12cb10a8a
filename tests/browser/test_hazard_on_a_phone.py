"""The hazard closed loop on a phone (390×844): the enterprise opens the hazard an inspection found, starts the
rectification, submits it with a photo, the safety officer accepts it, and the enterprise sees it passed (issue #8).

Labels are looked up through the project's own translations, so the test follows the Chinese wording as it changes.
In its own file: a live-server test flushes the database (see test_demand_loop.py).
"""

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.safety import hazards, services
from zonedesk.safety.models import Hazard, HazardPhoto
from zonedesk.safety.states import HazardLevel, HazardState, SafetyColour

from ..factories import MembershipFactory, UserFactory
from .test_demand_loop import PHONE, fits_the_phone, sign_in, tiny_png, zh

SHOTS = Path("/tmp/shots")
DESCRIPTION = "粉尘作业区除尘器未设置泄爆装置，存在粉尘爆炸风险。"
NOTE = "已加装泄爆片并更换防爆电机，附现场照片。"
REASON = "泄爆片规格与除尘器不匹配，请按设计图更换后重新提交。"


def plain(state: str) -> str:
    words = {
        "found": "To rectify",
        "rectifying": "Rectifying",
        "submitted": "Awaiting acceptance",
        "accepted": "Passed acceptance",
        "sent_back": "Sent back",
    }
    return zh(words[state], "hazard for the enterprise")


def shoot(page: Page, name: str) -> None:
    """A screenshot to look at; the test never depends on it."""
    with contextlib.suppress(Exception):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"hazard-{name}.png"), full_page=True)


def big_enough(locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["height"] >= 44, f"too small to tap: {box}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def settle(page) -> None:
    """Before the test writes to the database itself: no request of the page in flight, lazy photos included (a
    full-page screenshot makes them load after the page was idle, and the live server shares the test's
    in-memory database connection)."""
    page.wait_for_function("() => Array.from(document.images).every(img => img.complete)")
    page.wait_for_load_state("networkidle")


def test_on_a_phone_an_enterprise_rectifies_a_hazard_and_sees_it_accepted(
    live_server,
    browser_page,
    zone_a,
    enterprise_user,
    enterprise,
):
    officer_user = UserFactory(username="safety_a", full_name="李安监")
    MembershipFactory(user=officer_user, unit=zone_a, role="safety_officer")
    officer = Actor(user=officer_user, ip="10.0.0.5", channel="web")
    services.rate(officer, enterprise, stars=3, colour=SafetyColour.YELLOW, reason="制度基本健全，粉尘治理需加强")
    row = {"level": HazardLevel.MAJOR, "description": DESCRIPTION, "responsible_person": "王安全"}
    hazard = services.record_inspection(officer, enterprise, findings="检查粉尘作业区", hazards=[row]).hazards.get()

    base = live_server.url
    browser = browser_page.context.browser
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="zh-CN")
    page = phone.new_page()

    # 1. The enterprise signs in on its phone; its home page says it has a hazard to rectify.
    sign_in(page, base, enterprise_user.user.username)
    expect(page).to_have_url(f"{base}/my/")
    card = page.locator("#hazard-card")
    expect(card.locator("[data-figure=hazards]")).to_have_text("1")
    fits_the_phone(page)
    shoot(page, "1-home")
    card.tap()
    expect(page).to_have_url(f"{base}/my/safety/")
    mine = page.locator(f"[data-hazard='{hazard.pk}']")
    expect(mine).to_contain_text(plain("found"))
    expect(mine).to_contain_text(zh("Major hazard"))
    expect(page.locator("#rating")).to_contain_text("制度基本健全")
    fits_the_phone(page)
    shoot(page, "2-list")

    # 2. It opens the hazard and starts the rectification.
    mine.tap()
    expect(page).to_have_url(f"{base}/my/safety/{hazard.pk}/")
    expect(page.locator("#description")).to_have_text(DESCRIPTION)
    start = page.get_by_role("button", name=zh("Start rectification"))
    big_enough(start)
    fits_the_phone(page)
    shoot(page, "3-found")
    start.tap()
    expect(page.get_by_role("alert")).to_have_text(
        zh("Rectification started. When it is done, submit it here with photos.")
    )
    expect(page.locator("#state")).to_contain_text(plain("rectifying"))

    # 3. A file that is not a photo is refused, named under the photos; then it submits a photo and a note.
    page.get_by_label(zh("Choose photos from the album")).set_input_files(
        files=[{"name": "假照片.png", "mimeType": "image/png", "buffer": b"not a picture"}]
    )
    page.get_by_role("button", name=zh("Submit for acceptance")).tap()
    expect(page.locator("#photos-error")).to_contain_text("假照片.png")
    expect(page.locator("#photos-error")).to_be_in_viewport()  # the page opens at the form, not at its top
    expect(page.locator("#state")).to_contain_text(plain("rectifying"))
    fits_the_phone(page)
    shoot(page, "4a-refused")
    expect(page.locator("#photos_camera")).to_have_attribute("capture", "environment")
    big_enough(page.locator("label[for=photos_camera]"))
    page.get_by_label(zh("Choose photos from the album")).set_input_files(
        files=[{"name": "泄爆片.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    expect(page.locator("#chosen img")).to_have_count(1)
    page.get_by_label(zh("What was done (optional)")).fill(NOTE)
    fits_the_phone(page)
    shoot(page, "4-submit-filled")
    submit = page.get_by_role("button", name=zh("Submit for acceptance"))
    big_enough(submit)
    submit.tap()
    expect(page.get_by_role("alert")).to_have_text(
        zh("Submitted for acceptance. The safety officer will check the rectification.")
    )
    expect(page.locator("#state")).to_contain_text(plain("submitted"))
    expect(page.get_by_text(NOTE)).to_be_visible()
    shown = page.get_by_role("img", name="泄爆片.png")
    expect(shown).to_be_visible()
    # served through the permission-checked view: wait for the image to have loaded (or failed) before reading it
    loaded = """img => img.complete ? img.naturalWidth : new Promise(done => {
        img.addEventListener("load", () => done(img.naturalWidth), {once: true});
        img.addEventListener("error", () => done(0), {once: true});
    })"""
    assert shown.evaluate(loaded) == 1
    expect(page.locator("#submit")).to_have_count(0)
    fits_the_phone(page)
    shoot(page, "5-submitted")

    # 4. The safety officer sends it back; the enterprise reads why, starts again and submits a photo from the camera.
    settle(page)  # the in-memory test database takes one writer at a time
    hazards.send_back(officer, Hazard.objects.get(pk=hazard.pk), REASON)
    page.reload()
    expect(page.locator("#state")).to_contain_text(plain("sent_back"))
    expect(page.locator("#sent-back")).to_contain_text(REASON)
    fits_the_phone(page)
    shoot(page, "6-sent-back")
    page.get_by_role("button", name=zh("Start rectification")).tap()
    expect(page.locator("#state")).to_contain_text(plain("rectifying"))
    expect(page.locator("#sent-back")).to_contain_text(REASON)  # still there to work from
    camera = page.get_by_label(zh("Take a photo"))
    camera.set_input_files(files=[{"name": "接地线1.png", "mimeType": "image/png", "buffer": tiny_png()}])
    camera.set_input_files(files=[{"name": "接地线2.png", "mimeType": "image/png", "buffer": tiny_png()}])
    expect(page.locator("#chosen img")).to_have_count(2)  # a second photo taken does not replace the first
    fits_the_phone(page)
    shoot(page, "7-second-submit")
    page.get_by_role("button", name=zh("Submit for acceptance")).tap()
    expect(page.locator("#state")).to_contain_text(plain("submitted"))
    expect(page.get_by_role("img", name="接地线2.png")).to_be_visible()

    # 5. The safety officer accepts it (the staff pages are another page's business).
    settle(page)
    hazards.accept_rectification(officer, Hazard.objects.get(pk=hazard.pk))

    # 6. The enterprise looks again: passed, closed, nothing more to do.
    page.reload()
    expect(page.locator("#state")).to_contain_text(plain("accepted"))
    expect(page.locator("#accepted")).to_be_visible()
    expect(page.get_by_text(zh("The safety officer accepted the rectification."))).to_be_visible()
    expect(page.locator("#start")).to_have_count(0)
    fits_the_phone(page)
    shoot(page, "8-accepted")
    page.get_by_role("link", name=re.compile(zh("Safety hazards"))).tap()
    expect(page.locator(f"[data-hazard='{hazard.pk}']")).to_contain_text(plain("accepted"))
    expect(page.locator("[data-figure=open]")).to_have_text("0")
    shoot(page, "9-list-accepted")

    # 7. The rows and the history: one Event per move, each photo stored once with the move it came with.
    hazard.refresh_from_db()
    assert (hazard.state, hazard.rectification_note) == (HazardState.ACCEPTED, "")
    photos = HazardPhoto.objects.filter(hazard=hazard).order_by("pk")
    assert [(p.original_name, p.content_type, p.uploaded_by) for p in photos] == [
        (name, "image/png", enterprise_user.user) for name in ("泄爆片.png", "接地线1.png", "接地线2.png")
    ]
    states = ["found", "rectifying", "submitted", "sent_back", "rectifying", "submitted", "accepted"]
    assert list(hazard.moves.values_list("to_state", flat=True)) == states
    verbs = list(Event.objects.about(hazard).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "hazard.found",
        "hazard.rectification_started",
        "hazard.rectification_submitted",
        "hazard.sent_back",
        "hazard.rectification_started",
        "hazard.rectification_submitted",
        "hazard.accepted",
    ]
