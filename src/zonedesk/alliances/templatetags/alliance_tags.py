"""The alliances' part of a page another app owns (it loads this library instead of importing alliances): on a
demand's page, the alliance meeting it was raised at and the chain-wide problem it is handled in."""

from django import template

from ..access import PROBLEM_CSS
from ..models import ChainProblem, MeetingProblem

register = template.Library()


@register.inclusion_tag("alliances/_demand_panel.html", takes_context=True)
def chain_problem_panel(context, demand) -> dict:
    """提出于联盟会议 / 全链问题统一办理: shown to the users who see the meeting or the chain problem."""
    user = context["request"].user
    raised = (
        MeetingProblem.objects.visible_to(user)
        .filter(demand=demand)
        .select_related("meeting__alliance", "member")
        .first()
    )
    problem = (
        ChainProblem.objects.visible_to(user)
        .filter(links__demand=demand)
        .select_related("leader", "lead_department")
        .first()
    )
    return {
        "raised": raised,
        "problem": problem,
        "css": PROBLEM_CSS[problem.state] if problem else "",
        "demand": demand,
    }
