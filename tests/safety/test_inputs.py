"""Bad input is refused naming the field, and nothing is written."""

from datetime import date

import pytest

from zonedesk.common.errors import Rejected
from zonedesk.orgs.models import Event
from zonedesk.safety import config, hazards, services
from zonedesk.safety.models import Hazard, HazardPhoto, Inspection, Rating, SafetyProfile
from zonedesk.safety.photos import storage_dir
from zonedesk.safety.states import HazardState, SafetyColour

from .conftest import JPG, PDF, PNG, actor_of, hazard_row

RATE = {"stars": 3, "colour": SafetyColour.YELLOW, "reason": "制度健全，现场管理一般"}


def _nothing_written(events_before: int) -> None:
    assert Event.objects.count() == events_before
    for model in (Rating, SafetyProfile, Inspection, Hazard, HazardPhoto):
        assert not model.objects.exists(), model


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"stars": 6}, "stars"),
        ({"stars": 0}, "stars"),
        ({"stars": "5"}, "stars"),
        ({"stars": True}, "stars"),
        ({"colour": "purple"}, "colour"),
        ({"colour": "红"}, "colour"),
        ({"reason": ""}, "reason"),
        ({"reason": " \n "}, "reason"),
        ({"on": date(2999, 1, 1)}, "rated_on"),
    ],
)
def test_a_bad_rating_is_refused(change, field, safety_officer, enterprise):
    events = Event.objects.count()
    with pytest.raises(Rejected) as exc:
        services.rate(safety_officer, enterprise, **{**RATE, **change})
    assert exc.value.field == field
    _nothing_written(events)


@pytest.fixture
def foreign_category(zone_b):
    admin_b = actor_of(zone_b, "admin", "admin_b")
    return config.add_category(admin_b, zone_b, code="YX", name="涉有限空间", is_six=True)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"deadline": date(2025, 3, 2)}, "deadline"),
        ({"deadline_days": 0}, "deadline_days"),
        ({"deadline_days": "十"}, "deadline_days"),
        ({"category": 999999}, "category"),
        ({"category": "foreign"}, "category"),
        ({"category": "archived"}, "category"),
        ({"level": "critical"}, "level"),
        ({"description": "  "}, "description"),
        ({"responsible_person": ""}, "responsible_person"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_hazard_writes_no_inspection(
    row, field, on_day, safety_officer, enterprise, dust, foreign_category, admin_a
):
    on_day(date(2025, 3, 3))
    archived = config.change_category(
        admin_a, config.add_category(admin_a, dust.unit, code="AQ", name="涉氨制冷"), is_archived=True
    )
    row = {
        k: {"foreign": foreign_category.pk, "archived": archived.pk}.get(v, v) if k == "category" else v
        for k, v in row.items()
    }
    events = Event.objects.count()
    good = hazard_row(category=dust)
    with pytest.raises(Rejected) as exc:
        services.record_inspection(safety_officer, enterprise, findings="例行检查", hazards=[good, hazard_row(**row)])
    assert exc.value.field == field
    assert exc.value.errors[0]["row"] == 2  # the second hazard of the list
    assert Event.objects.count() == events
    assert not Inspection.objects.exists() and not Hazard.objects.exists() and not SafetyProfile.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"findings": ""}, "findings"),
        ({"inspected_on": date(2025, 3, 4)}, "inspected_on"),
        ({"inspectors": ["enterprise_user"]}, "inspectors"),
        ({"inspectors": ["officer_b"]}, "inspectors"),
    ],
)
def test_a_bad_inspection_is_refused(change, field, request, on_day, safety_officer, enterprise):
    on_day(date(2025, 3, 3))
    if "inspectors" in change:
        change = {"inspectors": [request.getfixturevalue(name).user for name in change["inspectors"]]}
    events = Event.objects.count()
    with pytest.raises(Rejected) as exc:
        services.record_inspection(safety_officer, enterprise, **{"findings": "例行检查", **change})
    assert exc.value.field == field
    _nothing_written(events)


@pytest.mark.parametrize(
    ("photos", "why"),
    [
        ([], "none"),
        ([("整改.pdf", PDF)], "a PDF is not a photo"),
        ([("整改.png", JPG)], "a JPG named .png"),
        ([("整改.png", b"")], "empty"),
        ([("整改.png", PNG)] * 10, "more than nine"),
        ([("整改.jpg", JPG), ("整改.exe", b"MZ")], "one bad file of two"),
    ],
)
def test_a_submission_without_good_photos_is_refused(photos, why, make_hazard, enterprise_user):
    hazard = make_hazard(HazardState.RECTIFYING)
    events = Event.objects.count()
    with pytest.raises(Rejected) as exc:
        hazards.submit_rectification(enterprise_user, hazard, "已整改", photos)
    assert exc.value.field == "photos", why
    assert Hazard.objects.get(pk=hazard.pk).state == HazardState.RECTIFYING
    assert Event.objects.count() == events and not HazardPhoto.objects.exists()
    assert not any(path.is_file() for path in storage_dir().rglob("*"))


def test_photos_are_kept_under_random_names_outside_static(make_hazard, enterprise_user, settings):
    hazard = make_hazard(HazardState.RECTIFYING)
    hazards.submit_rectification(enterprise_user, hazard, "已整改", [("现场1.jpg", JPG), ("现场2.png", PNG)])
    photos = list(HazardPhoto.objects.order_by("pk"))
    assert [(p.original_name, p.content_type) for p in photos] == [
        ("现场1.jpg", "image/jpeg"),
        ("现场2.png", "image/png"),
    ]
    for photo in photos:
        path = storage_dir() / photo.stored_name[:2] / photo.stored_name
        assert path.read_bytes() in (JPG, PNG) and photo.stored_name not in ("现场1.jpg", "现场2.png")
        assert str(settings.STATIC_ROOT) not in str(path)
    assert {p.move.to_state for p in photos} == {HazardState.SUBMITTED}


def test_a_bad_profile_is_refused(safety_officer, enterprise, zone_b):
    events = Event.objects.count()
    with pytest.raises(Rejected) as exc:
        services.update_profile(safety_officer, enterprise, categories=[999999])
    assert exc.value.field == "categories"
    with pytest.raises(Rejected) as exc:
        services.update_profile(safety_officer, enterprise, responsible_mobile="138-abc")
    assert exc.value.field == "responsible_mobile"
    _nothing_written(events)
