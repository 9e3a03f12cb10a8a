"""The zone's site plan: upload (PNG/JPEG by content, size-limited, served only to the zone), placing an enterprise
once and moving it, and the dots coloured by risk, by open hazards and by industry with a legend that counts them."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.safety import plan, services
from zonedesk.safety.models import EnterprisePlacement, SitePlan
from zonedesk.safety.plan_queries import PALETTE, RISK_FILL, dots, legend
from zonedesk.safety.states import HazardLevel, HazardState

from ..conftest import client_for
from ..factories import EnterpriseFactory


def png(width: int, height: int) -> bytes:
    """A real PNG of the given size (one grey pixel row repeated)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xcc" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# The start of a JPEG: SOI, an APP0 segment, then a baseline frame (SOF0) of 480 x 320.
JPEG = b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
JPEG += b"\xff\xc0\x00\x11\x08\x01\x40\x01\xe0\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01" + b"\x00" * 32


@pytest.fixture
def site_plan(admin_a, zone_a):
    return plan.upload_plan(admin_a, zone_a, "园区平面图.png", png(400, 300))


def _page(actor, by="risk", unit=None):
    suffix = f"&unit={unit.pk}" if unit else ""
    return client_for(actor).get(f"/safety/plan/?by={by}{suffix}")


def _keys(response) -> dict[int, str]:
    return {d["pk"]: d["key"] for d in response.context["dots"]}


def test_an_upload_becomes_the_zones_plan_with_its_size(site_plan, zone_a):
    assert (site_plan.width, site_plan.height, site_plan.content_type) == (400, 300, "image/png")
    assert plan.path_of(site_plan).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert site_plan.stored_name not in "园区平面图.png" and len(site_plan.stored_name) == 32
    assert Event.objects.filter(verb="safety.plan_uploaded", unit=zone_a).count() == 1


def test_a_jpeg_plan_has_its_size_read_from_its_frame_header():
    assert plan.image_size(JPEG, "image/jpeg") == (480, 320)
    assert plan.check_plan("plan.jpg", JPEG) == ("image/jpeg", 480, 320)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plan.png", b"this is text, not an image\n" * 10),  # a text file named .png
        ("plan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (10 * 1024 * 1024)),  # one byte-ish past 10 MB
        ("plan.pdf", b"%PDF-1.7\n" + b"\x00" * 64),  # a real PDF: not an image
        ("plan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # PNG magic but no readable header
        ("plan.png", png(12001, 1)),  # wider than a browser should draw
    ],
)
def test_the_upload_page_refuses_what_is_not_a_plan_image(admin_a, zone_a, name, data, settings):
    response = client_for(admin_a).post(
        "/safety/plan/upload/", {"unit": zone_a.pk, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 422
    assert response.context["upload_form"].errors["file"]
    assert not SitePlan.objects.exists()
    stored = settings.MEDIA_ROOT / "site_plans"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_only_the_zones_admins_and_leaders_upload_and_place(zone_a, safety_officer, site_plan, enterprise):
    with pytest.raises(Forbidden):
        plan.upload_plan(safety_officer, zone_a, "plan.png", png(10, 10))
    with pytest.raises(Forbidden):
        plan.place_enterprise(safety_officer, enterprise, 0.5, 0.5)
    client = client_for(safety_officer)
    assert client.get(f"/safety/plan/place/?unit={zone_a.pk}").status_code == 403
    response = client.post(
        "/safety/plan/place/save/", {"unit": zone_a.pk, "enterprise": enterprise.pk, "x": 0.5, "y": 0.5}
    )
    assert response.status_code == 403
    assert not EnterprisePlacement.objects.exists()


def test_the_image_is_served_only_to_its_zone(site_plan, safety_officer, officer_b, enterprise_user):
    response = client_for(safety_officer).get(f"/safety/plan/{site_plan.pk}/image/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"
    for outsider in (officer_b, enterprise_user):
        assert client_for(outsider).get(f"/safety/plan/{site_plan.pk}/image/").status_code == 404


def test_another_zone_and_an_enterprise_user_see_no_plan(site_plan, zone_a, officer_b, enterprise_user):
    assert _page(officer_b, unit=zone_a).status_code == 404
    assert client_for(officer_b).get(f"/safety/plan/place/?unit={zone_a.pk}").status_code == 404
    assert _page(enterprise_user).status_code == 404


def test_an_enterprise_is_placed_once_and_moves(admin_a, zone_a, site_plan, enterprise):
    client = client_for(admin_a)
    first = client.post(
        "/safety/plan/place/save/", {"unit": zone_a.pk, "enterprise": enterprise.pk, "x": 0.25, "y": 0.5}
    )
    assert first.status_code == 302
    client.post("/safety/plan/place/save/", {"unit": zone_a.pk, "enterprise": enterprise.pk, "x": "0.75", "y": "0.125"})
    placement = EnterprisePlacement.objects.get()
    assert (placement.enterprise, placement.plan, placement.x, placement.y) == (enterprise, site_plan, 0.75, 0.125)
    moves = Event.objects.filter(verb="safety.enterprise_placed").order_by("pk")
    assert [(e.before, e.after) for e in moves] == [
        ({}, {"x": 0.25, "y": 0.5}),
        ({"x": 0.25, "y": 0.5}, {"x": 0.75, "y": 0.125}),
    ]


@pytest.mark.parametrize(("x", "y"), [(1.5, 0.5), (-0.1, 0.2), (None, 0.3), ("左上", 0.1), (True, 0.5)])
def test_a_place_off_the_plan_is_refused(admin_a, site_plan, enterprise, x, y):
    with pytest.raises(Rejected):
        plan.place_enterprise(admin_a, enterprise, x, y)
    assert not EnterprisePlacement.objects.exists()


def test_placing_needs_a_plan_and_an_enterprise_of_the_users_zones(admin_a, enterprise, enterprise_b, zone_a):
    with pytest.raises(Rejected) as exc:
        plan.place_enterprise(admin_a, enterprise, 0.5, 0.5)
    assert exc.value.field == "plan"
    plan.upload_plan(admin_a, zone_a, "plan.png", png(40, 30))
    with pytest.raises(type(enterprise_b).DoesNotExist):
        plan.place_enterprise(admin_a, enterprise_b, 0.5, 0.5)


def test_a_new_plan_takes_the_placements_over(admin_a, zone_a, site_plan, enterprise):
    plan.place_enterprise(admin_a, enterprise, 0.3, 0.4)
    new = plan.upload_plan(admin_a, zone_a, "新平面图.png", png(800, 600))
    site_plan.refresh_from_db()
    assert (site_plan.is_current, new.is_current) == (False, True)
    assert EnterprisePlacement.objects.get().plan == new
    assert [d["cx"] for d in dots(admin_a.user, new, "risk")] == [240.0]


def test_taking_an_enterprise_off_the_plan(admin_a, zone_a, site_plan, enterprise):
    plan.place_enterprise(admin_a, enterprise, 0.3, 0.4)
    client = client_for(admin_a)
    response = client.post("/safety/plan/place/save/", {"unit": zone_a.pk, "enterprise": enterprise.pk, "remove": "1"})
    assert response.status_code == 302
    assert not EnterprisePlacement.objects.exists()
    assert Event.objects.get(verb="safety.placement_removed").before == {"x": 0.3, "y": 0.4}


def test_a_red_enterprise_shows_a_red_dot_until_it_is_rated_green(
    admin_a, leader, safety_officer, site_plan, enterprise
):
    plan.place_enterprise(admin_a, enterprise, 0.5, 0.5)
    assert _keys(_page(safety_officer)) == {enterprise.pk: "unrated"}
    services.rate(leader, enterprise, stars=2, colour="red", reason="重大风险")
    response = _page(safety_officer)
    assert _keys(response) == {enterprise.pk: "red"}
    assert response.context["dots"][0]["fill"] == RISK_FILL["red"]
    assert f'data-enterprise="{enterprise.pk}" data-key="red"' in response.content.decode()
    services.rate(leader, enterprise, stars=4, colour="green", reason="整改到位")
    assert _keys(_page(safety_officer)) == {enterprise.pk: "green"}


def test_by_hazards_a_major_open_hazard_colours_the_dot(
    admin_a, safety_officer, site_plan, enterprise, other_enterprise, zone_a, make_hazard
):
    quiet = EnterpriseFactory(name="射阳安全无隐患有限公司", unit=zone_a)
    for n, ent in enumerate((enterprise, other_enterprise, quiet)):
        plan.place_enterprise(admin_a, ent, 0.2 + n * 0.2, 0.5)
    make_hazard(ent=other_enterprise, level=HazardLevel.MAJOR, description="粉尘除尘系统未接地")
    make_hazard(ent=enterprise, description="消防通道堵塞")
    # A major hazard rectified and accepted no longer counts: the enterprise shows its open general one.
    make_hazard(HazardState.ACCEPTED, ent=enterprise, level=HazardLevel.MAJOR, description="液氨管道泄漏")
    keys = _keys(_page(safety_officer, "hazards"))
    assert keys == {other_enterprise.pk: "major", enterprise.pk: "general", quiet.pk: "none"}


def test_by_industry_each_division_has_its_colour(
    admin_a, safety_officer, site_plan, enterprise, other_enterprise, zone_a
):
    third = EnterpriseFactory(unit=zone_a)
    type(enterprise).objects.filter(pk=enterprise.pk).update(industry_id="341")  # a group of division 34
    type(enterprise).objects.filter(pk=other_enterprise.pk).update(industry_id="34")
    type(enterprise).objects.filter(pk=third.pk).update(industry_id="39")
    for ent in (enterprise, other_enterprise, third):
        plan.place_enterprise(admin_a, ent, 0.5, 0.5)
    response = _page(safety_officer, "industry")
    assert _keys(response) == {enterprise.pk: "34", other_enterprise.pk: "34", third.pk: "39"}
    assert response.context["legend"] == [
        {"key": "34", "label": "通用设备制造业", "fill": PALETTE[0], "count": 2},
        {"key": "39", "label": "计算机、通信和其他电子设备制造业", "fill": PALETTE[1], "count": 1},
    ]


def test_beyond_ten_industries_the_smallest_share_one_colour(admin_a, safety_officer, site_plan, zone_a):
    divisions = ["13", "13", "14", "15", "17", "18", "19", "20", "21", "22", "23", "24", "25", None]
    for n, code in enumerate(divisions):
        plan.place_enterprise(admin_a, EnterpriseFactory(unit=zone_a, industry_id=code), n / 20, 0.5)
    response = _page(safety_officer, "industry")
    legend_rows = response.context["legend"]
    assert [e["key"] for e in legend_rows] == [
        "13",
        "14",
        "15",
        "17",
        "18",
        "19",
        "20",
        "21",
        "22",
        "23",
        "other",
        "none",
    ]
    assert [e["count"] for e in legend_rows[-2:]] == [2, 1]  # divisions 24 and 25; one without an industry
    assert len({e["fill"] for e in legend_rows[:10]}) == 10
    assert {d["key"] for d in response.context["dots"]} == {e["key"] for e in legend_rows}


@pytest.mark.parametrize("by", ["risk", "hazards", "industry"])
def test_the_legend_counts_the_dots(by, admin_a, leader, safety_officer, site_plan, zone_a, make_hazard, enterprise):
    enterprises = [enterprise] + [EnterpriseFactory(unit=zone_a) for _ in range(4)]
    for n, ent in enumerate(enterprises):
        plan.place_enterprise(admin_a, ent, n / 5, n / 5)
    services.rate(leader, enterprises[1], stars=1, colour="red", reason="评定")
    services.rate(leader, enterprises[2], stars=5, colour="green", reason="评定")
    type(enterprise).objects.filter(pk=enterprises[3].pk).update(industry_id="34")
    make_hazard(ent=enterprise, level=HazardLevel.MAJOR)
    response = _page(safety_officer, by)
    shown = response.context["dots"]
    counted = {e["key"]: e["count"] for e in response.context["legend"]}
    assert len(shown) == 5 == sum(counted.values())
    for key, count in counted.items():
        assert count == sum(1 for d in shown if d["key"] == key), key
    assert legend(safety_officer.user, site_plan, by) == response.context["legend"]


def test_a_dot_links_to_the_enterprises_safety_page(admin_a, safety_officer, site_plan, enterprise):
    plan.place_enterprise(admin_a, enterprise, 0.5, 0.5)
    try:
        expected = reverse("safety:enterprise", args=[enterprise.pk])
    except NoReverseMatch:
        expected = reverse("enterprises:detail", args=[enterprise.pk])
    dot = _page(safety_officer).context["dots"][0]
    assert (dot["url"], dot["name"]) == (expected, enterprise.name)


def test_an_archived_enterprise_leaves_the_plan(admin_a, safety_officer, site_plan, enterprise):
    plan.place_enterprise(admin_a, enterprise, 0.5, 0.5)
    type(enterprise).objects.filter(pk=enterprise.pk).update(is_archived=True)
    assert _page(safety_officer).context["dots"] == []
    assert sum(e["count"] for e in _page(safety_officer).context["legend"]) == 0


def test_the_place_page_offers_the_next_enterprise_not_yet_placed(
    admin_a, zone_a, site_plan, enterprise, other_enterprise
):
    plan.place_enterprise(admin_a, other_enterprise, 0.5, 0.5)
    response = client_for(admin_a).get(f"/safety/plan/place/?unit={zone_a.pk}")
    assert response.status_code == 200
    assert response.context["selected"] == str(enterprise.pk)
    assert response.context["unplaced"] == 1
