"""The Excel export of exactly the demands the list filter shows; the export itself is an Event."""

from django.db import transaction
from django.utils import timezone, translation

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.permissions import ensure_can

from .models import Demand
from .queries import demand_list
from .states import State

HEADERS = [
    "编号",
    "诉求标题",
    "企业名称",
    "统一社会信用代码",
    "诉求类别",
    "来源",
    "工单号",
    "层级",
    "状态",
    "承办部门",
    "办理时限",
    "是否超期",
    "办理结果",
    "满意度",
    "自动确认",
    "企业不满意",
    "提出日期",
    "交办日期",
    "办结日期",
    "确认日期",
]


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _row(d: Demand, today) -> list:
    overdue = d.state == State.ASSIGNED and d.deadline is not None and d.deadline < today
    return [
        d.pk,
        d.title,
        d.enterprise.name,
        d.enterprise.uscc,
        d.category.name,
        d.get_source_display(),
        d.reference,
        d.get_level_display(),
        d.get_state_display(),
        d.assigned_department.name if d.assigned_department_id else "",
        d.deadline,
        _yes(overdue),
        d.get_outcome_display() if d.outcome else "",
        d.satisfaction,
        _yes(d.confirmed_auto),
        _yes(d.is_dissatisfied),
        d.submitted_on,
        d.assigned_on,
        d.resolved_on,
        d.confirmed_on,
    ]


def export_demands(filters: dict, *, by: Actor):
    """An .xlsx of the demands `demand_list(user, **filters)` gives, one row each, in the list's order."""
    ensure_can(by, "demand.export")
    today = timezone.localdate()
    qs = demand_list(by.user, today=today, **filters)
    written = 0

    def rows():
        nonlocal written
        for demand in qs.iterator(chunk_size=2000):
            written += 1
            yield _row(demand, today)

    with translation.override("zh-hans"):  # Chinese headers, so Chinese state, source and level names
        out = write_xlsx(HEADERS, rows(), sheet="诉求清单")
    after = {"filter": {k: jsonable(v) for k, v in filters.items()}, "rows": written}
    with transaction.atomic():
        record(by, "demand.exported", None, unit=by.user.home_unit, after=after)
    return out
