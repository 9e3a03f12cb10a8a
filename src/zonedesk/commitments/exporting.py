"""The Excel export of exactly the agreements the list filter shows, one row each with every promise's status; the
export itself is an Event."""

from django.db import transaction
from django.utils import timezone, translation

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.permissions import ensure_can

from .queries import agreement_rows
from .status import Item, Status

HEADERS = ["编号", "项目名称", "投资方", "园区", "项目阶段", "协议编号", "签约日期", "总体状态"]


def export_agreements(filters: dict, *, by: Actor):
    """An .xlsx of the rows `agreement_rows(user, **filters)` gives, in the list's order."""
    ensure_can(by, "commitment.view")
    today = timezone.localdate()
    with translation.override("zh-hans"):  # Chinese headers, so Chinese statuses
        rows = agreement_rows(by.user, today, **filters)
        headers = HEADERS + [str(label) for label in Item.labels]
        lines = []
        for row in rows:
            a = row.agreement
            statuses = []
            for item in Item.values:
                result = row.result(item)
                statuses.append(str(result.status_label) if result else "")
            worst = str(Status(row.worst).label) if row.worst else ""
            first = [a.pk, a.project.name, a.project.investor_name, a.unit.name, str(a.project.get_stage_display())]
            lines.append([*first, a.number, a.signed_on, worst, *statuses])
        out = write_xlsx(headers, lines, sheet="履约情况")
    after = {"filter": {k: jsonable(v) for k, v in filters.items()}, "rows": len(rows), "on": today}
    with transaction.atomic():
        record(by, "agreement.list_exported", None, unit=by.user.home_unit, after=after)
    return out
