"""Template helpers of the commitment pages: a promise or actual shown in its unit, and the commitments panel on a
project's page."""

from decimal import Decimal

from django import template
from django.utils import timezone

from zonedesk.common.amounts import format_wan
from zonedesk.orgs.permissions import can

from ..models import Agreement
from ..queries import results_for
from ..services import SIGNED_OR_LATER
from ..status import DATE_ITEMS, Item

register = template.Library()


@register.filter
def shown(result, which: str) -> str:
    """{{ r|shown:"promised" }} / {{ r|shown:"actual" }}: a date, an amount in 万元/亿元, per mu, or people."""
    value = getattr(result, which)
    if value is None:
        return "—"
    if result.item in DATE_ITEMS:
        return f"{value:%Y-%m-%d}"
    if result.item in (Item.INTENSITY, Item.TAX_PER_MU):
        return f"{Decimal(value):,.2f}万元/亩"
    if result.item == Item.JOBS:
        return f"{value}人"
    return format_wan(Decimal(value))


@register.inclusion_tag("commitments/_project_panel.html", takes_context=True)
def commitment_panel(context, project) -> dict:
    """The project's agreement with its worst status and the link to it, or the link to record it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can(user, "commitment.view", project.unit):
        return {"show": False}
    agreement = Agreement.objects.filter(project=project).select_related("project__enterprise").first()
    row = results_for([agreement], timezone.localdate())[0] if agreement is not None else None
    eligible = project.stage in SIGNED_OR_LATER and not getattr(project, "is_facility", False)
    return {
        "show": agreement is not None or eligible,
        "project": project,
        "row": row,
        "may_record": agreement is None and eligible and can(user, "commitment.manage", project.unit),
    }
