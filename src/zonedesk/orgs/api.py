"""API for units, the signed-in user and their tokens."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from . import queries, services
from .audit import Actor
from .models import ApiToken
from .permissions import ensure_can

router = Router(tags=["units and users"])


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    roles: list[str]
    enterprise_id: int | None


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    token: str


class EventOut(Schema):
    """One entry of a record's timeline."""

    at: datetime
    actor: str = Field(alias="actor_label")
    channel: str
    verb: str
    before: dict
    after: dict


def service_input(body: Schema, renames: dict[str, str], *, partial: bool) -> dict:
    """A request body as a service takes it: `unit_id` -> `unit` …, without the edit `version`."""
    raw = body.dict(exclude_unset=partial)
    raw.pop("version", None)
    return {renames.get(k, k): v for k, v in raw.items()}


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "roles": sorted(user.roles),
        "enterprise_id": user.enterprise_id,
    }


@router.get("/units", response=list[UnitOut])
@paginate(PageNumberPagination, page_size=100)
def list_units(request, kind: str | None = None):
    ensure_can(Actor.of(request), "unit.view")
    units = queries.admin_units_for(request.user)
    return units.filter(kind=kind) if kind else units


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request, unit_id: int):
    return get_object_or_404(queries.admin_units_for(request.user), pk=unit_id)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    return ApiToken.objects.visible_to(request.user).order_by("-created_at")


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request, body: TokenIn):
    token, raw = services.create_api_token(name=body.name, by=Actor.of(request))
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@router.post("/tokens/{token_id}/revoke", response=TokenOut)
def revoke_token(request, token_id: int):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=token_id)
    return services.revoke_api_token(token, by=Actor.of(request))
