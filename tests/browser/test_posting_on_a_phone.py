"""An enterprise publishes a job posting from its phone (390×844) and sees it in its list; then it changes the count.

Labels are looked up through the project's own translations, so the test follows the Chinese wording as it changes.
In its own file: a live-server test flushes the database, so it must run after every other test of its worker.
"""

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from zonedesk.orgs.models import Event
from zonedesk.recruitment.models import JobPosting
from zonedesk.recruitment.states import PostingStatus

from .test_demand_loop import PHONE, fits_the_phone, sign_in, zh

SHOTS = Path("/tmp/shots")
POSITION = "数控车床操作工"
REQUIREMENTS = "有数控车床操作经验1年以上；\n能适应两班倒。"


def shoot(page: Page, name: str) -> None:
    """A screenshot to look at; the test never depends on it."""
    with contextlib.suppress(Exception):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"recruit-phone-{name}.png"), full_page=True)


def big_enough(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["height"] >= 44, f"too small to tap: {box}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_an_enterprise_publishes_a_posting_and_finds_it_in_its_list(
    live_server,
    browser_page,
    enterprise_user,
    enterprise,
):
    base = live_server.url
    browser = browser_page.context.browser
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="zh-CN")
    page = phone.new_page()

    # 1. From its home page the enterprise opens its postings: none yet.
    sign_in(page, base, enterprise_user.user.username)
    expect(page).to_have_url(f"{base}/my/")
    card = page.locator("#posting-card")
    expect(card.locator("[data-figure=positions]")).to_have_text("0")
    card.tap()
    expect(page).to_have_url(f"{base}/my/jobs/")
    expect(
        page.get_by_text(zh("No postings yet. Tap “Publish a posting” to tell job seekers whom you need."))
    ).to_be_visible()
    fits_the_phone(page)
    shoot(page, "1-empty")

    # 2. It publishes a posting: numbers typed with a thousands comma are fine.
    publish = page.get_by_role("link", name=zh("Publish a posting"))
    big_enough(page, publish)
    publish.tap()
    expect(page).to_have_url(f"{base}/my/jobs/new/")
    page.get_by_label(zh("Position")).fill(POSITION)
    page.get_by_label(zh("Number of people wanted")).fill("20")
    page.get_by_label(zh("Salary from (yuan a month)")).fill("6,000")
    page.get_by_label(zh("Salary up to (yuan a month)")).fill("9000")
    page.get_by_label(zh("Requirements")).fill(REQUIREMENTS)
    page.get_by_label(zh("Contact person")).fill("王经理")
    page.get_by_label(zh("Contact mobile")).fill("138 1234 8000")
    fits_the_phone(page)
    shoot(page, "2-new-filled")
    page.get_by_role("button", name=zh("Publish")).tap()

    # 3. Back on its list with the posting, open and counted on the card.
    expect(page).to_have_url(f"{base}/my/jobs/")
    expect(page.get_by_role("alert")).to_have_text(
        zh("Your posting is published. The zone can show it at its job fairs.")
    )
    posting = JobPosting.objects.get(enterprise=enterprise)
    row = page.locator(f"[data-posting='{posting.pk}']")
    expect(row).to_contain_text(POSITION)
    expect(row).to_contain_text("6000–9000")
    expect(page.locator("[data-figure=positions]")).to_have_text("20")
    fits_the_phone(page)
    shoot(page, "3-listed")

    # 4. It opens the posting and changes the count.
    row.tap()
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/my/jobs/{posting.pk}/$"))
    page.get_by_text(zh("Change the posting")).tap()
    count = page.locator("#edit_count")
    count.fill("25")
    page.locator("#edit").get_by_role("button", name=zh("Save")).tap()
    expect(page.get_by_role("alert")).to_have_text(zh("Your changes are saved."))
    fits_the_phone(page)
    shoot(page, "4-changed")
    page.goto(f"{base}/my/")
    expect(page.locator("#posting-card [data-figure=positions]")).to_have_text("25")

    posting.refresh_from_db()
    assert (posting.position, posting.count, posting.salary_min, posting.salary_max) == (POSITION, 25, 6000, 9000)
    assert (posting.contact_mobile, posting.status, posting.version) == ("13812348000", PostingStatus.OPEN, 2)
    assert posting.requirements == REQUIREMENTS and posting.published_by == enterprise_user.user
    verbs = list(Event.objects.about(posting).order_by("pk").values_list("verb", "actor"))
    assert verbs == [("posting.published", enterprise_user.user.pk), ("posting.updated", enterprise_user.user.pk)]
