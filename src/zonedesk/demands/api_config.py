"""API for a unit's demand rules and category deadlines, the categories a demand may take, and the invitation of
a person of an enterprise to their own pages (the portal where they follow their demands)."""

from datetime import datetime

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from zonedesk.common.errors import Rejected
from zonedesk.enterprises import invitations
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import config
from .api import RecordId
from .models import CategoryDeadline, DemandCategory

router = Router(tags=["demands"])


class SettingsOut(Schema):
    unit_id: int
    auto_confirm_days: int
    escalate_head_after_days: int
    escalate_leader_after_days: int
    set_at_unit_id: int | None = Field(
        None, description="The unit whose rules apply (this one or one above); null: the defaults"
    )


class SettingsIn(Schema):
    auto_confirm_days: int | None = None
    escalate_head_after_days: int | None = None
    escalate_leader_after_days: int | None = None


class CategoryDeadlineIn(Schema):
    days: int


class CategoryDeadlineOut(Schema):
    unit_id: int
    category_id: int
    days: int


class CategoryOut(Schema):
    id: int
    name: str
    parent_id: int | None
    unit_id: int | None
    default_deadline_days: int
    deadline_days: int = Field(..., description="The deadline in working days at this unit (its own or inherited)")


class CategoryFilterIn(Schema):
    enterprise: RecordId | None = None
    unit: RecordId | None = None


class InvitationIn(Schema):
    username: str = Field(..., max_length=150)
    full_name: str = Field(..., max_length=50)
    mobile: str = Field("", max_length=20)


class InvitationOut(Schema):
    id: int
    enterprise_id: int
    user_id: int
    username: str
    expires_at: datetime
    link: str = Field(..., description="The one-time link to pass on; shown this once only")


def _unit(request, unit_id: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_id)


def _settings_out(unit: Unit) -> dict:
    rules = config.demand_settings(unit)
    return {
        "unit_id": unit.pk,
        **{name: getattr(rules, name) for name in config.RULES},
        "set_at_unit_id": rules.unit_id if rules.pk else None,
    }


@router.get("/demands/settings/{unit_id}", response=SettingsOut)
def get_settings(request, unit_id: int):
    """The unit's rules: when an unanswered answer is auto-confirmed, when overdue demands escalate."""
    ensure_can(Actor.of(request), "unit.view")
    return _settings_out(_unit(request, unit_id))


@router.put("/demands/settings/{unit_id}", response=SettingsOut)
def put_settings(request, unit_id: int, body: SettingsIn):
    unit = _unit(request, unit_id)
    config.configure(Actor.of(request), unit, **body.dict(exclude_none=True))
    return _settings_out(unit)


@router.put("/demands/settings/{unit_id}/categories/{category_id}", response=CategoryDeadlineOut)
def put_category_deadline(request, unit_id: int, category_id: int, body: CategoryDeadlineIn):
    """The unit's own deadline for a category (限期, working days)."""
    unit = _unit(request, unit_id)
    category = get_object_or_404(DemandCategory.objects.select_related("unit"), pk=category_id)
    return config.set_category_deadline(Actor.of(request), unit, category, body.days)


@router.get("/demands/categories", response=list[CategoryOut])
def categories(request, filters: Query[CategoryFilterIn]):
    """The categories a demand of an enterprise (or of a unit) may take, with their deadline there."""
    user = request.user
    enterprise_id = filters.enterprise or (None if filters.unit else user.enterprise_id)
    if enterprise_id:
        unit = get_object_or_404(Enterprise.objects.visible_to(user).select_related("unit"), pk=enterprise_id).unit
    elif filters.unit:
        unit = _unit(request, filters.unit)
    else:
        raise Rejected("unit", _("Choose an enterprise or a unit."))
    # The unit and the units above it, nearest first: the nearest own deadline wins.
    chain = [int(p) for p in reversed(unit.path.strip("/").split("/")) if p]
    rows = list(DemandCategory.objects.filter(Q(unit__isnull=True) | Q(unit__in=chain)).order_by("pk"))
    own = {}
    for row in CategoryDeadline.objects.filter(unit__in=chain):
        own.setdefault(row.category_id, {})[row.unit_id] = row.days
    for category in rows:
        found = own.get(category.pk, {})
        category.deadline_days = next((found[i] for i in chain if i in found), category.default_deadline_days)
    return rows


def _invite_link(request, raw: str) -> str:
    try:
        path = reverse("invite:accept", args=[raw])
    except NoReverseMatch:
        path = f"/invite/{raw}/"
    return request.build_absolute_uri(path)


@router.post("/enterprises/{enterprise_id}/invitations", response={201: InvitationOut}, tags=["enterprises"])
def invite(request, enterprise_id: int, body: InvitationIn):
    """Create the person's account (no password yet) and the one-time link they open to set it (7 days)."""
    invitation, raw = invitations.invite(
        Actor.of(request), enterprise_id, username=body.username, full_name=body.full_name, mobile=body.mobile
    )
    out = {
        "id": invitation.pk,
        "enterprise_id": invitation.enterprise_id,
        "user_id": invitation.user_id,
        "username": invitation.user.username,
        "expires_at": invitation.expires_at,
        "link": _invite_link(request, raw),
    }
    return Status(201, out)
