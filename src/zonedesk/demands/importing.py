"""Excel import of an existing demand list (诉求清单): all rows or none, every problem named by row and column."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Rejected
from zonedesk.common.excel import SheetError, read_rows, write_xlsx
from zonedesk.common.text import fold_compat, normalize_multiline, normalize_text
from zonedesk.enterprises.lookup import EnterpriseFinder, text_code
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import can, ensure_can

from .models import Demand, DemandCategory, DemandMove
from .services import create_demand
from .states import Level, Source

# column key -> (template header, other headers seen in real sheets)
COLUMNS = {
    "enterprise": ("企业名称", ["企业", "企业全称", "单位名称", "名称"]),
    "uscc": ("统一社会信用代码", ["社会信用代码", "信用代码", "统一信用代码"]),
    "category": ("诉求类别*", ["诉求类别", "诉求类型", "问题类别", "类别"]),
    "title": ("诉求标题*", ["诉求标题", "标题", "诉求事项", "诉求名称"]),
    "description": ("诉求内容", ["内容", "具体诉求", "诉求详情", "问题描述", "诉求描述"]),
    "source": ("来源*", ["来源", "诉求来源", "渠道"]),
    "reference": ("工单号", ["12345工单号", "工单编号", "热线工单号"]),
    "submitted_on": ("提出日期*", ["提出日期", "提出时间", "诉求日期", "日期"]),
    "level": ("层级", ["诉求层级", "办理层级"]),
}
SOURCE_WORDS = {
    "走访": Source.VISIT,
    "企业走访": Source.VISIT,
    "企业端": Source.PORTAL,
    "企业自主提交": Source.PORTAL,
    "平台": Source.PORTAL,
    "12345热线": Source.HOTLINE,
    "12345": Source.HOTLINE,
    "热线": Source.HOTLINE,
    "会议": Source.MEETING,
    "座谈会": Source.MEETING,
}
LEVEL_WORDS = {
    "": Level.ZONE,
    "园区": Level.ZONE,
    "区镇": Level.ZONE,
    "县区": Level.COUNTY,
    "县": Level.COUNTY,
    "县级": Level.COUNTY,
    "区县": Level.COUNTY,
    "市": Level.CITY,
    "市级": Level.CITY,
}
HEADER_SCAN_ROWS = 10


def _key(header) -> str:
    return fold_compat(header).replace(" ", "").replace("*", "")


_ALIASES = {_key(h): k for k, (t, others) in COLUMNS.items() for h in [t, *others]}


@dataclass
class ImportResult:
    created: int


def template_file():
    """The template: a title row, the headers, one example row."""
    headers = ["序号", *(t for t, _o in COLUMNS.values())]
    example = [
        1,
        "示例智能装备有限公司",
        "91110000600037341L",
        "用工",
        "春节后普工缺口30人",
        "请人社局协助对接专场招聘会",
        "走访",
        "",
        "2026-02-20",
        "园区",
    ]
    title = "诉求清单导入表（带*为必填；企业名称与统一社会信用代码至少填一项；来源：走访、企业端、12345热线、会议）"
    return write_xlsx(headers, [example], title=title, sheet="诉求清单")


class _Checker:
    """Checks the rows one by one, collecting every problem with its row and column."""

    def __init__(self, by: Actor, cells_by_row: list[tuple[int, dict]]):
        self.by = by
        self.errors: list[dict] = []
        self.seen_refs: dict[tuple[str, str], int] = {}
        self.enterprises = EnterpriseFinder(by.user, (cells for _r, cells in cells_by_row))
        self.categories: dict[str, list[DemandCategory]] = {}
        for cat in DemandCategory.objects.select_related("unit"):
            self.categories.setdefault(fold_compat(cat.name), []).append(cat)
        self.today = timezone.localdate()
        self.sources = {_key(label): value for value, label in Source.choices} | SOURCE_WORDS

    def error(self, row: int, key: str, message) -> None:
        self.errors.append({"row": row, "field": key, "column": COLUMNS[key][0].rstrip("*"), "message": str(message)})

    def _category(self, row: int, text: str, enterprise: Enterprise | None) -> DemandCategory | None:
        if not text:
            self.error(row, "category", _("The category is empty."))
            return None
        key = fold_compat(text)
        candidates = self.categories.get(key) or self.categories.get(key.split("/")[-1], [])
        if enterprise is not None:
            candidates = [c for c in candidates if c.applies_to(enterprise.unit)]
        if not candidates:
            self.error(row, "category", _("%(name)s is not a demand category of this zone.") % {"name": text})
            return None
        # The zone's own category wins over the county's, the county's over the national one.
        return max(candidates, key=lambda c: len(c.unit.path) if c.unit_id else 0)

    def parse(self, row: int, cells: dict) -> dict | None:
        count = len(self.errors)
        out = {"enterprise": self.enterprises.find(cells, lambda key, message: self.error(row, key, message))}
        if out["enterprise"] is not None and not can(self.by.user, "demand.import", out["enterprise"].unit):
            self.error(row, "enterprise", _("You may not import demands of this enterprise's zone."))
        out["category"] = self._category(row, normalize_text(cells.get("category")), out["enterprise"])
        out["title"] = normalize_text(cells.get("title"))
        if not out["title"]:
            self.error(row, "title", _("The title is empty."))
        elif len(out["title"]) > 200:
            self.error(row, "title", _("Keep the title within 200 characters."))
        out["description"] = normalize_multiline(cells.get("description"))
        source_text = _key(cells.get("source"))
        out["source"] = self.sources.get(source_text)
        if out["source"] is None:
            shown = normalize_text(cells.get("source")) or _("(empty)")
            self.error(row, "source", f"{shown}: " + _("write one of 走访、企业端、12345热线、会议."))
        out["reference"] = text_code(cells.get("reference"))[:40]
        if out["source"] == Source.HOTLINE and not out["reference"]:
            self.error(row, "reference", _("Enter the hotline's ticket number."))
        if out["reference"] and out["source"]:
            ref_key = (out["source"], out["reference"])
            if ref_key in self.seen_refs:
                message = _("%(ref)s also appears in row %(row)d.") % {
                    "ref": out["reference"],
                    "row": self.seen_refs[ref_key],
                }
                self.error(row, "reference", message)
            self.seen_refs.setdefault(ref_key, row)
        out["submitted_on"] = self._date(row, cells.get("submitted_on"))
        level_text = _key(cells.get("level"))
        out["level"] = LEVEL_WORDS.get(level_text)
        if out["level"] is None:
            self.error(row, "level", f"{normalize_text(cells.get('level'))}: " + _("write 园区, 县区 or 市."))
        return out if len(self.errors) == count else None

    def _date(self, row: int, value):
        try:
            day = parse_date(value)
        except ValueError:
            self.error(row, "submitted_on", f"{normalize_text(value)}: " + _("Not a date; write it like 2026-02-20."))
            return None
        if day is None:
            self.error(row, "submitted_on", _("The date the demand was raised is empty."))
        elif day > self.today:
            self.error(row, "submitted_on", _("%(d)s is in the future.") % {"d": day})
        return day

    def check_taken_references(self) -> None:
        """Ticket numbers already recorded (one demand per reference and source, across every zone)."""
        refs = [ref for _source, ref in self.seen_refs]
        taken = set(Demand.objects.filter(reference__in=refs).values_list("source", "reference"))
        for key in sorted(taken & set(self.seen_refs), key=self.seen_refs.get):
            self.error(self.seen_refs[key], "reference", _("This ticket number is already recorded."))


def _header(rows: list[list]) -> tuple[int, dict[int, str]]:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping = {col: _ALIASES[_key(cell)] for col, cell in enumerate(row) if _key(cell) in _ALIASES}
        keys = set(mapping.values())
        if {"title", "category"} <= keys and keys & {"enterprise", "uscc"}:
            return index, mapping
    raise Rejected(
        "file",
        _("No header row with 诉求标题, 诉求类别 and 企业名称 or 统一社会信用代码 in the first %(n)d rows.")
        % {"n": HEADER_SCAN_ROWS},
    )


def import_demands(fileobj, *, by: Actor) -> ImportResult:
    """Record every demand of a sheet with its own date and source, or none when any row is bad."""
    ensure_can(by, "demand.import")
    try:
        rows = read_rows(fileobj)
    except SheetError as exc:
        raise Rejected("file", _("This file cannot be read as a spreadsheet.")) from exc
    header_at, mapping = _header(rows)
    cells_by_row = []
    for row_no, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = {key: row[col] for col, key in mapping.items() if col < len(row)}
        if any(normalize_text(v) for v in cells.values()):
            cells_by_row.append((row_no, cells))
    if not cells_by_row:
        raise Rejected("file", _("The sheet has a header but no rows."))
    checker = _Checker(by, cells_by_row)
    parsed = [(row_no, checker.parse(row_no, cells)) for row_no, cells in cells_by_row]
    checker.check_taken_references()
    if checker.errors:
        checker.errors.sort(key=lambda e: e["row"])
        raise Rejected(
            "file", _("%(n)d problems found; nothing was imported.") % {"n": len(checker.errors)}, errors=checker.errors
        )
    return _write(parsed, by)


@transaction.atomic(durable=True)
def _write(parsed: list[tuple[int, dict]], by: Actor) -> ImportResult:
    by_import = Actor(user=by.user, ip=by.ip, channel="import")
    zones = set()
    for row_no, values in parsed:
        day = values.pop("submitted_on")
        try:
            demand = create_demand(by_import, values.pop("enterprise"), **values)
        except Rejected as exc:  # checked above; a row changed meanwhile (a ticket recorded at the same moment)
            column = COLUMNS.get(exc.field, (exc.field,))[0].rstrip("*")
            error = {"row": row_no, "field": exc.field, "column": column, "message": str(exc.message)}
            raise Rejected("file", _("1 problem found; nothing was imported."), errors=[error]) from exc
        Demand.objects.filter(pk=demand.pk).update(submitted_on=day)
        DemandMove.objects.filter(demand=demand).update(on=day)
        zones.add(demand.unit)
    unit = next(iter(zones)) if len(zones) == 1 else by.user.home_unit
    record(by_import, "demand.imported", None, unit=unit, after={"created": len(parsed)})
    return ImportResult(created=len(parsed))
