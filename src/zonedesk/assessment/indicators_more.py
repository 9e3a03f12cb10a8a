"""Indicators of safety supervision and recruitment (issue 8), for zone schemes: outcomes from their records.

Kept apart from indicators.py (projects, demands and task forces) and added to the one CATALOGUE there.
"""

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.recruitment.models import FairParticipant, FairStatus, PostingHire
from zonedesk.safety.models import Hazard
from zonedesk.safety.queries import ON_TIME, late

from .indicators import ZONE, Indicator, Subjects, _counted, _ratio
from .models import SchemeItem


def _due(start: date, end: date):
    return Hazard.objects.filter(deadline__gte=start, deadline__lte=end).order_by()


def hazards_on_time(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    """Hazards due in the period rectified on time (the accepted submission by the deadline), as a share of those
    due and judged (rectified, or still open past the deadline): the safety figures' on-time rate."""
    today = timezone.localdate()
    rows = (
        _due(start, end)
        .values("unit")
        .annotate(on_time=Count("pk", filter=ON_TIME), late=Count("pk", filter=late(today)))
    )
    folded = subjects.fold({r["unit"]: [r["on_time"], r["on_time"] + r["late"]] for r in rows})
    return {k: _ratio(on_time, judged) for k, (on_time, judged) in folded.items()}


def hazards_overdue(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    """Hazards due in the period and rectified late, or still open after their deadline (a penalty per hazard)."""
    today = timezone.localdate()
    rows = _due(start, end).filter(late(today)).values("unit").annotate(n=Count("pk"))
    return _counted(subjects, subjects.fold({r["unit"]: [r["n"]] for r in rows}))


def posting_hires(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    """People hired on the zone's job postings in the period (the hires recorded on them)."""
    hires = PostingHire.objects.filter(hired_on__gte=start, hired_on__lte=end).order_by()
    rows = hires.values("posting__unit").annotate(n=Sum("count"))
    return _counted(subjects, subjects.fold({r["posting__unit"]: [r["n"]] for r in rows}))


def fair_hires(subjects: Subjects, start: date, end: date, item: SchemeItem) -> dict:
    """People hired at job fairs held in the period by the zone's enterprises (the participants' results)."""
    held = Q(fair__status=FairStatus.HELD, fair__held_on__gte=start, fair__held_on__lte=end, hires__isnull=False)
    rows = FairParticipant.objects.filter(held).order_by().values("enterprise__unit").annotate(n=Sum("hires"))
    return _counted(subjects, subjects.fold({r["enterprise__unit"]: [r["n"]] for r in rows}))


MORE = [
    Indicator("hazards_on_time", _("Hazards rectified on time"), "%", frozenset({ZONE}), hazards_on_time),
    Indicator("hazards_overdue", _("Hazards overdue (penalty)"), "个", frozenset({ZONE}), hazards_overdue),
    Indicator("posting_hires", _("People hired on job postings"), "人", frozenset({ZONE}), posting_hires),
    Indicator("fair_hires", _("People hired at job fairs"), "人", frozenset({ZONE}), fair_hires),
]
