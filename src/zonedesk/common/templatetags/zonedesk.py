"""Template filters for figures: amounts in 万元 shown as 万元 / 亿元."""

from django import template

from zonedesk.common.amounts import format_wan

register = template.Library()


@register.filter
def wan(value) -> str:
    """{{ e.registered_capital_wan|wan }} -> 5.00亿元 / 850.00万元."""
    return format_wan(value) if value is not None else "—"
