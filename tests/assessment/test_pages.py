"""Assessment pages: the schemes, a scheme with its indicators and periods, computing and publishing, the ranking
with its changes, one score explained, and the manual scores of a named leader — each for the role that may and
the one that may not."""

import re
from datetime import date

import pytest

from zonedesk.assessment import services
from zonedesk.assessment.models import ManualScore, Rule, Scheme, SchemeItem, ScoreSheet, SheetStatus
from zonedesk.orgs.models import Event

from ..conftest import client_for

Q2, Q3 = date(2026, 4, 1), date(2026, 7, 1)


@pytest.fixture
def scheme(on_day, system, county, zone_a, zone_b, county_leader):
    """A county's quarterly scheme over its zones: a leader's manual item and a penalty for overdue demands."""
    on_day(date(2026, 10, 15))
    scheme = services.create_scheme(
        system, unit=county, name="园区综合考核", period_kind="quarter", subject_kind="zone"
    )
    services.add_item(
        system, scheme, indicator="manual", rule=Rule.MANUAL, label="领导评价", weight=20, scorers=[county_leader.user]
    )
    services.add_item(system, scheme, indicator="demands_overdue", rule=Rule.PENALTY, weight=10, penalty_per_item=2)
    return scheme


def give(leader, scheme, period, points: dict):
    item = scheme.items.get(indicator="manual")
    for zone, value in points.items():
        services.give_manual_score(leader, item, period_start=period, subject=zone, points=value, reason=f"理由{value}")


@pytest.fixture
def q3_sheet(scheme, system, county_leader, zone_a, zone_b):
    """Q2 published (A first, B second); Q3 a draft where B overtakes A."""
    give(county_leader, scheme, Q2, {zone_a: 12, zone_b: 5})
    services.publish(system, services.compute(system, scheme, Q2))
    give(county_leader, scheme, Q3, {zone_a: 10, zone_b: 15})
    return services.compute(system, scheme, Q3)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the schemes -------------------------------------------------------------------------------------------------


def test_an_admin_sees_the_schemes_and_the_form_to_create_one(scheme, county_admin):
    response = client_for(county_admin).get("/assessment/")
    assert response.status_code == 200
    assert "园区综合考核" in response.content.decode()
    assert 'action="/assessment/"' in response.content.decode()


def test_a_zone_officer_sees_no_county_scheme_and_no_form(scheme, officer_a):
    response = client_for(officer_a).get("/assessment/")
    assert response.status_code == 200
    assert "园区综合考核" not in response.content.decode()
    assert 'name="subject_kind"' not in response.content.decode()


def test_an_enterprise_user_has_no_assessment_pages(scheme, enterprise_user):
    client = client_for(enterprise_user)
    assert client.get("/assessment/").status_code == 404
    assert client.get(f"/assessment/{scheme.pk}/").status_code == 404


def test_an_admin_creates_a_scheme_on_the_page(county_admin, county):
    form = {"unit": county.pk, "name": "招商专员月度考核", "period_kind": "month", "subject_kind": "officer"}
    response = client_for(county_admin).post("/assessment/", form)
    scheme = Scheme.objects.get(name="招商专员月度考核")
    assert response.status_code == 302 and response["Location"] == f"/assessment/{scheme.pk}/"
    assert (scheme.unit, scheme.period_kind, scheme.subject_kind) == (county, "month", "officer")
    assert Event.objects.filter(verb="scheme.created").count() == 1


def test_a_scheme_name_taken_in_the_unit_is_shown_on_the_field(scheme, county_admin, county):
    form = {"unit": county.pk, "name": "园区综合考核", "period_kind": "year", "subject_kind": "zone"}
    response = client_for(county_admin).post("/assessment/", form)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert Scheme.objects.count() == 1


def test_a_zone_officer_cannot_create_a_scheme(officer_a, zone_a):
    form = {"unit": zone_a.pk, "name": "自评", "period_kind": "month", "subject_kind": "officer"}
    response = client_for(officer_a).post("/assessment/", form)
    assert response.status_code == 403
    assert not Scheme.objects.exists()


def test_a_zone_admin_cannot_create_a_scheme_for_the_county_above(admin_a, county):
    form = {"unit": county.pk, "name": "越权", "period_kind": "month", "subject_kind": "zone"}
    response = client_for(admin_a).post("/assessment/", form)
    assert response.status_code == 200  # the county is not among the zone admin's units: a field error
    assert re.search(r'name="unit"[^>]*is-invalid|is-invalid[^>]*name="unit"', response.content.decode())
    assert not Scheme.objects.exists()


# --- one scheme --------------------------------------------------------------------------------------------------


def test_the_scheme_page_lists_items_with_their_rule_in_words_and_the_closed_periods(
    q3_sheet, scheme, supervisor, county_leader
):
    response = client_for(supervisor).get(f"/assessment/{scheme.pk}/")
    page = text_of(response)
    assert response.status_code == 200
    assert "领导评价" in page and str(county_leader.user) in page
    assert "2026年第3季度" in page and "2026年第2季度" in page
    assert f"/assessment/sheets/{q3_sheet.pk}/" in page
    assert f'action="/assessment/{scheme.pk}/compute/"' in page  # a supervisor computes …
    assert f'action="/assessment/sheets/{q3_sheet.pk}/publish/"' not in page  # … and does not publish
    assert f'action="/assessment/{scheme.pk}/items/"' not in page  # nor change the scheme


def test_the_item_form_offers_the_indicators_of_the_subjects_and_manual(scheme, county_admin):
    page = client_for(county_admin).get(f"/assessment/{scheme.pk}/").content.decode()
    select = page[page.index('name="indicator"') : page.index("</select>", page.index('name="indicator"'))]
    assert 'value="demands_on_time"' in select and 'value="manual"' in select
    officers = services.create_scheme(
        county_admin, unit=scheme.unit, name="专员考核", period_kind="month", subject_kind="department"
    )
    page = client_for(county_admin).get(f"/assessment/{officers.pk}/").content.decode()
    select = page[page.index('name="indicator"') : page.index("</select>", page.index('name="indicator"'))]
    assert 'value="signed_investment"' not in select  # departments do not sign projects
    assert 'value="tasks_overdue"' in select


def test_an_admin_adds_an_indicator_on_the_page(scheme, county_admin):
    form = {"indicator": "signed_investment", "rule": "capped", "weight": "30", "target": "5000", "cap_percent": "150"}
    response = client_for(county_admin).post(f"/assessment/{scheme.pk}/items/", form)
    assert response.status_code == 302
    item = scheme.items.get(indicator="signed_investment")
    assert (item.weight, item.target, item.cap_percent, item.rule) == (30, 5000, 150, "capped")
    page = text_of(client_for(county_admin).get(f"/assessment/{scheme.pk}/"))
    assert "5000万元" in page


def test_an_indicator_without_its_target_is_refused_on_the_field(scheme, county_admin):
    form = {"indicator": "demands_solved", "rule": "linear", "weight": "30", "target": ""}
    response = client_for(county_admin).post(f"/assessment/{scheme.pk}/items/", form)
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'name="target"[^>]*is-invalid|is-invalid[^>]*name="target"', page)
    assert not scheme.items.filter(indicator="demands_solved").exists()


def test_a_leader_cannot_add_an_indicator(scheme, county_leader):
    form = {"indicator": "demands_solved", "rule": "linear", "weight": "30", "target": "10"}
    response = client_for(county_leader).post(f"/assessment/{scheme.pk}/items/", form)
    assert response.status_code == 403
    assert not scheme.items.filter(indicator="demands_solved").exists()


def test_an_admin_removes_an_indicator_and_a_second_removal_is_a_conflict(scheme, county_admin):
    item = scheme.items.get(indicator="demands_overdue")
    client = client_for(county_admin)
    assert client.post(f"/assessment/items/{item.pk}/remove/").status_code == 302
    assert SchemeItem.objects.get(pk=item.pk).is_removed
    assert client.post(f"/assessment/items/{item.pk}/remove/").status_code == 409


def test_an_officer_of_zone_b_gets_404_on_the_county_scheme(scheme, officer_b):
    item = scheme.items.first()
    client = client_for(officer_b)
    assert client.get(f"/assessment/{scheme.pk}/").status_code == 404
    assert client.post(f"/assessment/items/{item.pk}/remove/").status_code == 404
    assert client.post(f"/assessment/{scheme.pk}/compute/", {"period_start": "2026-07-01"}).status_code == 404
    assert not SchemeItem.objects.filter(is_removed=True).exists()


# --- compute and publish -----------------------------------------------------------------------------------------


def test_a_leader_computes_a_period_then_publishes_it_through_the_pages(scheme, county_leader):
    client = client_for(county_leader)
    response = client.post(f"/assessment/{scheme.pk}/compute/", {"period_start": "2026-07-01"})
    sheet = ScoreSheet.objects.get(scheme=scheme, period_start=Q3)
    assert response.status_code == 302 and response["Location"] == f"/assessment/sheets/{sheet.pk}/"
    assert sheet.status == SheetStatus.DRAFT and sheet.version == 1
    assert client.post(f"/assessment/sheets/{sheet.pk}/publish/").status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED and sheet.published_by == county_leader.user
    assert client.post(f"/assessment/sheets/{sheet.pk}/publish/").status_code == 409


def test_a_period_not_yet_ended_is_not_computed(scheme, county_leader):
    response = client_for(county_leader).post(f"/assessment/{scheme.pk}/compute/", {"period_start": "2026-10-01"})
    assert response.status_code == 302 and response["Location"] == f"/assessment/{scheme.pk}/"
    assert not ScoreSheet.objects.exists()


def test_a_supervisor_computes_but_cannot_publish(q3_sheet, supervisor):
    response = client_for(supervisor).post(f"/assessment/sheets/{q3_sheet.pk}/publish/")
    assert response.status_code == 403
    assert ScoreSheet.objects.get(pk=q3_sheet.pk).status == SheetStatus.DRAFT


def test_a_zone_officer_cannot_compute_the_zones_own_scheme(on_day, system, zone_a, officer_a):
    on_day(date(2026, 10, 15))
    own = services.create_scheme(system, unit=zone_a, name="专员考核", period_kind="month", subject_kind="officer")
    services.add_item(system, own, indicator="demands_solved", rule=Rule.LINEAR, weight=10, target=5)
    client = client_for(officer_a)
    assert client.get(f"/assessment/{own.pk}/").status_code == 200  # sees it …
    assert client.post(f"/assessment/{own.pk}/compute/", {"period_start": "2026-09-01"}).status_code == 403
    assert not ScoreSheet.objects.exists()


# --- the ranking and one score -----------------------------------------------------------------------------------


def test_the_ranking_shows_ranks_totals_and_changes_against_the_previous_period(q3_sheet, county_leader):
    response = client_for(county_leader).get(f"/assessment/sheets/{q3_sheet.pk}/")
    page = text_of(response)
    assert response.status_code == 200
    assert page.index("海河镇") < page.index("射阳经济开发区")  # zone B (15) above zone A (10)
    assert "↑1" in page and "↓1" in page
    assert "+10" in page and "-2" in page  # B: 5 -> 15; A: 12 -> 10
    assert f"/assessment/sheets/{q3_sheet.pk}/ranking.xlsx" in page
    assert f"/assessment/sheets/{q3_sheet.pk}/ranking.docx" in page


def test_an_officer_of_zone_b_gets_404_on_a_county_sheet_and_its_scores(q3_sheet, officer_b):
    client = client_for(officer_b)
    score = q3_sheet.scores.first()
    assert client.get(f"/assessment/sheets/{q3_sheet.pk}/").status_code == 404
    assert client.get(f"/assessment/scores/{score.pk}/").status_code == 404
    assert client.post(f"/assessment/sheets/{q3_sheet.pk}/publish/").status_code == 404


def test_a_score_is_explained_line_by_line(q3_sheet, supervisor, zone_b, county_leader):
    score = q3_sheet.scores.get(subject_unit=zone_b)
    response = client_for(supervisor).get(f"/assessment/scores/{score.pk}/")
    page = text_of(response)
    assert response.status_code == 200
    assert "领导评价" in page and "理由15" in page  # the manual line and its reason
    assert str(county_leader.user) in page  # who scores it, in the rule's words
    assert "/demands/?" in page and "due_from=2026-07-01" in page  # the overdue demands behind the penalty
    assert f"/assessment/scores/{score.pk}/score.docx" in page


# --- manual scores -----------------------------------------------------------------------------------------------


def test_the_named_leader_gives_a_subject_points_and_a_reason(scheme, county_leader, zone_a):
    client = client_for(county_leader)
    page = client.get(f"/assessment/{scheme.pk}/manual/?period=2026-07-01").content.decode()
    assert "射阳经济开发区" in page and "海河镇" in page
    item = scheme.items.get(indicator="manual")
    form = {
        "item": item.pk,
        "period_start": "2026-07-01",
        "subject": zone_a.pk,
        "points": "18",
        "reason": "招商成效突出",
    }
    response = client.post(f"/assessment/{scheme.pk}/manual/", form)
    assert response.status_code == 302
    score = ManualScore.objects.get(item=item, period_start=Q3, subject_unit=zone_a)
    assert (score.points, score.reason, score.scored_by) == (18, "招商成效突出", county_leader.user)
    assert "招商成效突出" in client.get(response["Location"]).content.decode()


def test_points_over_the_weight_are_refused_on_the_subject_row(scheme, county_leader, zone_a):
    item = scheme.items.get(indicator="manual")
    form = {"item": item.pk, "period_start": "2026-07-01", "subject": zone_a.pk, "points": "25", "reason": "过高"}
    response = client_for(county_leader).post(f"/assessment/{scheme.pk}/manual/", form)
    assert response.status_code == 200
    row = response.content.decode().split(f'id="subject-{zone_a.pk}"')[1].split("</tr>")[0]
    assert "is-invalid" in row and 'value="25"' in row
    assert not ManualScore.objects.exists()


def test_someone_not_named_on_a_manual_item_cannot_score(scheme, county_admin, zone_a):
    item = scheme.items.get(indicator="manual")
    client = client_for(county_admin)
    assert client.get(f"/assessment/{scheme.pk}/manual/").status_code == 403
    form = {"item": item.pk, "period_start": "2026-07-01", "subject": zone_a.pk, "points": "5", "reason": "x"}
    assert client.post(f"/assessment/{scheme.pk}/manual/", form).status_code == 403
    assert not ManualScore.objects.exists()
