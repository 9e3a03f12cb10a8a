"""Excel exports of exactly what the progress and records pages show (formula-safe through common/excel.py); each
export is an Event, as personal data leaves the system."""

from django.db import transaction
from django.utils import timezone

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, jsonable, record

from .models import Kind
from .progress import Progress
from .queries import record_list
from .standing import Status

PROGRESS_HEADERS = [
    "姓名",
    "用户名",
    "所在单位",
    "理论学习（学时）",
    "理论学习目标（学时）",
    "理论学习完成率（%）",
    "实践锻炼（学时）",
    "实践锻炼目标（学时）",
    "实践锻炼完成率（%）",
    "状态",
    "目标来源",
]
# The sheets are in Chinese whatever the reader's language (their headers are): the labels written out here.
KIND_ZH = {Kind.THEORY: "理论学习", Kind.PRACTICE: "实践锻炼"}
STATUS_ZH = {Status.MET: "已完成", Status.ON_TRACK: "按进度", Status.BEHIND: "进度滞后", Status.NO_TARGET: "未设目标"}
RECORD_HEADERS = [
    "编号",
    "姓名",
    "所在单位",
    "日期",
    "类别",
    "学习内容",
    "学时",
    "主办单位",
    "备注",
    "登记人",
    "是否作废",
    "作废原因",
]


def _person_row(p) -> list:
    return [
        p.name,
        p.user.username,
        p.unit.name,
        p.theory,
        p.target.theory_hours,
        p.theory_percent,
        p.practice,
        p.target.practice_hours,
        p.practice_percent,
        STATUS_ZH[p.status],
        p.target.source.name if p.target.source else "",
    ]


def export_progress(progress: Progress, *, by: Actor):
    """An .xlsx of the progress page's people, in its order, titled with the unit, the year and the share elapsed."""
    title = (
        f"{progress.unit.name} {progress.year}年干部职工学习培训学时进度"
        f"（导出于{timezone.localdate():%Y-%m-%d}，全年已过{progress.share.percent}%）"
    )
    out = write_xlsx(PROGRESS_HEADERS, [_person_row(p) for p in progress.people], title=title, sheet="学时进度")
    after = {"unit": progress.unit.pk, "year": progress.year, "rows": len(progress.people)}
    with transaction.atomic():
        record(by, "training.progress_exported", None, unit=progress.unit, after=after)
    return out


def export_records(filters: dict, *, by: Actor):
    """An .xlsx of the records `record_list(user, **filters)` gives, in the list's order."""
    qs = record_list(by.user, **filters)
    written = 0

    def rows():
        nonlocal written
        for r in qs.iterator(chunk_size=2000):
            written += 1
            yield [
                r.pk,
                r.user.full_name or r.user.username,
                r.unit.name,
                r.on,
                KIND_ZH[r.kind],
                r.title,
                r.hours,
                r.organiser,
                r.note,
                (r.recorded_by.full_name or r.recorded_by.username) if r.recorded_by else "",
                "是" if r.is_void else "否",
                r.voided_reason,
            ]

    out = write_xlsx(RECORD_HEADERS, rows(), sheet="培训记录")
    after = {"filter": {k: jsonable(v) for k, v in filters.items()}, "rows": written}
    with transaction.atomic():
        record(by, "training.records_exported", None, unit=by.user.home_unit, after=after)
    return out
