"""Excel import of an existing project list: all rows or none, every bad row named with its row number."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Rejected
from zonedesk.common.excel import SheetError, read_rows, write_xlsx
from zonedesk.common.models import Industry, industry_code_for
from zonedesk.common.text import fold_compat, normalize_multiline, normalize_text
from zonedesk.common.uscc import normalize_uscc, uscc_problem
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from .models import KeyLevel, Project, StageMove
from .services.lifecycle import OWNER_KINDS, read_investment
from .stages import DATE_FIELD, LIFE, Stage

COLUMNS = {
    "name": ("项目名称*", ["项目名称", "项目"]),
    "unit": ("所属单位", ["所属园区", "所属区镇", "园区", "区镇"]),
    "investor_name": ("投资方", ["投资主体", "投资企业", "签约主体"]),
    "investor_uscc": ("投资方信用代码", ["投资方统一社会信用代码", "统一社会信用代码"]),
    "industry": ("行业代码", ["国民经济行业代码"]),
    "investment": ("总投资", ["总投资额", "计划总投资", "投资额"]),
    "stage": ("当前阶段", ["阶段", "项目阶段", "进度"]),
    "lead_on": ("线索日期", ["录入日期", "接洽日期"]),
    "negotiating_on": ("洽谈日期", ["在谈日期"]),
    "signed_on": ("签约日期", ["签约时间"]),
    "contracted_investment": ("协议投资", ["签约投资", "合同投资", "协议投资额"]),
    "started_on": ("开工日期", ["开工时间"]),
    "producing_on": ("投产日期", ["投产时间"]),
    "at_capacity_on": ("达产日期", ["达产时间"]),
    "key_level": ("重点级别", ["重点项目级别"]),
    "next_steps": ("下步计划", ["下一步工作", "推进计划"]),
}
REQUIRED = ("name", "investment")
STAGE_WORDS = {str(label): value for value, label in Stage.choices} | {
    "线索": Stage.LEAD,
    "在谈": Stage.NEGOTIATING,
    "洽谈": Stage.NEGOTIATING,
    "签约": Stage.SIGNED,
    "已签约": Stage.SIGNED,
    "开工": Stage.STARTED,
    "在建": Stage.STARTED,
    "投产": Stage.PRODUCING,
    "达产": Stage.AT_CAPACITY,
    "终止": Stage.DROPPED,
}
KEY_WORDS = {
    "": "",
    "否": "",
    "县重点": KeyLevel.COUNTY,
    "区重点": KeyLevel.COUNTY,
    "市重点": KeyLevel.CITY,
    "省重点": KeyLevel.PROVINCE,
}


def _key(header) -> str:
    return fold_compat(header).replace(" ", "").replace("*", "")


_ALIASES = {_key(h): k for k, (t, others) in COLUMNS.items() for h in [t, *others]}
_ALIASES.update({_key("总投资(万元)"): "investment", _key("协议投资(万元)"): "contracted_investment"})


@dataclass
class ImportResult:
    created: int


def template_file():
    """The template: a title row, the headers, one example row."""
    headers = ["序号", *(t for t, _o in COLUMNS.values())]
    example = [
        1,
        "示例智能装备产业园",
        "",
        "示例集团有限公司",
        "91110000600037341L",
        "349",
        "30亿元",
        "签约",
        "2026-01-05",
        "2026-02-01",
        "2026-03-18",
        "28亿元",
        "",
        "",
        "",
        "市重点",
        "4月完成用地预审",
    ]
    return write_xlsx(headers, [example], title="招商项目导入表（带*为必填；第3行为示例）", sheet="项目")


class _Checker:
    def __init__(self, by: Actor, default_unit: Unit | None):
        units = Unit.objects.visible_to(by.user).filter(kind__in=OWNER_KINDS, is_archived=False)
        self.units = {_key(u.name): u for u in units} | {_key(u.short_name): u for u in units if u.short_name}
        self.default_unit = default_unit
        self.industries = set(Industry.objects.values_list("code", flat=True))
        self.errors: list[dict] = []
        self.seen: dict[tuple, int] = {}

    def error(self, row: int, key: str, message) -> None:
        self.errors.append({"row": row, "field": key, "column": COLUMNS[key][0].rstrip("*"), "message": str(message)})

    def _date(self, row: int, key: str, value):
        try:
            day = parse_date(value)
        except ValueError:
            self.error(row, key, f"{normalize_text(value)}: " + _("Not a date; write it like 2026-03-18."))
            return None
        if day and day > timezone.localdate():
            self.error(row, key, _("%(d)s is in the future.") % {"d": day})
        return day

    def parse(self, row: int, cells: dict) -> dict | None:
        count = len(self.errors)
        out = {"name": normalize_text(cells.get("name"))}
        if not out["name"]:
            self.error(row, "name", _("The project name is empty."))
        unit_name = _key(cells.get("unit"))
        out["unit"] = self.units.get(unit_name) if unit_name else self.default_unit
        if out["unit"] is None:
            self.error(row, "unit", _("Not a zone or branch office within your units."))
        out["investor_name"] = normalize_text(cells.get("investor_name"))
        code = normalize_uscc(cells.get("investor_uscc") or "")
        if code and uscc_problem(code):
            self.error(row, "investor_uscc", f"{code}: " + _("not a valid unified social credit code."))
        out["investor_uscc"] = code
        industry = normalize_text(cells.get("industry")).removesuffix(".0").upper()
        out["industry_id"] = industry_code_for(industry, self.industries) if industry else None
        if industry and out["industry_id"] is None:
            self.error(row, "industry", _("%(code)s is not a GB/T 4754-2017 industry code.") % {"code": industry})
        for key in ("investment", "contracted_investment"):
            text = normalize_text(cells.get(key))
            out[key] = None
            if text:
                try:
                    out[key] = read_investment(text, field=key)
                except Rejected as exc:
                    self.error(row, key, f"{text}: {exc.message}")
        if out["investment"] is None and "investment" not in {e["field"] for e in self.errors[count:]}:
            self.error(row, "investment", _("The total investment is empty."))
        stage_text = normalize_text(cells.get("stage")) or "线索"
        out["stage"] = STAGE_WORDS.get(stage_text)
        if out["stage"] is None or out["stage"] == Stage.DROPPED:
            self.error(row, "stage", f"{stage_text}: " + _("write one of 线索、在谈、签约、开工、投产、达产."))
        dates = {
            key: self._date(row, key, cells.get(key))
            for key in ("lead_on", "negotiating_on", "signed_on", "started_on", "producing_on", "at_capacity_on")
        }
        out["dates"] = dates
        if out["stage"] in LIFE:
            needed = LIFE[1 : LIFE.index(out["stage"]) + 1]
            for stage in needed:
                if dates[DATE_FIELD[stage]] is None:
                    self.error(row, DATE_FIELD[stage], _("A project at this stage needs this date."))
            known = [dates[DATE_FIELD[s]] for s in LIFE[: LIFE.index(out["stage"]) + 1] if dates[DATE_FIELD[s]]]
            if known != sorted(known):
                self.error(row, "signed_on", _("The stage dates are not in order."))
            if out["stage"] in LIFE[LIFE.index(Stage.SIGNED) :] and out["contracted_investment"] is None:
                out["contracted_investment"] = out["investment"]
        key_text = normalize_text(cells.get("key_level"))
        out["key_level"] = KEY_WORDS.get(key_text)
        if out["key_level"] is None:
            self.error(row, "key_level", f"{key_text}: " + _("write 县重点、市重点 or 省重点, or leave it empty."))
        out["next_steps"] = normalize_multiline(cells.get("next_steps"))
        identity = (code, out["name"])
        if code and identity in self.seen:
            self.error(row, "name", _("Same investor and name as row %(r)d.") % {"r": self.seen[identity]})
        self.seen.setdefault(identity, row)
        return out if len(self.errors) == count else None


def import_projects(fileobj, *, by: Actor, default_unit: Unit | None = None) -> ImportResult:
    """Register every project of a sheet at its stage, with its stage moves, or none when any row is bad."""
    ensure_can(by, "project.import")
    try:
        rows = read_rows(fileobj)
    except SheetError as exc:
        raise Rejected("file", _("This file cannot be read as a spreadsheet.")) from exc
    header_at, mapping = None, {}
    for index, row in enumerate(rows[:10]):
        mapping = {col: _ALIASES[_key(cell)] for col, cell in enumerate(row) if _key(cell) in _ALIASES}
        if all(k in mapping.values() for k in REQUIRED):
            header_at = index
            break
    if header_at is None:
        raise Rejected("file", _("No header row with 项目名称 and 总投资 in the first 10 rows."))
    checker, parsed = _Checker(by, default_unit), []
    for row_no, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = {key: row[col] for col, key in mapping.items() if col < len(row)}
        if all(normalize_text(v) == "" for v in cells.values()):
            continue
        values = checker.parse(row_no, cells)
        if values is not None:
            parsed.append((row_no, values))
    taken = {
        (p.investor_uscc, p.name)
        for p in Project.objects.filter(investor_uscc__in=[k[0] for k in checker.seen if k[0]])
    }
    for identity in sorted(taken & set(checker.seen), key=checker.seen.get):
        checker.error(checker.seen[identity], "name", _("This investor already has a project of this name."))
    for unit in {v["unit"] for _r, v in parsed}:
        ensure_can(by, "project.create", unit)
    if not parsed and not checker.errors:
        raise Rejected("file", _("The sheet has a header but no rows."))
    if checker.errors:
        checker.errors.sort(key=lambda e: e["row"])
        raise Rejected(
            "file", _("%(n)d problems found; nothing was imported.") % {"n": len(checker.errors)}, errors=checker.errors
        )
    return _write([v for _r, v in parsed], by)


@transaction.atomic(durable=True)
def _write(parsed: list[dict], by: Actor) -> ImportResult:
    by_import = Actor(user=by.user, ip=by.ip, channel="import")
    for values in parsed:
        dates, stage = values.pop("dates"), values.pop("stage")
        investment, contracted = values.pop("investment"), values.pop("contracted_investment")
        fields = {**values, **investment, **{k: v for k, v in dates.items() if v}}
        fields.setdefault("lead_on", timezone.localdate())
        if contracted:
            fields["contracted_investment_wan"] = contracted["total_investment_wan"]
        project = Project.objects.create(**fields, stage=stage, officer=by.user)
        event = record(
            by_import, "project.imported", project, after={**{f: getattr(project, f) for f in ("name", "stage")}}
        )
        previous = ""
        moves = []
        for step in LIFE[: LIFE.index(stage) + 1]:
            amount = project.contracted_investment_wan if step == Stage.SIGNED else project.total_investment_wan
            moves.append(
                StageMove(
                    project=project,
                    unit=project.unit,
                    from_stage=previous,
                    to_stage=step,
                    on=project.stage_date(step),
                    investment_wan=amount,
                    event=event,
                )
            )
            previous = step
        StageMove.objects.bulk_create(moves)
    record(by_import, "project.import_completed", None, unit=by.user.home_unit, after={"created": len(parsed)})
    return ImportResult(created=len(parsed))
