"""The badges the safety pages show: a hazard's state, level and deadline, and a risk colour."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from zonedesk.common.workdays import WorkCalendar
from zonedesk.demands.queries import DUE_SOON_WORKDAYS

from .models import Hazard
from .states import OPEN, HazardLevel, HazardState, SafetyColour

STATE_CSS = {
    HazardState.FOUND: "text-bg-info",
    HazardState.RECTIFYING: "text-bg-primary",
    HazardState.SUBMITTED: "text-bg-warning",
    HazardState.ACCEPTED: "text-bg-success",
    HazardState.SENT_BACK: "text-bg-danger",
}
LEVEL_CSS = {HazardLevel.GENERAL: "text-bg-light border", HazardLevel.MAJOR: "text-bg-danger"}
DEADLINE_BADGES = {
    "overdue": (pgettext_lazy("deadline", "Overdue"), "text-bg-danger"),
    "due_soon": (pgettext_lazy("deadline", "Due soon"), "text-bg-warning"),
    "on_track": (pgettext_lazy("deadline", "On track"), "text-bg-light border"),
    "on_time": (gettext_lazy("Rectified on time"), "text-bg-success"),
    "late": (gettext_lazy("Rectified late"), "text-bg-secondary"),
}


def colour_badge(colour: str) -> dict | None:
    if not colour:
        return None
    return {"key": colour, "label": SafetyColour(colour).label, "css": f"zd-colour-{colour}"}


def deadline_badge(hazard: Hazard, today, calendar: WorkCalendar) -> dict:
    """Overdue, due within 3 working days or on track while open; rectified on time or late once accepted."""
    if hazard.state in OPEN:
        if hazard.deadline < today:
            key = "overdue"
        elif calendar.between(today, hazard.deadline) <= DUE_SOON_WORKDAYS:
            key = "due_soon"
        else:
            key = "on_track"
    else:
        key = "on_time" if hazard.submitted_on and hazard.submitted_on <= hazard.deadline else "late"
    label, css = DEADLINE_BADGES[key]
    return {"key": key, "label": label, "css": css}
