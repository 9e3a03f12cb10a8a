"""Events as a reader sees them: the verb's label, field names as labels, related ids as names."""

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.excel import write_xlsx

from . import verbs
from .audit import Actor, record
from .models import Unit
from .permissions import ensure_can
from .queries import events_for

# Keys services write that are not fields of the record (a move's date, a reason, a referral's target).
EXTRA_KEYS = {
    "on": (gettext_lazy("date"), None),
    "reason": (gettext_lazy("reason"), None),
    "note": (gettext_lazy("note"), None),
    "to_unit": (gettext_lazy("to"), Unit),
    "username": (gettext_lazy("username"), None),
    "role": (gettext_lazy("role"), None),
}


class _Extra:
    """Stands in for a model field for the keys above."""

    many_to_one = False
    choices = None

    def __init__(self, label, related):
        self.verbose_name = label
        self.related_model = related
        self.many_to_one = related is not None


def _field(model, name):
    """The record's own field of that name (reverse relations are not), or a label for a service's extra key."""
    field = None
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
    if field is not None and getattr(field, "concrete", False):
        return field
    return _Extra(*EXTRA_KEYS[name]) if name in EXTRA_KEYS else None


def _shown(field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.many_to_one:
        return names.get((field.related_model, str(value)), f"#{value}")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def describe(events) -> list[dict]:
    """Each event with a label and its changes; related records are named with one query per model."""
    events = list(events)
    wanted = defaultdict(set)
    for ev in events:
        model = ev.object_type.model_class() if ev.object_type_id else None
        for name, value in [*ev.before.items(), *ev.after.items()]:
            field = _field(model, name)
            if field is not None and field.many_to_one and value not in (None, ""):
                wanted[field.related_model].add(str(value))
    names = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            names[(related, str(obj.pk))] = str(obj)
    described = []
    for ev in events:
        model = ev.object_type.model_class() if ev.object_type_id else None
        changes = []
        for name in dict.fromkeys([*ev.before, *ev.after]):
            field = _field(model, name)
            changes.append(
                {
                    "label": str(field.verbose_name) if field is not None else name,
                    "before": _shown(field, ev.before.get(name), names) if name in ev.before else None,
                    "after": _shown(field, ev.after.get(name), names) if name in ev.after else None,
                }
            )
        described.append({"event": ev, "label": verbs.label(ev.verb), "changes": changes})
    return described


@transaction.atomic
def export_events(*, by: Actor, verb: str = "", actor: str = ""):
    """The audit log as the filter shows it, as .xlsx; the export is itself an event."""
    ensure_can(by, "event.view")
    events = events_for(by.user, verb=verb, actor=actor)

    def rows():
        for item in describe(events.iterator(chunk_size=2000)):
            ev = item["event"]
            changes = "；".join(
                f"{c['label']}: {c['before'] + ' → ' if c['before'] is not None and c['after'] is not None else ''}"
                f"{c['after'] if c['after'] is not None else c['before']}"
                for c in item["changes"]
            )
            yield [
                timezone.localtime(ev.at).strftime("%Y-%m-%d %H:%M:%S"),
                ev.actor_label,
                ev.ip or "",
                item["label"],
                ev.verb,
                ev.object_repr,
                changes,
            ]

    headers = ["时间", "操作人", "IP地址", "操作", "操作代码", "操作对象", "变更内容"]
    out = write_xlsx(headers, rows(), sheet="操作日志")
    record(by, "event.exported", None, unit=by.user.home_unit, after={"verb": verb, "actor": actor})
    return out
