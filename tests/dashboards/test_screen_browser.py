"""The big screen in a real browser (Debian's Chromium through Playwright) at 1920×1080: nothing scrolls.

Live-server tests flush the database; serialized_rollback puts the migrations' seed data (demand categories …) back
first, so these tests pass after another live-server test of the same worker.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from ..factories import PASSWORD
from .conftest import Y

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def screen_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        yield page
        browser.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_big_screen_fits_1920_by_1080_without_scrolling(live_server, screen_page, city, supervisor, county):
    page = screen_page
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboards/screen/%3Fyear%3D{Y}")
    page.fill("#id_username", supervisor.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboards/screen/?year={Y}")
    # Plotly (from the package, no CDN) drew all six charts.
    page.wait_for_function("() => document.querySelectorAll('.zd-chart .main-svg').length >= 6", timeout=20000)
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    assert page.evaluate("document.querySelector('.zd-sidebar')") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(11, 21, 38)"  # dark
    assert page.locator("#clock-time").inner_text().count(":") == 2  # the clock ticks in the browser
    # The headline numbers are large enough to read across the room.
    assert float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('.zd-kpi-value')).fontSize)")) >= 48
    assert page.locator(".zd-kpi[data-figure=signed] .zd-kpi-value").inner_text() == "4"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-screen-1920x1080.png"))
    # A bar opens the list behind it.
    page.locator(".zd-kpi[data-figure=demands-overdue]").click()
    page.wait_for_url("**/demands/?unit=*&overdue=1")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_zone_dashboard_draws_its_charts_and_a_bar_opens_its_list(live_server, screen_page, city, leader):
    page = screen_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboards/%3Fyear%3D{Y}")
    page.fill("#id_username", leader.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboards/?year={Y}")
    page.wait_for_function("() => document.querySelectorAll('.zd-chart .main-svg').length >= 6", timeout=20000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-zone.png"), full_page=True)
    # Clicking the "5–10亿" bar of the threshold chart opens the signed projects of that band.
    page.locator("#chart-bands .point").nth(1).click(force=True)
    page.wait_for_url("**/projects/list/?**band=band2**")
    assert page.locator("body").inner_text().count("科创新材料产业园") >= 1
