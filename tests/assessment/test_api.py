"""The assessment API: the same services and scope as the pages — schemes and items, the catalogue, computing and
publishing, rankings with changes, scores explained, manual scores; 403, 404, 422 and 409 where they belong."""

from datetime import date

import pytest

from zonedesk.assessment import services
from zonedesk.assessment.models import ManualScore, Rule, Scheme, ScoreSheet, SheetStatus
from zonedesk.orgs.models import Event

from ..conftest import client_for

API = "/api/v1/assessment"
Q2, Q3 = date(2026, 4, 1), date(2026, 7, 1)


def post(client, url: str, body: dict | None = None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def scheme(on_day, system, county, zone_a, zone_b, county_leader):
    on_day(date(2026, 10, 15))
    scheme = services.create_scheme(
        system, unit=county, name="园区综合考核", period_kind="quarter", subject_kind="zone"
    )
    services.add_item(
        system, scheme, indicator="manual", rule=Rule.MANUAL, label="领导评价", weight=20, scorers=[county_leader.user]
    )
    services.add_item(system, scheme, indicator="demands_overdue", rule=Rule.PENALTY, weight=10, penalty_per_item=2)
    return scheme


@pytest.fixture
def q3_sheet(scheme, system, county_leader, zone_a, zone_b):
    item = scheme.items.get(indicator="manual")
    for period, points in ((Q2, {zone_a: 12, zone_b: 5}), (Q3, {zone_a: 10, zone_b: 15})):
        for zone, value in points.items():
            services.give_manual_score(
                county_leader, item, period_start=period, subject=zone, points=value, reason=f"理由{value}"
            )
    services.publish(system, services.compute(system, scheme, Q2))
    return services.compute(system, scheme, Q3)


# --- catalogue and schemes ---------------------------------------------------------------------------------------


def test_the_catalogue_lists_each_indicator_with_its_measure_and_subjects(officer_a):
    rows = {r["key"]: r for r in client_for(officer_a).get(f"{API}/indicators").json()}
    assert rows["signed_investment"]["measure"] == "万元"
    assert rows["signed_investment"]["kinds"] == ["officer", "zone"]
    assert "department" in rows["demands_on_time"]["kinds"]


def test_an_enterprise_user_has_no_assessment_api(scheme, enterprise_user):
    client = client_for(enterprise_user)
    assert client.get(f"{API}/indicators").status_code == 404
    assert client.get(f"{API}/schemes").status_code == 404


def test_schemes_are_listed_in_scope(scheme, supervisor, officer_a):
    assert [s["name"] for s in client_for(supervisor).get(f"{API}/schemes").json()] == ["园区综合考核"]
    assert client_for(officer_a).get(f"{API}/schemes").json() == []


def test_an_admin_creates_a_scheme_and_adds_items(county_admin, county, county_leader):
    client = client_for(county_admin)
    body = {"unit_id": county.pk, "name": "部门考核", "period_kind": "month", "subject_kind": "department"}
    answer = post(client, f"{API}/schemes", body)
    assert answer.status_code == 201
    scheme_id = answer.json()["id"]
    item = {"indicator": "demands_on_time", "rule": "capped", "weight": 30, "target": "90", "cap_percent": 110}
    answer = post(client, f"{API}/schemes/{scheme_id}/items", item)
    assert answer.status_code == 201
    assert answer.json()["rule_text"]
    assert answer.json()["measure"] == "%" and answer.json()["cap_percent"] == 110
    manual = {
        "indicator": "manual",
        "rule": "manual",
        "weight": 10,
        "label": "作风",
        "scorer_ids": [county_leader.user.pk],
    }
    assert post(client, f"{API}/schemes/{scheme_id}/items", manual).json()["scorer_ids"] == [county_leader.user.pk]
    detail = client.get(f"{API}/schemes/{scheme_id}").json()
    assert [i["indicator"] for i in detail["items"]] == ["demands_on_time", "manual"]
    assert detail["items"][1]["label"] == "作风"
    assert Event.objects.filter(verb="scheme.item_added").count() == 2


def test_a_zone_officer_cannot_create_a_scheme(officer_a, zone_a):
    body = {"unit_id": zone_a.pk, "name": "自评", "period_kind": "month", "subject_kind": "officer"}
    assert post(client_for(officer_a), f"{API}/schemes", body).status_code == 403
    assert not Scheme.objects.exists()


def test_bad_scheme_and_item_input_is_422_on_the_field(scheme, county_admin, county):
    client = client_for(county_admin)
    body = {"unit_id": county.pk, "name": "坏", "period_kind": "week", "subject_kind": "zone"}
    answer = post(client, f"{API}/schemes", body)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "period_kind"
    item = {"indicator": "signed_investment", "rule": "linear", "weight": 30}  # a linear rule without its target
    answer = post(client, f"{API}/schemes/{scheme.pk}/items", item)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "target"
    wrong_kind = {"indicator": "nope", "rule": "linear", "weight": 30, "target": 5}
    assert post(client, f"{API}/schemes/{scheme.pk}/items", wrong_kind).json()["errors"][0]["field"] == "indicator"
    assert post(client, f"{API}/schemes/{scheme.pk}/items", {"rule": "linear"}).status_code == 422
    assert scheme.items.count() == 2


def test_removing_an_item_twice_is_a_conflict(scheme, county_admin):
    client = client_for(county_admin)
    item = scheme.items.get(indicator="demands_overdue")
    answer = client.delete(f"{API}/items/{item.pk}")
    assert answer.status_code == 200 and answer.json()["is_removed"] is True
    assert post(client, f"{API}/items/{item.pk}/remove").status_code == 409
    assert [i["indicator"] for i in client.get(f"{API}/schemes/{scheme.pk}").json()["items"]] == ["manual"]


def test_a_leader_cannot_remove_an_item_and_zone_b_does_not_see_it(scheme, county_leader, officer_b):
    item = scheme.items.get(indicator="demands_overdue")
    assert client_for(county_leader).delete(f"{API}/items/{item.pk}").status_code == 403
    assert client_for(officer_b).delete(f"{API}/items/{item.pk}").status_code == 404
    assert client_for(officer_b).get(f"{API}/schemes/{scheme.pk}").status_code == 404


# --- compute, publish, rankings, scores --------------------------------------------------------------------------


def test_computing_and_publishing_a_period(scheme, county_leader):
    client = client_for(county_leader)
    answer = post(client, f"{API}/schemes/{scheme.pk}/sheets", {"period_start": "2026-07-01"})
    assert answer.status_code == 201
    sheet = answer.json()
    assert (sheet["status"], sheet["version"], sheet["period_label"]) == ("draft", 1, "2026年第3季度")
    published = post(client, f"{API}/sheets/{sheet['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = post(client, f"{API}/sheets/{sheet['id']}/publish")
    assert again.status_code == 409
    second = post(client, f"{API}/schemes/{scheme.pk}/sheets", {"period_start": "2026-07-01"}).json()
    assert second["version"] == 2 and second["status"] == "draft"


def test_computing_a_period_that_is_not_closed_or_not_a_period_start_is_422(scheme, county_leader):
    client = client_for(county_leader)
    for start in ("2026-10-01", "2026-08-01"):
        answer = post(client, f"{API}/schemes/{scheme.pk}/sheets", {"period_start": start})
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "period"
    assert post(client, f"{API}/schemes/{scheme.pk}/sheets", {"period_start": "soon"}).status_code == 422
    assert not ScoreSheet.objects.exists()


def test_who_may_compute_and_publish(q3_sheet, scheme, supervisor, officer_b, county_admin):
    assert post(client_for(supervisor), f"{API}/sheets/{q3_sheet.pk}/publish").status_code == 403
    assert post(client_for(officer_b), f"{API}/sheets/{q3_sheet.pk}/publish").status_code == 404
    assert (
        post(client_for(officer_b), f"{API}/schemes/{scheme.pk}/sheets", {"period_start": "2026-07-01"}).status_code
        == 404
    )
    assert ScoreSheet.objects.get(pk=q3_sheet.pk).status == SheetStatus.DRAFT


def test_the_ranking_with_changes_against_the_previous_period(q3_sheet, supervisor, zone_a, zone_b):
    body = client_for(supervisor).get(f"{API}/sheets/{q3_sheet.pk}").json()
    assert body["has_previous"] is True
    ranking = [(r["subject_unit_id"], r["rank"], r["rank_change"], r["change"]) for r in body["ranking"]]
    assert ranking == [(zone_b.pk, 1, 1, "↑1"), (zone_a.pk, 2, -1, "↓1")]
    assert [float(r["total_change"]) for r in body["ranking"]] == [10.0, -2.0]


def test_an_officer_of_zone_b_gets_404_on_a_county_sheet_and_score(q3_sheet, officer_b):
    client = client_for(officer_b)
    assert client.get(f"{API}/sheets/{q3_sheet.pk}").status_code == 404
    assert client.get(f"{API}/scores/{q3_sheet.scores.first().pk}").status_code == 404


def test_a_score_explained_line_by_line(q3_sheet, supervisor, zone_b):
    score = q3_sheet.scores.get(subject_unit=zone_b)
    body = client_for(supervisor).get(f"{API}/scores/{score.pk}").json()
    assert (body["rank"], float(body["total"])) == (1, 15.0)
    manual, overdue = body["lines"]
    assert (manual["label"], float(manual["points"]), manual["note"], manual["measure"]) == (
        "领导评价",
        15,
        "理由15",
        "分",
    )
    assert overdue["indicator"] == "demands_overdue" and overdue["link"].startswith("/demands/?")
    assert float(overdue["value"]) == 0 and float(overdue["points"]) == 0


# --- manual scores -----------------------------------------------------------------------------------------------


def test_the_named_leader_gives_a_manual_score(scheme, county_leader, zone_a):
    item = scheme.items.get(indicator="manual")
    body = {"period_start": "2026-07-01", "subject_id": zone_a.pk, "points": "-3.5", "reason": "安全生产事故"}
    answer = post(client_for(county_leader), f"{API}/items/{item.pk}/manual-scores", body)
    assert answer.status_code == 201
    assert answer.json()["subject_unit_id"] == zone_a.pk and float(answer.json()["points"]) == -3.5
    assert ManualScore.objects.get().reason == "安全生产事故"


def test_manual_scores_refused(scheme, county_leader, county_admin, zone_a, officer_b):
    item = scheme.items.get(indicator="manual")
    url = f"{API}/items/{item.pk}/manual-scores"
    body = {"period_start": "2026-07-01", "subject_id": zone_a.pk, "points": 5, "reason": "好"}
    assert post(client_for(county_admin), url, body).status_code == 403  # not named on the item
    assert post(client_for(officer_b), url, body).status_code == 404
    over = post(client_for(county_leader), url, body | {"points": 21})
    assert over.status_code == 422 and over.json()["errors"][0]["field"] == "points"
    not_a_subject = post(client_for(county_leader), url, body | {"subject_id": scheme.unit_id})
    assert not_a_subject.status_code == 422 and not_a_subject.json()["errors"][0]["field"] == "subject"
    assert not ManualScore.objects.exists()


def test_ids_beyond_the_database_range_are_not_records(scheme, county_admin):
    client = client_for(county_admin)
    huge = 2**70
    assert client.get(f"{API}/sheets/{huge}").status_code == 404
    assert client.get(f"{API}/schemes/{huge}").status_code == 404
    body = {"unit_id": huge, "name": "大", "period_kind": "month", "subject_kind": "zone"}
    assert post(client, f"{API}/schemes", body).status_code == 422
