"""The Excel exports: exactly what the page shows, in its order, formula-safe (a title "=1+1" stays text), and
each export an Event."""

import io
from datetime import date

import pytest

from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event

from ..conftest import client_for
from .conftest import session

pytestmark = pytest.mark.django_db


def _sheet(response) -> list[list]:
    return read_rows(io.BytesIO(b"".join(response.streaming_content)))


def test_the_records_export_keeps_a_formula_as_text(leader, officer_a, zone_a):
    session(officer_a, 2, title="=1+1", organiser="@SUM(A1)")
    session(officer_a, 3, kind="practice", title="驻企服务", on=date(2025, 4, 2))
    answer = client_for(leader).get(f"/training/records/export.xlsx?unit={zone_a.pk}&year=2025")
    assert answer.status_code == 200
    header, *rows = _sheet(answer)
    assert header[:7] == ["编号", "姓名", "所在单位", "日期", "类别", "学习内容", "学时"]
    assert [(r[4], r[5], r[6], r[7]) for r in rows] == [
        ("实践锻炼", "驻企服务", 3.0, ""),
        ("理论学习", "'=1+1", 2.0, "'@SUM(A1)"),
    ]
    event = Event.objects.get(verb="training.records_exported")
    assert event.after["rows"] == 2 and event.after["filter"]["unit"] == zone_a.pk


def test_the_progress_export_is_the_pages_people_in_its_order(target_2025, leader, officer_a, handler, zone_a):
    officer_a.user.full_name = "=HYPERLINK(1)"
    officer_a.user.save()
    for _ in range(3):
        session(officer_a, 20)
    session(handler, 24, kind="practice")
    answer = client_for(leader).get(f"/training/progress/export.xlsx?unit={zone_a.pk}&year=2025&sort=-theory")
    assert answer.status_code == 200
    title, header, *rows = _sheet(answer)
    assert "2025" in title[0] and header[3] == "理论学习（学时）"
    assert [(r[0], r[3], r[4], r[5], r[6], r[8]) for r in rows] == [
        ("'=HYPERLINK(1)", 60.0, 120.0, 50, 0.0, 0),
        (handler.user.full_name, 0.0, 120.0, 0, 24.0, 80),
        (leader.user.full_name, 0.0, 120.0, 0, 0.0, 0),
    ]
    assert {r[9] for r in rows} == {"进度滞后"}  # 2025 is over: every target read in full
    assert Event.objects.get(verb="training.progress_exported").after == {"unit": zone_a.pk, "year": 2025, "rows": 3}


def test_exports_follow_the_pages_permissions(officer_a, leader, zone_b):
    assert client_for(officer_a).get("/training/progress/export.xlsx").status_code == 403
    assert client_for(officer_a).get("/training/records/export.xlsx").status_code == 403
    assert client_for(leader).get(f"/training/progress/export.xlsx?unit={zone_b.pk}").status_code == 404
    assert not Event.objects.filter(verb__endswith="_exported").exists()
