"""API for bulk moves from the workspace and for the files given with a demand (uploaded, read back in scope)."""

from django.http import FileResponse
from ninja import Field, File, Router, Schema, Status, UploadedFile

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import ensure_can

from . import attachments, bulk
from .api import AttachmentOut, DeadlineDays, RecordId, visible
from .models import DemandAttachment

router = Router(tags=["demands"])


class BulkIn(Schema):
    ids: list[RecordId] = Field(..., min_length=1, max_length=200)


class BulkAssignIn(BulkIn):
    department: RecordId
    deadline_days: DeadlineDays | None = None


class BulkFailureOut(Schema):
    id: int
    message: str


class BulkOut(Schema):
    done: list[int]
    failed: list[BulkFailureOut]


@router.post("/demands/bulk/accept", response=BulkOut)
def bulk_accept(request, body: BulkIn):
    """Accept several demands; the answer says which moved and why the others did not."""
    ensure_can(Actor.of(request), "demand.handle")
    return bulk.bulk_accept(Actor.of(request), body.ids)


@router.post("/demands/bulk/assign", response=BulkOut)
def bulk_assign(request, body: BulkAssignIn):
    ensure_can(Actor.of(request), "demand.handle")
    return bulk.bulk_assign(Actor.of(request), body.ids, body.department, deadline_days=body.deadline_days)


@router.get("/demands/attachments/{attachment_id}", response={200: None})
def download_attachment(request, attachment_id: int):
    """The file itself, to whoever sees its demand (404 for anyone else)."""
    attachment: DemandAttachment = attachments.attachment_for(request.user, attachment_id)
    path = attachments.path_of(attachment)
    if not path.exists():
        raise DemandAttachment.DoesNotExist
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@router.post("/demands/{demand_id}/attachments", response={201: AttachmentOut})
def attach_file(request, demand_id: int, file: File[UploadedFile]):
    demand = visible(request, demand_id)
    # One byte past the limit is enough to refuse it without reading a huge upload whole.
    data = file.read(attachments.MAX_BYTES + 1)
    return Status(201, attachments.attach(Actor.of(request), demand, file.name or "", data))
