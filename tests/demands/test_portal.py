"""The enterprise's own pages (企业端): its demand sheet, submitting with files, answering, confirming, reopening."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from zonedesk.demands import attachments, services
from zonedesk.demands.models import Demand, DemandAttachment
from zonedesk.demands.states import Source, State

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def plain_zip() -> bytes:
    """A zip with a content-types part but no word/ folder: not a Word document whatever its name says."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


def stored_files() -> list:
    folder = attachments.storage_dir()
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.fixture
def ent(enterprise_user):
    return client_for(enterprise_user)


@pytest.fixture
def other_enterprise_user(zone_a, other_enterprise):
    user = UserFactory(username="other_ent", enterprise=other_enterprise)
    MembershipFactory(user=user, unit=zone_a, role="enterprise")
    return user


def submit(client, category, *files, title="需要招聘普工50人"):
    data = {"category": category.pk, "title": title, "description": "春节后返岗不足", "files": list(files)}
    return client.post("/my/new/", data)


def test_the_enterprise_submits_a_demand_with_a_png_and_a_pdf(ent, category, enterprise, enterprise_user):
    resp = submit(ent, category, file("营业执照.png", PNG), file("用工计划.pdf", PDF))
    demand = Demand.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/my/{demand.pk}/"
    assert (demand.enterprise, demand.source, demand.state) == (enterprise, Source.PORTAL, State.SUBMITTED)
    assert demand.submitted_by == enterprise_user.user
    files = {a.original_name: a for a in demand.attachments.all()}
    assert set(files) == {"营业执照.png", "用工计划.pdf"}
    assert files["营业执照.png"].content_type == "image/png"
    assert attachments.path_of(files["用工计划.pdf"]).read_bytes() == PDF


def test_the_new_demand_page_offers_the_zones_categories_and_takes_several_files(ent):
    resp = ent.get("/my/new/")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert 'type="file"' in html and "multiple" in html and f'accept="{attachments.ACCEPT}"' in html
    assert "用工" in html


@pytest.mark.parametrize(
    "name, data",
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("photo.png", b"this is plain text, not a picture"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)),
        ("report.docx", plain_zip()),
    ],
    ids=["exe", "text-named-png", "over-10MB", "zip-named-docx"],
)
def test_a_refused_file_refuses_the_whole_demand_and_names_the_file(ent, category, name, data):
    resp = submit(ent, category, file("good.png", PNG), file(name, data))
    assert resp.status_code == 422
    assert escape(name) in resp.content.decode()
    assert not Demand.objects.exists() and not DemandAttachment.objects.exists()
    assert stored_files() == []


def test_more_than_five_files_are_refused(ent, category):
    resp = submit(ent, category, *[file(f"p{i}.png", PNG) for i in range(6)])
    assert resp.status_code == 422
    assert not Demand.objects.exists()


def test_a_missing_title_writes_nothing(ent, category):
    resp = submit(ent, category, file("good.png", PNG), title="")
    assert resp.status_code == 422
    assert not Demand.objects.exists() and stored_files() == []


def test_staff_have_no_portal(officer_a, leader):
    for actor in (officer_a, leader):
        client = client_for(actor)
        assert client.get("/my/").status_code == 404
        assert client.get("/my/new/").status_code == 404


def test_the_sheet_lists_own_demands_open_first_and_who_serves_the_enterprise(
    ent, make_demand, enterprise, other_enterprise, leader, officer_a
):
    enterprise.service_officer = officer_a.user
    enterprise.linked_leader = leader.user
    enterprise.save()
    officer_a.user.full_name, officer_a.user.mobile = "王专员", "13900001111"
    officer_a.user.save()
    done = make_demand(State.CONFIRMED, title="已解决的融资诉求")
    working = make_demand(State.ASSIGNED, title="正在办理的用地诉求")
    answered = make_demand(State.RESOLVED, title="等待确认的审批诉求")
    foreign = make_demand(State.SUBMITTED, title="别家企业的诉求", ent=other_enterprise)
    resp = ent.get("/my/")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert foreign.title not in html
    sheet = html.split("All my demands")[-1] if "All my demands" in html else html
    order = [sheet.index(f'data-demand="{d.pk}"') for d in (working, answered, done)]
    assert order[0] < order[2] and order[1] < order[2]
    assert "王专员" in html and "13900001111" in html and str(leader.user) in html
    # Open is "not closed": the answered demand waits for the enterprise, not for the zone.
    assert 'data-figure="open">1<' in html and 'data-figure="awaiting">1<' in html
    assert "行政审批局" in html  # the department at work


def test_another_enterprises_demand_does_not_exist_for_the_enterprise(ent, make_demand, other_enterprise):
    foreign = make_demand(State.RESOLVED, ent=other_enterprise)
    assert ent.get(f"/my/{foreign.pk}/").status_code == 404
    resp = ent.post(f"/my/{foreign.pk}/confirm/", {"satisfaction": 5, "version": foreign.version})
    assert resp.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == State.RESOLVED


def test_staff_get_404_on_the_portal_demand_page(officer_a, make_demand):
    demand = make_demand(State.RESOLVED)
    assert client_for(officer_a).get(f"/my/{demand.pk}/").status_code == 404


def test_the_timeline_says_in_plain_words_what_happened(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    html = ent.get(f"/my/{demand.pk}/").content.decode()
    assert "行政审批局" in html and "已组织专场招聘会" in html
    assert f'action="/my/{demand.pk}/confirm/"' in html and f'action="/my/{demand.pk}/reopen/"' in html
    assert html.count('name="satisfaction"') == 5


def test_a_returned_demand_is_answered_with_more_text_and_a_file(ent, make_demand):
    demand = make_demand(State.RETURNED)
    html = ent.get(f"/my/{demand.pk}/").content.decode()
    assert "请补充用工缺口人数" in html
    data = {"description": "缺口普工50人、技工10人", "version": demand.version, "files": [file("名单.pdf", PDF)]}
    resp = ent.post(f"/my/{demand.pk}/answer/", data)
    assert resp.status_code == 302
    demand.refresh_from_db()
    assert demand.state == State.SUBMITTED
    assert "缺口普工50人" in demand.description
    assert [a.original_name for a in demand.attachments.all()] == ["名单.pdf"]


def test_an_answer_with_a_refused_file_changes_nothing(ent, make_demand):
    demand = make_demand(State.RETURNED)
    data = {"description": "补充材料", "version": demand.version, "files": [file("名单.pdf", b"not a pdf")]}
    resp = ent.post(f"/my/{demand.pk}/answer/", data)
    assert resp.status_code == 422 and "名单.pdf" in resp.content.decode()
    demand.refresh_from_db()
    assert demand.state == State.RETURNED and not demand.attachments.exists()


def test_one_tap_on_a_star_confirms_with_that_score(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    resp = ent.post(f"/my/{demand.pk}/confirm/", {"satisfaction": "4", "version": demand.version})
    assert resp.status_code == 302
    demand.refresh_from_db()
    assert (demand.state, demand.satisfaction, demand.confirmed_auto) == (State.CONFIRMED, 4, False)


def test_a_low_score_with_a_comment_flags_the_demand(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    ent.post(f"/my/{demand.pk}/confirm/", {"satisfaction": "1", "comment": "没有实际帮助", "version": demand.version})
    demand.refresh_from_db()
    assert demand.is_dissatisfied and demand.comment == "没有实际帮助"


def test_confirming_a_demand_changed_meanwhile_is_409(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    resp = ent.post(f"/my/{demand.pk}/confirm/", {"satisfaction": "5", "version": demand.version - 1})
    assert resp.status_code == 409
    demand.refresh_from_db()
    assert demand.state == State.RESOLVED


def test_a_score_outside_1_to_5_is_refused(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    resp = ent.post(f"/my/{demand.pk}/confirm/", {"satisfaction": "6", "version": demand.version})
    assert resp.status_code == 422
    demand.refresh_from_db()
    assert demand.state == State.RESOLVED


def test_reopening_within_30_days_sends_it_back_to_work(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    resp = ent.post(f"/my/{demand.pk}/reopen/", {"reason": "仍缺普工", "version": demand.version})
    assert resp.status_code == 302
    demand.refresh_from_db()
    assert demand.state == State.REOPENED and demand.reason == "仍缺普工"


def test_reopening_needs_a_reason(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    resp = ent.post(f"/my/{demand.pk}/reopen/", {"reason": "", "version": demand.version})
    assert resp.status_code == 422
    demand.refresh_from_db()
    assert demand.state == State.RESOLVED


def test_after_30_days_reopening_is_refused_and_not_satisfied_is_offered(ent, make_demand, on_day):
    demand = make_demand(State.RESOLVED)
    on_day(demand.resolved_on + timedelta(days=31))
    html = ent.get(f"/my/{demand.pk}/").content.decode()
    assert f'action="/my/{demand.pk}/reopen/"' not in html
    assert f'action="/my/{demand.pk}/dissatisfied/"' in html
    resp = ent.post(f"/my/{demand.pk}/reopen/", {"reason": "仍缺普工", "version": demand.version})
    assert resp.status_code == 422 and "30" in resp.content.decode()
    demand.refresh_from_db()
    assert demand.state == State.RESOLVED
    resp = ent.post(f"/my/{demand.pk}/dissatisfied/", {"reason": "招聘会没有来人", "version": demand.version})
    assert resp.status_code == 302
    demand.refresh_from_db()
    assert demand.is_dissatisfied and demand.comment == "招聘会没有来人" and demand.state == State.RESOLVED
    assert "招聘会没有来人" in ent.get(f"/my/{demand.pk}/").content.decode()


def test_an_auto_confirmed_demand_can_still_be_marked_not_satisfied(ent, make_demand):
    demand = make_demand(State.RESOLVED)
    later = timezone.now() + timedelta(days=30)
    assert services.auto_confirm_due(later) == 1
    demand.refresh_from_db()
    assert demand.confirmed_auto
    html = ent.get(f"/my/{demand.pk}/").content.decode()
    assert f'action="/my/{demand.pk}/dissatisfied/"' in html
    resp = ent.post(f"/my/{demand.pk}/dissatisfied/", {"reason": "问题没有解决", "version": demand.version})
    assert resp.status_code == 302
    demand.refresh_from_db()
    assert demand.is_dissatisfied and demand.state == State.CONFIRMED


def test_a_submitted_demand_offers_no_answer(ent, make_demand):
    demand = make_demand(State.SUBMITTED)
    resp = ent.post(f"/my/{demand.pk}/dissatisfied/", {"reason": "太慢", "version": demand.version})
    assert resp.status_code == 422
    demand.refresh_from_db()
    assert not demand.is_dissatisfied
