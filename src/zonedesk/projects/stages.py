"""The kinds of project, their stages, the one table of allowed moves per kind, and what each stage needs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """An investment project (招商项目) or one of the zone's own construction projects (配套设施项目)."""

    INVESTMENT = "investment", _("Investment project")
    FACILITY = "facility", _("Zone facility project")


class Stage(models.TextChoices):
    LEAD = "lead", _("Lead")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Construction started")
    PRODUCING = "producing", _("Producing")
    AT_CAPACITY = "at_capacity", _("At full capacity")
    # A facility's own stages (it shares "started" with investment projects).
    PLANNED = "planned", pgettext_lazy("facility stage", "Planned")
    COMPLETED = "completed", pgettext_lazy("facility stage", "Completed")
    IN_USE = "in_use", pgettext_lazy("facility stage", "In use")
    DROPPED = "dropped", _("Dropped")


# The life of a project of each kind, in order; a project moves forward one stage at a time or is dropped.
LIFE = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING, Stage.AT_CAPACITY]
FACILITY_LIFE = [Stage.PLANNED, Stage.STARTED, Stage.COMPLETED, Stage.IN_USE]
SIGNED_ON = LIFE[LIFE.index(Stage.SIGNED) :]
LIFE_BY_KIND: dict[str, list[str]] = {Kind.INVESTMENT: LIFE, Kind.FACILITY: FACILITY_LIFE}

TRANSITIONS: dict[str, set[str]] = {
    Stage.LEAD: {Stage.NEGOTIATING, Stage.DROPPED},
    Stage.NEGOTIATING: {Stage.SIGNED, Stage.DROPPED},
    Stage.SIGNED: {Stage.STARTED, Stage.DROPPED},
    Stage.STARTED: {Stage.PRODUCING, Stage.DROPPED},
    Stage.PRODUCING: {Stage.AT_CAPACITY},
    Stage.AT_CAPACITY: set(),
    Stage.DROPPED: set(),
}
# A facility is cancelled (dropped) only before it is completed: a built facility is handed over, not dropped.
FACILITY_TRANSITIONS: dict[str, set[str]] = {
    Stage.PLANNED: {Stage.STARTED, Stage.DROPPED},
    Stage.STARTED: {Stage.COMPLETED, Stage.DROPPED},
    Stage.COMPLETED: {Stage.IN_USE},
    Stage.IN_USE: set(),
    Stage.DROPPED: set(),
}
TRANSITIONS_BY_KIND: dict[str, dict[str, set[str]]] = {
    Kind.INVESTMENT: TRANSITIONS,
    Kind.FACILITY: FACILITY_TRANSITIONS,
}

# The first stage of each kind: where a new project starts.
FIRST_STAGE = {Kind.INVESTMENT: Stage.LEAD, Kind.FACILITY: Stage.PLANNED}

# The date field that dates each stage (the day it became true). A facility's "planned" date (立项) is the
# project's first date, as a lead's is: both live in lead_on, so every project has one non-empty first date.
DATE_FIELD = {
    Stage.LEAD: "lead_on",
    Stage.NEGOTIATING: "negotiating_on",
    Stage.SIGNED: "signed_on",
    Stage.STARTED: "started_on",
    Stage.PRODUCING: "producing_on",
    Stage.AT_CAPACITY: "at_capacity_on",
    Stage.PLANNED: "lead_on",
    Stage.COMPLETED: "completed_on",
    Stage.IN_USE: "in_use_on",
    Stage.DROPPED: "dropped_on",
}

# What a move must bring besides its date (field -> why, shown when missing).
REQUIRES: dict[str, dict[str, str]] = {
    Stage.SIGNED: {"contracted_investment": _("Signing needs the contracted investment.")},
    Stage.DROPPED: {"reason": _("Say why the project is dropped.")},
}


def stages_of(kind: str) -> list[tuple[str, str]]:
    """The (value, label) choices of the stages a project of `kind` can be at, in the order of its life."""
    return [(s, Stage(s).label) for s in [*LIFE_BY_KIND[kind], Stage.DROPPED]]


def previous_stage(stage: str, kind: str = Kind.INVESTMENT) -> str | None:
    """The stage before `stage` in the life of a project of `kind` (None at its first stage or when dropped)."""
    life = LIFE_BY_KIND[kind]
    if stage not in life or stage == life[0]:
        return None
    return life[life.index(stage) - 1]


def next_stage(stage: str, kind: str = Kind.INVESTMENT) -> str | None:
    """The stage a project of `kind` moves forward to (None at the end of its life or when dropped)."""
    return next((s for s in LIFE_BY_KIND[kind] if s in TRANSITIONS_BY_KIND[kind].get(stage, ())), None)


def reached(stage: str, kind: str = Kind.INVESTMENT) -> list[str]:
    """Every stage a project of `kind` at `stage` has passed through, itself included."""
    life = LIFE_BY_KIND[kind]
    return life[: life.index(stage) + 1] if stage in life else []
