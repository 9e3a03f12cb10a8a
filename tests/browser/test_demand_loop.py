"""The demand closed loop in a real browser: on a phone an enterprise submits a demand with a photo, an officer of
the zone accepts it and assigns it to a department, the department's handler answers it, and the enterprise
confirms the answer with five stars (issue #6).

Labels are looked up through the project's own translations, so the test follows the Chinese wording as it changes.
In its own file: a live-server test flushes the database, so it must run after every other test of its worker
(pytest-xdist --dist loadfile keeps a file's tests together).
"""

import contextlib
import re
import struct
import zlib
from collections import Counter
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from zonedesk.demands.models import Demand, DemandAttachment, DemandMove
from zonedesk.demands.states import Outcome, Source, State
from zonedesk.orgs.models import Event

from ..factories import PASSWORD

PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots")
TITLE = "春节后急需普工50人"
DESCRIPTION = "春节后返岗不足，二号车间缺普工50人，希望人社部门帮助对接招聘会。"
NOTE = "已于3月2日组织专场招聘会，企业现场招到普工52人。"
COMMENT = "招聘会很及时，谢谢！"
CATEGORY = "用工"  # a national category the migrations seed
# Chinese punctuation is stored and shown as typed.


def tiny_png() -> bytes:
    """A real 1×1 PNG (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xc0\x39\x2b")  # filter byte, one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def zh(text: str, context: str | None = None, **values) -> str:
    """What the pages show for `text` in Chinese (the English text while it is not translated yet)."""
    with translation.override("zh-hans"):
        shown = translation.pgettext(context, text) if context else translation.gettext(text)
    return shown % values if values else shown


def state_label(state: State) -> str:
    with translation.override("zh-hans"):
        return str(state.label)


def shoot(page: Page, name: str) -> None:
    """A screenshot to look at; the test never depends on it."""
    with contextlib.suppress(Exception):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"demand-loop-{name}.png"), full_page=True)


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"


def sign_in(page: Page, base: str, username: str) -> None:
    """Open the site signed out, sign in on the login page, land on the home page (/my/ for an enterprise)."""
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=/")
    page.get_by_label(zh("Username")).fill(username)
    page.get_by_label(zh("Password")).fill(PASSWORD)
    page.get_by_role("button", name=zh("Sign in"), exact=True).click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_an_enterprise_submits_a_demand_the_zone_assigns_it_the_department_resolves_it_and_it_is_confirmed(
    live_server,
    browser_page,
    officer_a,
    handler,
    department_a,
    enterprise_user,
    enterprise,
):
    base = live_server.url
    browser = browser_page.context.browser
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="zh-CN")
    page = phone.new_page()

    # 1. The enterprise signs in on its phone, opens its pages and submits a demand with a photo.
    sign_in(page, base, enterprise_user.user.username)
    expect(page).to_have_url(f"{base}/my/")
    expect(page.get_by_role("link", name=enterprise.name)).to_be_visible()
    fits_the_phone(page)
    shoot(page, "1-home-empty")
    page.get_by_role("link", name=zh("New demand")).tap()
    expect(page).to_have_url(f"{base}/my/new/")
    page.get_by_label(zh("Category")).select_option(label=CATEGORY)
    page.get_by_label(zh("Title", "demand")).fill(TITLE)
    page.get_by_label(zh("Description")).fill(DESCRIPTION)
    page.get_by_label(zh("Attachments")).set_input_files(
        files=[{"name": "车间现场.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    fits_the_phone(page)
    shoot(page, "2-new-filled")
    page.get_by_role("button", name=zh("Submit")).tap()  # its icon is part of its name: not exact
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/my/\d+/$"))
    demand = Demand.objects.get(enterprise=enterprise)
    assert page.url == f"{base}/my/{demand.pk}/"
    expect(page.get_by_role("alert")).to_have_text(zh("Your demand was submitted. The zone will answer it here."))
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text(state_label(State.SUBMITTED), exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="车间现场.png")).to_be_visible()
    expect(page.get_by_text(zh("You submitted the demand."))).to_be_visible()
    fits_the_phone(page)
    shoot(page, "3-submitted")
    page.get_by_role("link", name=zh("My demands")).tap()
    mine = page.locator(f"[data-demand='{demand.pk}']")
    expect(mine).to_contain_text(TITLE)
    expect(mine).to_contain_text(state_label(State.SUBMITTED))
    page.get_by_role("button", name=zh("Sign out")).tap()
    expect(page).to_have_url(f"{base}/accounts/login/")

    # 2. An officer of the zone accepts it and assigns it to the department (at a desk).
    desk = browser_page
    sign_in(desk, base, officer_a.user.username)
    desk.goto(f"{base}/demands/{demand.pk}/")
    expect(desk.locator("#state")).to_have_text(state_label(State.SUBMITTED))
    desk.locator("#form-accept").get_by_role("button", name=zh("Accept", "demand")).click()
    expect(desk.locator("#state")).to_have_text(state_label(State.ACCEPTED))
    assign = desk.locator("#form-assign")
    assign.get_by_label(zh("Department")).select_option(label=department_a.name)
    assign.get_by_role("button", name=zh("Assign"), exact=True).click()
    expect(desk.locator("#state")).to_have_text(state_label(State.ASSIGNED))
    expect(desk.locator("#department")).to_have_text(department_a.name)

    # 3. The department's handler finds it in the demand list and records the answer: solved.
    office = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    sign_in(office, base, handler.user.username)
    office.goto(f"{base}/demands/")
    office.get_by_role("link", name=TITLE).click()
    expect(office).to_have_url(f"{base}/demands/{demand.pk}/")
    expect(office.locator("#state")).to_have_text(state_label(State.ASSIGNED))
    expect(office.locator("#form-accept")).to_have_count(0)  # a handler answers, it does not take demands in
    resolve = office.locator("#form-resolve")
    resolve.get_by_label(zh("Solved"), exact=True).check()
    resolve.get_by_label(zh("Note")).fill(NOTE)
    resolve.get_by_role("button", name=zh("Record the answer")).click()
    expect(office.locator("#state")).to_have_text(state_label(State.RESOLVED))
    expect(office.locator("#outcome")).to_contain_text(NOTE)

    # 4. The enterprise signs in again on its phone, opens the answered demand and confirms it with five stars.
    sign_in(page, base, enterprise_user.user.username)
    expect(page).to_have_url(f"{base}/my/")
    expect(page.locator("[data-figure=awaiting]")).to_have_text("1")
    shoot(page, "4-home-awaiting")
    page.locator("#awaiting + .list-group").get_by_role("link", name=TITLE).tap()
    expect(page).to_have_url(f"{base}/my/{demand.pk}/")
    expect(page.get_by_text(zh("Awaiting your confirmation"), exact=True)).to_be_visible()
    answer = page.locator(".zd-card", has=page.get_by_role("heading", name=zh("The department's answer")))
    expect(answer).to_contain_text(zh("Solved"))
    expect(answer).to_contain_text(NOTE)
    fits_the_phone(page)
    shoot(page, "5-answered")
    page.get_by_label(zh("Comment (optional)")).fill(COMMENT)
    stars = page.get_by_role("button", name=zh("%(n)s of 5", n=5), exact=True)
    box = stars.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44, f"a star is too small to tap: {box}"
    stars.tap()
    expect(page.get_by_role("alert")).to_have_text(zh("Thank you: the demand is closed with your score."))
    expect(page.get_by_text(state_label(State.CONFIRMED), exact=True)).to_be_visible()
    expect(page.locator("#confirm")).to_have_count(0)  # nothing more to answer
    deadline = Demand.objects.get(pk=demand.pk).deadline.isoformat()
    for step in (
        zh("You submitted the demand."),
        zh("The zone accepted the demand."),
        zh("Handed to %(department)s, to be solved by %(deadline)s.", department=department_a.name, deadline=deadline),
        zh("%(department)s answered: %(outcome)s.", department=department_a.name, outcome=zh("Solved")),
        zh("You confirmed the answer: %(n)s of 5.", n=5),
    ):
        expect(page.get_by_text(step, exact=True)).to_be_visible()
    fits_the_phone(page)
    shoot(page, "6-confirmed")

    # 5. The row and its history: one Event per move, each written with its DemandMove.
    demand.refresh_from_db()
    assert (demand.state, demand.satisfaction, demand.confirmed_auto) == (State.CONFIRMED, 5, False)
    assert (demand.source, demand.title, demand.description) == (Source.PORTAL, TITLE, DESCRIPTION)
    assert (demand.assigned_department, demand.outcome, demand.outcome_note) == (department_a, Outcome.SOLVED, NOTE)
    assert demand.comment == COMMENT
    assert not demand.is_dissatisfied
    photo = DemandAttachment.objects.get(demand=demand)
    assert (photo.original_name, photo.content_type, photo.size) == ("车间现场.png", "image/png", len(tiny_png()))
    moves = list(DemandMove.objects.filter(demand=demand).select_related("event").order_by("pk"))
    assert [m.to_state for m in moves] == [
        State.SUBMITTED,
        State.ACCEPTED,
        State.ASSIGNED,
        State.RESOLVED,
        State.CONFIRMED,
    ]
    assert [m.event.verb for m in moves] == [
        "demand.submitted",
        "demand.accepted",
        "demand.assigned",
        "demand.resolved",
        "demand.confirmed",
    ]
    assert [m.event.actor for m in moves] == [
        enterprise_user.user,
        officer_a.user,
        officer_a.user,
        handler.user,
        enterprise_user.user,
    ]
    verbs = Counter(Event.objects.about(demand).values_list("verb", flat=True))
    assert verbs == Counter([m.event.verb for m in moves] + ["demand.attached"])
