"""API of the enterprises' yearly figures: the list (the page's filter), one year's figures, enter and change them
(with the version read); the same service and permissions as the page."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import years

router = Router(tags=["commitments"])

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class YearOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    uscc: str = Field(alias="enterprise.uscc")
    year: int
    output_wan: Decimal | None = Field(None, description="10k yuan")
    tax_wan: Decimal | None = Field(None, description="10k yuan")
    employees: int | None = Field(None, description="At year end")
    fixed_asset_investment_wan: Decimal | None = Field(None, description="10k yuan")
    version: int
    updated_at: datetime


class YearFilterIn(Schema):
    year: int | None = Field(None, ge=1990, le=9999)
    enterprise: RecordId | None = None
    unit: RecordId | None = Field(None, description="The zone and the units below it")
    q: str = Field("", max_length=100, description="Enterprise name or credit code")


class YearIn(Schema):
    enterprise: RecordId
    year: int
    output_wan: Decimal | None = None
    tax_wan: Decimal | None = None
    employees: int | None = None
    fixed_asset_investment_wan: Decimal | None = None


class YearChangeIn(Schema):
    version: int = Field(..., description="The version read; 409 when the figures changed since")
    output_wan: Decimal | None = None
    tax_wan: Decimal | None = None
    employees: int | None = None
    fixed_asset_investment_wan: Decimal | None = None


def _visible(request, year_id: int) -> EnterpriseYear:
    ensure_can(Actor.of(request), "commitment.view")
    return get_object_or_404(years.year_list(request.user), pk=year_id)


@router.get("/commitments/years", response=list[YearOut])
@paginate(PageNumberPagination, page_size=25)
def list_years(request, filters: Query[YearFilterIn]):
    """The enterprises' yearly figures the user sees, newest year first."""
    ensure_can(Actor.of(request), "commitment.view")
    raw = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    if raw.get("unit"):
        raw["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=raw["unit"])
    return years.year_list(request.user, **raw)


@router.post("/commitments/years", response={201: YearOut})
def create_year(request, body: YearIn):
    """Enter an enterprise's figures of a year that has begun (one row per enterprise and year)."""
    data = body.dict(exclude={"enterprise"})
    row = years.record_year(Actor.of(request), body.enterprise, **data)
    return Status(201, _visible(request, row.pk))


@router.get("/commitments/years/{year_id}", response=YearOut)
def get_year(request, year_id: int):
    return _visible(request, year_id)


@router.patch("/commitments/years/{year_id}", response=YearOut)
def change_year(request, year_id: int, body: YearChangeIn):
    """Change the figures sent (null clears one); 409 when the version read is stale."""
    row = _visible(request, year_id)
    data = body.dict(exclude_unset=True, exclude={"version"})
    years.update_year(Actor.of(request), row, data, version=body.version)
    return _visible(request, year_id)
