"""The project stages, the one table of allowed moves, and what each stage needs to be true."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    LEAD = "lead", _("Lead")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Construction started")
    PRODUCING = "producing", _("Producing")
    AT_CAPACITY = "at_capacity", _("At full capacity")
    DROPPED = "dropped", _("Dropped")


# The life of a project, in order; a project moves forward one stage at a time or is dropped.
LIFE = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING, Stage.AT_CAPACITY]

TRANSITIONS: dict[str, set[str]] = {
    Stage.LEAD: {Stage.NEGOTIATING, Stage.DROPPED},
    Stage.NEGOTIATING: {Stage.SIGNED, Stage.DROPPED},
    Stage.SIGNED: {Stage.STARTED, Stage.DROPPED},
    Stage.STARTED: {Stage.PRODUCING, Stage.DROPPED},
    Stage.PRODUCING: {Stage.AT_CAPACITY},
    Stage.AT_CAPACITY: set(),
    Stage.DROPPED: set(),
}

# The date field that dates each stage (the day it became true).
DATE_FIELD = {
    Stage.LEAD: "lead_on",
    Stage.NEGOTIATING: "negotiating_on",
    Stage.SIGNED: "signed_on",
    Stage.STARTED: "started_on",
    Stage.PRODUCING: "producing_on",
    Stage.AT_CAPACITY: "at_capacity_on",
    Stage.DROPPED: "dropped_on",
}

# What a move must bring besides its date (field -> why, shown when missing).
REQUIRES: dict[str, dict[str, str]] = {
    Stage.SIGNED: {"contracted_investment": _("Signing needs the contracted investment.")},
    Stage.DROPPED: {"reason": _("Say why the project is dropped.")},
}


def previous_stage(stage: str) -> str | None:
    """The stage before `stage` in the life of a project (None for a lead or a dropped project)."""
    if stage not in LIFE or stage == Stage.LEAD:
        return None
    return LIFE[LIFE.index(stage) - 1]


def reached(stage: str) -> list[str]:
    """Every stage a project at `stage` has passed through, itself included."""
    return LIFE[: LIFE.index(stage) + 1] if stage in LIFE else []
