"""A real browser (Debian's Chromium through Playwright) signs in and opens the enterprise list."""

from pathlib import Path

import pytest

from ..factories import PASSWORD, EnterpriseFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_officer_signs_in_and_sees_the_enterprise_list(live_server, browser_page, officer_a, zone_a):
    for n in range(30):
        EnterpriseFactory(unit=zone_a, name=f"射阳测试{n:02d}智能科技有限公司")
    page = browser_page
    page.goto(f"{live_server.url}/enterprises/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "officer_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/enterprises/")
    rows = page.locator("#enterprise-table tbody tr")
    assert rows.count() == 25
    assert page.locator("#enterprise-table").inner_text().count("射阳测试") == 25
    # The stylesheet came from the package (no CDN): the sidebar is styled.
    sidebar_width = page.evaluate("getComputedStyle(document.querySelector('.zd-sidebar')).width")
    assert sidebar_width == "210px"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "enterprise-list.png"), full_page=True)
    # Typing a keyword filters through htmx without a full reload.
    page.fill("#f-q", "测试07")
    page.wait_for_function("() => document.querySelectorAll('#enterprise-table tbody tr').length === 1")
    assert "射阳测试07智能科技有限公司" in page.locator("#enterprise-table").inner_text()
