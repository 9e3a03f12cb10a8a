"""The demand states, the one table of allowed moves, and the date field that dates each state."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("demand", "Submitted")
    RETURNED = "returned", pgettext_lazy("demand", "Returned for more information")
    REJECTED = "rejected", pgettext_lazy("demand", "Rejected")
    ACCEPTED = "accepted", pgettext_lazy("demand", "Accepted")
    ASSIGNED = "assigned", pgettext_lazy("demand", "Assigned")
    RESOLVED = "resolved", pgettext_lazy("demand", "Resolved")
    CONFIRMED = "confirmed", pgettext_lazy("demand", "Confirmed by the enterprise")
    REOPENED = "reopened", pgettext_lazy("demand", "Reopened")


class Outcome(models.TextChoices):
    SOLVED = "solved", _("Solved")
    PARTLY_SOLVED = "partly_solved", _("Partly solved")
    NOT_SOLVABLE = "not_solvable", _("Not solvable")


class Source(models.TextChoices):
    VISIT = "visit", _("Visit")
    PORTAL = "portal", _("Enterprise portal")
    HOTLINE = "hotline", _("12345 hotline")
    MEETING = "meeting", _("Meeting")


class Level(models.TextChoices):
    ZONE = "zone", pgettext_lazy("demand", "Zone")
    COUNTY = "county", pgettext_lazy("demand", "County")
    CITY = "city", pgettext_lazy("demand", "City")


# The only copy of the allowed moves; assigned -> assigned is a transfer to another department.
TRANSITIONS: dict[str, set[str]] = {
    State.SUBMITTED: {State.ACCEPTED, State.RETURNED, State.REJECTED},
    State.RETURNED: {State.SUBMITTED},
    State.ACCEPTED: {State.ASSIGNED},
    State.ASSIGNED: {State.RESOLVED, State.ASSIGNED},
    State.RESOLVED: {State.CONFIRMED, State.REOPENED},
    State.REOPENED: {State.ASSIGNED},
    State.CONFIRMED: set(),
    State.REJECTED: set(),
}

# The date field that dates each state (the last day the demand moved into it).
DATE_FIELD = {
    State.SUBMITTED: "submitted_on",
    State.RETURNED: "returned_on",
    State.REJECTED: "rejected_on",
    State.ACCEPTED: "accepted_on",
    State.ASSIGNED: "assigned_on",
    State.RESOLVED: "resolved_on",
    State.CONFIRMED: "confirmed_on",
    State.REOPENED: "reopened_on",
}

# Closed for the figures: no more work expected (never the same as "solved").
CLOSED = (State.RESOLVED, State.CONFIRMED, State.REJECTED)
# Waiting for a department's answer.
OPEN_WORK = (State.ASSIGNED,)

REOPEN_WITHIN_DAYS = 30
AUTO_CONFIRM_WORKDAYS = 7
# A confirmation scored this low flags the demand as unsatisfactory (it never disappears).
DISSATISFIED_AT_MOST = 2
