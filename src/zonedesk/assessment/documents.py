"""Assessment in words and as Word documents: a rule and a value as a reader says them, the ranking of a score
sheet, and each subject's score sheet line by line. Every export is an Event."""

import io
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from .indicators import CATALOGUE
from .models import Rule, SchemeItem, Score, ScoreLine, ScoreSheet
from .queries import previous_sheet, ranking, score_lines

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "宋体"
MANUAL_MEASURE = "分"


# --- words ----------------------------------------------------------------------------------------------------


def number(value) -> str:
    """12.50 -> 12.5, 5000.0000 -> 5000, None -> —."""
    if value is None:
        return "—"
    text = f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def measure_of(item: SchemeItem) -> str:
    if item.indicator == "manual":
        return MANUAL_MEASURE
    found = CATALOGUE.get(item.indicator)
    return found.measure if found else ""


def value_text(value, item: SchemeItem) -> str:
    return "—" if value is None else f"{number(value)}{measure_of(item)}"


def rule_text(item: SchemeItem) -> str:
    """The scoring rule as a reader says it: "linear to the target 5000万元, weight 30"."""
    params = {
        "target": value_text(item.target, item),
        "weight": number(item.weight),
        "cap": item.cap_percent,
        "penalty": number(item.penalty_per_item),
    }
    if item.rule == Rule.LINEAR:
        text = _("linear to the target %(target)s, weight %(weight)s") % params
    elif item.rule == Rule.CAPPED:
        text = _("linear to the target %(target)s, weight %(weight)s, at most %(cap)s%% of the weight") % params
    elif item.rule == Rule.PENALTY:
        text = _("%(penalty)s points off per item, at most %(weight)s points off") % params
    else:
        names = "、".join(str(u) for u in item.scorers.all())
        text = _("scored by %(scorers)s, at most %(weight)s points either way") % {**params, "scorers": names}
    if item.threshold_wan is not None:
        text += _("; projects of %(amount)s万元 or more") % {"amount": number(item.threshold_wan)}
    return text


def rank_change_text(rank_change: int | None, has_previous: bool) -> str:
    """↑2 (moved up two places), ↓1, = (same place), new (not ranked in the previous period), — (no previous)."""
    if rank_change is None:
        return _("new") if has_previous else "—"
    if rank_change > 0:
        return f"↑{rank_change}"
    if rank_change < 0:
        return f"↓{-rank_change}"
    return "="


def total_change_text(total_change) -> str:
    if total_change is None:
        return "—"
    return f"+{number(total_change)}" if total_change > 0 else number(total_change)


def sheet_ranking(sheet: ScoreSheet) -> dict:
    """The ranking rows of a sheet with their changes in words, and whether there was a previous period."""
    has_previous = previous_sheet(sheet) is not None
    rows = ranking(sheet)
    for row in rows:
        row["rank_change_text"] = rank_change_text(row["rank_change"], has_previous)
        row["total_change_text"] = total_change_text(row["total_change"])
    return {"rows": rows, "has_previous": has_previous}


def explained(score: Score, lines: list[ScoreLine] | None = None) -> list[dict]:
    """Each line of a score (read now, or given already read) with its value and rule in words."""
    return [
        {
            "line": line,
            "item": line.item,
            "value": value_text(line.value, line.item),
            "points": line.points,
            "rule": rule_text(line.item),
        }
        for line in (score_lines(score) if lines is None else lines)
    ]


def status_text(sheet: ScoreSheet) -> str:
    return str(sheet.get_status_display())


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else "—"


# --- Word -----------------------------------------------------------------------------------------------------


def _chinese_fonts(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):  # a theme font would win over ours
            fonts.attrib.pop(qn(theme), None)


def _new_document():
    doc = Document()
    _chinese_fonts(doc)
    doc.styles["Normal"].font.size = Pt(11)
    return doc


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text or "")


def _save(doc) -> io.BytesIO:
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def ranking_title(sheet: ScoreSheet) -> str:
    return _("%(scheme)s %(period)s ranking") % {"scheme": sheet.scheme.name, "period": sheet.period_label}


def sheet_facts(sheet: ScoreSheet) -> str:
    return _("Version %(version)s, %(status)s. Computed on %(computed)s, published on %(published)s.") % {
        "version": sheet.version,
        "status": status_text(sheet),
        "computed": _day(sheet.computed_at),
        "published": _day(sheet.published_at),
    }


def ranking_docx(sheet: ScoreSheet) -> io.BytesIO:
    doc = _new_document()
    doc.add_heading(ranking_title(sheet), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(sheet_facts(sheet))
    headers = [_("Rank"), _("Subject"), _("Total"), _("Change in rank"), _("Change in total")]
    rows = [
        [str(r["rank"]), r["score"].subject_name, number(r["total"]), r["rank_change_text"], r["total_change_text"]]
        for r in sheet_ranking(sheet)["rows"]
    ]
    if rows:
        _table(doc, headers, rows)
    else:
        doc.add_paragraph(_("No subject was scored."))
    return _save(doc)


def score_title(score: Score) -> str:
    sheet = score.sheet
    return _("%(subject)s: %(scheme)s %(period)s score sheet") % {
        "subject": score.subject_name,
        "scheme": sheet.scheme.name,
        "period": sheet.period_label,
    }


def scores_docx(scores: list[Score]) -> io.BytesIO:
    """One section per subject: its rank and total, then every line with value, points, rule and reason."""
    doc = _new_document()
    headers = [_("Indicator"), _("Value"), _("Points"), _("Rule"), _("Reason")]
    for index, score in enumerate(scores):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(score_title(score), level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(
            _("Rank %(rank)s, total %(total)s points.") % {"rank": score.rank, "total": number(score.total)}
        )
        doc.add_paragraph(sheet_facts(score.sheet))
        lines = explained(score, list(score.lines.all()))
        rows = [[e["item"].label, e["value"], number(e["points"]), e["rule"], e["line"].note] for e in lines]
        _table(doc, headers, rows)
    return _save(doc)


# --- exports --------------------------------------------------------------------------------------------------


def visible_sheet(by: Actor, pk: int) -> ScoreSheet:
    """The sheet if it is in the actor's scope (ScoreSheet.DoesNotExist otherwise) and they may read scores."""
    sheets = ScoreSheet.objects.all() if by.is_system else ScoreSheet.objects.visible_to(by.user)
    sheet = sheets.select_related("scheme__unit").get(pk=pk)
    ensure_can(by, "assessment.view", sheet.scheme.unit)
    return sheet


def record_export(by: Actor, sheet: ScoreSheet, document: str, file_format: str, **extra) -> None:
    after = {"sheet": sheet.pk, "period": sheet.period_label, "version": sheet.version, "document": document}
    with transaction.atomic():
        record(by, "score_sheet.exported", sheet.scheme, after=after | {"format": file_format} | extra)


def export_ranking_docx(sheet_pk: int, *, by: Actor) -> tuple[str, io.BytesIO]:
    """The ranking of a sheet as a Word document (file name, content)."""
    sheet = visible_sheet(by, sheet_pk)
    with translation.override("zh-hans"):
        out = ranking_docx(sheet)
        name = f"{ranking_title(sheet)} v{sheet.version}.docx"
    record_export(by, sheet, "ranking", "docx")
    return name, out


def export_scores_docx(sheet_pk: int, *, by: Actor, score_pk: int | None = None) -> tuple[str, io.BytesIO]:
    """The score sheet of one subject (`score_pk`) or of every subject of the sheet, as a Word document."""
    sheet = visible_sheet(by, sheet_pk)
    lines = ScoreLine.objects.select_related("item").prefetch_related("item__scorers")
    lines = lines.order_by("item__position", "item_id")
    scores = sheet.scores.select_related("sheet__scheme").prefetch_related(Prefetch("lines", queryset=lines))
    scores = scores.order_by("rank", "subject_name")
    if score_pk is not None:
        scores = scores.filter(pk=score_pk)
        if not scores:
            raise Score.DoesNotExist
    scores = list(scores)
    with translation.override("zh-hans"):
        out = scores_docx(scores)
        if score_pk is not None:
            name = f"{score_title(scores[0])} v{sheet.version}.docx"
        else:
            name = _("%(scheme)s %(period)s score sheets") % {"scheme": sheet.scheme.name, "period": sheet.period_label}
            name = f"{name} v{sheet.version}.docx"
    extra = {"score": score_pk} if score_pk is not None else {"scores": len(scores)}
    record_export(by, sheet, "score_sheet", "docx", **extra)
    return name.replace("/", "-").replace(":", ""), out
