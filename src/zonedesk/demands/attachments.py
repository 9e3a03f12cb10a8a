"""Files given with a demand: checked by size, by name and by content, stored under a random name in the data
folder (never under static), and read back only through `attachment_for(user, pk)`, which scopes like the demand.
"""

import hashlib
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import can

from .models import DemandAttachment
from .services import _locked

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_DEMAND = 10


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]
    zip_part: str = ""  # an Office file is a zip that holds this folder


KINDS = (
    Kind("application/pdf", (".pdf",)),
    Kind("image/jpeg", (".jpg", ".jpeg")),
    Kind("image/png", (".png",)),
    Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "word/"),
    Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "xl/"),
)
MAGIC = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
ACCEPT = ",".join(ext for kind in KINDS for ext in kind.extensions)


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "attachments"


def _kind_of_name(name: str) -> Kind | None:
    ext = os.path.splitext(name.lower())[1]
    return next((k for k in KINDS if ext in k.extensions), None)


def _is(kind: Kind, data: bytes) -> bool:
    """Whether the bytes are what the name says (magic bytes; for Office files, a zip with the right part)."""
    if kind.zip_part:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        return "[Content_Types].xml" in names and any(n.startswith(kind.zip_part) for n in names)
    return data.startswith(MAGIC[kind.content_type])


def check_upload(name: str, data: bytes) -> Kind:
    """The file's kind, or Rejected naming the file when it is too big, of a kind not taken, or not what its
    name says."""
    name = os.path.basename(name or "")
    if not data:
        raise Rejected("file", _("%(name)s is empty.") % {"name": name})
    if len(data) > MAX_BYTES:
        raise Rejected("file", _("%(name)s is larger than 10 MB.") % {"name": name})
    kind = _kind_of_name(name)
    if kind is None:
        raise Rejected(
            "file", _("%(name)s: only PDF, JPG, PNG, Word (.docx) and Excel (.xlsx) files.") % {"name": name}
        )
    if not _is(kind, data):
        raise Rejected("file", _("%(name)s is not the kind of file its name says.") % {"name": name})
    return kind


def _write(data: bytes) -> str:
    stored = secrets.token_hex(16)
    folder = storage_dir() / stored[:2]
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return stored


def path_of(attachment: DemandAttachment) -> Path:
    return storage_dir() / attachment.stored_name[:2] / attachment.stored_name


def attach(by: Actor, demand, name: str, data: bytes) -> DemandAttachment:
    """Add one file to a demand: whoever may submit for the enterprise or answer for the department."""
    kind = check_upload(name, data)
    stored = _write(data)
    try:
        with transaction.atomic(durable=True):
            demand, _state = _locked(by, demand, None)
            if not by.is_system and not any(
                can(by.user, perm, unit, enterprise_id=demand.enterprise_id)
                for perm in ("demand.submit", "demand.resolve")
                for unit in filter(None, [demand.handling_unit, demand.assigned_department])
            ):
                raise Forbidden()
            if demand.attachments.count() >= MAX_PER_DEMAND:
                raise Rejected("file", _("A demand takes at most %(n)d files.") % {"n": MAX_PER_DEMAND})
            attachment = DemandAttachment.objects.create(
                demand=demand,
                stored_name=stored,
                original_name=os.path.basename(name)[:200],
                content_type=kind.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=by.user,
            )
            after = {"file": attachment.original_name, "size": attachment.size, "sha256": attachment.sha256}
            record(by, "demand.attached", demand, after=after)
    except BaseException:
        (storage_dir() / stored[:2] / stored).unlink(missing_ok=True)
        raise
    return attachment


def attachment_for(user, pk: int) -> DemandAttachment:
    """An attachment the user may read (DoesNotExist, hence 404, for any other)."""
    return DemandAttachment.objects.visible_to(user).select_related("demand").get(pk=pk)
