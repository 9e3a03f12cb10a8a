"""The Excel export of exactly the ratings the ratings list shows (each enterprise's 五星五色 rating in force on a
day); cells Excel could run as formulas are neutralised by common.excel, and the export is an Event."""

from django.db import transaction
from django.utils import timezone, translation

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.permissions import ensure_can

from .config import settings_for
from .queries import rating_list

HEADERS = ["企业名称", "统一社会信用代码", "所属园区", "安全星级", "星级名称", "风险颜色", "评定日期", "评定人"]
HEADERS += ["评定理由"]


def ordered_ratings(user, filters: dict):
    """rating_list(user, **filters) (in force today unless `as_of` says otherwise) in the list page's order."""
    filters = {"as_of": timezone.localdate(), **filters}
    return rating_list(user, **filters).select_related("rated_by").order_by("unit__path", "enterprise__name", "pk")


def export_ratings(filters: dict, *, by: Actor):
    """An .xlsx of the ratings the list shows for `filters`, one row each, in the list's order."""
    ensure_can(by, "safety.export")
    rows = list(ordered_ratings(by.user, filters))
    rules = settings_for({r.unit for r in rows})
    with translation.override("zh-hans"):  # Chinese headers, so Chinese colour names
        out = write_xlsx(
            HEADERS,
            (
                [
                    r.enterprise.name,
                    r.enterprise.uscc,
                    r.unit.name,
                    r.stars,
                    rules[r.unit_id].star_label(r.stars),
                    r.get_colour_display(),
                    r.rated_on,
                    (r.rated_by.full_name or r.rated_by.username) if r.rated_by else "",
                    r.reason,
                ]
                for r in rows
            ),
            sheet="五星五色评定",
        )
    after = {"filter": {k: jsonable(v) for k, v in filters.items()}, "rows": len(rows)}
    with transaction.atomic():
        record(by, "safety.ratings_exported", None, unit=by.user.home_unit, after=after)
    return out
