"""A fair's timeline as a reader sees it: the keys its Events carry that are not fields of the fair (the enterprise,
the postings shown, each participant's results) named in words instead of ids and raw data."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event
from zonedesk.orgs.timeline import describe

from .models import JobPosting

# The keys the fair services write beside the fair's own fields.
KEYS = ("enterprise", "postings", "participants", "demand", "participant")


def _ids(ev: Event) -> tuple[set[str], set[str]]:
    enterprises, postings = set(), set()
    for side in (ev.before, ev.after):
        if side.get("enterprise") is not None:
            enterprises.add(str(side["enterprise"]))
        enterprises.update(str(k) for k in (side.get("participants") or {}))
        postings.update(str(p) for p in side.get("postings") or ())
    return enterprises, postings


def _results(rows: dict, names: dict) -> str:
    words = {"applications": _("CVs"), "intents": _("intents"), "hires": _("hired")}
    lines = []
    for enterprise, values in (rows or {}).items():
        shown = " · ".join(f"{words[k]} {'—' if v is None else v}" for k, v in values.items() if k in words)
        lines.append(f"{names.get(str(enterprise), '#' + str(enterprise))}：{shown}")
    return "\n".join(lines)


def _value(key: str, value, enterprises: dict, postings: dict) -> str | None:
    if value is None:
        return None
    if key == "enterprise":
        return enterprises.get(str(value), f"#{value}")
    if key == "postings":
        return "、".join(postings.get(str(p), f"#{p}") for p in value) or "—"
    if key == "participants":
        recorded = any(v is not None for row in value.values() for v in row.values())
        return _results(value, enterprises) if recorded else None
    return f"#{value}"


def fair_timeline(events: QuerySet[Event]) -> list[dict]:
    """describe() of the fair's events, with the enterprise, postings and results in words."""
    events = list(events)
    enterprise_ids, posting_ids = set(), set()
    for ev in events:
        found = _ids(ev)
        enterprise_ids |= found[0]
        posting_ids |= found[1]
    enterprises = {
        str(e.pk): e.name for e in Enterprise.objects.filter(pk__in=[int(i) for i in enterprise_ids if i.isdigit()])
    }
    postings = {
        str(p.pk): f"{p.position}×{p.count}"
        for p in JobPosting.objects.filter(pk__in=[int(i) for i in posting_ids if i.isdigit()])
    }
    labels = {
        "enterprise": _("Enterprise"),
        "postings": _("Postings shown"),
        "participants": _("Results per enterprise"),
        "demand": _("From the demand"),
        "participant": _("Participant"),
    }
    described = describe(events)
    for item in described:
        ev = item["event"]
        kept = [c for c in item["changes"] if c["label"] not in KEYS]
        for key in KEYS:
            if key in ev.before or key in ev.after:
                if key == "participant":
                    continue
                kept.append(
                    {
                        "label": labels[key],
                        "before": _value(key, ev.before.get(key), enterprises, postings) if key in ev.before else None,
                        "after": _value(key, ev.after.get(key), enterprises, postings) if key in ev.after else None,
                    }
                )
        item["changes"] = kept
    return described
