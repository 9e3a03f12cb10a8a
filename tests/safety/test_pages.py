"""The staff hazard pages: the list with its filters, pages and Excel export, one hazard's page with its photos and
actions (accept, send back; start and submit for the enterprise), and who gets a 404 or a 403."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from zonedesk.common.errors import Conflict
from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event
from zonedesk.safety import hazards, services
from zonedesk.safety.models import Hazard, HazardPhoto
from zonedesk.safety.states import HazardLevel, HazardState

from ..conftest import client_for
from .conftest import PNG, hazard_row


def html(response) -> str:
    return response.content.decode()


def conflict_text() -> str:
    with translation.override("zh-hans"):
        return escape(str(Conflict().message))


def shown(page) -> list[int]:
    return [row["h"].pk for row in page.context["rows"]]


@pytest.fixture
def officer(safety_officer):
    return client_for(safety_officer)


# --- list -------------------------------------------------------------------------------------


def test_the_safety_officer_lists_and_filters_the_zones_hazards(
    officer, make_hazard, other_enterprise, officer_a, dust, on_day
):
    on_day(date(2025, 3, 3))
    major = make_hazard(level=HazardLevel.MAJOR, category=dust.pk, description="除尘器未定期清灰")
    on_day(date(2025, 4, 7))
    general = make_hazard(HazardState.SUBMITTED, ent=other_enterprise, rectifier=officer_a, description="灭火器过期")
    page = officer.get(reverse("safety:hazards"))
    assert page.status_code == 200
    assert set(shown(page)) == {major.pk, general.pk}
    assert "除尘器未定期清灰" in html(page) and "灭火器过期" in html(page)
    for query, expected in [
        ({"level": HazardLevel.MAJOR}, [major.pk]),
        ({"state": HazardState.SUBMITTED}, [general.pk]),
        ({"category": dust.pk}, [major.pk]),
        ({"is_six": "1"}, [major.pk]),
        ({"is_six": "0"}, [general.pk]),
        ({"enterprise": other_enterprise.pk}, [general.pk]),
        ({"found_from": "2025-04-01"}, [general.pk]),
        ({"found_to": "2025/3/31"}, [major.pk]),
        ({"q": "灭火器"}, [general.pk]),
    ]:
        assert shown(officer.get(reverse("safety:hazards"), query)) == expected, query


def test_overdue_hazards_are_marked_red_and_filtered(officer, make_hazard, on_day):
    on_day(date(2025, 3, 3))
    late = make_hazard(deadline_days=2, description="配电箱未接地")
    on_time = make_hazard(description="安全出口指示灯损坏")
    on_day(date(2025, 3, 10))
    page = officer.get(reverse("safety:hazards"), {"overdue": "1"})
    assert shown(page) == [late.pk]
    text = html(page)
    assert 'data-deadline="overdue"' in text and "text-bg-danger" in text
    assert shown(officer.get(reverse("safety:hazards"), {"overdue": "0"})) == [on_time.pk]


def test_the_list_shows_25_hazards_a_page(officer, safety_officer, enterprise):
    rows = [hazard_row(description=f"隐患{n}") for n in range(26)]
    services.record_inspection(safety_officer, enterprise, findings="全面检查", hazards=rows)
    first = officer.get(reverse("safety:hazards"))
    assert first.context["page"].paginator.count == 26 and len(first.context["rows"]) == 25
    assert len(officer.get(reverse("safety:hazards"), {"page": 2}).context["rows"]) == 1


def test_another_zone_and_a_department_list_nothing_of_zone_a(make_hazard, safety_officer_b, handler):
    make_hazard()
    for actor in (safety_officer_b, handler):
        page = client_for(actor).get(reverse("safety:hazards"))
        assert page.status_code == 200 and page.context["rows"] == []


def test_an_enterprise_user_has_no_staff_list(make_hazard, enterprise_user):
    make_hazard()
    client = client_for(enterprise_user)
    assert client.get(reverse("safety:hazards")).status_code == 404
    assert client.get(reverse("safety:export")).status_code == 404


# --- export -----------------------------------------------------------------------------------


def sheet(response) -> list[list]:
    assert response.status_code == 200
    return read_rows(io.BytesIO(b"".join(response.streaming_content)))


def test_the_export_has_the_filtered_rows_formula_safe_and_mobiles_masked(
    make_hazard, safety_officer, supervisor, enterprise, other_enterprise, officer_a
):
    services.update_profile(safety_officer, enterprise, responsible_person="王安全", responsible_mobile="13912348000")
    formula = make_hazard(level=HazardLevel.MAJOR, description='=HYPERLINK("http://x","点我")')
    make_hazard(ent=other_enterprise, description="灭火器过期")
    rows = sheet(client_for(supervisor).get(reverse("safety:export"), {"level": HazardLevel.MAJOR}))
    header, *body = rows
    assert len(body) == 1 and body[0][0] == formula.pk
    cells = dict(zip(header, body[0], strict=True))
    assert cells["隐患描述"].startswith("'=HYPERLINK")  # text, never a live formula
    with translation.override("zh-hans"):
        assert cells["企业名称"] == enterprise.name and cells["隐患等级"] == str(HazardLevel.MAJOR.label)
    assert cells["安全负责人手机"] == "139****8000"  # the county's supervisor neither calls nor inspects
    mine = dict(zip(header, sheet(client_for(safety_officer).get(reverse("safety:export")))[2], strict=True))
    assert mine["安全负责人手机"] == "13912348000"  # the inspector calls the responsible person
    assert Event.objects.filter(verb="hazard.exported").count() == 2
    assert Event.objects.filter(verb="hazard.exported").first().after["rows"] in (1, 2)


def test_the_export_link_carries_the_lists_filter(officer, make_hazard):
    make_hazard()
    page = officer.get(reverse("safety:hazards"), {"level": HazardLevel.MAJOR, "overdue": "1"})
    assert page.context["export_url"] == f"{reverse('safety:export')}?level=major&overdue=1"


# --- one hazard -------------------------------------------------------------------------------


def test_the_hazard_page_shows_facts_photos_moves_and_acceptance(officer, make_hazard):
    hazard = make_hazard(HazardState.SUBMITTED, description="配电箱未接地")
    page = officer.get(reverse("safety:hazard", args=[hazard.pk]))
    assert page.status_code == 200
    text = html(page)
    photo = hazard.photos.get()
    assert "配电箱未接地" in text and "王安全" in text and "已接地" in text
    assert f'src="{reverse("safety:photo", args=[photo.pk])}"' in text
    assert [m.to_state for m in page.context["moves"]] == ["found", "rectifying", "submitted"]
    assert page.context["allowed"] == {"start": False, "submit": False, "accept": True, "send_back": True}
    assert 'id="form-accept"' in text and 'id="form-send_back"' in text and 'id="form-submit"' not in text
    assert f'name="version" value="{hazard.version}"' in text
    submitted = page.context["events"][0]  # the timeline counts the photos (the moves show them)
    with translation.override("zh-hans"):
        assert {"label": translation.gettext("Photos"), "before": None, "after": "1"} in submitted["changes"]
    assert "&#x27;file&#x27;" not in text
    assert not [c for item in page.context["events"] for c in item["changes"] if c["before"] == c["after"]]


@pytest.mark.parametrize("who", ["enterprise_user", "other_enterprise_user", "safety_officer_b", "handler"])
def test_outsiders_get_404_on_the_hazard_page(who, request, make_hazard):
    hazard = make_hazard(HazardState.SUBMITTED)
    client = client_for(request.getfixturevalue(who))
    answer = client.get(reverse("safety:hazard", args=[hazard.pk]))
    if who == "enterprise_user":  # its own hazard: sent to its phone page
        assert answer.status_code == 302 and answer["Location"] == reverse("safety_portal:detail", args=[hazard.pk])
    else:
        assert answer.status_code == 404
    version = {"version": hazard.version}
    assert client.post(reverse("safety:accept", args=[hazard.pk]), version).status_code == 404
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.SUBMITTED


def test_the_officer_accepts_through_the_page(officer, make_hazard):
    hazard = make_hazard(HazardState.SUBMITTED)
    answer = officer.post(reverse("safety:accept", args=[hazard.pk]), {"version": hazard.version})
    assert answer.status_code == 302 and answer["Location"] == reverse("safety:hazard", args=[hazard.pk])
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.ACCEPTED
    assert Event.objects.filter(verb="hazard.accepted", object_id=str(hazard.pk)).count() == 1
    page = officer.get(answer["Location"])
    assert 'id="closed"' in html(page) and not any(page.context["allowed"].values())


def test_the_officer_sends_back_with_a_reason(officer, make_hazard):
    hazard = make_hazard(HazardState.SUBMITTED)
    url = reverse("safety:send_back", args=[hazard.pk])
    refused = officer.post(url, {"version": hazard.version, "reason": "  "})
    assert refused.status_code == 422 and refused.context["forms"]["send_back"].errors["reason"]
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.SUBMITTED
    assert officer.post(url, {"version": hazard.version, "reason": "接地电阻仍超标"}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == HazardState.SENT_BACK and hazard.reason == "接地电阻仍超标"
    assert "接地电阻仍超标" in html(officer.get(reverse("safety:hazard", args=[hazard.pk])))


def test_a_stale_page_is_told_the_hazard_changed(officer, make_hazard, safety_officer):
    hazard = make_hazard(HazardState.SUBMITTED)
    read_version = hazard.version
    hazards.send_back(safety_officer, hazard, "照片不清晰")  # someone else, meanwhile
    answer = officer.post(reverse("safety:accept", args=[hazard.pk]), {"version": read_version})
    assert answer.status_code == 409 and conflict_text() in html(answer)
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.SENT_BACK


def test_a_service_officer_starts_and_submits_for_the_enterprise(make_hazard, officer_a):
    hazard = make_hazard()
    client = client_for(officer_a)
    page = client.get(reverse("safety:hazard", args=[hazard.pk]))
    assert page.context["allowed"] == {"start": True, "submit": False, "accept": False, "send_back": False}
    assert client.post(reverse("safety:start", args=[hazard.pk]), {"version": hazard.version}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == HazardState.RECTIFYING
    url = reverse("safety:submit", args=[hazard.pk])
    no_photo = client.post(url, {"version": hazard.version, "note": "已更换接地线"})
    assert no_photo.status_code == 422 and no_photo.context["forms"]["submit"].errors["photos"]
    photo = SimpleUploadedFile("整改后.png", PNG, content_type="image/png")
    done = client.post(url, {"version": hazard.version, "note": "已更换接地线", "photos": [photo]})
    assert done.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == HazardState.SUBMITTED and hazard.rectification_note == "已更换接地线"
    assert HazardPhoto.objects.filter(hazard=hazard).count() == 1


def test_a_photo_that_is_not_an_image_refuses_the_submission(make_hazard, officer_a):
    hazard = make_hazard(HazardState.RECTIFYING, rectifier=officer_a)
    fake = SimpleUploadedFile("整改后.png", b"MZ not a picture", content_type="image/png")
    answer = client_for(officer_a).post(
        reverse("safety:submit", args=[hazard.pk]), {"version": hazard.version, "photos": [fake]}
    )
    assert answer.status_code == 422 and answer.context["forms"]["submit"].errors["photos"]
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.RECTIFYING and not HazardPhoto.objects.exists()


def test_a_service_officer_may_not_accept(make_hazard, officer_a):
    hazard = make_hazard(HazardState.SUBMITTED)
    answer = client_for(officer_a).post(reverse("safety:accept", args=[hazard.pk]), {"version": hazard.version})
    assert answer.status_code == 403
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.SUBMITTED


# --- photos -----------------------------------------------------------------------------------


def test_a_photo_is_served_to_those_who_see_its_hazard_only(
    make_hazard, safety_officer, enterprise_user, other_enterprise_user, safety_officer_b, handler
):
    photo = make_hazard(HazardState.SUBMITTED).photos.get()
    url = reverse("safety:photo", args=[photo.pk])
    for actor in (safety_officer, enterprise_user):
        answer = client_for(actor).get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
        assert b"".join(answer.streaming_content) == PNG
        assert answer["X-Content-Type-Options"] == "nosniff"
    for actor in (other_enterprise_user, safety_officer_b, handler):
        assert client_for(actor).get(url).status_code == 404
    assert client_for(safety_officer).get(reverse("safety:photo", args=[photo.pk + 100])).status_code == 404
