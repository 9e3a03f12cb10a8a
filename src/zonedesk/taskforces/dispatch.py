"""周调度: a zone's weekly dispatch of its key projects, built once and shown as a page, a Word and an Excel file.

The investment projects come first, then the zone's own facilities (配套设施), each kind in its own section.
"""

import io
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from zonedesk.common.amounts import format_wan
from zonedesk.common.excel import write_xlsx
from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Kind, Stage

from .models import ElementNeed, Milestone, NeedStatus, Task, TaskStatus, WeeklyReport
from .queries import Escalation, escalation, settings_by_unit

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
KIND_NAMES = {Kind.INVESTMENT: "招商项目", Kind.FACILITY: "配套设施项目"}  # the documents are in Chinese
SECTION_NUMBERS = "一二三四五"


def dispatch_title(unit: Unit, iso_year: int, iso_week: int) -> str:
    return f"{unit.name}重点项目周调度（{iso_year}年第{iso_week}周）"


def key_projects(user, unit: Unit):
    """The zone's key projects the user sees, investment projects and facilities: those with a task force or a
    key-project level, not dropped."""
    projects = Project.objects.visible_to(user).filter(unit__path__startswith=unit.path, is_archived=False)
    key = Q(task_force__isnull=False) | ~Q(key_level="")
    return projects.filter(key).exclude(stage=Stage.DROPPED).order_by("name", "pk")


def _amount(project: Project) -> str:
    return project.investment_text or format_wan(project.total_investment_wan) or "—"


def _row(project: Project, start: date, end: date, as_of: date, calendar: WorkCalendar, settings) -> dict:
    task_force = getattr(project, "task_force", None)
    row = {
        "project": project,
        "name": project.name,
        "kind": project.kind,
        "builder": project.builder,
        "stage": project.get_stage_display(),
        "key_level": project.get_key_level_display() if project.key_level else "",
        "investment": _amount(project),
        "leader": "",
        "due": [],
        "overdue": [],
        "report": None,
        "blockers": "",
        "needs": [],
        "decisions": [],
    }
    if task_force is None:
        return row
    row["leader"] = str(task_force.leader)
    for m in task_force.milestones.all():
        open_then = m.actual_on is None or m.actual_on > as_of
        if start <= m.planned_on <= end:
            row["due"].append({"name": m.name, "on": m.planned_on, "done_on": m.actual_on})
        elif m.planned_on < start and open_then:
            row["overdue"].append({"name": m.name, "on": m.planned_on, "done_on": m.actual_on})
    reports = list(task_force.weekly_reports.all())
    if reports:
        report = reports[0]
        row["report"] = report
        row["blockers"] = report.blockers
    for need in task_force.element_needs.all():
        dept = need.owner_department.name if need.owner_department else ""
        text = f"{need.get_kind_display()}：{need.description}" + (f"（{need.quantity}）" if need.quantity else "")
        row["needs"].append({"text": text, "department": dept, "deadline": need.deadline})
        if need.deadline and need.deadline < as_of:
            row["decisions"].append(
                _("Secure %(need)s (%(department)s, due %(date)s)")
                % {"need": text, "department": dept or "—", "date": f"{need.deadline:%Y-%m-%d}"}
            )
    for task in task_force.tasks.all():
        if escalation(task.deadline, as_of, calendar, settings) == Escalation.LINKED_LEADER:
            dept = task.owner_department.name if task.owner_department else "—"
            row["decisions"].append(
                _("Press for %(task)s (%(department)s, %(days)d working days overdue)")
                % {"task": task.title, "department": dept, "days": calendar.between(task.deadline, as_of)}
            )
    return row


def weekly_dispatch(user, unit: Unit, iso_year: int, iso_week: int, *, today: date | None = None) -> dict:
    """Every key project of the zone for one ISO week: stage, milestones due and overdue, the week's report,
    blockers, open element needs and the decisions asked of leaders."""
    start = date.fromisocalendar(iso_year, iso_week, 1)
    end = start + timedelta(days=6)
    as_of = min(today or timezone.localdate(), end)
    reports = WeeklyReport.objects.filter(iso_year=iso_year, iso_week=iso_week)
    needs = ElementNeed.objects.filter(status=NeedStatus.OPEN).select_related("owner_department")
    tasks = Task.objects.filter(status=TaskStatus.OPEN, deadline__lt=as_of).select_related("owner_department")
    projects = key_projects(user, unit).select_related("task_force__leader", "task_force__unit")
    projects = projects.prefetch_related(
        Prefetch("task_force__milestones", queryset=Milestone.objects.filter(planned_on__lte=end)),
        Prefetch("task_force__weekly_reports", queryset=reports),
        Prefetch("task_force__element_needs", queryset=needs),
        Prefetch("task_force__tasks", queryset=tasks),
    )
    projects = list(projects)
    calendar = WorkCalendar()
    settings = settings_by_unit([unit])[unit.pk]
    rows = [_row(p, start, end, as_of, calendar, settings) for p in projects]
    labels = {Kind.INVESTMENT: _("Investment projects"), Kind.FACILITY: _("Zone facility projects")}
    sections = [
        {"kind": kind, "label": label, "rows": [r for r in rows if r["kind"] == kind]} for kind, label in labels.items()
    ]
    sections = [s for s in sections if s["rows"]]
    rows = [r for s in sections for r in s["rows"]]
    return {
        "unit": unit,
        "iso_year": iso_year,
        "iso_week": iso_week,
        "start": start,
        "end": end,
        "title": dispatch_title(unit, iso_year, iso_week),
        "rows": rows,
        "sections": sections,
        "totals": {
            "projects": len(rows),
            "facilities": sum(r["kind"] == Kind.FACILITY for r in rows),
            "reported": sum(r["report"] is not None for r in rows),
            "overdue": sum(len(r["overdue"]) for r in rows),
            "decisions": sum(len(r["decisions"]) for r in rows),
        },
    }


# --- the Word document: A4, 方正小标宋 title, 黑体 headings, 仿宋 body, page numbers ------------------------


def _font(element, name: str) -> None:
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):  # a theme font would win over ours
        fonts.attrib.pop(qn(theme), None)


def _style(doc, name: str, font: str, size: int, *, bold: bool = False) -> None:
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _font(style.element, font)


def _run(paragraph, text: str, font: str = BODY_FONT, *, bold: bool = False):
    run = paragraph.add_run(text)
    run.bold = bold
    _font(run._element, font)
    return run


def _para(doc, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)
    _run(paragraph, f"{label}：", HEADING_FONT)
    text = text or "无"
    _run(paragraph, text if text.endswith(("。", "）", ".", "！", "？")) else text + "。")


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ")
    run = _run(paragraph, "")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        else:
            node = OxmlElement("w:t")
            node.text = text
        run._element.append(node)
    _run(paragraph, " —")


def _milestones(items: list[dict]) -> str:
    return "；".join(f"{m['name']}（{m['on']:%Y-%m-%d}" + ("，已完成" if m["done_on"] else "") + "）" for m in items)


def dispatch_docx(data: dict) -> bytes:
    """The dispatch as a .docx in the usual government layout, ready to print."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.8)
    _style(doc, "Normal", BODY_FONT, 16)
    _style(doc, "Title", TITLE_FONT, 22)
    _style(doc, "Heading 1", HEADING_FONT, 16)
    _style(doc, "Heading 2", HEADING_FONT, 16)
    _page_numbers(section)
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, data["title"], TITLE_FONT)
    period = doc.add_paragraph()
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(period, f"（{data['start']:%Y-%m-%d} 至 {data['end']:%Y-%m-%d}）")
    totals = data["totals"]
    summary = doc.add_paragraph()
    summary.paragraph_format.first_line_indent = Pt(32)
    among = f"（其中配套设施项目 {totals['facilities']} 个）" if totals["facilities"] else ""
    _run(
        summary,
        f"本周调度重点项目 {totals['projects']} 个{among}，已报周调度 {totals['reported']} 个，"
        f"逾期时间节点 {totals['overdue']} 个，提请领导协调事项 {totals['decisions']} 项。",
    )
    for number, section in zip(SECTION_NUMBERS, data["sections"], strict=False):
        heading = doc.add_paragraph(style="Heading 1")
        _run(heading, f"{number}、{KIND_NAMES[section['kind']]}", HEADING_FONT)
        for n, row in enumerate(section["rows"], 1):
            _project(doc, n, row)
    if not data["rows"]:
        _para(doc, "说明", "本园区暂无重点项目。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _project(doc, n: int, row: dict) -> None:
    """One project of the document: its facts, this week's report, milestones, blockers, needs and decisions."""
    heading = doc.add_paragraph(style="Heading 2")
    _run(heading, f"{n}. {row['name']}", HEADING_FONT)
    facts = f"{row['stage']}；总投资 {row['investment']}"
    if row["builder"]:
        facts += f"；建设单位 {row['builder']}"
    if row["key_level"]:
        facts += f"；{row['key_level']}"
    if row["leader"]:
        facts += f"；专班负责人 {row['leader']}"
    _para(doc, "基本情况", facts + "。")
    report = row["report"]
    if report is not None:
        this_week = format_wan(report.investment_this_week_wan) or "0万元"
        total = format_wan(report.investment_total_wan) or "0万元"
        text = f"{report.progress}（形象进度 {report.percent_complete}%，本周完成投资 {this_week}，累计 {total}）"
    else:
        text = "本周未报送周调度。"
    _para(doc, "本周进展", text)
    _para(doc, "本周到期节点", _milestones(row["due"]))
    _para(doc, "逾期节点", _milestones(row["overdue"]))
    _para(doc, "存在问题", row["blockers"])
    _para(
        doc,
        "要素保障",
        "；".join(n["text"] + (f"（{n['department']}）" if n["department"] else "") for n in row["needs"]),
    )
    _para(doc, "提请领导协调事项", "；".join(row["decisions"]))


XLSX_HEADERS = ["序号", "项目名称", "项目类别", "阶段", "重点级别", "总投资", "专班负责人", "本周到期节点", "逾期节点"]
XLSX_HEADERS += ["本周进展", "形象进度(%)", "本周完成投资(万元)", "累计完成投资(万元)", "存在问题", "要素保障"]
XLSX_HEADERS += ["提请领导协调事项"]


def dispatch_xlsx(data: dict):
    """The dispatch as one spreadsheet row per key project (an open temporary file, rewound)."""
    rows = []
    for n, row in enumerate(data["rows"], 1):
        report = row["report"]
        rows.append(
            [
                n,
                row["name"],
                KIND_NAMES[row["kind"]],
                row["stage"],
                row["key_level"],
                row["investment"],
                row["leader"],
                _milestones(row["due"]),
                _milestones(row["overdue"]),
                report.progress if report else "",
                report.percent_complete if report else None,
                report.investment_this_week_wan if report else None,
                report.investment_total_wan if report else None,
                row["blockers"],
                "；".join(n["text"] for n in row["needs"]),
                "；".join(row["decisions"]),
            ]
        )
    return write_xlsx(XLSX_HEADERS, rows, title=data["title"], sheet="周调度")


def export_dispatch(unit: Unit, iso_year: int, iso_week: int, fmt: str, *, by: Actor) -> tuple[str, object]:
    """The dispatch as a Word ("docx") or Excel ("xlsx") file (file name, content); the export is an Event."""
    ensure_can(by, "taskforce.view", unit)
    with translation.override("zh-hans"):  # stage and need names in Chinese, as the document is
        data = weekly_dispatch(by.user, unit, iso_year, iso_week)
        out = io.BytesIO(dispatch_docx(data)) if fmt == "docx" else dispatch_xlsx(data)
    with transaction.atomic():
        after = {"unit": unit.pk, "iso_year": iso_year, "iso_week": iso_week, "format": fmt}
        record(by, "taskforce.dispatch_exported", None, unit=unit, after=after)
    return f"{unit.name}{iso_year}年第{iso_week}周重点项目周调度.{fmt}", out
