"""Reads of assessment: the schemes a user sees, a sheet's ranking with the change against the previous period,
and one score explained line by line."""

from .models import Scheme, Score, ScoreSheet, SheetStatus
from .periods import period_starting, previous


def schemes_for(user):
    return Scheme.objects.visible_to(user).select_related("unit").filter(is_active=True)


def sheets_for(user, scheme: Scheme):
    return ScoreSheet.objects.visible_to(user).filter(scheme=scheme).order_by("-period_start", "-version")


def published(scheme: Scheme, period_start) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(scheme=scheme, period_start=period_start, status=SheetStatus.PUBLISHED).first()


def previous_sheet(sheet: ScoreSheet) -> ScoreSheet | None:
    """The published sheet of the period before the sheet's period, if there is one."""
    period = previous(sheet.scheme.period_kind, period_starting(sheet.scheme.period_kind, sheet.period_start))
    return published(sheet.scheme, period.start)


def ranking(sheet: ScoreSheet) -> list[dict]:
    """Each subject's rank and total, and how both changed since the previous period's published sheet."""
    before = previous_sheet(sheet)
    earlier = {}
    if before is not None:
        earlier = {s.subject_key: s for s in before.scores.all()}
    rows = []
    for score in sheet.scores.select_related("subject_unit", "subject_user").order_by("rank", "subject_name"):
        old = earlier.get(score.subject_key)
        rows.append(
            {
                "score": score,
                "rank": score.rank,
                "total": score.total,
                "rank_change": (old.rank - score.rank) if old else None,  # positive: moved up
                "total_change": (score.total - old.total) if old else None,
            }
        )
    return rows


def score_lines(score: Score) -> list:
    return list(score.lines.select_related("item").order_by("item__position", "item_id"))
