"""The inspections due (their page and the to-do section), the safety settings page, and the Safety menu."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse

from zonedesk.orgs.context_processors import navigation
from zonedesk.orgs.models import Event
from zonedesk.safety import config, services
from zonedesk.safety.models import HazardCategory, SafetySettings
from zonedesk.safety.states import SafetyColour

from ..conftest import client_for

TODAY = date(2025, 6, 30)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def due(on_day, safety_officer, enterprise, other_enterprise):
    """Red, inspected 40 days ago (due 10 days ago); green, never inspected."""
    on_day(TODAY - timedelta(days=40))
    services.rate(safety_officer, enterprise, stars=2, colour=SafetyColour.RED, reason="粉尘涉爆")
    services.record_inspection(safety_officer, enterprise, findings="例行检查")
    services.rate(safety_officer, other_enterprise, stars=5, colour=SafetyColour.GREEN, reason="标准化一级")
    on_day(TODAY)
    return enterprise, other_enterprise


# --- inspections due --------------------------------------------------------------------------


def test_the_due_page_lists_enterprises_by_their_colours_frequency(due, safety_officer):
    red, green = due
    page = client_for(safety_officer).get(reverse("safety:due"))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r["p"].enterprise for r in rows] == [green, red]  # never inspected first
    assert rows[0]["days_overdue"] is None
    assert (rows[1]["due_on"], rows[1]["days_overdue"]) == (TODAY - timedelta(days=10), 10)
    text = html(page)
    assert 'data-overdue="10"' in text and f"?enterprise={red.pk}" in text and "zd-colour-red" in text


def test_the_to_do_page_has_the_inspections_due_for_an_inspector(due, safety_officer, leader, handler):
    page = client_for(safety_officer).get(reverse("taskforces:todo"))
    assert page.status_code == 200 and 'id="todo-inspections"' in html(page)
    assert [r["p"].enterprise for r in page.context["inspections_due"]["rows"]] == list(reversed(due))
    assert 'id="todo-items"' not in html(page)  # a safety officer works no task-force items
    assert 'id="todo-inspections"' in html(client_for(leader).get(reverse("taskforces:todo")))
    handler_page = client_for(handler).get(reverse("taskforces:todo"))
    assert handler_page.status_code == 200 and 'id="todo-inspections"' not in html(handler_page)


@pytest.mark.parametrize("who", ["enterprise_user", "handler", "officer_a"])
def test_those_who_do_not_inspect_have_no_due_page(who, request, due):
    assert client_for(request.getfixturevalue(who)).get(reverse("safety:due")).status_code == 404


def test_another_zones_inspector_sees_none_of_zone_as_due(due, safety_officer_b):
    page = client_for(safety_officer_b).get(reverse("safety:due"))
    assert page.status_code == 200 and page.context["rows"] == []


# --- settings ---------------------------------------------------------------------------------


def rules_post(**changes) -> dict:
    data = {
        "action": "rules",
        "red_inspection_days": "30",
        "orange_inspection_days": "60",
        "yellow_inspection_days": "90",
        "blue_inspection_days": "180",
        "green_inspection_days": "365",
        "general_deadline_days": "10",
        "major_deadline_days": "30",
        "escalate_head_after_days": "1",
        "escalate_leader_after_days": "3",
        "star_5": "安全标杆",
    }
    return data | changes


def test_a_leader_sets_the_rules_and_star_labels(leader, zone_a):
    client = client_for(leader)
    url = f"{reverse('safety:settings')}?unit={zone_a.pk}"
    assert client.get(url).status_code == 200
    answer = client.post(url, rules_post(red_inspection_days="15", major_deadline_days="20"))
    assert answer.status_code == 302
    rules = SafetySettings.objects.get(unit=zone_a)
    assert (rules.red_inspection_days, rules.major_deadline_days, rules.star_label(5)) == (15, 20, "安全标杆")
    assert Event.objects.filter(verb="safety.settings_changed").count() == 1
    refused = client.post(url, rules_post(red_inspection_days="400"))  # red less often than orange
    assert refused.status_code == 422 and refused.context["form"].errors["red_inspection_days"]
    assert SafetySettings.objects.get(unit=zone_a).red_inspection_days == 15


def test_categories_are_added_and_archived(admin_a, zone_a):
    client = client_for(admin_a)
    url = f"{reverse('safety:settings')}?unit={zone_a.pk}"
    assert client.post(url, {"action": "category", "code": "aq", "name": "涉氨制冷", "is_six": "on"}).status_code == 302
    category = HazardCategory.objects.get(unit=zone_a)
    assert (category.code, category.name, category.is_six) == ("AQ", "涉氨制冷", True)
    again = client.post(url, {"action": "category", "code": "AQ", "name": "重复"})
    assert again.status_code == 422 and again.context["category_form"].errors["code"]
    archive = reverse("safety:archive_category", args=[category.pk])
    assert client.post(archive, {"archived": "1"}).status_code == 302
    assert HazardCategory.objects.get(pk=category.pk).is_archived
    assert "涉氨制冷" in html(client.get(url))


@pytest.mark.parametrize("who", ["safety_officer", "officer_a", "enterprise_user", "handler", "safety_officer_b"])
def test_only_those_who_configure_open_the_settings(who, request, dust, zone_a):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("safety:settings")).status_code == 404
    archive = reverse("safety:archive_category", args=[dust.pk])
    assert client.post(archive, {"archived": "1"}).status_code == 404
    assert not HazardCategory.objects.get(pk=dust.pk).is_archived


def test_a_zone_leader_cannot_open_the_countys_settings(leader, county):
    assert client_for(leader).get(reverse("safety:settings"), {"unit": county.pk}).status_code == 404
    config.add_category(config.Actor.system("test"), county, code="WH", name="危化品")
    assert "危化品" in html(client_for(leader).get(reverse("safety:settings")))  # shown as the county's, read-only


# --- menu -------------------------------------------------------------------------------------


def menu_urls(actor) -> set[str]:
    request = RequestFactory().get("/")
    request.user = actor.user
    return {item["url"] for item in navigation(request)["menu"]}


def test_the_safety_menu_follows_the_permissions(safety_officer, leader, officer_a, enterprise_user):
    hazards, due, settings = reverse("safety:hazards"), reverse("safety:due"), reverse("safety:settings")
    assert {hazards, due, reverse("taskforces:todo")} <= menu_urls(safety_officer)
    assert settings not in menu_urls(safety_officer)
    assert {hazards, due, settings} <= menu_urls(leader)
    assert hazards in menu_urls(officer_a) and due not in menu_urls(officer_a)
    assert not {hazards, due, settings} & menu_urls(enterprise_user)
