"""The safety API: the hazard loop through the same services, scope and permissions as the pages, photos in scope,
bad uploads refused naming the field, stale versions 409, records, inspections and figures that match their lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zonedesk.orgs.models import Event
from zonedesk.safety import services
from zonedesk.safety.models import Hazard, HazardPhoto, Inspection, Rating
from zonedesk.safety.photos import storage_dir
from zonedesk.safety.states import HazardLevel, HazardState, SafetyColour

from ..conftest import client_for
from .conftest import JPG, PNG, hazard_row
from .test_figures import history  # noqa: F401  (the winter of zone A, for the figures)
from .test_portal import plain

API = "/api/v1"


def post(client: Client, url: str, body: dict | None = None):
    return client.post(url, body or {}, content_type="application/json")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def stored_files() -> list:
    return [p for p in storage_dir().rglob("*") if p.is_file()] if storage_dir().exists() else []


def v(hazard: Hazard) -> int:
    return Hazard.objects.get(pk=hazard.pk).version


@pytest.fixture
def ent(enterprise_user) -> Client:
    return client_for(enterprise_user)


@pytest.fixture
def officer(safety_officer) -> Client:
    return client_for(safety_officer)


def test_every_safety_path_is_tagged_safety(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    safety = {p: item for p, item in paths.items() if p.startswith(f"{API}/safety/")}
    assert len(safety) == 16  # hazards and records (13), lists and the plan (3)
    assert all(op["tags"] == ["safety"] for item in safety.values() for op in item.values())


def test_an_enterprise_lists_only_its_own_hazards_and_photos(ent, make_hazard, other_enterprise, officer_a):
    own = make_hazard(HazardState.SUBMITTED)
    theirs = make_hazard(HazardState.SUBMITTED, ent=other_enterprise, rectifier=officer_a)
    listed = ent.get(f"{API}/safety/hazards").json()
    assert [h["id"] for h in listed["items"]] == [own.pk] and listed["count"] == 1
    assert ent.get(f"{API}/safety/hazards/{theirs.pk}").status_code == 404
    photo = theirs.photos.get()
    assert ent.get(f"{API}/safety/hazards/{theirs.pk}/photos/{photo.pk}").status_code == 404
    assert ent.get(f"{API}/safety/hazards/{own.pk}/photos/{photo.pk}").status_code == 404  # not this hazard's
    assert post(ent, f"{API}/safety/hazards/{theirs.pk}/accept", {"version": theirs.version}).status_code == 404
    assert ent.get(f"{API}/safety/enterprises/{other_enterprise.pk}").status_code == 404


def test_the_enterprise_starts_and_submits_with_photos_then_the_officer_accepts(
    ent, officer, make_hazard, enterprise_user
):
    hazard = make_hazard(HazardState.FOUND)
    started = post(ent, f"{API}/safety/hazards/{hazard.pk}/start", {"version": hazard.version})
    assert started.status_code == 200, started.content
    assert started.json()["state"] == "rectifying" and started.json()["version"] == hazard.version + 1
    photos = [upload("接地.png", PNG), upload("全景.jpg", JPG)]
    data = {"version": started.json()["version"], "note": "已重新接地", "photos": photos}
    submitted = ent.post(f"{API}/safety/hazards/{hazard.pk}/submit", data)
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["state"] == "submitted" and body["rectification_note"] == "已重新接地"
    assert [p["original_name"] for p in body["photos"]] == ["接地.png", "全景.jpg"]
    assert [m["to_state"] for m in body["moves"]] == ["found", "rectifying", "submitted"]
    got = ent.get(f"{API}/safety/hazards/{hazard.pk}/photos/{body['photos'][0]['id']}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    assert post(ent, f"{API}/safety/hazards/{hazard.pk}/accept", {"version": body["version"]}).status_code == 403
    accepted = post(officer, f"{API}/safety/hazards/{hazard.pk}/accept", {"version": body["version"]})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert plain("accepted") in ent.get(f"/my/safety/{hazard.pk}/").content.decode()
    assert Event.objects.filter(verb="hazard.accepted", actor__username="safety_a").count() == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [("整改.png", b"this is plain text, not a picture"), ("大图.jpg", b"\xff\xd8\xff\xe0" + b"0" * (11 * 1024 * 1024))],
    ids=["text-named-png", "11MB"],
)
def test_a_bad_photo_is_refused_naming_the_field_and_nothing_is_written(ent, make_hazard, name, data):
    hazard = make_hazard(HazardState.RECTIFYING)
    events = Event.objects.count()
    files = [upload("好的.png", PNG), upload(name, data)]
    resp = ent.post(f"{API}/safety/hazards/{hazard.pk}/submit", {"version": hazard.version, "photos": files})
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "photos" and name in resp.json()["message"]
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.RECTIFYING
    assert Event.objects.count() == events and not HazardPhoto.objects.exists() and stored_files() == []


def test_a_submission_without_photos_is_refused_on_photos(ent, make_hazard):
    hazard = make_hazard(HazardState.RECTIFYING)
    resp = ent.post(f"{API}/safety/hazards/{hazard.pk}/submit", {"version": hazard.version, "note": "已整改"})
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "photos"


def test_a_stale_version_is_409_and_moves_nothing(ent, officer, make_hazard, leader):
    hazard = make_hazard(HazardState.SUBMITTED)
    read = hazard.version
    assert post(client_for(leader), f"{API}/safety/hazards/{hazard.pk}/accept", {"version": read}).status_code == 200
    for url, body in (("accept", {}), ("send-back", {"reason": "复核不通过"})):
        resp = post(officer, f"{API}/safety/hazards/{hazard.pk}/{url}", {"version": read, **body})
        assert resp.status_code == 409 and resp.json()["message"]
    assert Event.objects.filter(verb__in=["hazard.accepted", "hazard.sent_back"]).count() == 1


def test_sending_back_needs_a_reason_and_the_enterprise_reads_it(ent, officer, make_hazard):
    hazard = make_hazard(HazardState.SUBMITTED)
    empty = post(officer, f"{API}/safety/hazards/{hazard.pk}/send-back", {"version": v(hazard), "reason": " "})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "reason"
    sent = post(
        officer, f"{API}/safety/hazards/{hazard.pk}/send-back", {"version": v(hazard), "reason": "接地电阻超标"}
    )
    assert sent.json()["state"] == "sent_back"
    assert ent.get(f"{API}/safety/hazards/{hazard.pk}").json()["reason"] == "接地电阻超标"


def test_the_list_filters_like_the_hazard_list(officer, make_hazard, other_enterprise, zone_b, officer_a):
    major = make_hazard(HazardState.FOUND, level=HazardLevel.MAJOR, description="储罐区未设防火堤")
    make_hazard(HazardState.ACCEPTED, ent=other_enterprise, rectifier=officer_a)
    open_ = officer.get(f"{API}/safety/hazards?state=found&state=rectifying&state=submitted&state=sent_back").json()
    assert [h["id"] for h in open_["items"]] == [major.pk]
    assert officer.get(f"{API}/safety/hazards?level=major&q=防火堤").json()["count"] == 1
    assert officer.get(f"{API}/safety/hazards?enterprise={other_enterprise.pk}").json()["count"] == 1
    assert officer.get(f"{API}/safety/hazards?unit={zone_b.pk}").status_code == 404
    assert officer.get(f"{API}/safety/hazards?state=lost").status_code == 422


def test_an_enterprises_profile_and_rating_history(officer, ent, enterprise, safety_officer_b, enterprise_user):
    first = post(
        officer,
        f"{API}/safety/enterprises/{enterprise.pk}/ratings",
        {"stars": 2, "colour": "red", "reason": "未落实安全生产责任制"},
    )
    assert first.status_code == 201, first.content
    assert first.json()["colour"] == "red" and first.json()["rated_by"]
    post(
        officer,
        f"{API}/safety/enterprises/{enterprise.pk}/ratings",
        {"stars": 4, "colour": "blue", "reason": "整改到位"},
    )
    sheet = ent.get(f"{API}/safety/enterprises/{enterprise.pk}").json()
    assert [(r["stars"], r["colour"]) for r in sheet["ratings"]] == [(4, "blue"), (2, "red")]
    assert (sheet["profile"]["stars"], sheet["profile"]["colour"]) == (4, "blue")
    assert sheet["open_hazards"]["value"] == 0
    bad = post(
        officer, f"{API}/safety/enterprises/{enterprise.pk}/ratings", {"stars": 6, "colour": "red", "reason": "x"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "stars"
    own = post(
        ent, f"{API}/safety/enterprises/{enterprise.pk}/ratings", {"stars": 5, "colour": "green", "reason": "自评"}
    )
    assert own.status_code == 403
    foreign = client_for(safety_officer_b)
    body = {"stars": 1, "colour": "red", "reason": "越权"}
    assert post(foreign, f"{API}/safety/enterprises/{enterprise.pk}/ratings", body).status_code == 404
    assert Rating.objects.count() == 2


def test_an_inspection_with_its_hazards_all_or_nothing(officer, ent, enterprise, dust):
    body = {
        "enterprise": enterprise.pk,
        "findings": "检查配电房和粉尘作业区",
        "hazards": [hazard_row(category=dust.pk, level="major"), hazard_row(description="  ")],
    }
    bad = post(officer, f"{API}/safety/inspections", body)
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"row": 2, "field": "description", "message": bad.json()["errors"][0]["message"]}]
    assert not Inspection.objects.exists() and not Hazard.objects.exists()
    body["hazards"][1] = hazard_row(deadline_days=3)
    made = post(officer, f"{API}/safety/inspections", body)
    assert made.status_code == 201, made.content
    assert [(h["level"], h["category_name"], h["state"]) for h in made.json()["hazards"]] == [
        ("major", "涉爆粉尘", "found"),
        ("general", None, "found"),
    ]
    assert post(ent, f"{API}/safety/inspections", body).status_code == 403
    assert ent.get(f"{API}/safety/hazards").json()["count"] == 2


def test_the_inspections_due_are_the_safety_officers(officer, ent, safety_officer, enterprise, other_enterprise):
    services.rate(safety_officer, enterprise, stars=2, colour=SafetyColour.RED, reason="重点监管")
    services.rate(safety_officer, other_enterprise, stars=5, colour=SafetyColour.GREEN, reason="管理规范")
    services.record_inspection(safety_officer, other_enterprise, findings="未发现问题")
    due = officer.get(f"{API}/safety/due").json()
    assert [(d["enterprise_id"], d["colour"], d["due_on"]) for d in due["items"]] == [(enterprise.pk, "red", None)]
    assert ent.get(f"{API}/safety/due").status_code == 403


def test_each_figure_equals_the_length_of_its_list(history, supervisor, zone_a):  # noqa: F811
    client = client_for(supervisor)
    resp = client.get(f"{API}/safety/figures?unit={zone_a.pk}&year=2025&quarter=1")
    assert resp.status_code == 200, resp.content
    figures = resp.json()
    assert figures["period"] == {"first": "2025-01-01", "last": "2025-03-31", "label": "2025年第1季度"}
    assert {k: figures[k]["value"] for k in ("found", "rectified", "overdue", "on_time", "open_overdue")} == {
        "found": 4,
        "rectified": 3,
        "overdue": 2,
        "on_time": 1,
        "open_overdue": 1,
    }
    counted = [figures[k] for k in ("found", "rectified", "overdue", "on_time", "open_overdue")]
    for part in ("ratings", "ratings_before"):
        counted += [figures[part]["rated"], *figures[part]["by_colour"], *figures[part]["by_stars"]]
    assert sum(1 for f in counted if f["value"]) >= 8
    for figure in counted:
        listed = client.get(figure["list"])
        assert listed.status_code == 200, figure["list"]
        assert listed.json()["count"] == figure["value"], figure["list"]
    assert figures["on_time_rate"]["value"] == round(1 / 3, 4)


def test_figures_are_for_staff_in_scope(ent, officer_b, zone_a, officer):
    assert ent.get(f"{API}/safety/figures").status_code == 403
    assert client_for(officer_b).get(f"{API}/safety/figures?unit={zone_a.pk}").status_code == 404
    assert officer.get(f"{API}/safety/figures?month=13").status_code == 422
    assert officer.get(f"{API}/safety/figures").json()["unit_id"] == zone_a.pk
