"""The commitment pages as officers use them: the list and its filters, an agreement's sheet on screen and in Word,
recording it from the project's page, its changes (403 for a role without the permission, 404 outside the scope,
409 on a stale version, 422 naming the field), and the yearly figures page."""

import io

import pytest
from django.utils import translation
from docx import Document

from zonedesk.commitments import services
from zonedesk.commitments.models import Agreement, ZonePromise
from zonedesk.commitments.status import Status
from zonedesk.common.excel import read_rows
from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.orgs.models import Event
from zonedesk.projects.stages import Stage

from ..conftest import client_for
from .conftest import agreement_data, make_project


@pytest.fixture
def agreement(project, investment_a):
    """Its start (2025-09-30) is missed; production and capacity are still to come."""
    return services.record_agreement(project, agreement_data(), by=investment_a)


@pytest.fixture
def on_time(zone_a, investment_a, today):
    project = make_project(zone_a, name="科阳5G通信模组项目", stage=Stage.STARTED, started_on="2025-08-01")
    return services.record_agreement(project, {"start_by": "2025-09-30"}, by=investment_a)


def listed(page) -> list[str]:
    return [row.agreement.project.name for row in page.context["page"].object_list]


def test_the_list_filters_the_missed_starts(agreement, on_time, investment_a):
    client = client_for(investment_a)
    page = client.get("/commitments/")
    assert page.status_code == 200 and set(listed(page)) == {"新能源动力电池项目", "科阳5G通信模组项目"}
    missed = client.get("/commitments/", {"item": "start", "status": "missed"})
    assert listed(missed) == ["新能源动力电池项目"]
    assert 'data-item="start" data-status="missed"' in missed.content.decode()
    assert listed(client.get("/commitments/", {"item": "start", "status": "met"})) == ["科阳5G通信模组项目"]
    assert listed(client.get("/commitments/", {"q": "科阳"})) == ["科阳5G通信模组项目"]


def test_the_export_has_the_rows_the_filter_shows(agreement, on_time, investment_a):
    client = client_for(investment_a)
    response = client.get("/commitments/export.xlsx", {"item": "start", "status": "missed"})
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert [r[1] for r in rows[1:]] == ["新能源动力电池项目"]
    assert Event.objects.filter(verb="agreement.list_exported").count() == 1


def test_other_zones_and_enterprise_users_see_nothing(agreement, officer_b, enterprise_user):
    assert listed(client_for(officer_b).get("/commitments/")) == []
    for actor in (officer_b, enterprise_user):
        client = client_for(actor)
        assert client.get(f"/commitments/{agreement.pk}/").status_code == 404
        assert client.get(f"/commitments/{agreement.pk}/sheet.docx").status_code == 404
    assert client_for(enterprise_user).get("/commitments/").status_code == 404
    assert client_for(enterprise_user).get("/commitments/figures/").status_code == 404
    assert client_for(enterprise_user).get("/commitments/years/").status_code == 404


def test_the_sheet_shows_each_promise_with_its_status(agreement, officer_a):
    page = client_for(officer_a).get(f"/commitments/{agreement.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-item="start" data-status="missed"' in text and 'data-item="produce" data-status="on_track"' in text
    assert "form-edit" not in text  # a service officer reads it


def test_the_word_sheet_opens_with_the_project_and_its_statuses(agreement, investment_a):
    services.add_zone_promise(
        agreement, {"kind": "land_delivery", "description": "交付净地500亩", "due_on": "2025-06-30"}, by=investment_a
    )
    response = client_for(investment_a).get(f"/commitments/{agreement.pk}/sheet.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "新能源动力电池项目履约情况表" in text and "盐城锂航新能源有限公司" in text
    with translation.override("zh-hans"):
        missed, on_track = str(Status.MISSED.label), str(Status.ON_TRACK.label)
    assert missed in cells and on_track in cells and "交付净地500亩" in cells
    assert Event.objects.filter(verb="agreement.sheet_exported", object_id=str(agreement.pk)).count() == 1


def test_the_project_page_leads_to_recording_the_agreement(project, investment_a):
    client = client_for(investment_a)
    page = client.get(f"/projects/{project.pk}/")
    assert 'id="record-agreement"' in page.content.decode()
    form = client.get(f"/commitments/project/{project.pk}/")
    assert form.status_code == 200
    assert form.context["form"]["total_investment_wan"].value() == project.contracted_investment_wan
    bad = client.post(f"/commitments/project/{project.pk}/", agreement_data(start_by="2024-01-01"))
    assert bad.status_code == 422 and bad.context["form"].errors["start_by"]
    done = client.post(f"/commitments/project/{project.pk}/", agreement_data())
    agreement = Agreement.objects.get(project=project)
    assert done.status_code == 302 and done["Location"] == f"/commitments/{agreement.pk}/"
    assert client.get(f"/commitments/project/{project.pk}/")["Location"] == f"/commitments/{agreement.pk}/"
    assert "commitments-panel" in client.get(f"/projects/{project.pk}/").content.decode()


def test_recording_needs_the_permission_the_scope_and_a_signed_project(project, zone_a, officer_a, officer_b, leader):
    assert client_for(officer_a).get(f"/commitments/project/{project.pk}/").status_code == 403
    assert client_for(officer_b).get(f"/commitments/project/{project.pk}/").status_code == 404
    lead = make_project(zone_a, name="洽谈中项目", stage=Stage.NEGOTIATING, signed_on=None)
    page = client_for(leader).get(f"/commitments/project/{lead.pk}/")
    assert 'id="not-eligible"' in page.content.decode()
    assert client_for(leader).post(f"/commitments/project/{lead.pk}/", agreement_data()).status_code == 422
    assert not Agreement.objects.exists()


def test_changing_the_agreement(agreement, investment_a, officer_a, officer_b):
    client = client_for(investment_a)
    data = agreement_data(jobs="1800", version=1)
    assert client_for(officer_a).post(f"/commitments/{agreement.pk}/edit/", data).status_code == 403
    assert client_for(officer_b).post(f"/commitments/{agreement.pk}/edit/", data).status_code == 404
    assert client.post(f"/commitments/{agreement.pk}/edit/", agreement_data(jobs="很多", version=1)).status_code == 422
    assert client.post(f"/commitments/{agreement.pk}/edit/", data).status_code == 302
    assert client.post(f"/commitments/{agreement.pk}/edit/", agreement_data(jobs="1900", version=1)).status_code == 409
    agreement.refresh_from_db()
    assert agreement.jobs == 1800 and agreement.version == 2


def test_the_zones_promises_on_the_page(agreement, investment_a, officer_a):
    client = client_for(investment_a)
    new = {"kind": "utilities", "description": "水电气接入厂区红线", "due_on": "2025-08-31"}
    assert client_for(officer_a).post(f"/commitments/{agreement.pk}/promises/", new).status_code == 403
    assert client.post(f"/commitments/{agreement.pk}/promises/", {**new, "due_on": ""}).status_code == 422
    assert client.post(f"/commitments/{agreement.pk}/promises/", new).status_code == 302
    promise = ZonePromise.objects.get()
    done = {**new, "done_on": "2025-08-20", "version": 1}
    assert client.post(f"/commitments/{agreement.pk}/promises/{promise.pk}/", done).status_code == 302
    promise.refresh_from_db()
    assert str(promise.done_on) == "2025-08-20"
    page = client.get(f"/commitments/{agreement.pk}/")
    assert f'data-promise="{promise.pk}" data-status="met"' in page.content.decode()


def test_the_yearly_figures_page(enterprise, officer_a, leader, today):
    client = client_for(officer_a)
    assert client.get("/commitments/years/").status_code == 200
    data = {"enterprise": enterprise.pk, "year": "2025", "output_wan": "5.2亿", "tax_wan": "3100", "employees": "860"}
    assert client.post("/commitments/years/", {**data, "output_wan": "数亿元"}).status_code == 422
    assert client.post("/commitments/years/", data).status_code == 302
    row = EnterpriseYear.objects.get()
    assert row.output_wan == 52000
    assert client.post("/commitments/years/", data).status_code == 422  # the year is in: change it instead
    changed = {**data, "tax_wan": "3300", "row": row.pk, "version": 1}
    assert client.post("/commitments/years/", changed).status_code == 302
    assert client.post("/commitments/years/", {**changed, "tax_wan": "3400"}).status_code == 409
    assert client_for(leader).post("/commitments/years/", data).status_code == 403
    page = client.get("/commitments/years/", {"year": 2025})
    assert f'data-year-row="{row.pk}"' in page.content.decode()
    row.refresh_from_db()
    assert row.tax_wan == 3300


def test_a_change_keeps_the_rows_enterprise_and_year(enterprise, other_enterprise, officer_a, today):
    client = client_for(officer_a)
    for e in (enterprise, other_enterprise):
        client.post("/commitments/years/", {"enterprise": e.pk, "year": "2025", "output_wan": "100"})
    mine = EnterpriseYear.objects.get(enterprise=enterprise)
    sent = {"enterprise": other_enterprise.pk, "year": "2024", "output_wan": "150", "row": mine.pk, "version": 1}
    assert client.post(f"/commitments/years/?edit={mine.pk}", sent).status_code == 302
    outputs = dict(EnterpriseYear.objects.values_list("enterprise__name", "output_wan"))
    assert outputs == {enterprise.name: 150, other_enterprise.name: 100}
    assert EnterpriseYear.objects.get(pk=mine.pk).year == 2025
