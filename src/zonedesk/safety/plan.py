"""Writes on the zone's site plan: uploading the plan image (checked by size and content with the demands' upload
checks, PNG or JPEG only, its size in pixels read from its header; stored under a random name in the data folder,
never under static), and placing an enterprise on it, moving it, or taking it off. Each with its Event."""

import hashlib
import os
import secrets
import struct
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.demands.attachments import check_upload
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import ensure_can

from .models_maps import EnterprisePlacement, SitePlan

IMAGE_TYPES = ("image/jpeg", "image/png")
MAX_SIDE = 12000  # pixels: a browser draws the plan, but not a poster-sized one
# JPEG frame markers that carry the image size (SOF0–SOF15 but DHT, JPG and DAC).
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "site_plans"


def path_of(plan: SitePlan) -> Path:
    return storage_dir() / plan.stored_name[:2] / plan.stored_name


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in SOF_MARKERS:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def image_size(data: bytes, content_type: str) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG's or JPEG's header, None when the header cannot be read."""
    size = _png_size(data) if content_type == "image/png" else _jpeg_size(data)
    return size if size and all(size) else None


def check_plan(name: str, data: bytes) -> tuple[str, int, int]:
    """(content type, width, height) of a plan image; Rejected("file") for a file too big or empty, not a PNG or
    JPEG by its content, or whose size in pixels cannot be read or is too large."""
    name = os.path.basename(name or "")
    kind = check_upload(name, data)
    if kind.content_type not in IMAGE_TYPES:
        raise Rejected("file", _("%(name)s: the site plan is a PNG or JPG image.") % {"name": name})
    size = image_size(data, kind.content_type)
    if size is None:
        raise Rejected("file", _("%(name)s: the image's size cannot be read.") % {"name": name})
    if max(size) > MAX_SIDE:
        raise Rejected(
            "file", _("%(name)s: keep the image within %(n)d pixels a side.") % {"name": name, "n": MAX_SIDE}
        )
    return kind.content_type, *size


def _write(data: bytes) -> str:
    stored = secrets.token_hex(16)
    folder = storage_dir() / stored[:2]
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return stored


def _zone(by: Actor, unit: Unit | int) -> Unit:
    scope = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    return scope.get(pk=getattr(unit, "pk", unit), kind=UnitKind.ZONE)


def upload_plan(by: Actor, unit: Unit | int, name: str, data: bytes) -> SitePlan:
    """Make an image the zone's site plan; the earlier plan is kept (not current) and its placements move over."""
    unit = _zone(by, unit)
    ensure_can(by, "safety.configure", unit)
    content_type, width, height = check_plan(name, data)
    stored = _write(data)
    try:
        with transaction.atomic(durable=True):
            Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one current plan, however many upload
            old = SitePlan.objects.current().filter(unit=unit).first()
            if old is not None:
                SitePlan.objects.filter(pk=old.pk).update(is_current=False)
            plan = SitePlan.objects.create(
                unit=unit,
                stored_name=stored,
                original_name=os.path.basename(name)[:200],
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                width=width,
                height=height,
                uploaded_by=by.user,
            )
            moved = EnterprisePlacement.objects.filter(plan__unit=unit).update(plan=plan) if old else 0
            after = {"file": plan.original_name, "width": width, "height": height, "placements": moved}
            record(by, "safety.plan_uploaded", plan, before={"plan": old.pk if old else None}, after=after)
    except BaseException:
        (storage_dir() / stored[:2] / stored).unlink(missing_ok=True)
        raise
    return plan


def _fraction(value, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if isinstance(value, bool) or not 0.0 <= number <= 1.0:
        raise Rejected(field, _("Click on the site plan to place the enterprise."))
    return round(number, 5)


def _enterprise(by: Actor, enterprise: Enterprise | int) -> Enterprise:
    scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
    enterprise = scope.select_related("unit").get(pk=getattr(enterprise, "pk", enterprise), is_archived=False)
    ensure_can(by, "safety.configure", enterprise.unit)
    return enterprise


@transaction.atomic(durable=True)
def place_enterprise(by: Actor, enterprise: Enterprise | int, x, y) -> EnterprisePlacement:
    """Put an enterprise on its zone's current site plan at (x, y), fractions of the image's width and height from
    its top left corner; an enterprise already placed moves there."""
    enterprise = _enterprise(by, enterprise)
    x, y = _fraction(x, "x"), _fraction(y, "y")
    zone = enterprise.unit.zone() or enterprise.unit
    plan = SitePlan.objects.current().filter(unit=zone).first()
    if plan is None:
        raise Rejected("plan", _("Upload the zone's site plan first."))
    placement = EnterprisePlacement.objects.select_for_update().filter(enterprise=enterprise).first()
    before = {"x": placement.x, "y": placement.y} if placement else {}
    if placement is None:
        placement = EnterprisePlacement(enterprise=enterprise)
    placement.plan, placement.x, placement.y = plan, x, y
    placement.placed_by, placement.placed_at = by.user, timezone.now()
    placement.save()
    record(by, "safety.enterprise_placed", placement, unit=zone, before=before, after={"x": x, "y": y})
    return placement


@transaction.atomic(durable=True)
def remove_placement(by: Actor, enterprise: Enterprise | int) -> None:
    """Take an enterprise off the site plan (its Event keeps where it was)."""
    enterprise = _enterprise(by, enterprise)
    placement = EnterprisePlacement.objects.select_for_update().select_related("plan__unit").get(enterprise=enterprise)
    before = {"x": placement.x, "y": placement.y}
    record(by, "safety.placement_removed", placement, unit=placement.plan.unit, before=before, after={})
    placement.delete()
