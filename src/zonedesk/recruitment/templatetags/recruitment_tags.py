"""Recruitment's parts of pages other apps own (they load this library instead of importing recruitment): the job
fair invitation on a labour demand's page, and the postings card on the enterprise's home page (/my/)."""

from django import template

from ..invite import invitation_panel
from ..models import JobPosting
from ..states import PostingStatus

register = template.Library()


@register.inclusion_tag("recruitment/_invite_panel.html", takes_context=True)
def fair_invitation(context, demand) -> dict:
    """邀请参加招聘会: for a labour demand (用工 or below it), to users who organise job fairs."""
    return {**invitation_panel(context["request"].user, demand), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("recruitment/portal/_card.html", takes_context=True)
def posting_card(context) -> dict:
    """招聘岗位 with the enterprise's open postings and the positions still to fill."""
    user = context["request"].user
    if not getattr(user, "enterprise_id", None):
        return {"show": False}
    rows = JobPosting.objects.visible_to(user).filter(enterprise_id=user.enterprise_id, status=PostingStatus.OPEN)
    postings = list(rows.values_list("count", "filled"))
    return {"show": True, "postings": len(postings), "positions": sum(count - filled for count, filled in postings)}
