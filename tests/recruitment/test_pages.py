"""The staff posting pages: the list with its filters and Excel export, publishing for an enterprise, one posting's
page and its actions, and who finds nothing (404)."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from zonedesk.common.errors import Conflict
from zonedesk.orgs.models import Event
from zonedesk.recruitment import services
from zonedesk.recruitment.models import JobPosting
from zonedesk.recruitment.states import PostingStatus

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .conftest import posting_data


def html(response) -> str:
    return response.content.decode()


def conflict_text() -> str:
    with translation.override("zh-hans"):
        return str(Conflict().message)


@pytest.fixture
def posting(officer_a, enterprise, machinery):
    enterprise.industry = machinery
    enterprise.save(update_fields=["industry"])
    return services.publish_posting(officer_a, enterprise, posting_data(position="数控车工", count=12))


@pytest.fixture
def other_posting(officer_a, other_enterprise, electronics):
    other_enterprise.industry = electronics
    other_enterprise.save(update_fields=["industry"])
    return services.publish_posting(officer_a, other_enterprise, posting_data(position="SMT操作员", count=30))


def test_the_officer_lists_and_filters_the_zones_postings(officer_a, posting, other_posting, enterprise, zone_a):
    client = client_for(officer_a)
    page = client.get(reverse("recruitment:postings"))
    assert page.status_code == 200
    assert [r["p"] for r in page.context["rows"]] == [other_posting, posting]
    assert "数控车工" in html(page) and "SMT操作员" in html(page)
    page = client.get(reverse("recruitment:postings"), {"enterprise": enterprise.pk})
    assert [r["p"] for r in page.context["rows"]] == [posting]
    page = client.get(reverse("recruitment:postings"), {"industry": "39"})
    assert [r["p"] for r in page.context["rows"]] == [other_posting]
    page = client.get(reverse("recruitment:postings"), {"industry": "C"})  # the manufacturing section covers both
    assert len(page.context["rows"]) == 2
    page = client.get(reverse("recruitment:postings"), {"unit": zone_a.pk, "status": PostingStatus.CLOSED})
    assert page.context["rows"] == []
    page = client.get(reverse("recruitment:postings"), {"q": "SMT"})
    assert [r["p"] for r in page.context["rows"]] == [other_posting]


def test_the_list_shows_25_a_page_in_as_many_queries_for_30_rows_as_for_1(officer_a, zone_a, posting):
    client = client_for(officer_a)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("recruitment:postings"))
    for n in range(30):
        services.publish_posting(officer_a, EnterpriseFactory(unit=zone_a), posting_data(position=f"岗位{n}"))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("recruitment:postings"))
    assert len(page.context["rows"]) == 25 and page.context["page"].paginator.count == 31
    assert len(many) == len(one)


def test_a_figures_filter_is_kept_and_shown_with_its_column(officer_a, posting, on_day):
    client = client_for(officer_a)
    page = client.get(reverse("recruitment:postings"), {"open_on": "2099-01-01", "status": "open"})
    assert page.context["open_on"] == date(2099, 1, 1)
    assert '<input type="hidden" name="open_on" value="2099-01-01">' in html(page)
    assert page.context["rows"][0]["p"].open_positions == 12


def test_another_zone_and_an_enterprise_user_do_not_reach_the_staff_pages(officer_b, enterprise_user, posting):
    assert client_for(officer_b).get(reverse("recruitment:postings")).context["rows"] == []
    assert client_for(officer_b).get(reverse("recruitment:posting", args=[posting.pk])).status_code == 404
    ent = client_for(enterprise_user)
    assert ent.get(reverse("recruitment:postings")).status_code == 404
    assert ent.get(reverse("recruitment:export")).status_code == 404
    # Its own posting's staff address sends it to its own page.
    assert ent.get(reverse("recruitment:posting", args=[posting.pk])).url == f"/my/jobs/{posting.pk}/"


def test_the_officer_publishes_for_an_enterprise(officer_a, enterprise):
    client = client_for(officer_a)
    form = client.get(reverse("recruitment:create"), {"enterprise": enterprise.pk})
    assert form.status_code == 200 and f'value="{enterprise.pk}" selected' in html(form)
    data = {**posting_data(position="焊工", count="８", salary_min="6,000"), "enterprise": enterprise.pk}
    resp = client.post(reverse("recruitment:create"), data)
    posting = JobPosting.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("recruitment:posting", args=[posting.pk])
    assert (posting.position, posting.count, posting.salary_min, posting.unit) == ("焊工", 8, 6000, enterprise.unit)


def test_a_bad_field_is_named_and_nothing_is_published(officer_a, enterprise):
    data = {**posting_data(salary_min=9000, salary_max=5000), "enterprise": enterprise.pk}
    resp = client_for(officer_a).post(reverse("recruitment:create"), data)
    assert resp.status_code == 422
    assert resp.context["form"].errors["salary_max"]
    assert not JobPosting.objects.exists()


def test_the_posting_page_shows_its_facts_and_the_officers_actions(officer_a, posting):
    page = client_for(officer_a).get(reverse("recruitment:posting", args=[posting.pk]))
    assert page.status_code == 200 and page.context["may_act"]
    text = html(page)
    assert "数控车工" in text and "13812348000" in text  # the service officer calls enterprises: in clear
    assert 'id="form-edit"' in text and 'id="form-close"' in text and 'id="form-hires"' in text


def test_a_leader_reads_the_posting_without_its_actions(leader, posting):
    page = client_for(leader).get(reverse("recruitment:posting", args=[posting.pk]))
    assert page.status_code == 200 and not page.context["may_act"]
    assert 'id="form-edit"' not in html(page)


def test_editing_with_the_version_read_saves_and_a_stale_version_is_a_409(officer_a, posting):
    client = client_for(officer_a)
    url = reverse("recruitment:edit", args=[posting.pk])
    data = {**posting_data(position="数控车工（夜班）", count=15), "version": posting.version}
    resp = client.post(url, data)
    assert resp.status_code == 302
    posting.refresh_from_db()
    assert (posting.position, posting.count, posting.version) == ("数控车工（夜班）", 15, 2)
    stale = client.post(url, {**data, "count": 20, "version": 1})
    assert stale.status_code == 409 and conflict_text() in html(stale)
    posting.refresh_from_db()
    assert posting.count == 15


def test_recording_hires_and_closing_through_the_page(officer_a, posting, on_day):
    client = client_for(officer_a)
    resp = client.post(reverse("recruitment:hires", args=[posting.pk]), {"count": "5", "version": posting.version})
    assert resp.status_code == 302
    posting.refresh_from_db()
    assert posting.filled == 5
    too_many = client.post(reverse("recruitment:hires", args=[posting.pk]), {"count": "50", "version": posting.version})
    assert too_many.status_code == 422 and too_many.context["forms"]["hires"].errors["count"]
    resp = client.post(
        reverse("recruitment:close", args=[posting.pk]), {"reason": "已招满", "version": posting.version}
    )
    assert resp.status_code == 302
    posting.refresh_from_db()
    assert posting.status == PostingStatus.CLOSED and posting.close_reason == "已招满"
    assert Event.objects.filter(verb="posting.closed", object_id=str(posting.pk)).count() == 1


def test_zone_b_cannot_act_on_zone_as_posting(officer_b, posting):
    resp = client_for(officer_b).post(reverse("recruitment:close", args=[posting.pk]), {"version": posting.version})
    assert resp.status_code == 404
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN


def test_the_excel_export_carries_the_filtered_rows_formula_safe(officer_a, posting, other_posting, enterprise):
    services.update_posting(officer_a, posting, {"requirements": '=HYPERLINK("http://x")'}, version=posting.version)
    resp = client_for(officer_a).get(reverse("recruitment:export"), {"enterprise": enterprise.pk})
    assert resp.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(resp.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["编号", "企业名称", "统一社会信用代码"]
    assert len(rows) == 2 and rows[1][5] == "数控车工"
    assert rows[1][10] == '\'=HYPERLINK("http://x")'  # text, never a live formula
    assert Event.objects.filter(verb="posting.exported").count() == 1


def test_the_menu_has_a_recruitment_section_for_staff(officer_a):
    page = client_for(officer_a).get(reverse("recruitment:postings"))
    urls = [item["url"] for item in page.context["menu"]]
    assert {"/recruitment/", "/recruitment/fairs/", "/recruitment/gap/"} <= set(urls)
