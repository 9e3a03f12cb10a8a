"""The Excel export of exactly what a list filter shows; exporting personal data is itself audited."""

from django.db import transaction

from zonedesk.common.amounts import format_wan
from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can, in_scope, scope_of

from .models import Contact, mask_mobile
from .queries import EnterpriseFilter, enterprise_list

HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "所属园区",
    "行业",
    "法定代表人",
    "注册资本",
    "从业人数",
    "规上企业",
    "高新技术企业",
    "专精特新",
    "挂钩领导",
    "服务专员",
    "联系人",
    "联系人手机",
]


def _yes(value: bool) -> str:
    return "是" if value else "否"


def export_enterprises(f: EnterpriseFilter, *, by: Actor):
    """An .xlsx of the filtered enterprises (mobiles masked unless the user may read them)."""
    ensure_can(by, "enterprise.export")
    readable = scope_of(by.user, "enterprise.view_contacts")  # decided per row: roles differ by unit
    qs = enterprise_list(by.user, f)
    in_clear = 0
    primary = {
        c.enterprise_id: c
        for c in Contact.objects.filter(enterprise__in=qs.values("pk"), is_primary=True, is_archived=False)
    }

    def rows():
        nonlocal in_clear
        for e in qs.iterator(chunk_size=2000):
            contact = primary.get(e.pk)
            mobile = ""
            if contact and contact.mobile:
                clear = in_scope(readable, e.unit.path, e.pk)
                in_clear += clear
                mobile = contact.mobile if clear else mask_mobile(contact.mobile)
            yield [
                e.name,
                e.uscc,
                e.unit.name,
                str(e.industry or ""),
                e.legal_representative,
                format_wan(e.registered_capital_wan),
                e.employees,
                _yes(e.is_above_scale),
                _yes(e.is_high_tech),
                _yes(e.is_specialized),
                str(e.linked_leader or ""),
                str(e.service_officer or ""),
                contact.name if contact else "",
                mobile,
            ]

    out = write_xlsx(HEADERS, rows(), sheet="企业名录")
    with transaction.atomic():
        record(
            by,
            "enterprise.exported",
            None,
            unit=by.user.home_unit,
            after={"filter": f.__dict__, "rows": qs.count(), "mobiles_in_clear": in_clear},
        )
    return out
