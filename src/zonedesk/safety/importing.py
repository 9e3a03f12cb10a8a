"""Excel import of a zone's existing hazard ledger (隐患台账): each row a hazard at the state the ledger gives, with
the moves that state implies dated on the ledger's dates, under one imported inspection per enterprise and day.
All rows or none: every problem is named by its row and column. The writing is in ledger.py."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.sheets import Problems, SheetColumns
from zonedesk.common.text import fold_compat, normalize_multiline, normalize_text
from zonedesk.common.uscc import normalize_uscc, uscc_problem
from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.lookup import EnterpriseFinder, text_code
from zonedesk.enterprises.models import Enterprise
from zonedesk.enterprises.services import USCC_MESSAGES
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can, ensure_can

from .config import settings_for
from .hazards import MAX_DESCRIPTION
from .ledger import LedgerRow, recorded_rows, write_ledger
from .models import HazardCategory, SafetyProfile
from .states import HazardLevel, HazardState

COLUMNS = SheetColumns(
    {
        "enterprise": ("企业名称", ["企业", "企业全称", "单位名称", "名称", "被检查单位", "受检单位"]),
        "uscc": ("统一社会信用代码", ["社会信用代码", "信用代码", "统一信用代码"]),
        "inspected_on": ("检查日期*", ["检查日期", "检查时间", "排查日期", "发现日期"]),
        "description": ("隐患描述*", ["隐患描述", "隐患内容", "隐患情况", "存在问题", "隐患问题", "问题描述"]),
        "level": ("隐患等级*", ["隐患等级", "隐患级别", "等级", "级别"]),
        "category": ("隐患类别", ["隐患类型", "隐患分类", "类别"]),
        "responsible_person": ("整改责任人", ["责任人", "整改负责人"]),
        "deadline": ("整改期限", ["整改时限", "整改截止日期", "限改日期"]),
        "state": ("整改状态", ["状态", "整改情况", "整改进度"]),
        "submitted_on": ("整改完成日期", ["完成整改日期", "整改完成时间", "提交验收日期"]),
        "accepted_on": ("验收日期", ["验收时间", "销号日期"]),
        "reason": ("退回原因", ["退回理由"]),
        "inspectors": ("检查人员", ["检查人", "检查人员姓名"]),
    },
    required=[("enterprise", "uscc"), ("inspected_on",), ("description",), ("level",)],
)
LEVEL_WORDS = {
    "一般": HazardLevel.GENERAL,
    "一般隐患": HazardLevel.GENERAL,
    "重大": HazardLevel.MAJOR,
    "重大隐患": HazardLevel.MAJOR,
}
STATE_WORDS = {
    "": HazardState.FOUND,
    "未整改": HazardState.FOUND,
    "整改中": HazardState.RECTIFYING,
    "已提交验收": HazardState.SUBMITTED,
    "待验收": HazardState.SUBMITTED,
    "已验收": HazardState.ACCEPTED,
    "已销号": HazardState.ACCEPTED,
    "已退回": HazardState.SENT_BACK,
}
# The states whose rectification has been handed in (and so may carry the day it was), and those judged on a day.
HANDED_IN = {HazardState.SUBMITTED, HazardState.ACCEPTED, HazardState.SENT_BACK}
JUDGED = {HazardState.ACCEPTED, HazardState.SENT_BACK}


@dataclass
class ImportResult:
    created: int
    inspections: int


def template_file():
    """The template: a title row, the headers, one example row (a major hazard rectified and accepted)."""
    example = [
        "示例智能装备有限公司",
        "91110000600037341L",
        "2026-03-02",
        "粉尘除尘系统未设置泄爆装置",
        "重大",
        "涉爆粉尘",
        "王安全",
        "",
        "已验收",
        "2026-03-20",
        "2026-03-25",
        "",
        "张三、李四",
    ]
    title = (
        "隐患台账导入表（带*为必填；企业名称与统一社会信用代码至少填一项；隐患等级：一般、重大；"
        "整改状态：未整改、整改中、已提交验收、已验收、已退回，空为未整改；整改期限空则按隐患等级的整改工作日计；"
        "已验收须填验收日期）"
    )
    return COLUMNS.template(example, title=title, sheet="隐患台账")


class _Checker:
    """Checks the rows one by one, collecting every problem with its row and column."""

    def __init__(self, by: Actor, cells_by_row: list[tuple[int, dict]]):
        self.by = by
        self.problems = Problems(COLUMNS)
        self.today = timezone.localdate()
        self.calendar = WorkCalendar()
        self.enterprises = EnterpriseFinder(by.user, (cells for _r, cells in cells_by_row))
        self.categories: dict[str, list[HazardCategory]] = {}
        for category in HazardCategory.objects.visible_to(by.user).filter(is_archived=False).select_related("unit"):
            for key in {fold_compat(category.name), fold_compat(category.code).upper()}:
                self.categories.setdefault(key, []).append(category)
        named = [e for same_name in self.enterprises.by_name.values() for e in same_name]
        found = {e.pk: e for e in [*self.enterprises.by_code.values(), *named]}
        self.rules = settings_for({e.unit for e in found.values()})
        self.people = dict(
            SafetyProfile.objects.filter(enterprise__in=list(found)).values_list("enterprise_id", "responsible_person")
        )
        self.seen: dict[tuple, int] = {}

    def _enterprise(self, row: int, cells: dict) -> Enterprise | None:
        code = normalize_uscc(text_code(cells.get("uscc")))
        if code and (problem := uscc_problem(code)):
            self.problems.add(row, "uscc", f"{code}: {USCC_MESSAGES[problem]}")
            return None
        enterprise = self.enterprises.find(cells, self.problems.at(row))
        if enterprise is not None and not can(self.by.user, "safety.inspect", enterprise.unit):
            self.problems.add(row, "enterprise", _("You may not import hazards of this enterprise's zone."))
            return None
        return enterprise

    def _date(self, row: int, key: str, value, *, not_before: date | None = None) -> date | None:
        try:
            day = parse_date(value)
        except (ValueError, OverflowError):
            self.problems.add(row, key, f"{normalize_text(value)}: " + _("Not a date; write it like 2026-03-02."))
            return None
        if day is not None and key != "deadline" and day > self.today:
            self.problems.add(row, key, _("%(d)s is in the future.") % {"d": day})
        elif day is not None and not_before is not None and day < not_before:
            self.problems.add(row, key, _("%(d)s is before %(first)s.") % {"d": day, "first": not_before})
        return day

    def _category(self, row: int, text: str, enterprise: Enterprise | None) -> HazardCategory | None:
        if not text:
            return None
        key = fold_compat(text)
        candidates = self.categories.get(key) or self.categories.get(key.upper(), [])
        if enterprise is not None:
            candidates = [c for c in candidates if c.applies_to(enterprise.unit)]
        if not candidates:
            self.problems.add(row, "category", _("%(name)s is not a hazard category of this zone.") % {"name": text})
            return None
        # The zone's own category wins over the county's.
        return max(candidates, key=lambda c: len(c.unit.path))

    def parse(self, row: int, cells: dict) -> LedgerRow | None:
        count = len(self.problems.errors)
        enterprise = self._enterprise(row, cells)
        found_on = self._date(row, "inspected_on", cells.get("inspected_on"))
        if found_on is None and "inspected_on" not in {e["field"] for e in self.problems.errors[count:]}:
            self.problems.add(row, "inspected_on", _("The inspection date is empty."))
        description = normalize_multiline(cells.get("description"))
        if not description:
            self.problems.add(row, "description", _("Describe the hazard."))
        elif len(description) > MAX_DESCRIPTION:
            self.problems.add(row, "description", _("Keep the description within 2000 characters."))
        level = LEVEL_WORDS.get(fold_compat(cells.get("level")).replace(" ", ""))
        if level is None:
            shown = normalize_text(cells.get("level")) or _("(empty)")
            self.problems.add(row, "level", f"{shown}: " + _("write 一般 or 重大."))
        category = self._category(row, normalize_text(cells.get("category")), enterprise)
        person = normalize_text(cells.get("responsible_person"))
        if not person and enterprise is not None:
            person = self.people.get(enterprise.pk, "")
        if not person or len(person) > 50:
            self.problems.add(
                row, "responsible_person", _("Name the person at the enterprise who answers for the rectification.")
            )
        state = STATE_WORDS.get(fold_compat(cells.get("state")).replace(" ", ""))
        if state is None:
            self.problems.add(
                row,
                "state",
                f"{normalize_text(cells.get('state'))}: " + _("write 未整改、整改中、已提交验收、已验收 or 已退回."),
            )
        deadline = self._date(row, "deadline", cells.get("deadline"), not_before=found_on)
        submitted_on = self._date(row, "submitted_on", cells.get("submitted_on"), not_before=found_on)
        judged_on = self._date(row, "accepted_on", cells.get("accepted_on"), not_before=submitted_on or found_on)
        if submitted_on and state in {HazardState.FOUND, HazardState.RECTIFYING}:
            self.problems.add(row, "submitted_on", _("Only a rectification handed in has this date."))
        if judged_on and state not in JUDGED and state is not None:
            self.problems.add(row, "accepted_on", _("Only a hazard accepted or sent back has this date."))
        if state == HazardState.ACCEPTED and judged_on is None and "accepted_on" not in self._fields(count):
            self.problems.add(row, "accepted_on", _("An accepted hazard needs the day it was accepted."))
        reason = normalize_multiline(cells.get("reason"))
        if reason and state != HazardState.SENT_BACK:
            self.problems.add(row, "reason", _("Only a hazard sent back has a reason for it."))
        inspectors = normalize_text(cells.get("inspectors"))[:200]
        if enterprise is not None and found_on is not None and description:
            identity = (enterprise.pk, found_on, fold_compat(description))
            if identity in self.seen:
                message = _("The same hazard also appears in row %(row)d.") % {"row": self.seen[identity]}
                self.problems.add(row, "description", message)
            self.seen.setdefault(identity, row)
        if len(self.problems.errors) != count:
            return None
        if deadline is None:
            deadline = self.calendar.add(found_on, self.rules[enterprise.unit_id].deadline_days(level))
        submitted_on = submitted_on or (judged_on if state in HANDED_IN else None) or found_on
        return LedgerRow(
            row=row,
            enterprise=enterprise,
            found_on=found_on,
            description=description,
            level=level,
            category=category,
            responsible_person=person,
            deadline=deadline,
            state=state,
            submitted_on=submitted_on,
            judged_on=judged_on or submitted_on,
            reason=reason,
            inspectors=inspectors,
        )

    def _fields(self, since: int) -> set[str]:
        return {e["field"] for e in self.problems.errors[since:]}

    def check_recorded(self) -> None:
        """Hazards of the sheet already recorded: the same enterprise, day and description."""
        for row in recorded_rows(self.seen):
            self.problems.add(row, "description", _("This hazard is already recorded (same enterprise, day and text)."))


def import_hazards(fileobj, *, by: Actor) -> ImportResult:
    """Record every hazard of a ledger at its state with its dated moves, or none when any row is bad."""
    ensure_can(by, "safety.inspect")
    cells_by_row = COLUMNS.read(fileobj)
    checker = _Checker(by, cells_by_row)
    parsed = [checker.parse(row, cells) for row, cells in cells_by_row]
    checker.check_recorded()
    checker.problems.raise_if_any()
    rows = [p for p in parsed if p is not None]

    def recheck() -> None:  # a hazard of the sheet recorded by someone else since the check
        checker.check_recorded()
        checker.problems.raise_if_any()

    return ImportResult(created=len(rows), inspections=write_ledger(rows, by, recheck=recheck))
