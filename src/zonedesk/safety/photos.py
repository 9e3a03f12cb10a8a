"""Photos of a hazard's rectification: checked by size and content with the demands' upload checks (JPG and PNG
only), stored under a random name in the data folder (never under static), read back only through
`photo_for(user, pk)`, which scopes like the hazard."""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.demands.attachments import check_upload

from .models import Hazard, HazardMove, HazardPhoto

IMAGE_TYPES = ("image/jpeg", "image/png")
MAX_PER_MOVE = 9


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "hazard_photos"


def path_of(photo: HazardPhoto) -> Path:
    return storage_dir() / photo.stored_name[:2] / photo.stored_name


def check_photos(photos) -> list[tuple[str, bytes, str]]:
    """(name, content, content type) of each photo; Rejected("photos") for none, too many, or a file that is not
    a JPG or PNG photo by its content (too big, empty, or not what its name says)."""
    photos = list(photos or ())
    if not photos:
        raise Rejected("photos", _("Add at least one photo of the rectification."))
    if len(photos) > MAX_PER_MOVE:
        raise Rejected("photos", _("Add at most %(n)d photos.") % {"n": MAX_PER_MOVE})
    checked = []
    for name, data in photos:
        name = os.path.basename(name or "")
        try:
            kind = check_upload(name, data)
        except Rejected as exc:
            raise Rejected("photos", exc.message) from exc
        if kind.content_type not in IMAGE_TYPES:
            raise Rejected("photos", _("%(name)s: only JPG and PNG photos.") % {"name": name})
        checked.append((name, data, kind.content_type))
    return checked


def store(data: bytes) -> str:
    """Write the bytes under a new random name (never overwriting) and return the name."""
    stored = secrets.token_hex(16)
    folder = storage_dir() / stored[:2]
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return stored


def discard(stored_names) -> None:
    """Remove files written for a change that did not happen."""
    for stored in stored_names:
        (storage_dir() / stored[:2] / stored).unlink(missing_ok=True)


def save_photos(hazard: Hazard, move: HazardMove, checked, stored_names, uploaded_by) -> list[HazardPhoto]:
    """The photo rows of a move, inside its transaction."""
    return HazardPhoto.objects.bulk_create(
        HazardPhoto(
            hazard=hazard,
            move=move,
            stored_name=stored,
            original_name=name[:200],
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=uploaded_by,
        )
        for (name, data, content_type), stored in zip(checked, stored_names, strict=True)
    )


def photo_for(user, pk: int) -> HazardPhoto:
    """A photo the user may see (DoesNotExist, hence 404, for any other)."""
    return HazardPhoto.objects.visible_to(user).select_related("hazard").get(pk=pk)
