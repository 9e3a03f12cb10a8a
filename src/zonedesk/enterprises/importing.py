"""Excel import of enterprises: all rows or none, every bad row reported with its row number."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.amounts import parse_wan
from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import SheetError, read_rows, write_xlsx
from zonedesk.common.models import Industry, industry_code_for
from zonedesk.common.text import fold_compat, normalize_text, pinyin_initials
from zonedesk.common.uscc import normalize_uscc, uscc_problem
from zonedesk.orgs.audit import Actor, build_event, record
from zonedesk.orgs.models import Event, Unit, UnitKind
from zonedesk.orgs.permissions import ensure_can

from .models import Contact, Enterprise
from .services import USCC_MESSAGES

# column key -> (template header, other headers seen in real sheets)
COLUMNS = {
    "name": ("企业名称*", ["企业名称", "单位名称", "企业全称", "名称"]),
    "uscc": ("统一社会信用代码*", ["统一社会信用代码", "社会信用代码", "信用代码", "统一信用代码"]),
    "zone": ("所属园区", ["园区", "所属区镇", "所属开发区", "区镇"]),
    "industry": ("行业代码", ["国民经济行业代码", "行业分类代码", "行业"]),
    "legal_representative": ("法定代表人", ["法人代表", "法人"]),
    "address": ("注册地址", ["地址", "企业地址"]),
    "established_on": ("成立日期", ["成立时间", "注册日期"]),
    "registered_capital_wan": ("注册资本(万元)", ["注册资本", "注册资本（万元）"]),
    "employees": ("从业人数", ["职工人数", "员工人数", "用工人数"]),
    "is_above_scale": ("规上企业", ["是否规上", "规上"]),
    "is_high_tech": ("高新技术企业", ["是否高新", "高新技术"]),
    "is_specialized": ("专精特新", ["是否专精特新"]),
    "contact_name": ("联系人", ["企业联系人"]),
    "contact_mobile": ("联系人手机", ["联系电话", "手机", "手机号码", "联系方式"]),
}
REQUIRED = ("name", "uscc")
TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
FALSE = {"否", "n", "no", "false", "0", "×", "无", ""}
HEADER_SCAN_ROWS = 10
BATCH = 1000


def _key(header: object) -> str:
    return fold_compat(header).replace(" ", "").replace("*", "")


_ALIASES = {_key(t): k for k, (t, others) in COLUMNS.items() for t in [COLUMNS[k][0], *others]}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[dict] = field(default_factory=list)


def template_file():
    """The downloadable template: a title row, the Chinese headers and one example row."""
    headers = ["序号", *(header for header, _others in COLUMNS.values())]
    example = [
        1,
        "示例智能装备有限公司",
        "91110000600037341L",
        "",
        "3491",
        "张三",
        "射阳经济开发区振阳路1号",
        "2020-05-18",
        5000,
        120,
        "是",
        "否",
        "否",
        "李四",
        "13800138000",
    ]
    return write_xlsx(
        headers, [example], title="企业信息导入表（带*为必填；第3行为示例，导入前请删除）", sheet="企业信息"
    )


def _find_header(rows: list[list]) -> tuple[int, dict[int, str]]:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping = {col: _ALIASES[_key(cell)] for col, cell in enumerate(row) if _key(cell) in _ALIASES}
        if all(k in mapping.values() for k in REQUIRED):
            return index, mapping
    raise Rejected(
        "file", _("No header row with 企业名称 and 统一社会信用代码 in the first %(n)d rows.") % {"n": HEADER_SCAN_ROWS}
    )


def _bool(value) -> bool:
    text = fold_compat(value).lower() if not isinstance(value, bool) else ("1" if value else "0")
    if isinstance(value, float | int) and not isinstance(value, bool):
        text = str(int(value))
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(value)


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    number = float(fold_compat(value).replace(",", "")) if isinstance(value, str) else float(value)
    if number < 0 or number != int(number):
        raise ValueError(value)
    return int(number)


def _text_code(value) -> str:
    """Codes typed into number cells come back as floats (3491.0); full-width dashes fold like digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fold_compat(value)


class _Rows:
    """Validates the sheet's rows one by one, collecting every problem."""

    def __init__(self, by: Actor, default_zone: Unit | None):
        self.by = by
        self.default_zone = default_zone
        zones = Unit.objects.visible_to(by.user).filter(kind=UnitKind.ZONE, is_archived=False)
        self.zones = {}
        for zone in zones:
            self.zones[_key(zone.name)] = zone
            if zone.short_name:
                self.zones[_key(zone.short_name)] = zone
        self.industries = set(Industry.objects.values_list("code", flat=True))
        self.seen: dict[str, int] = {}
        self.errors: list[dict] = []

    def error(self, row_no: int, column: str, message) -> None:
        self.errors.append(
            {"row": row_no, "field": column, "column": COLUMNS[column][0].rstrip("*"), "message": str(message)}
        )

    def parse(self, row_no: int, cells: dict) -> dict | None:
        count = len(self.errors)
        out = {"name": normalize_text(cells.get("name"))}
        if not out["name"]:
            self.error(row_no, "name", _("The enterprise name is empty."))
        code = normalize_uscc(_text_code(cells.get("uscc")))
        problem = uscc_problem(code) if code else "empty"
        if problem == "empty":
            self.error(row_no, "uscc", _("The unified social credit code is empty."))
        elif problem:
            self.error(row_no, "uscc", f"{code}: {USCC_MESSAGES[problem]}")
        elif code in self.seen:
            self.error(
                row_no, "uscc", _("%(code)s also appears in row %(row)d.") % {"code": code, "row": self.seen[code]}
            )
        else:
            self.seen[code] = row_no
        out["uscc"] = code
        zone_name = _key(cells.get("zone"))
        out["unit"] = self.zones.get(zone_name) if zone_name else self.default_zone
        if out["unit"] is None:
            message = (
                _("%(zone)s is not a zone within your units.") % {"zone": normalize_text(cells.get("zone"))}
                if zone_name
                else _("No zone: fill in 所属园区 or choose a zone for the import.")
            )
            self.error(row_no, "zone", message)
        industry = _text_code(cells.get("industry")).upper()
        out["industry_id"] = industry_code_for(industry, self.industries) if industry else None
        if industry and out["industry_id"] is None:
            self.error(row_no, "industry", _("%(code)s is not a GB/T 4754-2017 industry code.") % {"code": industry})
        for key in ("legal_representative", "address", "contact_name"):
            out[key] = normalize_text(cells.get(key))
        converters = {
            "established_on": (parse_date, _("Not a date; write it like 2020-05-18.")),
            "registered_capital_wan": (parse_wan, _("Not an amount in 10k yuan (for example 5000 or 1.2亿).")),
            "employees": (_int, _("Not a whole number.")),
            "is_above_scale": (_bool, _("Write 是 or 否.")),
            "is_high_tech": (_bool, _("Write 是 or 否.")),
            "is_specialized": (_bool, _("Write 是 or 否.")),
        }
        for key, (convert, message) in converters.items():
            try:
                out[key] = convert(cells.get(key))
            except (ValueError, TypeError, ArithmeticError):
                self.error(row_no, key, f"{normalize_text(cells.get(key))}: {message}")
        mobile = _text_code(cells.get("contact_mobile")).replace(" ", "").replace("-", "")
        if mobile and not (mobile.isdigit() and 7 <= len(mobile) <= 15):
            self.error(row_no, "contact_mobile", f"{mobile}: " + _("Not a phone number."))
        out["contact_mobile"] = mobile
        return out if len(self.errors) == count else None


def import_enterprises(fileobj, *, by: Actor, default_zone: Unit | None = None) -> ImportResult:
    """Read a sheet and register every enterprise in it, or none when any row is bad (Rejected lists them)."""
    ensure_can(by, "enterprise.import")
    try:
        rows = read_rows(fileobj)
    except SheetError as exc:
        raise Rejected("file", _("This file cannot be read as a spreadsheet.")) from exc
    header_index, mapping = _find_header(rows)
    checker = _Rows(by, default_zone)
    parsed = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {key: row[col] for col, key in mapping.items() if col < len(row)}
        if all(normalize_text(v) == "" for v in cells.values()):
            continue
        values = checker.parse(offset, cells)
        if values is not None:
            parsed.append(values)
    if not parsed and not checker.errors:
        raise Rejected("file", _("The sheet has a header but no rows."))
    existing = set(Enterprise.objects.filter(uscc__in=list(checker.seen)).values_list("uscc", flat=True))
    for code in sorted(existing, key=checker.seen.get):
        checker.error(checker.seen[code], "uscc", _("%(code)s is already registered.") % {"code": code})
    for zone in {v["unit"] for v in parsed}:
        try:
            ensure_can(by, "enterprise.create", zone)
        except Forbidden:
            message = _("You cannot register enterprises in %(zone)s.") % {"zone": zone}
            checker.errors.append({"row": 0, "field": "zone", "column": "所属园区", "message": message})
    if checker.errors:
        checker.errors.sort(key=lambda e: e["row"])
        raise Rejected(
            "file", _("%(n)d problems found; nothing was imported.") % {"n": len(checker.errors)}, errors=checker.errors
        )
    return _write(parsed, by)


@transaction.atomic(durable=True)
def _write(parsed: list[dict], by: Actor) -> ImportResult:
    contacts_of: dict[str, tuple[str, str]] = {}
    enterprises = []
    for values in parsed:
        name, mobile = values.pop("contact_name"), values.pop("contact_mobile")
        if name or mobile:
            contacts_of[values["uscc"]] = (name or "联系人", mobile)
        enterprises.append(Enterprise(**values, name_initials=pinyin_initials(values["name"])))
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35; re-read to be certain on both.
    by_code = dict(Enterprise.objects.filter(uscc__in=[e.uscc for e in enterprises]).values_list("uscc", "pk"))
    for enterprise in enterprises:
        enterprise.pk = by_code[enterprise.uscc]
    Contact.objects.bulk_create(
        [
            Contact(enterprise_id=by_code[code], name=n, mobile=m, is_primary=True)
            for code, (n, m) in contacts_of.items()
        ],
        batch_size=BATCH,
    )
    by_import = Actor(user=by.user, ip=by.ip, channel="import", system_name=by.system_name)
    Event.objects.bulk_create(
        [build_event(by_import, "enterprise.imported", e, after={"name": e.name, "uscc": e.uscc}) for e in enterprises],
        batch_size=BATCH,
    )
    # One zone: the summary sits there; several: at the importer's own unit, which covers them all.
    unit = enterprises[0].unit if len({e.unit_id for e in enterprises}) == 1 else by.user.home_unit
    record(by_import, "enterprise.import_completed", None, unit=unit, after={"created": len(enterprises)})
    return ImportResult(created=len(enterprises))
