"""The kinds of alliances, members and meetings, a matching's outcomes and a chain problem's states, with the one
table of allowed moves of each."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.demands.states import State as DemandState


class AllianceKind(models.TextChoices):
    CHAIN_ALLIANCE = "chain_alliance", _("Industrial chain alliance")
    JOINT_PARTY_COMMITTEE = "joint_party_committee", _("Joint party committee")
    CHAMBER = "chamber", _("Chamber of commerce")


class MemberKind(models.TextChoices):
    ENTERPRISE = "enterprise", pgettext_lazy("alliance member", "Enterprise")
    DEPARTMENT = "department", pgettext_lazy("alliance member", "Department")
    ASSOCIATION = "association", pgettext_lazy("alliance member", "Association")


class MemberRole(models.TextChoices):
    LEAD = "lead", pgettext_lazy("alliance member", "Lead unit")
    SECRETARY = "secretary", pgettext_lazy("alliance member", "Secretary-general unit")
    MEMBER = "member", pgettext_lazy("alliance member", "Member")


class MeetingKind(models.TextChoices):
    JOINT_MEETING = "joint_meeting", _("Joint meeting")
    MATCHMAKING = "matchmaking", _("Matchmaking meeting")


class MatchingOutcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("matching", "Pending")
    DEAL = "deal", pgettext_lazy("matching", "Deal")
    NO_DEAL = "no_deal", pgettext_lazy("matching", "No deal")


class ProblemState(models.TextChoices):
    OPEN = "open", pgettext_lazy("chain problem", "Being handled")
    RESOLVED = "resolved", pgettext_lazy("chain problem", "Resolved")


# The only copies of the allowed moves. A matching's outcome is recorded once; a chain problem is resolved once.
MATCHING_TRANSITIONS: dict[str, set[str]] = {
    MatchingOutcome.PENDING: {MatchingOutcome.DEAL, MatchingOutcome.NO_DEAL},
    MatchingOutcome.DEAL: set(),
    MatchingOutcome.NO_DEAL: set(),
}
PROBLEM_TRANSITIONS: dict[str, set[str]] = {
    ProblemState.OPEN: {ProblemState.RESOLVED},
    ProblemState.RESOLVED: set(),
}

# Demands still waiting for an answer: these can join a chain problem (a returned one waits for its enterprise).
OPEN_DEMAND = (DemandState.SUBMITTED, DemandState.ACCEPTED, DemandState.ASSIGNED, DemandState.REOPENED)
