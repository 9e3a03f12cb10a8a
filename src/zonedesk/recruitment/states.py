"""The statuses of job postings and job fairs, and the one table of allowed moves of each."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PostingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("posting", "Open")
    FILLED = "filled", pgettext_lazy("posting", "Filled")
    CLOSED = "closed", pgettext_lazy("posting", "Closed")


class FairKind(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    LIVE = "live", _("Live-streamed")


class FairStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("fair", "Planned")
    HELD = "held", pgettext_lazy("fair", "Held")
    CANCELLED = "cancelled", pgettext_lazy("fair", "Cancelled")


# The only copies of the allowed moves. A posting becomes filled by its hires, never by hand.
POSTING_TRANSITIONS: dict[str, set[str]] = {
    PostingStatus.OPEN: {PostingStatus.FILLED, PostingStatus.CLOSED},
    PostingStatus.FILLED: set(),
    PostingStatus.CLOSED: set(),
}
FAIR_TRANSITIONS: dict[str, set[str]] = {
    FairStatus.PLANNED: {FairStatus.HELD, FairStatus.CANCELLED},
    FairStatus.HELD: set(),
    FairStatus.CANCELLED: set(),
}

# A demand of this category (or of a category under it) is a labour demand a fair can answer.
LABOUR_CATEGORY = "用工"
