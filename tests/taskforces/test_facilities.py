"""A facility's task force works as an investment project's: set up while planned, milestones from the facility
template, responsibility items, weekly reports feeding its investment completed; and the weekly dispatch (page, Word,
Excel) shows the zone's facilities in a section of their own beside the investment projects."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from zonedesk.common.errors import Rejected
from zonedesk.common.excel import read_rows
from zonedesk.projects import services as projects
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage
from zonedesk.taskforces import services
from zonedesk.taskforces.dispatch import dispatch_docx, dispatch_xlsx, weekly_dispatch
from zonedesk.taskforces.models import MilestoneTemplate, ProjectKind, TaskStatus

from ..conftest import client_for

TODAY = timezone.localdate()
YEAR, WEEK, _DAY = TODAY.isocalendar()
DAY = timedelta(days=1)


@pytest.fixture
def built(leader, zone_a):
    """质检中心, planned 200 days ago and started 60 days ago, built by the zone's company."""
    facility = projects.create_facility(
        leader,
        unit=zone_a,
        name="电子信息产业质检中心",
        builder="经开区开发建设公司",
        investment="1.2亿元",
        planned_on=TODAY - 200 * DAY,
    )
    return projects.advance_stage(facility, Stage.STARTED, by=leader, on=TODAY - 60 * DAY)


@pytest.fixture
def facility_force(built, pm_a, department_a):
    """Its task force, with a milestone overdue, one due this week, a task, and this week's report."""
    force = services.create_task_force(built, pm_a.user, by=pm_a, created_on=TODAY - 60 * DAY)
    monday = TODAY - timedelta(days=TODAY.weekday())
    services.add_milestone(force, name="主体完工", planned_on=monday - 3 * DAY, by=pm_a)
    services.add_milestone(force, name="竣工验收", planned_on=monday + 4 * DAY, by=pm_a)
    services.add_task(
        force, title="检测设备采购招标", deadline=TODAY + 10 * DAY, owner_department=department_a, by=pm_a
    )
    data = {"progress": "主体结构施工至五层", "percent_complete": 52, "investment_this_week_wan": "800"}
    services.submit_weekly_report(force, {**data, "blockers": "钢材价格上涨"}, by=pm_a)
    return force


def test_a_planned_facility_gets_a_task_force_a_plain_lead_does_not(leader, zone_a, pm_a):
    planned = projects.create_facility(leader, unit=zone_a, name="固废处理中心", planned_on=TODAY - 10 * DAY)
    force = services.create_task_force(planned, pm_a.user, by=pm_a)
    assert force.project == planned and force.unit == zone_a
    lead = projects.create_project({"name": "岩象装备", "unit": zone_a}, by=leader)
    with pytest.raises(Rejected):
        services.create_task_force(lead, pm_a.user, by=pm_a)
    dropped = projects.create_facility(leader, unit=zone_a, name="国阳产业园邻里中心")
    dropped = projects.advance_stage(dropped, Stage.DROPPED, by=leader, reason="并入电子信息产业园邻里中心")
    with pytest.raises(Rejected):
        services.create_task_force(dropped, pm_a.user, by=pm_a)


def test_the_facility_template_plans_design_tender_construction_and_use(built, pm_a):
    force = services.create_task_force(built, pm_a.user, by=pm_a, created_on=TODAY - 60 * DAY)
    start = date(2026, 3, 2)
    created = services.apply_milestone_template(force, ProjectKind.FACILITY, start_on=start, by=pm_a)
    assert [(m.name, (m.planned_on - start).days) for m in created] == [
        ("立项", 0),
        ("设计", 45),
        ("招标", 90),
        ("开工", 120),
        ("主体完工", 270),
        ("竣工验收", 330),
        ("投用", 360),
    ]
    assert MilestoneTemplate.objects.filter(kind=ProjectKind.FACILITY).count() == 7


def test_the_task_force_page_offers_the_facility_template(facility_force, pm_a):
    page = client_for(pm_a).get(reverse("taskforces:detail", args=[facility_force.pk]))
    assert page.status_code == 200
    assert page.context["forms"]["template"].initial["kind"] == ProjectKind.FACILITY


def test_tasks_and_weekly_reports_work_for_a_facility(facility_force, built, pm_a, handler):
    assert Project.objects.get(pk=built.pk).investment_completed_wan == Decimal("800.00")
    task = facility_force.tasks.get()
    services.complete_task(task, by=handler)
    assert facility_force.tasks.get().status == TaskStatus.DONE


def test_the_dispatch_lists_the_facility_in_its_own_section(facility_force, built, pm_a, zone_a, leader):
    key = projects.create_project({"name": "新能源动力电池项目", "unit": zone_a, "key_level": "province"}, by=leader)
    data = weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK)
    assert [(s["kind"], [r["name"] for r in s["rows"]]) for s in data["sections"]] == [
        ("investment", [key.name]),
        ("facility", ["电子信息产业质检中心"]),
    ]
    row = data["sections"][1]["rows"][0]
    assert row["stage"] == Stage.STARTED.label and row["builder"] == "经开区开发建设公司"
    assert [m["name"] for m in row["overdue"]] == ["主体完工"] and [m["name"] for m in row["due"]] == ["竣工验收"]
    assert row["report"].percent_complete == 52 and row["blockers"] == "钢材价格上涨"
    assert [r["name"] for r in data["rows"]] == [key.name, "电子信息产业质检中心"]
    assert (data["totals"]["projects"], data["totals"]["facilities"], data["totals"]["reported"]) == (2, 1, 1)


def test_another_zone_s_facility_is_not_in_the_dispatch(facility_force, investment_b, zone_b, pm_a, zone_a):
    other = projects.create_facility(investment_b, unit=zone_b, name="海河镇邻里中心", key_level="county")
    assert other.pk not in [r["project"].pk for r in weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK)["rows"]]


def test_the_word_document_has_a_section_for_the_facilities(facility_force, built, pm_a, zone_a, leader):
    projects.create_project({"name": "新能源动力电池项目", "unit": zone_a, "key_level": "province"}, by=leader)
    doc = Document(io.BytesIO(dispatch_docx(weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK))))
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("一、招商项目") < texts.index("1. 新能源动力电池项目") < texts.index("二、配套设施项目")
    assert texts.index("二、配套设施项目") < texts.index("1. 电子信息产业质检中心")
    facts = next(t for t in texts if "建设单位 经开区开发建设公司" in t)
    assert facts.startswith(f"基本情况：{Stage.STARTED.label}；总投资 1.2亿元")
    assert any("主体结构施工至五层" in t for t in texts)
    assert any("其中配套设施项目 1 个" in t for t in texts)


def test_the_sheet_names_the_kind_of_each_project(facility_force, pm_a, zone_a):
    rows = read_rows(dispatch_xlsx(weekly_dispatch(pm_a.user, zone_a, YEAR, WEEK)))
    header = next(r for r in rows if r and r[0] == "序号")
    found = next(r for r in rows if r and r[1] == "电子信息产业质检中心")
    assert found[header.index("项目类别")] == "配套设施项目"
    assert found[header.index("阶段")] == Stage.STARTED.label


def test_the_dispatch_page_and_download_show_the_facility(facility_force, leader, zone_a):
    client = client_for(leader)
    query = {"unit": zone_a.pk, "year": YEAR, "week": WEEK}
    html = client.get(reverse("dispatch:dispatch"), query).content.decode()
    assert 'data-kind="facility"' in html and "电子信息产业质检中心" in html
    docx = client.get(reverse("dispatch:docx"), query)
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(docx.streaming_content))).paragraphs)
    assert "配套设施项目" in text and "电子信息产业质检中心" in text


def test_the_api_names_the_kind_of_the_task_force_s_project(facility_force, pm_a):
    body = client_for(pm_a).get(f"/api/v1/taskforces/{facility_force.pk}").json()
    assert body["project_kind"] == "facility" and body["stage"] == "started"
