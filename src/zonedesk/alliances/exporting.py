"""The Excel exports of exactly what the alliance list and the chain-problem list show under their filters; each
export is itself an Event."""

from django.db import transaction
from django.utils import translation

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.permissions import ensure_can

from .queries import alliance_list, chain_problem_list

ALLIANCE_HEADERS = [
    "编号",
    "联盟名称",
    "类型",
    "产业链",
    "牵头单位",
    "管理单位",
    "成立日期",
    "成员数",
    "会议次数",
    "供需对接",
    "成交",
]
PROBLEM_HEADERS = [
    "编号",
    "全链问题",
    "产业链",
    "状态",
    "专班负责人",
    "牵头部门",
    "办理时限",
    "诉求数",
    "在办诉求",
    "办结日期",
    "办理结果",
]


def _export(by: Actor, verb: str, filters: dict, headers: list[str], rows, sheet: str):
    written = 0

    def counted():
        nonlocal written
        for row in rows:
            written += 1
            yield row

    with translation.override("zh-hans"):  # Chinese headers, so Chinese kinds and states
        out = write_xlsx(headers, counted(), sheet=sheet)
    after = {"filter": {k: jsonable(v) for k, v in filters.items()}, "rows": written}
    with transaction.atomic():
        record(by, verb, None, unit=by.user.home_unit, after=after)
    return out


def export_alliances(filters: dict, *, by: Actor):
    """An .xlsx of the alliances `alliance_list(user, **filters)` gives, in the list's order."""
    ensure_can(by, "alliance.view")
    rows = (
        [
            a.pk,
            a.name,
            a.get_kind_display(),
            a.chain.name if a.chain else "",
            a.lead,
            a.unit.name,
            a.founded_on,
            a.member_count,
            a.meeting_count,
            a.matching_count,
            a.deal_count,
        ]
        for a in alliance_list(by.user, **filters).iterator(chunk_size=500)
    )
    return _export(by, "alliance.exported", filters, ALLIANCE_HEADERS, rows, "产业链联盟")


def export_problems(filters: dict, *, by: Actor):
    """An .xlsx of the chain problems `chain_problem_list(user, **filters)` gives, in the list's order."""
    ensure_can(by, "alliance.view")
    rows = (
        [
            p.pk,
            p.title,
            p.chain.name,
            p.get_state_display(),
            str(p.leader),
            p.lead_department.name,
            p.deadline,
            p.demand_count,
            p.open_count,
            p.resolved_on,
            p.resolution,
        ]
        for p in chain_problem_list(by.user, **filters).iterator(chunk_size=500)
    )
    return _export(by, "chain_problem.exported", filters, PROBLEM_HEADERS, rows, "全链问题")
