"""A chain's timeline as a reader sees it: the keys its Events carry beside the chain's own fields (the link, its
parent and position, the enterprise or project put on it) named in words instead of ids."""

from django.utils.translation import gettext_lazy as _

from zonedesk.orgs import verbs

from .models import ChainLink, Position

LABELS = {
    "name": _("Name"),
    "description": _("Description"),
    "is_archived": _("Archived"),
    "link": _("Link"),
    "link_name": _("Link"),
    "position": _("Position in the chain"),
    "parent": _("Parent link"),
    "order": _("Order"),
    "note": _("Note"),
    "enterprise_name": _("Enterprise"),
    "project_name": _("Project"),
    "created": _("Links added"),
    "existing": _("Links already there"),
}
HIDDEN = {"enterprise", "project"}  # ids: their names are written beside them


def _shown(key: str, value, names: dict[int, str]) -> str | None:
    if value is None or value == "":
        return "—"
    if key in ("link", "parent"):
        return names.get(value, f"#{value}")
    if key == "position":
        return str(Position(value).label) if value in Position.values else str(value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


def chain_timeline(events) -> list[dict]:
    """Each event with its label and changes, for includes/timeline.html (one query names the links)."""
    events = list(events)
    ids = {
        side[key]
        for ev in events
        for side in (ev.before, ev.after)
        for key in ("link", "parent")
        if isinstance(side.get(key), int)
    }
    names = dict(ChainLink.objects.filter(pk__in=ids).values_list("pk", "name"))
    for ev in events:  # a removed link is named by what its Event kept
        if ev.verb == "chain.link_removed" and isinstance(ev.before.get("link"), int):
            names.setdefault(ev.before["link"], ev.before.get("name", ""))
    described = []
    for ev in events:
        changes = []
        link_named = "link_name" in ev.before or "link_name" in ev.after
        for key in dict.fromkeys([*ev.before, *ev.after]):
            if key in HIDDEN or (key == "link" and link_named):
                continue
            changes.append(
                {
                    "label": str(LABELS.get(key, key)),
                    "before": _shown(key, ev.before.get(key), names) if key in ev.before else None,
                    "after": _shown(key, ev.after.get(key), names) if key in ev.after else None,
                }
            )
        described.append({"event": ev, "label": verbs.label(ev.verb), "changes": changes})
    return described
