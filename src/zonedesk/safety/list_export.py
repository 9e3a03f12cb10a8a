"""The Excel export of exactly the rows a saved list shows (formula-safe through common.excel, mobiles masked as on
the page); the export itself is an Event, as exports of personal data are."""

from django.db import transaction
from django.utils import timezone, translation

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from .list_queries import enterprise_rows, run_list
from .models_maps import ListKind, SavedList
from .states import OPEN

ENTERPRISE_HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "所属园区",
    "行业",
    "危险类别",
    "安全星级",
    "风险颜色",
    "评定日期",
    "最近检查日期",
    "安全负责人",
    "负责人手机",
    "未整改隐患",
    "其中重大隐患",
]
HAZARD_HEADERS = [
    "编号",
    "企业名称",
    "统一社会信用代码",
    "所属园区",
    "隐患类别",
    "隐患等级",
    "隐患描述",
    "整改责任人",
    "发现日期",
    "整改期限",
    "状态",
    "是否超期",
    "督办级别",
]
CHUNK = 2000


def _enterprise_row(row: dict) -> list:
    p, e = row["p"], row["e"]
    return [
        e.name,
        e.uscc,
        e.unit.name,
        str(e.industry) if e.industry_id else "",
        "、".join(row["categories"]),
        p.stars,
        p.get_colour_display() if p.colour else "",
        p.rated_on,
        p.last_inspected_on,
        p.responsible_person,
        row["mobile"],
        p.open_hazards,
        p.major_open_hazards,
    ]


def _hazard_row(h, today) -> list:
    return [
        h.pk,
        h.enterprise.name,
        h.enterprise.uscc,
        h.unit.name,
        h.category.name if h.category_id else "",
        h.get_level_display(),
        h.description,
        h.responsible_person,
        h.found_on,
        h.deadline,
        h.get_state_display(),
        "是" if h.state in OPEN and h.deadline < today else "否",
        h.escalation_level or "",
    ]


def _chunks(qs):
    """The rows in slices, so a long list is read in a few queries and written in constant memory."""
    start = 0
    while batch := list(qs[start : start + CHUNK]):
        yield batch
        start += CHUNK


def export_list(saved: SavedList, *, by: Actor):
    """An .xlsx of the rows `run_list(user, saved)` gives, in the list's order, titled with the list's name."""
    ensure_can(by, "safety.view", saved.unit)
    today = timezone.localdate()
    qs = run_list(by.user, saved, today=today)
    written = 0

    def rows():
        nonlocal written
        for batch in _chunks(qs):
            written += len(batch)
            if saved.kind == ListKind.HAZARDS:
                yield from (_hazard_row(h, today) for h in batch)
            else:
                yield from (_enterprise_row(r) for r in enterprise_rows(by.user, batch))

    headers = HAZARD_HEADERS if saved.kind == ListKind.HAZARDS else ENTERPRISE_HEADERS
    with translation.override("zh-hans"):  # Chinese headers, so Chinese state, level and colour names
        out = write_xlsx(headers, rows(), title=f"{saved.unit.name} · {saved.name}", sheet="清单")
    with transaction.atomic():
        record(by, "safety.list_exported", saved, after={"filter": saved.filters, "rows": written})
    return out
