"""Ranking exports (Excel and Word) and score sheets as Word: they open, list the subjects in rank order, are
formula-safe, stay in scope, and each is an Event."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from python_calamine import CalamineWorkbook

from zonedesk.assessment import services
from zonedesk.assessment.models import Rule
from zonedesk.orgs.models import Event, UnitKind

from ..conftest import client_for
from ..factories import UnitFactory

Q2, Q3 = date(2026, 4, 1), date(2026, 7, 1)


@pytest.fixture
def sheet(on_day, system, county, zone_a, zone_b, county_leader):
    """Q3 of a county scheme over three zones (one named like a formula): B 15, A 10, the third 0; Q2 published."""
    on_day(date(2026, 10, 15))
    UnitFactory(name="=HYPERLINK(1)", kind=UnitKind.ZONE, parent=county)
    scheme = services.create_scheme(
        system, unit=county, name="园区综合考核", period_kind="quarter", subject_kind="zone"
    )
    item = services.add_item(
        system, scheme, indicator="manual", rule=Rule.MANUAL, label="领导评价", weight=20, scorers=[county_leader.user]
    )
    services.add_item(system, scheme, indicator="demands_overdue", rule=Rule.PENALTY, weight=10, penalty_per_item=2)
    for period, points in ((Q2, {zone_a: 12, zone_b: 5}), (Q3, {zone_a: 10, zone_b: 15})):
        for zone, value in points.items():
            services.give_manual_score(
                county_leader, item, period_start=period, subject=zone, points=value, reason=f"理由{value}"
            )
    services.publish(system, services.compute(system, scheme, Q2))
    return services.compute(system, scheme, Q3)


def docx_text(response) -> tuple[list[str], list[list[str]]]:
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    paragraphs = [p.text for p in doc.paragraphs]
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    return paragraphs, rows


def test_the_ranking_as_excel_lists_subjects_in_rank_order_formula_safe(sheet, supervisor):
    response = client_for(supervisor).get(f"/assessment/sheets/{sheet.pk}/ranking.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert "园区综合考核" in rows[0][0] and "2026年第3季度" in rows[0][0]
    body = rows[2:]
    assert [r[1] for r in body] == ["海河镇", "射阳经济开发区", "'=HYPERLINK(1)"]
    assert [r[0] for r in body] == [1, 2, 3]
    assert [r[2] for r in body] == [15, 10, 0]
    assert body[0][3] == "↑1" and body[1][3] == "↓1"
    assert "领导评价" in rows[1]  # a column per indicator
    event = Event.objects.get(verb="score_sheet.exported")
    assert event.actor == supervisor.user and event.after["format"] == "xlsx" and event.after["sheet"] == sheet.pk


def test_the_ranking_as_word_has_the_title_the_table_in_rank_order_and_the_dates(sheet, supervisor):
    response = client_for(supervisor).get(f"/assessment/sheets/{sheet.pk}/ranking.docx")
    assert response.status_code == 200
    paragraphs, rows = docx_text(response)
    assert "园区综合考核" in paragraphs[0] and "2026年第3季度" in paragraphs[0]
    facts = paragraphs[1]
    assert f"{timezone.localtime(sheet.computed_at):%Y-%m-%d}" in facts and "—" in facts  # computed, not published
    assert [r[1] for r in rows[1:]] == ["海河镇", "射阳经济开发区", "=HYPERLINK(1)"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[1][3] == "↑1" and rows[2][3] == "↓1"
    assert Event.objects.filter(verb="score_sheet.exported", after__format="docx").count() == 1


def test_every_score_sheet_as_word_has_all_lines_of_each_subject_in_rank_order(sheet, supervisor):
    response = client_for(supervisor).get(f"/assessment/sheets/{sheet.pk}/scores.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    headings = [p.text for p in doc.paragraphs if "2026年第3季度" in p.text]
    assert [re.split("[:：]", h)[0] for h in headings] == ["海河镇", "射阳经济开发区", "=HYPERLINK(1)"]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    assert [len(t) for t in tables] == [3, 3, 3]  # per subject: the header and both lines
    first = tables[0][1]
    assert first[:3] == ["领导评价", "15分", "15"] and first[4] == "理由15"
    assert tables[2][1][1] == "—"  # the third zone was not scored by the leader


def test_one_subjects_score_sheet_as_word(sheet, supervisor, zone_a):
    score = sheet.scores.get(subject_unit=zone_a)
    response = client_for(supervisor).get(f"/assessment/scores/{score.pk}/score.docx")
    assert response.status_code == 200
    paragraphs, rows = docx_text(response)
    assert paragraphs[0].startswith("射阳经济开发区")
    assert len(rows) == 3  # header, the manual item, the penalty
    assert rows[1][4] == "理由10"
    event = Event.objects.get(verb="score_sheet.exported")
    assert event.after["score"] == score.pk and event.after["document"] == "score_sheet"


def test_an_officer_of_zone_b_gets_404_on_every_export_of_a_county_sheet(sheet, officer_b):
    client = client_for(officer_b)
    score = sheet.scores.first()
    for url in (
        f"/assessment/sheets/{sheet.pk}/ranking.xlsx",
        f"/assessment/sheets/{sheet.pk}/ranking.docx",
        f"/assessment/sheets/{sheet.pk}/scores.docx",
        f"/assessment/scores/{score.pk}/score.docx",
    ):
        assert client.get(url).status_code == 404, url
    assert not Event.objects.filter(verb="score_sheet.exported").exists()


def test_an_enterprise_user_cannot_export(sheet, enterprise_user):
    assert client_for(enterprise_user).get(f"/assessment/sheets/{sheet.pk}/ranking.xlsx").status_code == 404


def test_the_exports_and_the_ranking_page_read_as_many_queries_for_many_subjects_as_for_few(
    sheet, system, supervisor, county
):
    client = client_for(supervisor)
    urls = ("/assessment/sheets/{}/", "/assessment/sheets/{}/scores.docx", "/assessment/sheets/{}/ranking.xlsx")

    def counts(pk: int) -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url.format(pk))
                b"".join(response.streaming_content) if response.streaming else response.content
            found.append(len(queries))
        return found

    few = counts(sheet.pk)
    for n in range(4):
        UnitFactory(name=f"新区{n}", kind=UnitKind.ZONE, parent=county)
    more = services.compute(system, sheet.scheme, Q3)
    assert more.scores.count() == 7
    assert counts(more.pk) == few
