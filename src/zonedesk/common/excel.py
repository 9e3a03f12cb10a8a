"""Excel in and out: formula-safe streaming writes (XlsxWriter), tolerant reads (python-calamine)."""

import tempfile
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


def read_rows(fileobj) -> list[list]:
    """Every row of the first sheet, cells as Python values (str, float, int, date, datetime, bool)."""
    try:
        book = CalamineWorkbook.from_filelike(fileobj)
        if not book.sheet_names:
            raise SheetError("no sheet")
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except SheetError:
        raise
    except Exception as exc:  # calamine raises several error types for a file that is not a workbook
        raise SheetError(str(exc)) from exc
