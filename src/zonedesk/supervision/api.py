"""API for the signed-in user's inbox and for the units' notification channels (secrets only masked)."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can, scope_of

from . import services
from .models import Channel, InboxMessage

router = Router(tags=["notifications"])


class InboxOut(Schema):
    id: int
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class ChannelIn(Schema):
    unit_id: int
    kind: str
    webhook_url: str = ""
    email_to: str = ""
    # Left out to keep the stored secret; never returned.
    secret: str | None = None
    is_active: bool = True


class ChannelOut(Schema):
    id: int
    unit_id: int
    kind: str
    webhook_url: str
    email_to: str
    secret: str
    is_active: bool
    updated_at: datetime

    @staticmethod
    def resolve_webhook_url(obj: Channel) -> str:
        return obj.masked_webhook_url

    @staticmethod
    def resolve_secret(obj: Channel) -> str:
        return obj.masked_secret


@router.get("/inbox", response=list[InboxOut])
@paginate(PageNumberPagination)
def list_inbox(request, unread: bool = False):
    messages = InboxMessage.objects.visible_to(request.user)
    return messages.unread() if unread else messages


@router.post("/inbox/{message_id}/read", response=InboxOut)
def read_message(request, message_id: int):
    message = get_object_or_404(InboxMessage.objects.visible_to(request.user), pk=message_id)
    services.mark_read(message, user=request.user)
    message.refresh_from_db()
    return message


@router.get("/channels", response=list[ChannelOut])
def list_channels(request):
    ensure_can(Actor.of(request), "channel.manage")
    paths, _own = scope_of(request.user, "channel.manage")
    channels = Channel.objects.visible_to(request.user).select_related("unit").order_by("unit__path", "kind")
    return [c for c in channels if any(c.unit.path.startswith(p) for p in paths)]


@router.put("/channels", response=ChannelOut)
def configure_channel(request, body: ChannelIn):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=body.unit_id)
    return services.configure_channel(
        unit,
        body.kind,
        webhook_url=body.webhook_url,
        email_to=body.email_to,
        secret=body.secret,
        is_active=body.is_active,
        by=Actor.of(request),
    )
