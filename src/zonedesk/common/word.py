"""Word documents in the usual government layout (GB/T 9704 in spirit): A4, a 方正小标宋 title, 黑体 and 楷体
headings, a 仿宋 body with two characters of first-line indent, tables in a smaller size, page numbers "— 1 —".

Text goes into the document as text (python-docx escapes it), so a name with <>& stays literal.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = 16, 22, 11  # 三号, 二号, 五号 (points)


def set_font(element, name: str) -> None:
    """Use `name` for Latin and Chinese text of a style or run (a theme font would win over it: removed)."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _style(doc, name: str, font: str, size: int, *, bold: bool = False) -> None:
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_font(style.element, font)


def add_run(paragraph, text: str, font: str = BODY_FONT, *, bold: bool = False, size: int | None = None):
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    set_font(run._element, font)
    return run


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, "— ", size=14)
    run = add_run(paragraph, "", size=14)
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
    add_run(paragraph, " —", size=14)


def new_document():
    """An empty A4 document with the styles and the page numbers set."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _style(doc, "Normal", BODY_FONT, BODY_SIZE)
    _style(doc, "Title", TITLE_FONT, TITLE_SIZE)
    _style(doc, "Heading 1", HEADING_FONT, BODY_SIZE)
    _style(doc, "Heading 2", SUBHEADING_FONT, BODY_SIZE)
    _page_numbers(section)
    return doc


def add_title(doc, text: str, subtitle: str = "") -> None:
    """The centred title, and under it a centred line (a period, a date) when given."""
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(title, text, TITLE_FONT)
    if subtitle:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(line, subtitle, BODY_FONT)


def add_heading(doc, text: str, level: int = 1) -> None:
    """一、… in 黑体 (level 1) or （一）… in 楷体 (level 2), indented like the body."""
    paragraph = doc.add_paragraph(style="Heading 1" if level == 1 else "Heading 2")
    paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
    add_run(paragraph, text, HEADING_FONT if level == 1 else SUBHEADING_FONT)


def add_text(doc, text: str, *, label: str = ""):
    """A body paragraph with a two-character indent; a label before it in 黑体 ("label：text")."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
    if label:
        add_run(paragraph, f"{label}：", HEADING_FONT)
    add_run(paragraph, text)
    return paragraph


def _cell(cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_run(paragraph, text, BODY_FONT, bold=bold, size=TABLE_SIZE)


def add_table(doc, headers: list[str], rows: list[list], *, total: list | None = None, numbers: set[int] = frozenset()):
    """A grid table: bold headers, one row per `rows` item, and a bold total row when given; the columns whose index
    is in `numbers` are aligned right. None shows as an empty cell."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True)
    for values, bold in [*((r, False) for r in rows), *([(total, True)] if total is not None else [])]:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, "" if value is None else str(value), bold=bold, right=index in numbers)
    return table


def saved(doc) -> io.BytesIO:
    """The document's bytes, rewound, ready to stream."""
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
