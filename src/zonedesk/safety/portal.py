"""The enterprise's own hazards on its phone (企业端): the list with its 五星五色 rating, one hazard with its timeline
and the answers its state allows, and the rectification photos, read only through a permission-checked view."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from zonedesk.common.pages import paginate
from zonedesk.demands.portal import enterprise_of
from zonedesk.orgs.permissions import can

from .config import safety_settings
from .forms_portal import SubmitForm, VersionForm
from .models import Hazard, HazardMove, HazardPhoto
from .photos import path_of, photo_for
from .queries import hazard_list, rating_history
from .states import MOVES, OPEN, STARS, HazardLevel, HazardState

# The states in the words of the enterprise, which has to act on some of them.
PLAIN_STATE = {
    HazardState.FOUND: pgettext_lazy("hazard for the enterprise", "To rectify"),
    HazardState.RECTIFYING: pgettext_lazy("hazard for the enterprise", "Rectifying"),
    HazardState.SUBMITTED: pgettext_lazy("hazard for the enterprise", "Awaiting acceptance"),
    HazardState.ACCEPTED: pgettext_lazy("hazard for the enterprise", "Passed acceptance"),
    HazardState.SENT_BACK: pgettext_lazy("hazard for the enterprise", "Sent back"),
}
BADGE = {
    HazardState.FOUND: "text-bg-warning",
    HazardState.RECTIFYING: "text-bg-primary",
    HazardState.SUBMITTED: "text-bg-info",
    HazardState.ACCEPTED: "text-bg-success",
    HazardState.SENT_BACK: "text-bg-danger",
}


def own_hazards(request):
    """The enterprise's own hazards (404 for anyone who is not an enterprise user)."""
    enterprise = enterprise_of(request)
    return hazard_list(request.user, enterprise=enterprise.pk)


def own_hazard(request, pk: int) -> Hazard:
    """One of the enterprise's own hazards (404 for any other, including those staff could see)."""
    return get_object_or_404(own_hazards(request).select_related("inspection"), pk=pk)


def decorate(hazard: Hazard, today: date) -> Hazard:
    """What the pages show of a hazard's state: the plain words, the badge, overdue."""
    hazard.plain_state = PLAIN_STATE[hazard.state]
    hazard.badge = BADGE[hazard.state]
    hazard.is_open = hazard.state in OPEN
    hazard.is_overdue = hazard.is_open and hazard.deadline < today
    hazard.is_major = hazard.level == HazardLevel.MAJOR
    return hazard


def rating_of(request) -> dict | None:
    """The enterprise's rating in force, in the words and colours of its zone's scheme."""
    latest = rating_history(request.user, request.user.enterprise_id).first()
    if latest is None:
        return None
    return {
        "rating": latest,
        "label": safety_settings(request.user.enterprise.unit).star_label(latest.stars),
        "stars": [n <= latest.stars for n in STARS],
    }


def home(request):
    """安全隐患: the enterprise's hazards, open ones first by deadline, and its rating."""
    today = timezone.localdate()
    hazards = own_hazards(request)
    first_open = Case(When(state__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    page = paginate(request, hazards.order_by(first_open, "deadline", "pk"))
    for hazard in page:
        decorate(hazard, today)
    context = {
        "page": page,
        "open_count": hazards.filter(state__in=OPEN).count(),
        "overdue_count": hazards.filter(state__in=OPEN, deadline__lt=today).count(),
        "rating": rating_of(request),
        "active": "safety",
    }
    return render(request, "safety/portal/home.html", context)


@dataclass
class Step:
    """One line of the hazard's timeline, in plain words, with the photos given with it."""

    on: date
    text: str
    detail: str = ""
    good: bool = False
    bad: bool = False
    photos: list[HazardPhoto] = field(default_factory=list)


def _step(move: HazardMove) -> Step:
    after = move.event.after or {}
    if move.to_state == HazardState.FOUND:
        return Step(move.on, _("The safety inspection found this hazard."))
    if move.to_state == HazardState.RECTIFYING:
        again = move.from_state == HazardState.SENT_BACK
        return Step(move.on, _("Rectification started again.") if again else _("Rectification started."))
    if move.to_state == HazardState.SUBMITTED:
        text = _("Rectification submitted for acceptance.")
        return Step(move.on, text, after.get("rectification_note", ""), photos=list(move.photos.all()))
    if move.to_state == HazardState.ACCEPTED:
        return Step(move.on, _("The safety officer accepted the rectification."), good=True)
    return Step(move.on, _("The safety officer sent the rectification back."), move.reason, bad=True)


def last_sent_back(moves: list[HazardMove]) -> HazardMove | None:
    """The send-back the enterprise is answering now (while it is sent back or being rectified again)."""
    for move in reversed(moves):
        if move.to_state == HazardState.SUBMITTED:
            return None
        if move.to_state == HazardState.SENT_BACK:
            return move
    return None


def render_detail(request, hazard: Hazard, *, status: int = 200, bound: dict | None = None):
    """The hazard page with the forms of the moves the enterprise may make now (a bound form keeps its errors)."""
    decorate(hazard, timezone.localdate())
    moves = list(hazard.moves.select_related("event").prefetch_related("photos"))
    may_rectify = can(request.user, "safety.rectify", hazard.unit, enterprise_id=hazard.enterprise_id)
    initial = {"version": hazard.version}
    forms = {"start": VersionForm(initial=initial, auto_id="start_%s"), "submit": SubmitForm(initial=initial)}
    forms.update(bound or {})
    context = {
        "h": hazard,
        "steps": [_step(m) for m in moves],
        "sent_back": last_sent_back(moves),
        "can_start": may_rectify and (hazard.state, HazardState.RECTIFYING) in MOVES,
        "can_submit": may_rectify and (hazard.state, HazardState.SUBMITTED) in MOVES,
        "forms": forms,
        "active": "safety",
    }
    return render(request, "safety/portal/detail.html", context, status=status)


def detail(request, pk: int):
    return render_detail(request, own_hazard(request, pk))


def photo(request, pk: int):
    """A rectification photo, shown in the page: only to the enterprise whose hazard it is (404 for anyone else)."""
    enterprise_of(request)
    try:
        found = photo_for(request.user, pk)
        handle = path_of(found).open("rb")
    except (ObjectDoesNotExist, FileNotFoundError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, filename=found.original_name, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
