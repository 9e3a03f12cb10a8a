"""Excel in and out: formula-safe streaming writes (XlsxWriter), tolerant reads (python-calamine)."""

import tempfile
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from python_calamine import CalamineWorkbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value for a cell: text that Excel could run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_xlsx(headers: list[str], rows: Iterable[list], *, title: str | None = None, sheet: str = "Sheet1"):
    """Write rows to a temporary .xlsx file (constant memory) and return the open file, rewound."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (returned to the caller, who streams and closes it)
    book = xlsxwriter.Workbook(
        out,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    row_no = 0
    if title:
        ws.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
        row_no = 1
    for col, header in enumerate(headers):
        ws.write_string(row_no, col, header, bold)
        ws.set_column(col, col, max(10, len(header) * 2 + 2))
    for values in rows:
        row_no += 1
        for col, value in enumerate(values):
            value = safe_cell(value)
            if value is None or value == "":
                continue
            if isinstance(value, datetime | date):
                ws.write_datetime(row_no, col, value, date_fmt)
            elif isinstance(value, str):
                ws.write_string(row_no, col, value)
            else:
                ws.write(row_no, col, value)
    book.close()
    out.seek(0)
    return out


class SheetError(Exception):
    """The file is not a spreadsheet we can read."""


# An Office file is a zip of XML parts: what it may unpack to, and how far one part may have been compressed. A real
# 10,000-row sheet unpacks to a few MB at ratios below 20; a zip bomb unpacks to gigabytes at ratios in the thousands.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 200
XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")  # entity expansion ("billion laughs") and external entities


def check_archive(fileobj) -> None:
    """Refuse a zip bomb or XML with entity declarations before any parser unpacks the file (SheetError)."""
    start = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        with zipfile.ZipFile(fileobj) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise SheetError(f"too many parts in the archive ({len(parts)})")
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                raise SheetError("the archive unpacks to more than 200 MB")
            for part in parts:
                if part.compress_size and part.file_size / part.compress_size > MAX_RATIO:
                    raise SheetError(f"{part.filename} is compressed beyond any real workbook")
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as xml:
                        head = xml.read(4096).upper()
                    if any(declaration in head for declaration in XML_DECLARATIONS):
                        raise SheetError(f"{part.filename} declares XML entities")
    except zipfile.BadZipFile as exc:
        raise SheetError(str(exc)) from exc
    finally:
        fileobj.seek(start)


def read_rows(fileobj) -> list[list]:
    """Every row of the first sheet, cells as Python values (str, float, int, date, datetime, bool)."""
    try:
        check_archive(fileobj)
        book = CalamineWorkbook.from_filelike(fileobj)
        if not book.sheet_names:
            raise SheetError("no sheet")
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except SheetError:
        raise
    except Exception as exc:  # calamine raises several error types for a file that is not a workbook
        raise SheetError(str(exc)) from exc
