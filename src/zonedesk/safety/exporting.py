"""The Excel export of exactly the hazards the list filter shows (隐患台账); the export itself is an Event.

Cells that Excel could run as formulas are neutralised by common.excel; the safety responsible person's mobile is
masked for roles that neither call nor inspect the enterprise, as on its safety page."""

from django.db import transaction
from django.utils import timezone, translation

from zonedesk.common.excel import write_xlsx
from zonedesk.enterprises.models import mask_mobile
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.permissions import ensure_can, in_scope, scope_of

from .models import Hazard
from .queries import hazard_list
from .states import OPEN

HEADERS = [
    "编号",
    "企业名称",
    "统一社会信用代码",
    "所属园区",
    "隐患类别",
    "六涉",
    "隐患等级",
    "隐患描述",
    "整改责任人",
    "企业安全负责人",
    "安全负责人手机",
    "发现日期",
    "整改期限",
    "状态",
    "是否超期",
    "督办级别",
    "提交验收日期",
    "验收日期",
    "整改情况",
]


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _row(h: Hazard, today, clear: bool) -> list:
    profile = getattr(h.enterprise, "safety_profile", None)
    mobile = profile.responsible_mobile if profile else ""
    return [
        h.pk,
        h.enterprise.name,
        h.enterprise.uscc,
        h.unit.name,
        h.category.name if h.category_id else "",
        _yes(bool(h.category_id and h.category.is_six)),
        h.get_level_display(),
        h.description,
        h.responsible_person,
        profile.responsible_person if profile else "",
        mobile if clear or not mobile else mask_mobile(mobile),
        h.found_on,
        h.deadline,
        h.get_state_display(),
        _yes(h.state in OPEN and h.deadline < today),
        h.escalation_level or "",
        h.submitted_on,
        h.accepted_on,
        h.rectification_note,
    ]


def export_hazards(filters: dict, *, by: Actor):
    """An .xlsx of the hazards `hazard_list(user, **filters)` gives, one row each, in the list's order."""
    ensure_can(by, "safety.export")
    today = timezone.localdate()
    qs = hazard_list(by.user, today=today, **filters).select_related("enterprise__safety_profile")
    # Who reads a mobile in clear (queries.calls_safety), decided per row without a query per row.
    scopes = [scope_of(by.user, "enterprise.view_contacts"), scope_of(by.user, "safety.inspect")]
    written = 0

    def rows():
        nonlocal written
        for hazard in qs.iterator(chunk_size=2000):
            written += 1
            clear = any(in_scope(s, hazard.unit.path, hazard.enterprise_id) for s in scopes)
            yield _row(hazard, today, clear)

    with translation.override("zh-hans"):  # Chinese headers, so Chinese state and level names
        out = write_xlsx(HEADERS, rows(), sheet="隐患清单")
    after = {"filter": {k: jsonable(v) for k, v in filters.items()}, "rows": written}
    with transaction.atomic():
        record(by, "hazard.exported", None, unit=by.user.home_unit, after=after)
    return out
