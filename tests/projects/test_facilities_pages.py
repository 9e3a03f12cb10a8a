"""The facility pages: "new facility project", its page with the facility stages, its edit page, the project list's
kind filter and its export; and who may not (a handler: 403; another zone: 404)."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zonedesk.common.excel import read_rows
from zonedesk.projects import services
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Kind, Stage

from ..conftest import client_for

TODAY = timezone.localdate()


@pytest.fixture
def built(investment_a, zone_a):
    return services.create_facility(
        investment_a, unit=zone_a, name="电子信息产业质检中心", investment="1.2亿元", planned_on=TODAY - timedelta(30)
    )


@pytest.fixture
def lead(investment_a, zone_a):
    return services.create_project({"name": "国阳智能装备产业园", "unit": zone_a}, by=investment_a)


def test_an_officer_records_a_facility_on_its_page(investment_a, zone_a, department_a):
    client = client_for(investment_a)
    page = client.get(reverse("projects:facility_create"))
    assert page.status_code == 200
    assert set(page.context["form"].fields) >= {"builder", "owner_department", "investment", "planned_on"}
    assert "investor_name" not in page.context["form"].fields
    data = {
        "name": "启航公寓",
        "unit": zone_a.pk,
        "builder": "经开区开发建设公司",
        "owner_department": department_a.pk,
        "investment": "1.5亿元",
        "planned_on": "2026年10月8日",
        "officer": investment_a.user.pk,
    }
    response = client.post(reverse("projects:facility_create"), data)
    project = Project.objects.get(name="启航公寓")
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert (project.kind, project.stage, str(project.lead_on)) == (Kind.FACILITY, Stage.PLANNED, "2026-10-08")
    assert project.owner_department == department_a


def test_a_bad_amount_stays_on_the_form_and_records_nothing(investment_a, zone_a):
    data = {"name": "启航公寓", "unit": zone_a.pk, "investment": "数亿元"}
    response = client_for(investment_a).post(reverse("projects:facility_create"), data)
    assert response.status_code == 200 and response.context["form"].errors["investment"]
    assert not Project.objects.exists()


def test_a_handler_is_refused_the_page_and_the_post(handler, zone_a):
    client = client_for(handler)
    assert client.get(reverse("projects:facility_create")).status_code == 403
    assert client.post(reverse("projects:facility_create"), {"name": "x", "unit": zone_a.pk}).status_code == 403
    assert not Project.objects.exists()


def test_the_page_of_a_facility_shows_its_own_stages_and_actions(built, leader):
    page = client_for(leader).get(built.get_absolute_url())
    assert page.status_code == 200
    assert [s["stage"] for s in page.context["steps"]] == [Stage.PLANNED, Stage.STARTED, Stage.COMPLETED, Stage.IN_USE]
    assert page.context["next_label"] == Stage.STARTED.label
    may = page.context["may"]
    assert may["advance"] and may["drop"] and may["task_force"]
    assert not (may["resign"] or may["funds"] or may["refer"] or may["back"])
    html = page.content.decode()
    assert 'data-stage="completed"' in html and 'data-stage="in_use"' in html and 'data-stage="signed"' not in html
    assert reverse("projects:facility_edit", args=[built.pk]) in html


def test_moving_a_facility_on_its_page_follows_the_facility_table(built, leader):
    client = client_for(leader)
    url = reverse("projects:move", args=[built.pk])
    refused = client.post(url, {"to": Stage.SIGNED, "version": built.version, "contracted_investment": "1亿元"})
    assert refused.status_code == 200 and Project.objects.get(pk=built.pk).stage == Stage.PLANNED
    moved = client.post(url, {"to": Stage.STARTED, "version": built.version})
    assert moved.status_code == 302 and Project.objects.get(pk=built.pk).stage == Stage.STARTED
    stale = client.post(url, {"to": Stage.COMPLETED, "version": built.version})
    assert stale.status_code == 409


def test_editing_a_facility_goes_through_its_own_form(built, investment_a):
    client = client_for(investment_a)
    assert client.get(reverse("projects:edit", args=[built.pk])).url == reverse(
        "projects:facility_edit", args=[built.pk]
    )
    data = {"name": built.name, "builder": "射阳城投", "investment": "1.2亿元", "version": built.version}
    response = client.post(reverse("projects:facility_edit", args=[built.pk]), data)
    assert response.status_code == 302
    assert Project.objects.get(pk=built.pk).builder == "射阳城投"


def test_another_zone_gets_404_on_a_facility_and_its_edit_page(built, officer_b, investment_b):
    assert client_for(officer_b).get(built.get_absolute_url()).status_code == 404
    assert client_for(investment_b).get(reverse("projects:facility_edit", args=[built.pk])).status_code == 404


def test_the_list_shows_investment_projects_unless_asked_for_facilities(built, lead, investment_a):
    client = client_for(investment_a)

    def listed(url, **params):
        return [p.pk for p in client.get(url, params).context["page"]]

    assert listed(reverse("projects:list")) == [lead.pk]
    assert listed(reverse("projects:list"), kind="facility") == [built.pk]
    assert listed(reverse("projects:facilities")) == [built.pk]
    assert listed(reverse("projects:list"), kind="nonsense") == [lead.pk]  # an unknown kind is left out
    page = client.get(reverse("projects:facilities"))
    facility_stages = [Stage.PLANNED, Stage.STARTED, Stage.COMPLETED, Stage.IN_USE, Stage.DROPPED]
    assert [value for value, _label in page.context["stages"]] == facility_stages
    assert "kind=facility" in page.context["query"]  # the export link exports facilities


def test_the_export_of_facilities_has_their_own_columns(built, lead, investment_a):
    response = client_for(investment_a).get(reverse("projects:export"), {"kind": "facility"})
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    header = next(r for r in rows if r and r[0] == "项目名称")
    assert "建设单位" in header and "投资方" not in header
    names = [r[0] for r in rows[rows.index(header) + 1 :] if r and r[0]]
    assert names == ["电子信息产业质检中心"]


def test_the_board_of_facilities_has_their_stages(built, lead, investment_a):
    columns = client_for(investment_a).get(reverse("projects:board"), {"kind": "facility"}).context["columns"]
    assert [c["stage"] for c in columns] == [Stage.PLANNED, Stage.STARTED, Stage.COMPLETED, Stage.IN_USE, Stage.DROPPED]
    assert [p.pk for c in columns for p in c["projects"]] == [built.pk]
    default = client_for(investment_a).get(reverse("projects:board")).context["columns"]
    assert [p.pk for c in default for p in c["projects"]] == [lead.pk]
