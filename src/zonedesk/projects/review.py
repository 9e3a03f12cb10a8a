"""一月一过堂: a zone's monthly review, built once and shown as a page and as a Word document."""

import io
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from zonedesk.common.amounts import format_wan
from zonedesk.orgs import verbs
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, Unit
from zonedesk.orgs.permissions import ensure_can

from .figures import Period
from .models import Project, StageMove
from .queries import figure_settings, stalled
from .stages import Stage

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOTE_KEYS = ("next_steps", "note", "reason", "progress", "blockers", "description")
UNDER_WAY = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]


def review_title(unit: Unit, year: int, month: int) -> str:
    return f"{unit.name} {year}年{month}月 招商项目过堂材料"


def _last_notes(user, projects: list[Project]) -> dict[int, dict]:
    """For each project, its latest Event that carries a note (else its latest Event): date, what, text."""
    if not projects:
        return {}
    events = (
        Event.objects.visible_to(user)
        .filter(object_type=ContentType.objects.get_for_model(Project), object_id__in=[str(p.pk) for p in projects])
        .only("at", "verb", "after", "object_id", "actor_label")
        .order_by("-at", "-pk")
    )
    notes: dict[int, dict] = {}
    for event in events:
        pk = int(event.object_id)
        text = next((str(event.after[k]) for k in NOTE_KEYS if event.after.get(k)), "")
        if pk in notes and (notes[pk]["text"] or not text):
            continue  # keep the newest note; a later event without text never replaces one with text
        notes[pk] = {"at": event.at, "label": verbs.label(event.verb), "text": text, "by": event.actor_label}
    return notes


def monthly_review(user, unit: Unit, year: int, month: int, *, today: date | None = None) -> dict:
    """Each responsible officer's new leads, stage moves, stalled projects (last note) and next steps."""
    period = Period.month(year, month)
    projects = (
        Project.objects.visible_to(user).investments().filter(unit__path__startswith=unit.path, is_archived=False)
    )
    in_month = {"on__gte": period.start, "on__lte": period.end, "cancelled_at__isnull": True}
    moves = (
        StageMove.objects.filter(project__in=projects, **in_month)
        .select_related("project", "project__officer", "project__unit")
        .order_by("on", "pk")
    )
    stuck = list(stalled(projects, unit, today=today).select_related("officer", "unit").order_by("last_moved_at"))
    notes = _last_notes(user, stuck)
    planned = projects.filter(stage__in=UNDER_WAY).exclude(next_steps="").select_related("officer", "unit")
    officers: dict[int | None, dict] = {}

    def bucket(project: Project) -> dict:
        key = project.officer_id
        if key not in officers:
            name = str(project.officer) if project.officer else _("No responsible officer")
            officers[key] = {
                "officer": project.officer,
                "name": name,
                "leads": [],
                "moves": [],
                "stalled": [],
                "next_steps": [],
            }
        return officers[key]

    for move in moves:
        if move.to_stage == Stage.LEAD:
            bucket(move.project)["leads"].append(move.project)
        else:
            bucket(move.project)["moves"].append(
                {
                    "project": move.project,
                    "on": move.on,
                    "from": move.from_stage,
                    "to": move.to_stage,
                    "from_label": Stage(move.from_stage).label if move.from_stage else "",
                    "to_label": Stage(move.to_stage).label,
                }
            )
    for project in stuck:
        bucket(project)["stalled"].append({"project": project, "note": notes.get(project.pk)})
    for project in planned.order_by("name"):
        bucket(project)["next_steps"].append(project)
    ordered = sorted(officers.values(), key=lambda o: (o["officer"] is None, o["name"]))
    _thresholds, days = figure_settings(unit)
    return {
        "unit": unit,
        "year": year,
        "month": month,
        "period": period,
        "title": review_title(unit, year, month),
        "stalled_days": days,
        "officers": ordered,
        "totals": {k: sum(len(o[k]) for o in ordered) for k in ("leads", "moves", "stalled", "next_steps")},
    }


# --- the Word document ------------------------------------------------------------------------------

FONT = "宋体"


def _chinese_fonts(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):  # a theme font would win over ours
            fonts.attrib.pop(qn(theme), None)


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    if not rows:
        doc.add_paragraph("无。")
        return
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text or "")


def _amount(project: Project) -> str:
    return project.investment_text or format_wan(project.total_investment_wan) or "—"


def review_docx(data: dict) -> io.BytesIO:
    """The review as a .docx: a title, a summary, then per officer four tables."""
    doc = Document()
    _chinese_fonts(doc)
    doc.styles["Normal"].font.size = Pt(11)
    title = doc.add_heading(data["title"], level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    totals = data["totals"]
    period = data["period"]
    doc.add_paragraph(
        f"统计期间：{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}。本月新增线索 {totals['leads']} 个，"
        f"阶段推进 {totals['moves']} 次，停滞项目（{data['stalled_days']}天未推进）{totals['stalled']} 个。"
    )
    days = data["stalled_days"]
    for i, o in enumerate(data["officers"], 1):
        doc.add_heading(f"{i}. {o['name']}", level=1)
        doc.add_heading("一、本月新增线索", level=2)
        _table(doc, ["项目名称", "投资方", "总投资", "线索日期", "来源"], [_lead_row(p) for p in o["leads"]])
        doc.add_heading("二、本月阶段推进", level=2)
        _table(doc, ["项目名称", "原阶段", "推进至", "日期"], [_move_row(m) for m in o["moves"]])
        doc.add_heading(f"三、停滞项目（{days}天未推进）", level=2)
        _table(doc, ["项目名称", "当前阶段", "最后推进", "最近记录"], [_stalled_row(s) for s in o["stalled"]])
        doc.add_heading("四、下一步工作", level=2)
        _table(
            doc,
            ["项目名称", "当前阶段", "下一步"],
            [[p.name, p.get_stage_display(), p.next_steps] for p in o["next_steps"]],
        )
    if not data["officers"]:
        doc.add_paragraph("本月无新增线索、阶段推进、停滞项目或下一步工作记录。")
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def _lead_row(p: Project) -> list[str]:
    return [p.name, p.investor_name, _amount(p), f"{p.lead_on:%Y-%m-%d}", p.get_source_display()]


def _move_row(m: dict) -> list[str]:
    return [m["project"].name, m["from_label"], m["to_label"], f"{m['on']:%Y-%m-%d}"]


def _stalled_row(s: dict) -> list[str]:
    p = s["project"]
    return [p.name, p.get_stage_display(), f"{timezone.localtime(p.last_moved_at):%Y-%m-%d}", _note_text(s["note"])]


def _note_text(note: dict | None) -> str:
    if not note:
        return ""
    day = f"{timezone.localtime(note['at']):%Y-%m-%d}"
    return f"{day} {note['label']}" + (f"：{note['text']}" if note["text"] else "")


def export_review(unit: Unit, year: int, month: int, *, by: Actor) -> tuple[str, io.BytesIO]:
    """The review as a Word document (file name, content); the export is an Event."""
    ensure_can(by, "figures.view", unit)
    with translation.override("zh-hans"):  # stage and source names in Chinese, as the document is
        data = monthly_review(by.user, unit, year, month)
        out = review_docx(data)
    with transaction.atomic():
        record(by, "project.review_exported", None, unit=unit, after={"unit": unit.pk, "year": year, "month": month})
    return f"{unit.name}{year}年{month}月招商项目过堂材料.docx", out
