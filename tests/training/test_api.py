"""The training API: the same services and permissions as the pages (404 outside scope, 403 without the permission,
409 for a stale version, 422 naming the field)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zonedesk.training.models import TrainingRecord, TrainingTarget

from ..conftest import client_for
from .conftest import session

pytestmark = pytest.mark.django_db
API = "/api/v1/training"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def body(**changes) -> dict:
    return {"on": "2025-03-01", "title": "营商环境优化专题讲座", "kind": "theory", "hours": "2.5", **changes}


def test_a_staff_member_records_and_reads_their_year(officer_a, target_2025):
    client = client_for(officer_a)
    made = post(client, f"{API}/records", body())
    assert made.status_code == 201, made.content
    assert (made.json()["hours"], made.json()["person"], made.json()["version"]) == ("2.5", officer_a.user.full_name, 1)
    post(client, f"{API}/records", body(kind="practice", hours=6, title="驻企服务"))
    mine = client.get(f"{API}/mine?year=2025").json()
    assert (mine["theory_hours"], mine["practice_hours"], mine["theory_percent"], mine["practice_percent"]) == (
        "2.5",
        "6.0",
        2,
        20,
    )
    assert mine["target"]["theory_hours"] == "120.0" and mine["status"] == "behind"
    assert (mine["elapsed_days"], mine["days_in_year"]) == (365, 365)
    assert len(mine["records"]) == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"hours": "三小时"}, "hours"), ({"hours": 0}, "hours"), ({"hours": 25}, "hours"), ({"kind": "lecture"}, "kind")],
)
def test_bad_input_is_a_422_naming_the_field(officer_a, changes, field):
    answer = post(client_for(officer_a), f"{API}/records", body(**changes))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    assert not TrainingRecord.objects.exists()


def test_a_future_date_is_a_422_on_the_date(officer_a):
    tomorrow = f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    answer = post(client_for(officer_a), f"{API}/records", body(on=tomorrow))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "on"


def test_recording_for_a_colleague(leader, officer_a, investment_a, handler, officer_b):
    made = post(client_for(leader), f"{API}/records", body(user=handler.user.pk, kind="practice", hours=8))
    assert made.status_code == 201 and made.json()["user_id"] == handler.user.pk
    assert post(client_for(officer_a), f"{API}/records", body(user=investment_a.user.pk)).status_code == 403
    assert post(client_for(leader), f"{API}/records", body(user=officer_b.user.pk)).status_code == 404
    assert TrainingRecord.objects.count() == 1


def test_voiding_a_stale_version_is_a_409_and_a_record_elsewhere_a_404(officer_a, officer_b, leader):
    row = session(officer_a, 12)
    url = f"{API}/records/{row.pk}/void"
    assert post(client_for(officer_b), url, {"version": 1, "reason": "错"}).status_code == 404
    assert client_for(officer_b).get(f"{API}/records/{row.pk}").status_code == 404
    voided = post(client_for(officer_a), url, {"version": 1, "reason": "学时录入错误"})
    assert voided.status_code == 200 and voided.json()["is_void"] and voided.json()["version"] == 2
    assert post(client_for(leader), url, {"version": 1, "reason": "重复"}).status_code == 409


def test_the_records_list_is_for_managers(leader, officer_a, handler, officer_b, zone_b):
    session(officer_a, 2)
    session(handler, 3, kind="practice")
    session(officer_b, 4)
    listed = client_for(leader).get(f"{API}/records?year=2025&kind=practice")
    assert [r["user_id"] for r in listed.json()["items"]] == [handler.user.pk]
    assert client_for(officer_a).get(f"{API}/records").status_code == 403
    assert client_for(leader).get(f"{API}/records?unit={zone_b.pk}").status_code == 404


def test_progress_through_the_api(target_2025, leader, officer_a, handler, zone_a, zone_b, department_a):
    session(officer_a, 20)
    session(handler, 10, kind="practice")
    answer = client_for(leader).get(f"{API}/progress?unit={zone_a.pk}&year=2025&sort=-theory")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    first = data["people"][0]
    assert (first["name"], first["theory_hours"], first["practice_hours"], first["theory_percent"]) == (
        officer_a.user.full_name,
        "20.0",
        "0.0",
        16,
    )
    assert first["status"] == "behind"
    assert data["total"]["people"] == 3 and data["total"]["theory_hours"] == "20.0"
    assert [d["unit_id"] for d in data["departments"]] == [zone_a.pk, department_a.pk]
    assert data["departments"][1]["practice_average"] == "10.0"
    assert client_for(officer_a).get(f"{API}/progress?unit={zone_a.pk}").status_code == 403
    assert client_for(leader).get(f"{API}/progress?unit={zone_b.pk}").status_code == 404


def test_targets_through_the_api(leader, officer_a, zone_a, zone_b, department_a):
    put = client_for(leader).put(
        f"{API}/targets",
        {"unit": zone_a.pk, "year": 2026, "theory_hours": 120, "practice_hours": 30},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["theory_hours"] == "120.0"
    rows = {r["unit_id"]: r for r in client_for(leader).get(f"{API}/targets?year=2026").json()}
    assert rows[department_a.pk]["own"]["theory_hours"] is None
    assert rows[department_a.pk]["applies"] == {"theory_hours": "120.0", "practice_hours": "30.0", "unit_id": zone_a.pk}
    denied = client_for(officer_a).put(
        f"{API}/targets",
        {"unit": zone_a.pk, "year": 2026, "theory_hours": 1, "practice_hours": 1},
        content_type="application/json",
    )
    assert denied.status_code == 403
    elsewhere = client_for(leader).put(
        f"{API}/targets",
        {"unit": zone_b.pk, "year": 2026, "theory_hours": 1, "practice_hours": 1},
        content_type="application/json",
    )
    assert elsewhere.status_code == 404
    bad = client_for(leader).put(
        f"{API}/targets",
        {"unit": zone_a.pk, "year": 2026, "theory_hours": "0.2", "practice_hours": 1},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "theory_hours"
    assert client_for(officer_a).get(f"{API}/targets").status_code == 403
    assert TrainingTarget.objects.count() == 1


def test_an_enterprise_user_has_no_training_api(enterprise_user):
    assert client_for(enterprise_user).get(f"{API}/mine").status_code == 403
    assert post(client_for(enterprise_user), f"{API}/records", body()).status_code == 403


def test_a_session_of_today_can_be_recorded(officer_a):
    today = timezone.localdate()
    made = post(client_for(officer_a), f"{API}/records", body(on=f"{today:%Y-%m-%d}"))
    assert made.status_code == 201 and made.json()["on"] == f"{today:%Y-%m-%d}"
    assert date.fromisoformat(made.json()["on"]) == today
