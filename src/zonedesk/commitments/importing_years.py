"""Excel import of the enterprises' yearly figures (统一社会信用代码, 企业名称, 年度, 产值, 税收,
年末从业人员, 固定资产投资): all rows or none, every problem named by row and column. A row for a year not yet
entered creates it; a row that changes figures updates them with an Event; the same file imported again changes
nothing. A blank cell leaves the figure as it is (a sheet of output alone does not erase the tax entered before)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.common.sheets import Problems, SheetColumns
from zonedesk.common.text import normalize_text
from zonedesk.common.uscc import normalize_uscc, uscc_problem
from zonedesk.enterprises.lookup import EnterpriseFinder, text_code
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.enterprises.services import USCC_MESSAGES
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import can, ensure_can

from . import values
from .years import FIGURES, save_year

COLUMNS = SheetColumns(
    {
        "uscc": ("统一社会信用代码", ["社会信用代码", "信用代码", "统一信用代码"]),
        "enterprise": ("企业名称", ["企业", "企业全称", "单位名称"]),
        "year": ("年度*", ["年度", "年份", "统计年度"]),
        "output_wan": ("产值（万元）", ["产值", "工业产值", "年产值", "产值(万元)", "工业总产值（万元）"]),
        "tax_wan": ("税收（万元）", ["税收", "纳税", "税收(万元)", "入库税收（万元）", "纳税总额（万元）"]),
        "employees": ("年末从业人员", ["从业人员", "年末从业人数", "用工人数", "职工人数", "员工人数"]),
        "fixed_asset_investment_wan": (
            "固定资产投资（万元）",
            ["固定资产投资", "固定资产投资(万元)", "固投（万元）", "固投"],
        ),
    },
    required=[("enterprise", "uscc"), ("year",)],
)


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def changed(self) -> int:
        return self.created + self.updated


def template_file():
    """The template: a title row, the headers, one example row."""
    example = ["91110000600037341L", "示例智能装备有限公司", 2025, 52000, 3100, 860, 12000]
    title = "企业年度数据导入表（企业名称与统一社会信用代码至少填一项；金额单位万元；空白单元格表示不修改该项）"
    return COLUMNS.template(example, title=title, sheet="企业年度数据")


class _Checker:
    """Checks the rows one by one, collecting every problem with its row and column."""

    def __init__(self, by: Actor, cells_by_row: list[tuple[int, dict]]):
        self.by = by
        self.problems = Problems(COLUMNS)
        self.enterprises = EnterpriseFinder(by.user, (cells for _r, cells in cells_by_row))
        self.seen: dict[tuple[int, int], int] = {}

    def _enterprise(self, row: int, cells: dict) -> Enterprise | None:
        code = normalize_uscc(text_code(cells.get("uscc")))
        if code and (problem := uscc_problem(code)):
            self.problems.add(row, "uscc", f"{code}: {USCC_MESSAGES[problem]}")
            return None
        enterprise = self.enterprises.find(cells, self.problems.at(row))
        if enterprise is not None and not can(self.by.user, "enterprise_year.import", enterprise.unit):
            self.problems.add(row, "enterprise", _("You may not import figures of this enterprise's zone."))
            return None
        return enterprise

    def _value(self, row: int, cells: dict, key: str):
        raw = cells.get(key)
        try:
            if key == "employees":
                return values.count(text_code(raw) if isinstance(raw, float) else raw, key)
            return values.wan(raw, key)
        except Rejected as exc:
            self.problems.add(row, key, f"{normalize_text(raw)}: {exc.message}")
            return None

    def parse(self, row: int, cells: dict) -> tuple[Enterprise, int, dict] | None:
        count = len(self.problems.errors)
        enterprise = self._enterprise(row, cells)
        year = None
        try:
            year = values.year(cells.get("year"))
        except Rejected as exc:
            shown = normalize_text(cells.get("year")) or _("(empty)")
            self.problems.add(row, "year", f"{shown}: {exc.message}")
        figures = {key: self._value(row, cells, key) for key in FIGURES}
        given = {k: v for k, v in figures.items() if v is not None}
        if len(self.problems.errors) == count and not given:
            self.problems.add(row, "output_wan", _("The row has no figure."))
        if enterprise is not None and year is not None:
            identity = (enterprise.pk, year)
            if identity in self.seen:
                message = _("The same enterprise and year also appear in row %(row)d.") % {"row": self.seen[identity]}
                self.problems.add(row, "year", message)
            self.seen.setdefault(identity, row)
        if len(self.problems.errors) != count:
            return None
        return enterprise, year, given


def import_years(fileobj, *, by: Actor) -> ImportResult:
    """Create or update the yearly figures of every row of a sheet, or nothing when any row is bad."""
    ensure_can(by, "enterprise_year.import")
    cells_by_row = COLUMNS.read(fileobj)
    checker = _Checker(by, cells_by_row)
    parsed = [(row, checker.parse(row, cells)) for row, cells in cells_by_row]
    checker.problems.raise_if_any()
    return _write([(row, p) for row, p in parsed if p is not None], by)


@transaction.atomic(durable=True)
def _write(parsed: list[tuple[int, tuple[Enterprise, int, dict]]], by: Actor) -> ImportResult:
    by_import = Actor(user=by.user, ip=by.ip, channel="import")
    existing = {
        (r.enterprise_id, r.year): r
        for r in EnterpriseYear.objects.filter(enterprise__in={e.pk for _row, (e, _y, _g) in parsed})
    }
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    zones = set()
    for _row, (enterprise, year, given) in parsed:
        current = existing.get((enterprise.pk, year))
        figures = {key: given.get(key, getattr(current, key) if current else None) for key in FIGURES}
        _saved, outcome = save_year(by_import, enterprise, year, figures)
        outcomes[outcome] += 1
        zones.add(enterprise.unit)
    result = ImportResult(**outcomes)
    if result.changed:
        unit = next(iter(zones)) if len(zones) == 1 else by.user.home_unit
        record(by_import, "enterprise_year.import_completed", None, unit=unit, after=outcomes)
    return result
