"""Excel import of job postings for the zone's enterprises: each row published as the service officer would publish
it (the same checks and Event, on the import channel); all rows or none, every problem named by row and column."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Rejected
from zonedesk.common.sheets import Problems, SheetColumns
from zonedesk.common.text import fold_compat, normalize_multiline, normalize_text
from zonedesk.common.uscc import normalize_uscc, uscc_problem
from zonedesk.enterprises.lookup import EnterpriseFinder, text_code
from zonedesk.enterprises.models import Enterprise
from zonedesk.enterprises.services import USCC_MESSAGES
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import can, ensure_can

from .models import JobPosting
from .services import MAX_SALARY, create_posting, whole_number
from .states import PostingStatus

COLUMNS = SheetColumns(
    {
        "enterprise": ("企业名称", ["企业", "企业全称", "单位名称", "招聘单位", "用工单位"]),
        "uscc": ("统一社会信用代码", ["社会信用代码", "信用代码", "统一信用代码"]),
        "position": ("岗位*", ["岗位", "岗位名称", "招聘岗位", "职位", "工种"]),
        "count": ("人数*", ["人数", "招聘人数", "需求人数", "用工人数", "数量"]),
        "salary_min": ("薪资下限", ["最低薪资", "月薪下限", "工资下限", "薪资下限(元/月)"]),
        "salary_max": ("薪资上限", ["最高薪资", "月薪上限", "工资上限", "薪资上限(元/月)"]),
        "salary": ("薪资", ["薪资待遇", "薪资范围", "月薪", "工资", "工资待遇", "薪酬", "薪资(元/月)"]),
        "requirements": ("任职要求", ["岗位要求", "招聘要求", "要求", "任职条件"]),
        "contact_name": ("联系人*", ["联系人"]),
        "contact_mobile": ("联系电话*", ["联系电话", "联系方式", "手机", "手机号码", "联系人手机", "电话"]),
        "closes_on": ("截止日期", ["截止时间", "报名截止日期", "有效期至"]),
    },
    required=[("enterprise", "uscc"), ("position",), ("count",), ("contact_name",), ("contact_mobile",)],
    not_in_template=("salary",),
)
NEGOTIABLE = {"面议", "薪资面议", "待遇面议", "工资面议"}
# An amount with its unit (5000, 5千, 5k, 0.5万), alone or as a range up to a second one.
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)([kK千万]?)(?:[-~—–至到](\d+(?:\.\d+)?)([kK千万]?))?$")
_ABOVE = re.compile(r"^(.+?)(?:以上|\+)$")
_BELOW = re.compile(r"^(.+?)以下$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
SCALE = {"": 1, "k": 1000, "K": 1000, "千": 1000, "万": 10000}


@dataclass
class ImportResult:
    created: int


def template_file():
    """The template: a title row, the headers, one example row."""
    example = [
        "示例智能装备有限公司",
        "91110000600037341L",
        "普工",
        30,
        5000,
        7000,
        "18-45周岁，能适应两班倒",
        "王经理",
        "13812348000",
        "",
    ]
    title = (
        "招聘岗位导入表（带*为必填；企业名称与统一社会信用代码至少填一项；薪资为元/月，"
        "也可只用一列“薪资”写 5000-7000 或 面议；截止日期不早于今天，可空）"
    )
    return COLUMNS.template(example, title=title, sheet="招聘岗位")


def _bare(value) -> str:
    """A pay figure as typed, without its spaces, commas and units of time and money."""
    text = fold_compat(text_code(value)).replace(" ", "").replace(",", "")
    for word in ("元/月", "元每月", "/月", "每月", "元", "月薪"):
        text = text.replace(word, "")
    return text


def _scaled(number: str, unit: str) -> int:
    value = float(number) * SCALE[unit]
    if value != int(value) or not 0 <= value <= MAX_SALARY:
        raise ValueError(number)
    return int(value)


def salary_range(value) -> tuple[int | None, int | None]:
    """A monthly pay as one cell: 5000-7000, 5千~7千, 5k-7k, 5000以上, 7000以下, 6000, or 面议 (no figure)."""
    text = _bare(value)
    if not text or text in NEGOTIABLE:
        return None, None
    if match := _ABOVE.match(text):
        return _one(match.group(1)), None
    if match := _BELOW.match(text):
        return None, _one(match.group(1))
    match = _RANGE.match(text)
    if not match:
        raise ValueError(text)
    low, low_unit, high, high_unit = match.groups()
    if high is None:
        return _scaled(low, low_unit), _scaled(low, low_unit)
    # 5-7千 is 5千-7千; 5000-7千 is not a range anyone writes.
    return _scaled(low, low_unit or (high_unit if float(low) < 1000 else "")), _scaled(high, high_unit)


def _one(text: str) -> int:
    match = _RANGE.match(text)
    if not match or match.group(3) is not None:
        raise ValueError(text)
    return _scaled(match.group(1), match.group(2))


class _Checker:
    """Checks the rows one by one, collecting every problem with its row and column."""

    def __init__(self, by: Actor, cells_by_row: list[tuple[int, dict]]):
        self.by = by
        self.problems = Problems(COLUMNS)
        self.enterprises = EnterpriseFinder(by.user, (cells for _r, cells in cells_by_row))
        self.today = timezone.localdate()
        self.seen: dict[tuple[int, str], int] = {}

    def _enterprise(self, row: int, cells: dict) -> Enterprise | None:
        code = normalize_uscc(text_code(cells.get("uscc")))
        if code and (problem := uscc_problem(code)):
            self.problems.add(row, "uscc", f"{code}: {USCC_MESSAGES[problem]}")
            return None
        enterprise = self.enterprises.find(cells, self.problems.at(row))
        if enterprise is not None and not can(self.by.user, "recruitment.import", enterprise.unit):
            self.problems.add(row, "enterprise", _("You may not import postings of this enterprise's zone."))
            return None
        return enterprise

    def _salary(self, row: int, cells: dict) -> tuple[int | None, int | None]:
        low = high = None
        for key in ("salary_min", "salary_max"):
            text = _bare(cells.get(key))
            try:
                amount = _one(text) if text else None
            except ValueError:
                self.problems.add(row, key, f"{normalize_text(cells.get(key))}: " + _("Not a monthly pay in yuan."))
                continue
            low, high = (amount, high) if key == "salary_min" else (low, amount)
        if _bare(cells.get("salary")):
            if low is not None or high is not None:
                self.problems.add(row, "salary", _("Give the pay in 薪资 or in 薪资下限 and 薪资上限, not both."))
            try:
                low, high = salary_range(cells.get("salary"))
            except ValueError:
                shown = normalize_text(cells.get("salary"))
                self.problems.add(row, "salary", f"{shown}: " + _("write the pay like 5000-7000, 6000 or 面议."))
        if low is not None and high is not None and low > high:
            self.problems.add(row, "salary_max", _("The salary range ends below where it starts."))
        return low, high

    def parse(self, row: int, cells: dict) -> tuple[Enterprise, dict] | None:
        count = len(self.problems.errors)
        enterprise = self._enterprise(row, cells)
        position = normalize_text(cells.get("position"))
        if not position:
            self.problems.add(row, "position", _("Enter the position."))
        elif len(position) > 100:
            self.problems.add(row, "position", _("Keep the position within 100 characters."))
        people = fold_compat(text_code(cells.get("count"))).replace(" ", "").removesuffix("人").removesuffix("名")
        try:
            people = whole_number(people, "count", minimum=1)
        except Rejected as exc:
            shown = normalize_text(cells.get("count")) or _("(empty)")
            self.problems.add(row, "count", f"{shown}: {exc.message}")
        low, high = self._salary(row, cells)
        requirements = normalize_multiline(cells.get("requirements"))
        if len(requirements) > 5000:
            self.problems.add(row, "requirements", _("Keep the requirements within 5000 characters."))
        contact = normalize_text(cells.get("contact_name"))
        if not contact or len(contact) > 50:
            self.problems.add(row, "contact_name", _("Enter the contact person's name (at most 50 characters)."))
        mobile = fold_compat(text_code(cells.get("contact_mobile"))).replace(" ", "").replace("-", "")
        looks_mobile = mobile.startswith("1") and len(mobile) >= 9
        if not (mobile.isdigit() and 7 <= len(mobile) <= 15) or (looks_mobile and not _MOBILE.match(mobile)):
            shown = normalize_text(cells.get("contact_mobile")) or _("(empty)")
            self.problems.add(row, "contact_mobile", f"{shown}: " + _("Not a mobile or telephone number."))
        try:
            closes_on = parse_date(cells.get("closes_on"))
        except (ValueError, OverflowError):
            shown = normalize_text(cells.get("closes_on"))
            self.problems.add(row, "closes_on", f"{shown}: " + _("Not a date; write it like 2026-03-02."))
            closes_on = None
        if closes_on is not None and closes_on < self.today:
            self.problems.add(row, "closes_on", _("The closing date is in the past."))
        if enterprise is not None and position:
            identity = (enterprise.pk, fold_compat(position))
            if identity in self.seen:
                message = _("The same posting also appears in row %(row)d.") % {"row": self.seen[identity]}
                self.problems.add(row, "position", message)
            self.seen.setdefault(identity, row)
        if len(self.problems.errors) != count:
            return None
        data = {
            "position": position,
            "count": people,
            "salary_min": low,
            "salary_max": high,
            "requirements": requirements,
            "contact_name": contact,
            "contact_mobile": mobile,
            "closes_on": closes_on,
        }
        return enterprise, data

    def check_open(self) -> None:
        """Postings of the sheet an enterprise already recruits for: an open posting of the same position."""
        rows = JobPosting.objects.filter(enterprise_id__in={e for e, _p in self.seen}, status=PostingStatus.OPEN)
        taken = {(e, fold_compat(p)) for e, p in rows.values_list("enterprise_id", "position")}
        for key in sorted(taken & set(self.seen), key=self.seen.get):
            message = _("The enterprise already has an open posting of this position; change that one.")
            self.problems.add(self.seen[key], "position", message)


def import_postings(fileobj, *, by: Actor) -> ImportResult:
    """Publish every posting of a sheet for its enterprise, or none when any row is bad."""
    ensure_can(by, "recruitment.import")
    cells_by_row = COLUMNS.read(fileobj)
    checker = _Checker(by, cells_by_row)
    parsed = [(row, checker.parse(row, cells)) for row, cells in cells_by_row]
    checker.check_open()
    checker.problems.raise_if_any()
    return _write([(row, values) for row, values in parsed if values is not None], by, checker)


@transaction.atomic(durable=True)
def _write(parsed: list[tuple[int, tuple[Enterprise, dict]]], by: Actor, checker: _Checker) -> ImportResult:
    checker.check_open()  # again inside the transaction: a posting published meanwhile
    checker.problems.raise_if_any()
    by_import = Actor(user=by.user, ip=by.ip, channel="import")
    zones = set()
    for row, (enterprise, data) in parsed:
        try:
            create_posting(by_import, enterprise, data)
        except Rejected as exc:  # checked above; kept as the import's answer should the service refuse a row
            field = exc.field if exc.field in COLUMNS.columns else "position"
            checker.problems.add(row, field, exc.message)
            checker.problems.raise_if_any()
        zones.add(enterprise.unit)
    unit = next(iter(zones)) if len(zones) == 1 else by.user.home_unit
    record(by_import, "posting.import_completed", None, unit=unit, after={"created": len(parsed)})
    return ImportResult(created=len(parsed))
