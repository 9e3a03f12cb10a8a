"""API for the enterprise registry: the same filters, services and permissions as the pages."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.orgs.api import EventOut, service_input
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import ensure_can
from zonedesk.orgs.queries import timeline

from . import services
from .models import Enterprise
from .queries import EnterpriseFilter, contacts_of, enterprise_list

router = Router(tags=["enterprises"])


class EnterpriseOut(Schema):
    id: int
    name: str
    uscc: str
    is_uscc_confirmed: bool
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    industry_code: str | None = Field(None, alias="industry_id")
    legal_representative: str
    address: str
    established_on: date | None
    registered_capital_wan: Decimal | None
    employees: int | None
    is_above_scale: bool
    is_high_tech: bool
    is_specialized: bool
    linked_leader_id: int | None
    service_officer_id: int | None
    is_archived: bool
    version: int


class ContactOut(Schema):
    id: int
    name: str
    title: str
    mobile: str
    is_primary: bool


class EnterpriseDetailOut(EnterpriseOut):
    contacts: list[ContactOut]


class EnterpriseIn(Schema):
    name: str
    uscc: str
    unit_id: int
    confirm_uscc: bool = False
    industry_code: str | None = None
    legal_representative: str = ""
    address: str = ""
    established_on: date | None = None
    registered_capital_wan: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    is_above_scale: bool = False
    is_high_tech: bool = False
    is_specialized: bool = False
    linked_leader_id: int | None = None
    service_officer_id: int | None = None


class EnterprisePatch(Schema):
    version: int | None = None
    name: str | None = None
    uscc: str | None = None
    unit_id: int | None = None
    confirm_uscc: bool = False
    industry_code: str | None = None
    legal_representative: str | None = None
    address: str | None = None
    established_on: date | None = None
    registered_capital_wan: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    is_above_scale: bool | None = None
    is_high_tech: bool | None = None
    is_specialized: bool | None = None
    linked_leader_id: int | None = None
    service_officer_id: int | None = None


class EnterpriseFilterIn(FilterSchema):
    q: str = ""
    unit: int | None = None
    industry: str = ""
    is_above_scale: bool | None = None
    is_high_tech: bool | None = None
    is_specialized: bool | None = None
    archived: bool = False


class ContactIn(Schema):
    name: str
    title: str = ""
    mobile: str = ""
    is_primary: bool = False


_RENAMES = {
    "unit_id": "unit",
    "industry_code": "industry",
    "linked_leader_id": "linked_leader",
    "service_officer_id": "service_officer",
}


def _detail(request, enterprise: Enterprise) -> dict:
    # by_alias: the response schema reads a dict by its aliases ("unit.name", "industry_id").
    out = EnterpriseOut.from_orm(enterprise).dict(by_alias=True)
    return {**out, "contacts": contacts_of(request.user, enterprise)}


def _visible(request, enterprise_id: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("unit"), pk=enterprise_id)


@router.get("/enterprises", response=list[EnterpriseOut])
@paginate(PageNumberPagination, page_size=25)
def list_enterprises(request, filters: Query[EnterpriseFilterIn]):
    ensure_can(Actor.of(request), "enterprise.view")
    # from_params normalises as the page does (full-width text, lower-case section letters).
    return enterprise_list(request.user, EnterpriseFilter.from_params(filters.dict()))


@router.get("/enterprises/{enterprise_id}", response=EnterpriseDetailOut)
def get_enterprise(request, enterprise_id: int):
    return _detail(request, _visible(request, enterprise_id))


@router.post("/enterprises", response={201: EnterpriseDetailOut})
def create_enterprise(request, body: EnterpriseIn):
    # A role that may not register anywhere gets 403 before its input is judged (as the page gives 404).
    ensure_can(Actor.of(request), "enterprise.create")
    enterprise = services.create_enterprise(service_input(body, _RENAMES, partial=False), by=Actor.of(request))
    return Status(201, _detail(request, _visible(request, enterprise.pk)))


@router.patch("/enterprises/{enterprise_id}", response=EnterpriseDetailOut)
def update_enterprise(request, enterprise_id: int, body: EnterprisePatch):
    enterprise = _visible(request, enterprise_id)
    services.update_enterprise(
        enterprise, service_input(body, _RENAMES, partial=True), by=Actor.of(request), version=body.version
    )
    return _detail(request, _visible(request, enterprise_id))


@router.post("/enterprises/{enterprise_id}/archive", response=EnterpriseDetailOut)
def archive_enterprise(request, enterprise_id: int):
    services.set_archived(_visible(request, enterprise_id), archived=True, by=Actor.of(request))
    return _detail(request, _visible(request, enterprise_id))


@router.post("/enterprises/{enterprise_id}/restore", response=EnterpriseDetailOut)
def restore_enterprise(request, enterprise_id: int):
    services.set_archived(_visible(request, enterprise_id), archived=False, by=Actor.of(request))
    return _detail(request, _visible(request, enterprise_id))


@router.post("/enterprises/{enterprise_id}/contacts", response={201: EnterpriseDetailOut})
def add_contact(request, enterprise_id: int, body: ContactIn):
    services.add_contact(_visible(request, enterprise_id), body.dict(), by=Actor.of(request))
    return Status(201, _detail(request, _visible(request, enterprise_id)))


@router.get("/enterprises/{enterprise_id}/events", response=list[EventOut])
def enterprise_events(request, enterprise_id: int):
    return timeline(request.user, _visible(request, enterprise_id))[:200]
