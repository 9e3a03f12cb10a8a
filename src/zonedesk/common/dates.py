"""Dates as officers type them: 2025-02-07, 2025/2/7, 2025.2.7, 2025年2月7日, 20250207, Excel serials."""

import re
from datetime import date, datetime, timedelta

from .text import fold_compat

_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date | None:
    """A date from any accepted spelling; None for empty; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial day number
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(value)
    text = fold_compat(value)
    if not text:
        return None
    match = _PATTERN.match(text) or _COMPACT.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)
