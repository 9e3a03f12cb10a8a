"""The inspections due (by each rating colour's frequency) as the safety officer's to-do shows them."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from zonedesk.orgs.permissions import can

from .badges import colour_badge
from .queries import inspections_due

DUE_ROWS = 20


def due_rows(profiles, today: date) -> list[dict]:
    """Each due profile with the day its inspection fell due and the days since (none: never inspected)."""
    rows = []
    for profile in profiles:
        due_on = None
        if profile.last_inspected_on and profile.frequency_days:
            due_on = profile.last_inspected_on + timedelta(days=profile.frequency_days)
        rows.append(
            {
                "p": profile,
                "colour": colour_badge(profile.colour),
                "due_on": due_on,
                "days_overdue": (today - due_on).days if due_on else None,
            }
        )
    return rows


def due_section(user, limit: int = DUE_ROWS) -> dict | None:
    """The to-do page's "inspections due" for a user who inspects (None for anyone else): the first rows, the
    count, and the page that lists them all."""
    if not can(user, "safety.inspect"):
        return None
    today = timezone.localdate()
    due = inspections_due(user, today)
    return {"rows": due_rows(due[:limit], today), "count": due.count(), "url": reverse("safety:due")}
