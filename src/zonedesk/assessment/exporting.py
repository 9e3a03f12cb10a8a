"""The ranking of a score sheet as Excel: rank, subject, total, changes, and the points of each indicator."""

from django.utils import translation
from django.utils.translation import gettext as _

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor

from .documents import ranking_title, record_export, sheet_facts, sheet_ranking, visible_sheet
from .models import ScoreLine, ScoreSheet


def ranking_rows(sheet: ScoreSheet) -> tuple[list[str], list[list]]:
    """Headers and rows: one row per subject in rank order, one column per indicator of the sheet."""
    lines = ScoreLine.objects.filter(score__sheet=sheet).select_related("item").order_by("item__position", "item_id")
    items, points = {}, {}
    for line in lines:
        items.setdefault(line.item_id, line.item.label)
        points[(line.score_id, line.item_id)] = line.points
    headers = [_("Rank"), _("Subject"), _("Total"), _("Change in rank"), _("Change in total"), *items.values()]
    rows = []
    for row in sheet_ranking(sheet)["rows"]:
        score = row["score"]
        rows.append(
            [
                row["rank"],
                score.subject_name,
                row["total"],
                row["rank_change_text"],
                row["total_change"],
                *(points.get((score.pk, item)) for item in items),
            ]
        )
    return headers, rows


def export_ranking_xlsx(sheet_pk: int, *, by: Actor):
    """The ranking as an .xlsx (file name, open file): formula-safe cells; the export is an Event."""
    sheet = visible_sheet(by, sheet_pk)
    with translation.override("zh-hans"):
        headers, rows = ranking_rows(sheet)
        title = f"{ranking_title(sheet)} — {sheet_facts(sheet)}"
        out = write_xlsx(headers, rows, title=title, sheet=_("Ranking"))
        name = f"{ranking_title(sheet)} v{sheet.version}.xlsx"
    record_export(by, sheet, "ranking", "xlsx", rows=len(rows))
    return name.replace("/", "-"), out
