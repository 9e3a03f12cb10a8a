"""Who is acting (Actor) and the one way to write an Event (record)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Event, Unit


@dataclass(frozen=True)
class Actor:
    """The user behind a change, where it came from and through which channel."""

    user: object | None
    ip: str | None = None
    channel: str = "web"
    system_name: str = ""

    @classmethod
    def of(cls, request, user=None) -> "Actor":
        """The signed-in user of a request (or `user`, during sign-in), its client IP and channel."""
        return cls(user=user or request.user, ip=_client_ip(request), channel=_channel(request))

    @classmethod
    def system(cls, name: str) -> "Actor":
        return cls(user=None, channel="system", system_name=name)

    @classmethod
    def anonymous(cls, request, username: str) -> "Actor":
        """Someone not signed in (a failed sign-in): recorded, never allowed anything."""
        return cls(
            user=None, ip=_client_ip(request), channel=_channel(request), system_name=f"anonymous:{username}"[:90]
        )

    @property
    def is_system(self) -> bool:
        return self.user is None and self.channel == "system"

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.get_username()
        return f"system:{self.system_name}" if self.is_system else self.system_name


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: behind a reverse proxy, configure the proxy to set it (X-Forwarded-For is forgeable).
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def _channel(request) -> str:
    return "api" if request is not None and request.path.startswith("/api/") else "web"


def jsonable(value):
    """A field value as it goes into Event.before/after."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The JSON-safe values of `fields` (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = jsonable(getattr(obj, field.attname))
    return out


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields whose value changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def build_event(by: Actor, verb: str, obj: models.Model | None, *, before=None, after=None, unit=None) -> Event:
    """An unsaved Event (bulk writers save many at once); record() saves one."""
    enterprise_id = None
    if obj is not None:
        is_enterprise = obj._meta.label == "enterprises.Enterprise"
        enterprise_id = obj.pk if is_enterprise else getattr(obj, "enterprise_id", None)
        if unit is None:
            unit = obj if isinstance(obj, Unit) else getattr(obj, "unit", None)
    return Event(
        actor=None if by.is_system else by.user,
        actor_label=by.label[:100],
        channel=by.channel,
        ip=by.ip,
        verb=verb,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        unit=unit,
        enterprise_id=enterprise_id,
        before={k: jsonable(v) for k, v in (before or {}).items()},
        after={k: jsonable(v) for k, v in (after or {}).items()},
    )


def record(by: Actor, verb: str, obj: models.Model | None, *, before=None, after=None, unit=None) -> Event:
    """Write the Event of a change; call it inside the service's transaction."""
    event = build_event(by, verb, obj, before=before, after=after, unit=unit)
    event.save()
    return event
