"""Reads of targeted investment (精准招商): the target list (the page, its Excel export and the API share it)."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from zonedesk.common.excel import write_xlsx
from zonedesk.common.text import normalize_text

from .models import Chain, ChainLink, InvestmentTarget, TargetSource, TargetStatus

# The statuses as the target pages read them ("Open" alone is a job posting's 招聘中).
STATUS_LABELS = {
    TargetStatus.OPEN: pgettext_lazy("investment target status", "Open"),
    TargetStatus.CONVERTED: TargetStatus.CONVERTED.label,
    TargetStatus.DISMISSED: TargetStatus.DISMISSED.label,
}


def target_filters(params) -> dict:
    """The list's filters from a query string or the API's parameters: ids as numbers, choices checked, text
    trimmed; anything else is left out (a filter that cannot match is dropped, not an error on a list page)."""
    out: dict = {}
    for key in ("chain", "link"):
        value = str(params.get(key) or "").strip()
        if value.isdigit():
            out[key] = int(value)
    status = str(params.get("status") or "")
    if status in TargetStatus.values:
        out["status"] = status
    source = str(params.get("source") or "")
    if source in TargetSource.values:
        out["source"] = source
    q = normalize_text(params.get("q"))[:100]
    if q:
        out["q"] = q
    return out


def target_list(user, **filters) -> QuerySet[InvestmentTarget]:
    """The targets the user sees, newest first. Filters: chain, link, status, source, q (company, link or local
    enterprise)."""
    qs = InvestmentTarget.objects.visible_to(user).select_related(
        "unit", "link", "link__chain", "enterprise", "project", "created_by"
    )
    if filters.get("chain"):
        qs = qs.filter(link__chain_id=filters["chain"])
    if filters.get("link"):
        qs = qs.filter(link_id=filters["link"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("q"):
        text = filters["q"]
        qs = qs.filter(Q(company__icontains=text) | Q(link__name__icontains=text) | Q(enterprise__name__icontains=text))
    return qs.order_by("-created_at", "-pk")


def target_chains(user) -> QuerySet[Chain]:
    """The chains the user's targets are on (the list's chain filter)."""
    shown = InvestmentTarget.objects.visible_to(user).values("link__chain_id")
    return Chain.objects.visible_to(user).filter(pk__in=shown).select_related("unit").order_by("name", "pk")


def target_links(user, chain_id: int | None) -> QuerySet[ChainLink]:
    """The links the user's targets are on, of one chain when it is chosen (the list's link filter)."""
    shown = InvestmentTarget.objects.visible_to(user)
    if chain_id:
        shown = shown.filter(link__chain_id=chain_id)
    return ChainLink.objects.visible_to(user).filter(pk__in=shown.values("link_id")).order_by("chain", "order", "pk")


def export_targets(user, filters: dict, headers: list[str], title: str):
    """The filtered list as an .xlsx file, exactly its rows (formula-safe cells)."""
    rows = (
        [
            t.link.chain.name,
            t.link.name,
            t.company,
            t.get_source_display(),
            t.enterprise.name if t.enterprise else "",
            t.reason,
            str(STATUS_LABELS[t.status]),
            t.project.name if t.project else t.dismissed_reason,
            t.unit.name,
            timezone.localdate(t.created_at),
        ]
        for t in target_list(user, **filters).iterator(chunk_size=500)
    )
    return write_xlsx(headers, rows, title=title, sheet=title)
