"""一企一清单: one enterprise's demands, its linked leader and service officer, and its figures, as a Word document."""

import io

from django.db import transaction
from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from .queries import enterprise_sheet

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "宋体"
HEADERS = ["序号", "诉求标题", "类别", "状态", "承办部门", "办理时限", "办理结果", "满意度"]


def _chinese_fonts(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):  # a theme font would win over ours
            fonts.attrib.pop(qn(theme), None)


def _percent(value) -> str:
    return f"{value * 100:.1f}%" if value is not None else "—"


def sheet_docx(data: dict) -> io.BytesIO:
    """The document of `queries.enterprise_sheet`: the enterprise, its demands table and its figures."""
    enterprise, figures = data["enterprise"], data["figures"]
    doc = Document()
    _chinese_fonts(doc)
    doc.styles["Normal"].font.size = Pt(11)
    title = doc.add_heading(f"{enterprise.name} 诉求清单（一企一清单）", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [
        ("企业名称", enterprise.name),
        ("统一社会信用代码", enterprise.uscc),
        ("所属园区", enterprise.unit.name),
        ("挂钩领导", str(enterprise.linked_leader or "—")),
        ("服务专员", str(enterprise.service_officer or "—")),
        ("生成日期", f"{timezone.localdate():%Y-%m-%d}"),
    ]
    for label, value in facts:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}：").bold = True
        paragraph.add_run(value)
    doc.add_heading("诉求办理情况", level=2)
    counts = [
        ("诉求总数", figures["total"]["value"]),
        ("未办结", figures["open"]["value"]),
        ("已解决", figures["solved"]["value"]),
        ("按期办结率", _percent(figures["on_time_rate"]["value"])),
    ]
    doc.add_paragraph("　".join(f"{label} {value}" for label, value in counts))
    doc.add_heading("诉求清单", level=2)
    if not data["demands"]:
        doc.add_paragraph("暂无诉求。")
    else:
        table = doc.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for number, d in enumerate(data["demands"], start=1):
            values = [
                str(number),
                d.title,
                d.category.name,
                d.get_state_display(),
                d.assigned_department.name if d.assigned_department_id else "",
                f"{d.deadline:%Y-%m-%d}" if d.deadline else "",
                d.get_outcome_display() if d.outcome else "",
                str(d.satisfaction) if d.satisfaction else "",
            ]
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def export_sheet(enterprise_id: int, *, by: Actor) -> tuple[str, io.BytesIO]:
    """The 一企一清单 of an enterprise in the user's scope (Enterprise.DoesNotExist outside it); an Event."""
    ensure_can(by, "demand.view")
    with translation.override("zh-hans"):  # state and outcome names in Chinese, as the document is
        data = enterprise_sheet(by.user, enterprise_id)
        out = sheet_docx(data)
    enterprise = data["enterprise"]
    after = {"enterprise": enterprise.pk, "rows": len(data["demands"]), "format": "docx"}
    with transaction.atomic():
        record(by, "demand.exported", enterprise, after=after)
    return f"{enterprise.name}一企一清单.docx", out
