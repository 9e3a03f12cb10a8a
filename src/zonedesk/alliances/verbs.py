"""Reader labels of the alliances Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "alliance.created": _("set up the alliance"),
    "alliance.updated": _("changed the alliance"),
    "alliance.member_added": _("added a member to the alliance"),
    "alliance.member_left": _("recorded that a member left the alliance"),
    "alliance.meeting_recorded": _("recorded an alliance meeting and its attendance"),
    "alliance.attendance_recorded": _("corrected the attendance of an alliance meeting"),
    "alliance.problem_raised": _("recorded a problem raised at an alliance meeting"),
    "alliance.matching_introduced": _("introduced a supplier to a buyer"),
    "alliance.matching_outcome_recorded": _("recorded the outcome of a matching"),
    "chain_problem.created": _("grouped demands as one chain-wide problem"),
    "chain_problem.demands_added": _("added demands to a chain-wide problem"),
    "chain_problem.resolved": _("resolved the chain-wide problem and answered its demands"),
}
# Reads that are themselves audited (data leaves the system).
READ_VERBS = {
    "alliance.exported": _("exported the alliances to Excel"),
    "chain_problem.exported": _("exported the chain-wide problems to Excel"),
}
