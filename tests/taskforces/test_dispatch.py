"""周调度: the zone's key projects for a week, as a page, a Word document in the government layout and a sheet."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage
from zonedesk.taskforces import services
from zonedesk.taskforces.dispatch import dispatch_docx, dispatch_xlsx, weekly_dispatch

from ..conftest import client_for

TODAY = timezone.localdate()
YEAR, WEEK, _DAY = TODAY.isocalendar()


@pytest.fixture
def key_project(zone_a):
    return Project.objects.create(
        name="新能源动力电池项目",
        unit=zone_a,
        stage=Stage.NEGOTIATING,
        lead_on=TODAY - timedelta(days=60),
        key_level="province",
    )


@pytest.fixture
def reported(task_force, pm_a, department_a):
    monday = TODAY - timedelta(days=TODAY.weekday())
    services.add_milestone(task_force, name="主体结构封顶", planned_on=monday - timedelta(days=3), by=pm_a)
    services.add_milestone(task_force, name="设备进场", planned_on=monday + timedelta(days=4), by=pm_a)
    services.add_element_need(
        task_force, kind="land", description="新增用地", quantity="120亩", owner_department=department_a, by=pm_a
    )
    data = {"progress": "主体钢结构吊装完成", "percent_complete": 45, "investment_this_week_wan": "1200"}
    services.submit_weekly_report(task_force, {**data, "blockers": "施工用电容量不足"}, by=pm_a)
    return task_force


def test_the_dispatch_lists_every_key_project_with_its_week(reported, key_project, zone_a, pm_a):
    data = weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK)
    rows = {row["name"]: row for row in data["rows"]}
    assert set(rows) == {"国阳智能装备产业园", "新能源动力电池项目"}
    row = rows["国阳智能装备产业园"]
    assert [m["name"] for m in row["overdue"]] == ["主体结构封顶"]
    assert [m["name"] for m in row["due"]] == ["设备进场"]
    assert row["report"].percent_complete == 45
    assert row["blockers"] == "施工用电容量不足"
    assert "新增用地" in row["needs"][0]["text"]
    assert rows["新能源动力电池项目"]["report"] is None


def test_the_word_document_is_a4_with_chinese_fonts_and_page_numbers(reported, key_project, zone_a, pm_a):
    data = weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK)
    doc = Document(io.BytesIO(dispatch_docx(data)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert data["title"] in text and "周调度" in data["title"]
    assert "国阳智能装备产业园" in text and "新能源动力电池项目" in text
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1) and abs(section.page_height - Cm(29.7)) < Cm(0.1)
    heading = next(p for p in doc.paragraphs if p.text.endswith("国阳智能装备产业园"))
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert doc.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    body = next(p for p in doc.paragraphs if "主体钢结构吊装完成" in p.text)
    assert "仿宋" in body.runs[-1]._element.rPr.rFonts.get(qn("w:eastAsia"))
    assert "仿宋" in doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    footer = section.footer._element.xml
    assert 'w:fldCharType="begin"' in footer and "PAGE" in footer


def test_the_sheet_has_one_row_per_key_project(reported, key_project, zone_a, pm_a):
    data = weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK)
    rows = read_rows(dispatch_xlsx(data))
    names = [row[1] for row in rows[2:] if row and row[1]]
    assert names == [row["name"] for row in data["rows"]]


def test_the_page_and_downloads_show_the_zone_and_record_the_export(reported, zone_a, leader):
    client = client_for(leader)
    query = {"unit": zone_a.pk, "year": YEAR, "week": WEEK}
    page = client.get(reverse("dispatch:dispatch"), query)
    assert page.status_code == 200 and "国阳智能装备产业园" in page.content.decode()
    docx = client.get(reverse("dispatch:docx"), query)
    assert docx.status_code == 200
    assert "国阳智能装备产业园" in "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(docx.streaming_content))).paragraphs
    )
    xlsx = client.get(reverse("dispatch:xlsx"), query)
    assert xlsx.status_code == 200
    assert Event.objects.filter(verb="taskforce.dispatch_exported").count() == 2


@pytest.mark.parametrize("name", ["dispatch:dispatch", "dispatch:docx", "dispatch:xlsx"])
def test_zone_b_asks_for_zone_a_and_gets_404(reported, zone_a, officer_b, name):
    response = client_for(officer_b).get(reverse(name), {"unit": zone_a.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["dispatch:dispatch", "dispatch:docx", "dispatch:xlsx"])
def test_an_enterprise_user_gets_404(reported, zone_a, enterprise_user, name):
    response = client_for(enterprise_user).get(reverse(name), {"unit": zone_a.pk})
    assert response.status_code == 404
    assert not Event.objects.filter(verb="taskforce.dispatch_exported").exists()


def test_the_dispatch_runs_as_many_queries_for_many_projects_as_for_one(reported, zone_a, pm_a, leader):
    services.add_task(reported, title="事项", deadline=TODAY - timedelta(days=30), by=pm_a)  # the calendar is read

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK)
        return len(captured)

    one = queries()
    for n in range(3):
        project = Project.objects.create(
            name=f"重点项目{n}", unit=zone_a, stage=Stage.STARTED, lead_on=TODAY - timedelta(days=90), key_level="city"
        )
        force = services.create_task_force(project, leader.user, by=leader, created_on=TODAY - timedelta(days=5))
        services.add_milestone(force, name="开工", planned_on=TODAY - timedelta(days=2), by=leader)
        services.add_task(force, title="事项", deadline=TODAY - timedelta(days=30), by=leader)
    assert queries() == one
