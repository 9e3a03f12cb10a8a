"""The enterprise page's 产业链环节 card: the links of the chains the reader sees that the enterprise sits on."""

from django import template

from zonedesk.orgs.permissions import can

from ..queries import links_of_enterprise

register = template.Library()


@register.inclusion_tag("chains/_enterprise_links.html", takes_context=True)
def chain_links_of(context, enterprise) -> dict:
    """Nothing for a reader without chain.view (an enterprise user); one query otherwise."""
    user = context["request"].user
    if not can(user, "chain.view"):
        return {"show": False}
    return {"show": True, "rows": list(links_of_enterprise(user, enterprise))}
