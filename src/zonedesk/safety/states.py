"""The hazard states, the one table of allowed moves and who makes each, and the rating scheme's defaults."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The five colours were declared with the enterprise register (Enterprise.safety_colour); one copy of them.
from zonedesk.enterprises.models import SafetyColour


class HazardState(models.TextChoices):
    FOUND = "found", pgettext_lazy("hazard", "Found")
    RECTIFYING = "rectifying", pgettext_lazy("hazard", "Being rectified")
    SUBMITTED = "submitted", pgettext_lazy("hazard", "Submitted for acceptance")
    ACCEPTED = "accepted", pgettext_lazy("hazard", "Accepted")
    SENT_BACK = "sent_back", pgettext_lazy("hazard", "Sent back")


class HazardLevel(models.TextChoices):
    GENERAL = "general", pgettext_lazy("hazard", "General")
    MAJOR = "major", pgettext_lazy("hazard", "Major")


# The only copy of the allowed moves: (from, to) -> the permission that makes it.
MOVES: dict[tuple[str, str], str] = {
    (HazardState.FOUND, HazardState.RECTIFYING): "safety.rectify",
    (HazardState.RECTIFYING, HazardState.SUBMITTED): "safety.rectify",
    (HazardState.SUBMITTED, HazardState.ACCEPTED): "safety.accept",
    (HazardState.SUBMITTED, HazardState.SENT_BACK): "safety.accept",
    (HazardState.SENT_BACK, HazardState.RECTIFYING): "safety.rectify",
}
TRANSITIONS: dict[str, set[str]] = {state: {to for (frm, to) in MOVES if frm == state} for state in HazardState}

# The date field that dates each state (the last day the hazard moved into it).
DATE_FIELD = {
    HazardState.FOUND: "found_on",
    HazardState.RECTIFYING: "started_on",
    HazardState.SUBMITTED: "submitted_on",
    HazardState.ACCEPTED: "accepted_on",
    HazardState.SENT_BACK: "sent_back_on",
}

# Still open: not yet accepted (overdue once the deadline has passed).
OPEN = (HazardState.FOUND, HazardState.RECTIFYING, HazardState.SUBMITTED, HazardState.SENT_BACK)

# Colours from the highest risk to the lowest, and the default days between inspections of each.
COLOURS = (SafetyColour.RED, SafetyColour.ORANGE, SafetyColour.YELLOW, SafetyColour.BLUE, SafetyColour.GREEN)
INSPECTION_DAYS_FIELD = {colour: f"{colour}_inspection_days" for colour in COLOURS}
DEFAULT_INSPECTION_DAYS = {
    SafetyColour.RED: 30,
    SafetyColour.ORANGE: 60,
    SafetyColour.YELLOW: 90,
    SafetyColour.BLUE: 180,
    SafetyColour.GREEN: 365,
}
DEADLINE_DAYS_FIELD = {HazardLevel.GENERAL: "general_deadline_days", HazardLevel.MAJOR: "major_deadline_days"}
DEFAULT_DEADLINE_DAYS = {HazardLevel.GENERAL: 10, HazardLevel.MAJOR: 30}

STARS = (1, 2, 3, 4, 5)
DEFAULT_STAR_LABELS = {
    1: _("One star"),
    2: _("Two stars"),
    3: _("Three stars"),
    4: _("Four stars"),
    5: _("Five stars"),
}
