"""The Excel export of exactly the postings the list filter shows (mobiles masked for roles that may not read
them); the export itself is an Event."""

from django.db import transaction
from django.utils import translation

from zonedesk.common.excel import write_xlsx
from zonedesk.enterprises.models import mask_mobile
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.permissions import ensure_can, in_scope, scope_of

from .models import JobPosting
from .queries import posting_list

HEADERS = [
    "编号",
    "企业名称",
    "统一社会信用代码",
    "行业",
    "园区",
    "岗位",
    "招聘人数",
    "已录用",
    "月薪下限（元）",
    "月薪上限（元）",
    "任职要求",
    "联系人",
    "联系电话",
    "状态",
    "发布日期",
    "报名截止",
    "关闭日期",
    "关闭原因",
]
# Columns a filter adds, so the sheet's sums equal the figure the list was opened from.
OPEN_ON = "当日空缺人数"
HIRED_IN = "期间录用人数"


def _row(p: JobPosting, mobile: str, extra: list) -> list:
    industry = p.enterprise.industry
    return [
        p.pk,
        p.enterprise.name,
        p.enterprise.uscc,
        str(industry) if industry else "",
        p.unit.name,
        p.position,
        p.count,
        p.filled,
        p.salary_min,
        p.salary_max,
        p.requirements,
        p.contact_name,
        mobile,
        p.get_status_display(),
        p.published_on,
        p.closes_on,
        p.closed_on,
        p.close_reason,
        *extra,
    ]


def export_postings(filters: dict, *, by: Actor):
    """An .xlsx of the postings `posting_list(user, **filters)` gives, one row each, in the list's order."""
    ensure_can(by, "recruitment.view")
    qs = posting_list(by.user, **filters)
    scope = scope_of(by.user, "enterprise.view_contacts")
    headers = HEADERS + ([OPEN_ON] if filters.get("open_on") else []) + ([HIRED_IN] if filters.get("hired_in") else [])
    written = 0

    def rows():
        nonlocal written
        for posting in qs.iterator(chunk_size=2000):
            written += 1
            clear = in_scope(scope, posting.unit.path, posting.enterprise_id)
            mobile = posting.contact_mobile if clear else mask_mobile(posting.contact_mobile)
            extra = [getattr(posting, "open_positions", None)] if filters.get("open_on") else []
            extra += [getattr(posting, "hires_in_period", None)] if filters.get("hired_in") else []
            yield _row(posting, mobile, extra)

    with translation.override("zh-hans"):  # Chinese headers, so Chinese status names
        out = write_xlsx(headers, rows(), sheet="招聘岗位")
    after = {"filter": {k: jsonable(v) for k, v in filters.items()}, "rows": written}
    with transaction.atomic():
        record(by, "posting.exported", None, unit=by.user.home_unit, after=after)
    return out
