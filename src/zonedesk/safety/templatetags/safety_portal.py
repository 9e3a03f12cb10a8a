"""The hazard card of the enterprise's home page (/my/): the demands' portal shows it without importing safety."""

from django import template
from django.utils import timezone

from ..queries import hazard_list
from ..states import OPEN

register = template.Library()


@register.inclusion_tag("safety/portal/_card.html", takes_context=True)
def hazard_card(context) -> dict:
    """安全隐患 with the enterprise's open hazards and how many are past their deadline."""
    user = context["request"].user
    if not getattr(user, "enterprise_id", None):
        return {"show": False}
    hazards = hazard_list(user, enterprise=user.enterprise_id, state=OPEN)
    return {
        "show": True,
        "open_count": hazards.count(),
        "overdue_count": hazards.filter(deadline__lt=timezone.localdate()).count(),
    }
