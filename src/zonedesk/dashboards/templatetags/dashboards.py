"""Filters of the dashboard templates."""

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.875 -> 87.5%; None -> —."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def score(value) -> str:
    """An average satisfaction 4.5 -> 4.50; None -> —."""
    return "—" if value is None else f"{float(value):.2f}"


@register.filter
def get(mapping, key):
    """{{ figures|get:"signed" }}: a dict entry by a key held in a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None
