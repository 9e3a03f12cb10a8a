"""API for job postings: the list (the pages' filter), one posting, publish, change with its version, close and
record hires; the same services and permissions as the pages (an enterprise user: its own postings only)."""

from datetime import date
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.enterprises.models import mask_mobile
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can, in_scope, scope_of

from . import services
from .models import JobPosting
from .queries import posting_list
from .states import PostingStatus

router = Router(tags=["recruitment"])

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
# Date ranges of the list filters and their query parameters (published_in -> published_from / published_to).
SPANS = {"published_in": "published", "hired_in": "hired", "held_in": "held", "period": "period"}


def _mobile_scope(context):
    """Where the reader sees mobiles in clear, looked up once per request."""
    request = (context or {}).get("request")
    if request is None:
        return [], None
    if not hasattr(request, "_recruitment_mobiles"):
        request._recruitment_mobiles = scope_of(request.user, "enterprise.view_contacts")
    return request._recruitment_mobiles


class PostingOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    unit_id: int
    industry: str | None = Field(None, description="The enterprise's GB/T 4754-2017 code")
    position: str
    count: int
    filled: int
    remaining: int
    salary_min: int | None = Field(None, description="Yuan a month")
    salary_max: int | None = Field(None, description="Yuan a month")
    requirements: str
    contact_name: str
    contact_mobile: str = Field(..., description="Masked (138****8000) for roles that do not call enterprises")
    status: PostingStatus
    published_on: date
    closes_on: date | None
    filled_on: date | None
    closed_on: date | None
    close_reason: str
    version: int
    open_positions: int | None = Field(None, description="With the open_on filter: the count less the hires by then")
    hires_in_period: int | None = Field(None, description="With hired_from / hired_to: the hires in the period")

    @staticmethod
    def resolve_industry(obj: JobPosting) -> str | None:
        return obj.enterprise.industry_id

    @staticmethod
    def resolve_contact_mobile(obj: JobPosting, context) -> str:
        clear = in_scope(_mobile_scope(context), obj.unit.path, obj.enterprise_id)
        return obj.contact_mobile if clear else mask_mobile(obj.contact_mobile)

    @staticmethod
    def resolve_open_positions(obj: JobPosting) -> int | None:
        return getattr(obj, "open_positions", None)

    @staticmethod
    def resolve_hires_in_period(obj: JobPosting) -> int | None:
        return getattr(obj, "hires_in_period", None)


class PostingFilterIn(Schema):
    status: PostingStatus | None = None
    enterprise: RecordId | None = None
    unit: RecordId | None = Field(None, description="The zone and the units below it")
    industry: str | None = Field(None, max_length=5, description="A GB/T 4754 code and every code under it")
    no_industry: bool | None = None
    fair: RecordId | None = Field(None, description="Shown at this job fair")
    q: str = Field("", max_length=100, description="Position or enterprise name")
    open_on: date | None = Field(None, description="Recruiting on this day (adds open_positions)")
    published_from: date | None = None
    published_to: date | None = None
    hired_from: date | None = Field(None, description="With hires in the period (adds hires_in_period)")
    hired_to: date | None = None


def query_filters(request, filters: Schema) -> dict:
    """The API's query parameters as the list queries take them (a unit outside the user's scope is 404)."""
    raw = {k: v for k, v in filters.dict().items() if v is not None and v != "" and v is not False}
    if raw.get("unit"):
        raw["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=raw["unit"]).pk
    for key, name in SPANS.items():
        first, last = raw.pop(f"{name}_from", None), raw.pop(f"{name}_to", None)
        if first or last:
            raw[key] = (first or date.min, last or date.max)
    return raw


def as_params(spec: dict) -> dict:
    """A list query's filter as the query parameters of its endpoint (each figure links to its list)."""
    out = {}
    for key, value in spec.items():
        if key in SPANS:
            out[f"{SPANS[key]}_from"], out[f"{SPANS[key]}_to"] = value
        elif isinstance(value, list | tuple):
            out[key] = [getattr(v, "pk", v) for v in value]
        else:
            out[key] = getattr(value, "pk", getattr(value, "value", value))
    return out


class PostingIn(Schema):
    enterprise: RecordId
    position: str = Field(..., max_length=100)
    count: int
    salary_min: int | None = Field(None, description="Yuan a month")
    salary_max: int | None = Field(None, description="Yuan a month")
    requirements: str = ""
    contact_name: str = Field(..., max_length=50)
    contact_mobile: str = Field(..., max_length=20)
    closes_on: date | None = None


class PostingChangeIn(Schema):
    version: int = Field(..., description="The version read; 409 when the posting changed since")
    position: str | None = Field(None, max_length=100)
    count: int | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    requirements: str | None = None
    contact_name: str | None = Field(None, max_length=50)
    contact_mobile: str | None = Field(None, max_length=20)
    closes_on: date | None = None


class PostingCloseIn(Schema):
    version: int = Field(..., description="The version read; 409 when the posting changed since")
    reason: str = Field("", max_length=300)


class PostingHiresIn(Schema):
    version: int = Field(..., description="The version read; 409 when the posting changed since")
    count: int
    hired_on: date | None = Field(None, description="Today when not given")


def visible(request, posting_id: int) -> JobPosting:
    rows = JobPosting.objects.visible_to(request.user).select_related("enterprise", "unit")
    return get_object_or_404(rows, pk=posting_id)


@router.get("/recruitment/postings", response=list[PostingOut])
@paginate(PageNumberPagination, page_size=25)
def list_postings(request, filters: Query[PostingFilterIn]):
    """The postings the user sees (an enterprise user: its own), newest first, as the postings page lists them."""
    ensure_can(Actor.of(request), "recruitment.view")
    return posting_list(request.user, **query_filters(request, filters))


@router.post("/recruitment/postings", response={201: PostingOut})
def publish(request, body: PostingIn):
    """Publish a posting: the enterprise itself, or its service officer on its behalf."""
    data = body.dict(exclude={"enterprise"})
    posting = services.publish_posting(Actor.of(request), body.enterprise, data)
    return Status(201, visible(request, posting.pk))


@router.get("/recruitment/postings/{posting_id}", response=PostingOut)
def get_posting(request, posting_id: int):
    return visible(request, posting_id)


@router.patch("/recruitment/postings/{posting_id}", response=PostingOut)
def change(request, posting_id: int, body: PostingChangeIn):
    """Change the fields sent of an open posting."""
    data = body.dict(exclude_unset=True, exclude={"version"})
    services.update_posting(Actor.of(request), visible(request, posting_id), data, version=body.version)
    return visible(request, posting_id)


@router.post("/recruitment/postings/{posting_id}/close", response=PostingOut)
def close(request, posting_id: int, body: PostingCloseIn):
    services.close_posting(Actor.of(request), visible(request, posting_id), body.reason, version=body.version)
    return visible(request, posting_id)


@router.post("/recruitment/postings/{posting_id}/hires", response=PostingOut)
def hires(request, posting_id: int, body: PostingHiresIn):
    """Record people hired on an open posting; it is filled when its last position is."""
    posting = visible(request, posting_id)
    services.record_hires(Actor.of(request), posting, body.count, on=body.hired_on, version=body.version)
    return visible(request, posting_id)
