"""Timelines as a reader sees them: an alliance's (its own Events and those of its members, meetings, problems raised
and matchings) and a chain problem's, with the ids the services write beside the records' fields (members present,
demands grouped or answered, departments) named in words."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.demands.models import Demand
from zonedesk.orgs.models import Event, Unit
from zonedesk.orgs.timeline import describe

from .models import Alliance, AllianceMeeting, AllianceMember, ChainProblem, Matching, MeetingProblem

LIMIT = 50
# key: (label, the model whose ids the list holds); "members" is a count.
EXTRA = {
    "present": (_("present"), AllianceMember),
    "members": (_("members on the day"), None),
    "demands": (_("demands"), Demand),
    "resolved": (_("demands answered"), Demand),
    "left": (_("demands left as they were"), Demand),
    "departments": (_("departments working with it"), Unit),
    "demand": (_("demand"), Demand),
}


def _names(events: list[Event]) -> dict:
    wanted: dict = {model: set() for _label, model in EXTRA.values() if model is not None}
    for ev in events:
        for side in (ev.before, ev.after):
            for key, (_label, model) in EXTRA.items():
                if model is not None and side.get(key) is not None:
                    wanted[model].update(side[key] if isinstance(side[key], list) else [side[key]])
    names = {}
    for obj in AllianceMember.objects.filter(pk__in=wanted[AllianceMember]).select_related("enterprise", "department"):
        names[AllianceMember, obj.pk] = obj.display_name
    for obj in Demand.objects.filter(pk__in=wanted[Demand]).select_related("enterprise"):
        names[Demand, obj.pk] = f"{obj.enterprise.name}：{obj.title}"
    for obj in Unit.objects.filter(pk__in=wanted[Unit]):
        names[Unit, obj.pk] = obj.name
    return names


def _shown(key: str, value, names: dict) -> str | None:
    if value is None:
        return None
    model = EXTRA[key][1]
    if model is None:
        return str(value)
    if not isinstance(value, list):
        return names.get((model, value), f"#{value}")
    return "、".join(names.get((model, v), f"#{v}") for v in value) or "—"


def described(events) -> list[dict]:
    """describe() of the events, with the services' extra keys in words."""
    events = list(events)
    names = _names(events)
    items = describe(events)
    for item in items:
        ev = item["event"]
        for change, key in zip(item["changes"], dict.fromkeys([*ev.before, *ev.after]), strict=True):
            if key in EXTRA:
                change["label"] = str(EXTRA[key][0])
                change["before"] = _shown(key, ev.before.get(key), names) if key in ev.before else None
                change["after"] = _shown(key, ev.after.get(key), names) if key in ev.after else None
    return items


def _about(model, ids) -> Q:
    return Q(object_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in ids])


def alliance_timeline(user, alliance: Alliance) -> list[dict]:
    """The alliance's latest Events and those of its members, meetings, problems raised and matchings."""
    cond = (
        _about(Alliance, [alliance.pk])
        | _about(AllianceMember, alliance.members.values_list("pk", flat=True))
        | _about(AllianceMeeting, alliance.meetings.values_list("pk", flat=True))
        | _about(MeetingProblem, MeetingProblem.objects.filter(meeting__alliance=alliance).values_list("pk", flat=True))
        | _about(Matching, alliance.matchings.values_list("pk", flat=True))
    )
    events = Event.objects.visible_to(user).filter(cond).select_related("actor").order_by("-at", "-pk")[:LIMIT]
    return described(events)


def problem_timeline(user, problem: ChainProblem) -> list[dict]:
    return described(Event.objects.visible_to(user).about(problem).select_related("actor")[:LIMIT])
