"""API for the hazard closed loop (隐患闭环): the list with the filters of hazard_list(), one hazard with its moves and
photos, every move (start, submit with photos, accept, send back) and the photos read back in scope.

The same services, filters and permissions as the pages; records (enterprises, ratings, inspections, the inspections
due) and figures live in api_records.py.
"""

from datetime import date, datetime
from typing import Annotated

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.demands.attachments import MAX_BYTES
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import hazards
from .models import Hazard, HazardPhoto
from .photos import path_of, photo_for
from .queries import hazard_list
from .states import OPEN, HazardLevel, HazardState

router = Router(tags=["safety"])

# A record id as input: positive and within the database's integer range (a larger one is no record, not a 500).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
# (first, last) spans of hazard_list() and the query parameters that give them.
SPANS = {"found_in": "found", "accepted_in": "accepted", "due_in": "due"}


class HazardOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    unit_id: int
    inspection_id: int | None
    level: HazardLevel
    category_id: int | None
    category_name: str | None
    description: str
    responsible_person: str
    deadline: date
    overdue: bool = Field(..., description="Still open past the deadline")
    state: HazardState
    rectification_note: str
    reason: str = Field(..., description="The reason of the last move (what the officer sent back)")
    found_on: date
    started_on: date | None
    submitted_on: date | None
    accepted_on: date | None
    sent_back_on: date | None
    escalation_level: int
    version: int

    @staticmethod
    def resolve_category_name(obj: Hazard) -> str | None:
        return obj.category.name if obj.category_id else None

    @staticmethod
    def resolve_overdue(obj: Hazard) -> bool:
        return obj.state in OPEN and obj.deadline < timezone.localdate()


class HazardMoveOut(Schema):
    from_state: str
    to_state: HazardState
    on: date
    reason: str


class HazardPhotoOut(Schema):
    id: int
    hazard_id: int
    move_id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class HazardDetailOut(HazardOut):
    moves: list[HazardMoveOut]
    photos: list[HazardPhotoOut]

    @staticmethod
    def resolve_moves(obj: Hazard) -> list:
        return list(obj.moves.all())

    @staticmethod
    def resolve_photos(obj: Hazard) -> list:
        return list(obj.photos.all())


class HazardFilterIn(Schema):
    state: list[HazardState] | None = Field(None, description="One or more states (repeat the parameter)")
    level: HazardLevel | None = None
    category: RecordId | None = None
    is_six: bool | None = Field(None, description="Of a 六涉 category (true) or not (false)")
    enterprise: RecordId | None = None
    unit: RecordId | None = Field(None, description="The zone and the units below it")
    overdue: bool | None = Field(None, description="Open past the deadline (true) or not (false)")
    escalated: bool | None = None
    on_time: bool | None = Field(None, description="Rectified (accepted) with the submission by the deadline")
    late: bool | None = Field(None, description="Rectified after the deadline, or still open past it")
    q: str = Field("", max_length=100, description="Description or enterprise name")
    found_from: date | None = None
    found_to: date | None = None
    accepted_from: date | None = None
    accepted_to: date | None = None
    due_from: date | None = Field(None, description="Deadline from")
    due_to: date | None = Field(None, description="Deadline to")


def visible_unit(request, unit_id: int) -> Unit:
    """A unit the user sees (404 for any other)."""
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_id)


def query_filters(request, filters: HazardFilterIn) -> dict:
    """The query parameters as hazard_list() takes them (a unit outside the user's scope is 404)."""
    raw = {k: v for k, v in filters.dict().items() if v is not None and v != "" and v != []}
    if raw.get("unit"):
        raw["unit"] = visible_unit(request, raw["unit"]).pk
    for span, name in SPANS.items():
        first, last = raw.pop(f"{name}_from", None), raw.pop(f"{name}_to", None)
        if first or last:
            raw[span] = (first or date.min, last or date.max)
    return raw


def as_params(spec: dict) -> dict:
    """A hazard_list() or rating_list() filter as the query parameters of GET /safety/hazards or /safety/ratings."""
    out = {}
    for key, value in spec.items():
        if key in SPANS:
            out[f"{SPANS[key]}_from"], out[f"{SPANS[key]}_to"] = value
        elif isinstance(value, list | tuple):
            out[key] = [_param(v) for v in value]
        else:
            out[key] = _param(value)
    return out


def _param(value):
    """A filter value as a query parameter: a record by its id, a choice by its value."""
    return getattr(value, "pk", getattr(value, "value", value))


class HazardVersionIn(Schema):
    version: int = Field(..., description="The version read; 409 when the hazard changed since")


class HazardReasonIn(HazardVersionIn):
    reason: str = Field(..., max_length=2000, description="What is still wrong")


def visible(request, hazard_id: int) -> Hazard:
    return get_object_or_404(hazard_list(request.user), pk=hazard_id)


def detail(request, hazard_id: int) -> Hazard:
    """The hazard as the detail answer shows it: with its moves and its photos' metadata."""
    return get_object_or_404(hazard_list(request.user).prefetch_related("moves", "photos"), pk=hazard_id)


@router.get("/safety/hazards", response=list[HazardOut])
@paginate(PageNumberPagination, page_size=25)
def list_hazards(request, filters: Query[HazardFilterIn]):
    """The hazards in the user's scope (an enterprise user: its own), narrowed like the hazard list page."""
    ensure_can(Actor.of(request), "safety.view")
    return hazard_list(request.user, **query_filters(request, filters)).order_by("deadline", "pk")


@router.get("/safety/hazards/{hazard_id}", response=HazardDetailOut)
def get_hazard(request, hazard_id: int):
    return detail(request, hazard_id)


@router.post("/safety/hazards/{hazard_id}/start", response=HazardDetailOut)
def start(request, hazard_id: int, body: HazardVersionIn):
    """开始整改: the enterprise (or its service officer) starts rectifying a hazard found or sent back."""
    hazards.start_rectification(Actor.of(request), visible(request, hazard_id), version=body.version)
    return detail(request, hazard_id)


@router.post("/safety/hazards/{hazard_id}/submit", response=HazardDetailOut)
def submit(
    request,
    hazard_id: int,
    version: Form[int],
    note: Form[str] = "",
    photos: File[list[UploadedFile]] = None,
):
    """提交验收 (multipart): 1 to 9 JPG or PNG `photos` of the result, checked on their content (one bad file refuses
    them all, naming it), and a `note` of what was done."""
    hazard = visible(request, hazard_id)
    # One byte past the limit is enough to refuse a file without reading a huge upload whole.
    read = [(upload.name or "", upload.read(MAX_BYTES + 1)) for upload in photos or ()]
    hazards.submit_rectification(Actor.of(request), hazard, note, read, version=version)
    return detail(request, hazard_id)


@router.post("/safety/hazards/{hazard_id}/accept", response=HazardDetailOut)
def accept(request, hazard_id: int, body: HazardVersionIn):
    """验收通过: the safety officer accepts the rectification and the hazard is closed."""
    hazards.accept_rectification(Actor.of(request), visible(request, hazard_id), version=body.version)
    return detail(request, hazard_id)


@router.post("/safety/hazards/{hazard_id}/send-back", response=HazardDetailOut)
def send_back(request, hazard_id: int, body: HazardReasonIn):
    """The safety officer sends the rectification back, saying what is still wrong (the deadline stays)."""
    hazards.send_back(Actor.of(request), visible(request, hazard_id), body.reason, version=body.version)
    return detail(request, hazard_id)


@router.get("/safety/hazards/{hazard_id}/photos/{photo_id}", response={200: None})
def download_photo(request, hazard_id: int, photo_id: int):
    """The photo itself, to whoever sees its hazard (404 for anyone else)."""
    photo = photo_for(request.user, photo_id)
    path = path_of(photo)
    if photo.hazard_id != hazard_id or not path.exists():
        raise HazardPhoto.DoesNotExist
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=photo.original_name, content_type=photo.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
