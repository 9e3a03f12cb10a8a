"""Reading a sheet to import: its header row found by the Chinese column names and their aliases (a title row above
it, a 序号 column and full-width characters are fine), the rows under it as cells by column key, and every problem
collected by row and column so that nothing is written until none is left."""

from django.utils.translation import gettext as _

from .errors import Rejected
from .excel import SheetError, read_rows, write_xlsx
from .text import fold_compat, normalize_text

HEADER_SCAN_ROWS = 10


def header_key(header: object) -> str:
    """A header cell compared without spaces, the required mark (*) and width differences."""
    return fold_compat(header).replace(" ", "").replace("*", "")


class SheetColumns:
    """The columns an import reads: key -> (template header, other headers seen in real sheets), the groups of keys
    the header must have (one key of each group), and the columns read but left out of the template."""

    def __init__(
        self,
        columns: dict[str, tuple[str, list[str]]],
        required: list[tuple[str, ...]],
        *,
        not_in_template: tuple[str, ...] = (),
    ):
        self.columns = columns
        self.required = required
        self.in_template = [k for k in columns if k not in not_in_template]
        self.aliases = {header_key(h): k for k, (t, others) in columns.items() for h in [t, *others]}

    def label(self, key: str) -> str:
        """The column's name as the template spells it, without the required mark."""
        return self.columns[key][0].rstrip("*")

    def template(self, example: list, *, title: str, sheet: str):
        """The downloadable template: a title row, the headers after a 序号 column, one example row."""
        headers = ["序号", *(self.columns[k][0] for k in self.in_template)]
        return write_xlsx(headers, [[1, *example]], title=title, sheet=sheet)

    def _missing(self, keys: set[str]) -> list[tuple[str, ...]]:
        return [group for group in self.required if not keys & set(group)]

    def _group_label(self, group: tuple[str, ...]) -> str:
        text = self.label(group[0])
        for key in group[1:]:
            text = _("%(first)s or %(second)s") % {"first": text, "second": self.label(key)}
        return text

    def _header(self, rows: list[list]) -> tuple[int, dict[int, str]]:
        best: tuple[int, int, dict[int, str]] | None = None
        for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            mapping = {
                col: self.aliases[header_key(cell)] for col, cell in enumerate(row) if header_key(cell) in self.aliases
            }
            if not self._missing(set(mapping.values())):
                return index, mapping
            if len(mapping) >= 2 and (best is None or len(mapping) > best[1]):
                best = (index, len(mapping), mapping)
        if best is None:
            names = "、".join(self._group_label(g) for g in self.required)
            message = _("No header row with %(columns)s in the first %(n)d rows.") % {
                "columns": names,
                "n": HEADER_SCAN_ROWS,
            }
            raise Rejected("file", message)
        index, _count, mapping = best
        missing = self._missing(set(mapping.values()))
        errors = [
            {"row": index + 1, "field": g[0], "column": self._group_label(g), "message": _("This column is missing.")}
            for g in missing
        ]
        message = _("The header in row %(row)d has no column %(columns)s.") % {
            "row": index + 1,
            "columns": "、".join(self._group_label(g) for g in missing),
        }
        raise Rejected("file", message, errors=errors)

    def read(self, fileobj) -> list[tuple[int, dict]]:
        """The sheet's rows under its header that have something in a known column: (row number, cells by key)."""
        try:
            rows = read_rows(fileobj)
        except SheetError as exc:
            raise Rejected("file", _("This file cannot be read as a spreadsheet.")) from exc
        header_at, mapping = self._header(rows)
        found = []
        for row_no, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
            cells = {key: row[col] for col, key in mapping.items() if col < len(row)}
            if any(normalize_text(v) for v in cells.values()):
                found.append((row_no, cells))
        if not found:
            raise Rejected("file", _("The sheet has a header but no rows."))
        return found


class Problems:
    """Every problem of an import, by row and column; raised together, so that nothing is written while any is left."""

    def __init__(self, columns: SheetColumns):
        self.columns = columns
        self.errors: list[dict] = []

    def add(self, row: int, key: str, message) -> None:
        self.errors.append({"row": row, "field": key, "column": self.columns.label(key), "message": str(message)})

    def at(self, row: int):
        """add() for one row: a callable taking (column key, message)."""
        return lambda key, message: self.add(row, key, message)

    def raise_if_any(self) -> None:
        if self.errors:
            self.errors.sort(key=lambda e: e["row"])
            count = len(self.errors)
            raise Rejected("file", _("%(n)d problems found; nothing was imported.") % {"n": count}, errors=self.errors)
