"""The enterprise's hazard pages on its phone (/my/safety/): only its own hazards and photos, starting and submitting
with photos, bad uploads refused naming the field with nothing written, a stale page told so (409)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from zonedesk.orgs.models import Event
from zonedesk.safety import hazards, services
from zonedesk.safety.models import Hazard, HazardPhoto
from zonedesk.safety.photos import storage_dir
from zonedesk.safety.states import HazardLevel, HazardState, SafetyColour

from ..conftest import client_for
from .conftest import JPG, PNG


def zh(text: str, context: str | None = None, **values) -> str:
    """What the pages show for `text` in Chinese (the English text while it is not translated yet)."""
    with translation.override("zh-hans"):
        shown = translation.pgettext(context, text) if context else translation.gettext(text)
    return escape(shown % values if values else shown)


def plain(state: str) -> str:
    words = {
        "found": "To rectify",
        "rectifying": "Rectifying",
        "submitted": "Awaiting acceptance",
        "accepted": "Passed acceptance",
        "sent_back": "Sent back",
    }
    return zh(words[state], "hazard for the enterprise")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def stored_files() -> list:
    return [p for p in storage_dir().rglob("*") if p.is_file()] if storage_dir().exists() else []


@pytest.fixture
def ent(enterprise_user):
    return client_for(enterprise_user)


def test_the_list_shows_only_own_hazards_open_first_with_plain_states(
    ent, make_hazard, other_enterprise, officer_a, on_day
):
    on_day(date(2025, 3, 3))
    done = make_hazard(HazardState.ACCEPTED, description="消防通道堆放杂物")
    late = make_hazard(HazardState.FOUND, description="配电箱未接地", deadline_days=2)
    sent = make_hazard(HazardState.SENT_BACK, description="灭火器过期")
    theirs = make_hazard(HazardState.FOUND, ent=other_enterprise, description="别家的隐患")
    on_day(date(2025, 3, 20))
    html = ent.get("/my/safety/").content.decode()
    assert "别家的隐患" not in html and f'data-hazard="{theirs.pk}"' not in html
    order = [html.index(f'data-hazard="{h.pk}"') for h in (late, sent, done)]
    assert order == sorted(order), "open hazards first, by deadline; the accepted one last"
    for state in ("found", "sent_back", "accepted"):
        assert plain(state) in html
    assert zh("overdue") in html
    assert '<div class="fs-2 fw-semibold text-danger" data-figure="overdue">2</div>' in html
    assert 'data-figure="open">2<' in html


def test_the_list_shows_the_rating_in_force_in_stars_and_colour(ent, safety_officer, enterprise):
    assert zh("Not rated yet.") in ent.get("/my/safety/").content.decode()
    services.rate(safety_officer, enterprise, stars=2, colour=SafetyColour.RED, reason="未落实安全生产责任制")
    services.rate(safety_officer, enterprise, stars=4, colour=SafetyColour.BLUE, reason="整改到位，制度健全")
    html = ent.get("/my/safety/").content.decode()
    assert html.count("bi-star-fill") == 4 and 'data-colour="blue"' in html
    assert "整改到位，制度健全" in html and "未落实安全生产责任制" not in html


def test_another_enterprises_hazard_and_photo_do_not_exist(ent, make_hazard, other_enterprise, officer_a):
    theirs = make_hazard(HazardState.SUBMITTED, ent=other_enterprise, rectifier=officer_a)
    photo = theirs.photos.get()
    assert ent.get(f"/my/safety/{theirs.pk}/").status_code == 404
    assert ent.get(f"/my/safety/photos/{photo.pk}/").status_code == 404
    resp = ent.post(f"/my/safety/{theirs.pk}/start/", {"version": theirs.version})
    assert resp.status_code == 404


@pytest.mark.parametrize("who", ["officer_a", "safety_officer", "leader"])
def test_staff_have_no_hazard_phone_pages(who, request, make_hazard):
    hazard = make_hazard(HazardState.SUBMITTED)
    client = client_for(request.getfixturevalue(who))
    for url in ("/my/safety/", f"/my/safety/{hazard.pk}/", f"/my/safety/photos/{hazard.photos.get().pk}/"):
        assert client.get(url).status_code == 404, url


def test_the_portal_home_shows_the_hazard_card_with_the_open_count(ent, make_hazard, other_enterprise):
    make_hazard(HazardState.FOUND)
    make_hazard(HazardState.SUBMITTED)
    make_hazard(HazardState.ACCEPTED)
    make_hazard(HazardState.FOUND, ent=other_enterprise)
    html = ent.get("/my/").content.decode()
    assert 'href="/my/safety/"' in html and zh("Safety hazards") in html
    assert 'data-figure="hazards">2<' in html


def test_the_enterprise_starts_and_submits_with_photos_then_sees_them(ent, make_hazard, enterprise_user):
    hazard = make_hazard(HazardState.FOUND, level=HazardLevel.MAJOR)
    page = ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    assert "配电箱未接地" in page and zh("Start rectification") in page and zh("Major hazard") in page
    assert 'id="submit"' not in page
    resp = ent.post(f"/my/safety/{hazard.pk}/start/", {"version": hazard.version})
    assert resp.status_code == 302 and resp["Location"] == f"/my/safety/{hazard.pk}/"
    hazard.refresh_from_db()
    assert hazard.state == HazardState.RECTIFYING
    page = ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page and plain("rectifying") in page
    data = {
        "version": hazard.version,
        "note": "已重新接地",
        "photos": [upload("接地.png", PNG), upload("全景.jpg", JPG)],
    }
    resp = ent.post(f"/my/safety/{hazard.pk}/submit/", data)
    assert resp.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.state, hazard.rectification_note) == (HazardState.SUBMITTED, "已重新接地")
    photos = list(hazard.photos.order_by("pk"))
    assert [p.original_name for p in photos] == ["接地.png", "全景.jpg"]
    assert all(p.uploaded_by == enterprise_user.user for p in photos)
    page = ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    assert plain("submitted") in page and "已重新接地" in page
    assert f'src="/my/safety/photos/{photos[0].pk}/"' in page
    shown = ent.get(f"/my/safety/photos/{photos[0].pk}/")
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PNG
    assert shown["Content-Type"] == "image/png" and shown["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "data"),
    [("整改.png", b"this is plain text, not a picture"), ("大图.jpg", b"\xff\xd8\xff\xe0" + b"0" * (11 * 1024 * 1024))],
    ids=["text-named-png", "11MB"],
)
def test_a_bad_photo_is_refused_on_the_photos_field_and_nothing_is_written(ent, make_hazard, name, data):
    hazard = make_hazard(HazardState.RECTIFYING)
    events = Event.objects.count()
    files = [upload("好的.png", PNG), upload(name, data)]
    resp = ent.post(f"/my/safety/{hazard.pk}/submit/", {"version": hazard.version, "note": "已整改", "photos": files})
    assert resp.status_code == 422
    html = resp.content.decode()
    error = html[html.index('id="photos"') : html.index('id="id_note"')]
    assert 'id="photos-error"' in error and escape(name) in error
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.RECTIFYING
    assert Event.objects.count() == events and not HazardPhoto.objects.exists() and stored_files() == []


def test_submitting_without_a_photo_asks_for_one(ent, make_hazard):
    hazard = make_hazard(HazardState.RECTIFYING)
    resp = ent.post(f"/my/safety/{hazard.pk}/submit/", {"version": hazard.version, "note": "已整改"})
    assert resp.status_code == 422 and 'id="photos-error"' in resp.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.RECTIFYING


def test_a_page_read_before_someone_elses_move_is_told_so(ent, make_hazard, officer_a):
    hazard = make_hazard(HazardState.FOUND)
    hazards.start_rectification(officer_a, hazard)  # the service officer started it meanwhile
    resp = ent.post(f"/my/safety/{hazard.pk}/start/", {"version": hazard.version})
    assert resp.status_code == 409
    assert zh("Someone else changed this hazard meanwhile: here it is as it is now.") in resp.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).version == hazard.version + 1
    assert Event.objects.filter(verb="hazard.rectification_started").count() == 1


def test_a_sent_back_hazard_shows_the_reason_and_offers_to_start_again(ent, make_hazard):
    hazard = make_hazard(HazardState.SENT_BACK)
    page = ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    assert 'id="sent-back"' in page and "接地线规格不符" in page
    assert plain("sent_back") in page and zh("Start rectification") in page
    ent.post(f"/my/safety/{hazard.pk}/start/", {"version": Hazard.objects.get(pk=hazard.pk).version})
    page = ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    assert "接地线规格不符" in page and zh("Rectification started again.") in page


def test_once_the_officer_accepts_the_enterprise_sees_it_passed(ent, make_hazard, safety_officer):
    hazard = make_hazard(HazardState.SUBMITTED)
    page = ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    start = f'action="/my/safety/{hazard.pk}/start/"'  # the start button's form ("已开始整改" stays in the timeline)
    assert 'id="waiting"' in page and 'id="submit"' not in page and start not in page
    hazards.accept_rectification(safety_officer, hazard)
    page = ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    assert plain("accepted") in page and 'id="accepted"' in page
    assert zh("The safety officer accepted the rectification.") in page
    assert not any(f'id="{form}"' in page for form in ("start", "submit"))


def test_the_list_costs_the_same_queries_for_more_hazards(ent, make_hazard):
    make_hazard(HazardState.FOUND)
    ent.get("/my/safety/")
    with CaptureQueriesContext(connection) as one:
        ent.get("/my/safety/")
    for state in (HazardState.RECTIFYING, HazardState.SUBMITTED, HazardState.ACCEPTED, HazardState.SENT_BACK):
        make_hazard(state)
    with CaptureQueriesContext(connection) as five:
        html = ent.get("/my/safety/").content.decode()
    assert html.count("data-hazard=") == 5
    assert len(five.captured_queries) == len(one.captured_queries)
