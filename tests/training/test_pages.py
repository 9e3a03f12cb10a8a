"""The training pages: my ledger (add a session, bad input on the field), a record's page (void, 409, 404), progress
(403 for a role without training.manage, 404 for a unit elsewhere, colour for behind schedule), targets, records."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.training import services
from zonedesk.training.models import TrainingRecord, TrainingTarget

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory
from .conftest import session

pytestmark = pytest.mark.django_db


def test_my_ledger_shows_the_year_against_the_target(officer_a, target_2025, on_day):
    on_day(date(2025, 3, 14))
    session(officer_a, 24, title="党的二十届三中全会精神专题学习")
    session(officer_a, 6, kind="practice", title="驻企服务")
    page = client_for(officer_a).get("/training/?year=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="theory">24<' in html and 'data-percent="theory">20%' in html
    assert 'data-figure="practice">6<' in html and 'data-status="on_track"' in html
    assert "党的二十届三中全会精神专题学习" in html
    assert 'name="user"' not in html  # a service officer records only for themselves


def test_adding_a_session_from_the_page(officer_a):
    client = client_for(officer_a)
    data = {"on": "2025-05-20", "kind": "practice", "title": "驻企服务", "hours": "6", "organiser": "企业服务局"}
    answer = client.post("/training/", data)
    assert answer.status_code == 302 and answer["Location"] == "/training/?year=2025"
    row = TrainingRecord.objects.get()
    assert (row.user, row.kind, row.hours, row.organiser) == (officer_a.user, "practice", 6, "企业服务局")


def test_bad_hours_on_the_page_are_a_form_error_and_write_nothing(officer_a):
    answer = client_for(officer_a).post(
        "/training/", {"on": "2025-05-20", "kind": "theory", "title": "政策解读", "hours": "三小时"}
    )
    assert answer.status_code == 422
    assert "hours" in answer.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_a_leader_records_for_a_colleague_from_the_page(leader, handler, officer_b):
    client = client_for(leader)
    assert 'name="user"' in client.get("/training/").content.decode()
    data = {"user": handler.user.pk, "on": "2025-05-20", "kind": "practice", "title": "重大项目一线跟班", "hours": "8"}
    assert client.post("/training/", data).status_code == 302
    assert TrainingRecord.objects.get().user == handler.user
    # someone of another zone is not among the choices
    answer = client.post("/training/", {**data, "user": officer_b.user.pk})
    assert answer.status_code == 422 and "user" in answer.context["form"].errors


def test_an_enterprise_user_has_no_ledger_page(enterprise_user):
    assert client_for(enterprise_user).get("/training/").status_code == 404


def test_voiding_from_the_records_page(officer_a, officer_b):
    row = session(officer_a, 12)
    client = client_for(officer_a)
    page = client.get(f"/training/records/{row.pk}/")
    assert page.status_code == 200 and 'id="form-void"' in page.content.decode()
    assert client.post(f"/training/records/{row.pk}/void/", {"version": 1}).status_code == 422
    done = client.post(f"/training/records/{row.pk}/void/", {"version": 1, "reason": "学时录入错误"})
    assert done.status_code == 302 and TrainingRecord.objects.get().is_void
    stale = client.post(f"/training/records/{row.pk}/void/", {"version": 1, "reason": "再来一次"})
    assert stale.status_code == 409
    assert client_for(officer_b).get(f"/training/records/{row.pk}/").status_code == 404
    assert Event.objects.filter(verb="training.voided").count() == 1


def test_the_progress_page_colours_the_people_behind(target_2025, leader, officer_a, handler, zone_a, on_day):
    on_day(date(2025, 3, 14))
    session(officer_a, 24)
    session(officer_a, 6, kind="practice")
    session(handler, "23.5")
    page = client_for(leader).get(f"/training/progress/?unit={zone_a.pk}&year=2025&sort=-theory")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-person="{handler.user.pk}" data-status="behind" class="table-danger"' in html
    assert f'data-person="{officer_a.user.pk}" data-status="on_track">' in html
    assert 'data-figure="behind">2<' in html  # the handler and the leader, who has nothing yet
    assert f"person={officer_a.user.pk}&amp;kind=theory&amp;counted=1" in html


def test_the_progress_page_needs_training_manage_in_scope(officer_a, leader, zone_a, zone_b):
    assert client_for(officer_a).get("/training/progress/").status_code == 403
    assert client_for(leader).get(f"/training/progress/?unit={zone_b.pk}").status_code == 404
    assert client_for(leader).get("/training/progress/").status_code == 200


def test_the_targets_page_sets_a_zones_target(leader, officer_a, zone_a, department_a):
    client = client_for(leader)
    data = {"unit": zone_a.pk, "year": 2026, "theory_hours": "120", "practice_hours": "30", "note": "全年"}
    assert client.post("/training/targets/", data).status_code == 302
    html = client.get("/training/targets/?year=2026").content.decode()
    assert f'data-unit="{department_a.pk}" class="text-secondary"' in html  # follows its zone
    bad = client.post("/training/targets/", {**data, "practice_hours": "三十"})
    assert bad.status_code == 422 and "practice_hours" in bad.context["form"].errors
    assert client_for(officer_a).get("/training/targets/").status_code == 403
    assert TrainingTarget.objects.get().theory_hours == 120


def test_the_records_page_lists_what_the_figure_counts(leader, officer_a, officer_b, zone_a):
    session(officer_a, 4)
    session(officer_a, 2, kind="practice")
    wrong = session(officer_a, 9)
    session(officer_a, 1, on=date(2024, 5, 1))
    session(officer_b, 7)
    services.void_record(officer_a, wrong, version=1, reason="重复")
    url = f"/training/records/?unit={zone_a.pk}&year=2025&person={officer_a.user.pk}&kind=theory&counted=1"
    page = client_for(leader).get(url)
    assert page.status_code == 200
    rows = list(page.context["page"].object_list)
    assert [r.hours for r in rows] == [4]
    assert 'data-sum="theory">4<' in page.content.decode()
    assert client_for(officer_a).get("/training/records/").status_code == 403


def test_the_progress_and_records_pages_run_as_many_queries_for_many_people_as_for_one(
    target_2025, leader, officer_a, zone_a, department_a
):
    session(officer_a, 2)

    def count(url: str) -> int:
        client = client_for(leader)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [f"/training/progress/?unit={zone_a.pk}&year=2025", "/training/records/?year=2025", "/training/?year=2025"]
    before = [count(url) for url in urls]
    for i in range(15):
        person = UserFactory()
        MembershipFactory(user=person, unit=department_a if i % 2 else zone_a, role="handler")
        session(Actor(user=person), 3, kind="practice" if i % 3 else "theory")
        session(leader, 1, user=person)
    assert [count(url) for url in urls] == before
