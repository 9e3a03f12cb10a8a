"""Staff pages of the hazard closed loop: the list with its filter and Excel export, one hazard's page, and its
photos (served only to those who may see the hazard)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import paginate, query_without_page
from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for
from zonedesk.orgs.timeline import describe

from .badges import LEVEL_CSS, STATE_CSS, deadline_badge
from .exporting import export_hazards
from .filters import filter_query, hazard_filters
from .forms import SendBackForm, SubmitForm, VersionForm
from .models import Hazard, HazardCategory, HazardMove, HazardPhoto
from .photos import path_of, photo_for
from .queries import hazard_list
from .states import MOVES, OPEN, HazardLevel, HazardState

FLAG_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "is_six": gettext_lazy("Six involved (六涉)"),
    "escalated": gettext_lazy("Escalated"),
}
# Filters a figure's link carries that the list's form has no field for: kept as hidden fields and named above
# the list, so the list says why it holds what it holds (a yes / no flag is named when yes).
LINK_FLAGS = {
    "on_time": gettext_lazy("on-time rectification"),
    "late": gettext_lazy("rectified late or open past the deadline"),
}
LINK_RANGES = {"due_in": gettext_lazy("deadline within"), "accepted_in": gettext_lazy("accepted within")}
# Each action of the hazard page: the state it moves to and its form.
ACTIONS = {
    "start": (HazardState.RECTIFYING, VersionForm),
    "submit": (HazardState.SUBMITTED, SubmitForm),
    "accept": (HazardState.ACCEPTED, VersionForm),
    "send_back": (HazardState.SENT_BACK, SendBackForm),
}


STAFF_PERM = "safety.export"


def is_staff(user) -> bool:
    """Staff read the zone's hazards here; enterprise users have their own pages."""
    return can(user, STAFF_PERM)


def require(request, perm: str = STAFF_PERM, unit=None) -> None:
    """404 unless the user is staff holding `perm` (there, when a unit is given)."""
    if not (is_staff(request.user) and can(request.user, perm, unit)):
        raise Http404


def visible(request, pk: int) -> Hazard:
    """The hazard if the user is staff and it is in their scope (404 otherwise)."""
    require(request)
    rows = Hazard.objects.visible_to(request.user).select_related(
        "enterprise__unit", "unit", "category", "inspection", "found_by"
    )
    return get_object_or_404(rows, pk=pk)


def rows_of(hazards) -> list[dict]:
    """Each hazard with its state, level and deadline badges."""
    today, calendar = timezone.localdate(), WorkCalendar()
    badges = [(h, STATE_CSS[h.state], LEVEL_CSS[h.level], deadline_badge(h, today, calendar)) for h in hazards]
    return [{"h": h, "state_css": state, "level_css": level, "due": due} for h, state, level, due in badges]


def list_link(filters: dict) -> str:
    return f"{reverse('safety:hazards')}?{filter_query(filters)}"


# --- list -------------------------------------------------------------------------------------


def _options(choices, chosen) -> list[tuple[str, str, bool]]:
    chosen = {str(getattr(c, "pk", c)) for c in (chosen if isinstance(chosen, list) else [chosen])}
    return [(str(value), label, str(value) in chosen) for value, label in choices]


def _filter_context(user, filters: dict) -> dict:
    areas = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    categories = HazardCategory.objects.visible_to(user).order_by("unit__path", "code", "pk")
    enterprises = Enterprise.objects.visible_to(user).filter(hazards__isnull=False).distinct().order_by("name")
    found = filters.get("found_in")
    return {
        "options": {
            "state": _options(HazardState.choices, filters.get("state", [])),
            "level": _options(HazardLevel.choices, filters.get("level", [])),
            "category": _options([(c.pk, c.name) for c in categories], filters.get("category", [])),
            "enterprise": _options(enterprises.values_list("pk", "name"), filters.get("enterprise", [])),
            "unit": _options([(u.pk, u.name) for u in areas], filters.get("unit", [])),
        },
        "flags": [
            {"name": name, "label": label, "value": {True: "1", False: "0"}.get(filters.get(name), "")}
            for name, label in FLAG_LABELS.items()
        ],
        "q": filters.get("q", ""),
        "found_from": found[0] if found and found[0].year > 1 else None,
        "found_to": found[1] if found and found[1].year < 9999 else None,
    }


def _link_filters(filters: dict) -> dict:
    """The filters of LINK_FLAGS and LINK_RANGES in the request: their hidden fields, their words, and the list's
    query without them."""
    kept = {k: v for k, v in filters.items() if k in LINK_RANGES or (k in LINK_FLAGS and v is True)}
    words = [str(label) for key, label in LINK_FLAGS.items() if key in kept]
    for key, label in LINK_RANGES.items():
        if key in kept:
            first, last = kept[key]
            days = [f"{d:%Y-%m-%d}" if d.year not in (1, 9999) else "…" for d in (first, last)]
            words.append(f"{label} {days[0]} – {days[1]}")
    hidden = QueryDict(filter_query(kept))
    without = filter_query({k: v for k, v in filters.items() if k not in kept})
    return {"hidden": [(k, v) for k in hidden for v in hidden.getlist(k)], "words": words, "without": without}


def hazard_list_page(request):
    require(request)
    filters = hazard_filters(request.GET)
    page = paginate(request, hazard_list(request.user, **filters))
    context = {
        **_filter_context(request.user, filters),
        "link_filters": _link_filters(filters),
        "page": page,
        "rows": rows_of(page.object_list),
        "query": query_without_page(request),
        "export_url": f"{reverse('safety:export')}?{filter_query(filters)}",
        "can_inspect": can(request.user, "safety.inspect"),
    }
    return render(request, "safety/hazard_list.html", context)


def export(request):
    require(request)
    out = export_hazards(hazard_filters(request.GET), by=Actor.of(request))
    name = f"hazards-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


# --- one hazard -------------------------------------------------------------------------------


def allowed_actions(user, hazard: Hazard) -> dict[str, bool]:
    """Which action forms the page shows: states.MOVES has the move from the hazard's state and the user holds the
    permission it names (a service officer may start and submit for the enterprise)."""
    allowed = {}
    for kind, (to, _form) in ACTIONS.items():
        perm = MOVES.get((hazard.state, to))
        allowed[kind] = perm is not None and can(user, perm, hazard.unit, enterprise_id=hazard.enterprise_id)
    return allowed


def action_form(kind: str, hazard: Hazard, data=None, files=None):
    """The form of one action on the hazard's page, bound to `data` when given."""
    form_class = ACTIONS[kind][1]
    options = {"initial": {"version": hazard.version}, "auto_id": f"{kind}_%s"}
    return form_class(data, files, **options) if form_class is SubmitForm else form_class(data, **options)


def hazard_timeline(hazard: Hazard) -> list[dict]:
    """The hazard's events as its page shows them: no line for a field a move left as it was, and a submission's
    photos as their number (the moves above show the pictures)."""
    items = describe(Event.objects.about(hazard).select_related("actor")[:50])
    for item in items:
        ev = item["event"]
        keys = list(dict.fromkeys([*ev.before, *ev.after]))
        changes = []
        for key, change in zip(keys, item["changes"], strict=True):
            if key == "photos":
                count = len(ev.after.get("photos") or [])
                change = {"label": _("Photos"), "before": None, "after": str(count)}
            elif change["before"] == change["after"]:
                continue
            changes.append(change)
        item["changes"] = changes
    return items


def render_detail(request, hazard: Hazard, *, status: int = 200, bound: dict | None = None):
    user = request.user
    allowed = allowed_actions(user, hazard)
    forms = {kind: action_form(kind, hazard) for kind, ok in allowed.items() if ok} | (bound or {})
    photos = Prefetch("photos", queryset=HazardPhoto.objects.order_by("pk"))
    moves = HazardMove.objects.filter(hazard=hazard).select_related("event__actor").prefetch_related(photos)
    today = timezone.localdate()
    context = {
        "h": hazard,
        "state_css": STATE_CSS[hazard.state],
        "level_css": LEVEL_CSS[hazard.level],
        "due": deadline_badge(hazard, today, WorkCalendar()),
        "moves": moves.order_by("on", "pk"),
        "events": hazard_timeline(hazard),
        "allowed": allowed,
        "forms": forms,
        "is_open": hazard.state in OPEN,
    }
    return render(request, "safety/hazard_detail.html", context, status=status)


def detail(request, pk: int):
    own = not is_staff(request.user) and Hazard.objects.visible_to(request.user).filter(pk=pk).exists()
    if own:  # an enterprise user following a link to their own hazard
        return redirect("safety_portal:detail", pk)
    return render_detail(request, visible(request, pk))


def photo(request, pk: int):
    """A rectification photo, shown to anyone who can see its hazard (the enterprise, the zone's staff) and a 404
    to anyone else."""
    try:
        found = photo_for(request.user, pk)
        handle = path_of(found).open("rb")
    except (ObjectDoesNotExist, FileNotFoundError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, filename=found.original_name, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
