"""Reads on the enterprise registry: the filtered list (pages, API and export share it), home items."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zonedesk.common.models import Industry
from zonedesk.common.text import bracket_spellings, normalize_text
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can
from zonedesk.orgs.roles import Role

from .models import Contact, Enterprise, mask_mobile

FLAGS = ("is_above_scale", "is_high_tech", "is_specialized")


@dataclass
class EnterpriseFilter:
    """What a list page, its API list and its export filter by."""

    q: str = ""
    unit: int | None = None
    industry: str = ""
    is_above_scale: bool | None = None
    is_high_tech: bool | None = None
    is_specialized: bool | None = None
    archived: bool = False

    @classmethod
    def from_params(cls, params) -> "EnterpriseFilter":
        def flag(name):
            value = params.get(name, "")
            return {"1": True, "true": True, "0": False, "false": False}.get(str(value).lower())

        unit = params.get("unit") or None
        return cls(
            q=normalize_text(params.get("q", "")),
            unit=int(unit) if unit and str(unit).isdigit() else None,
            industry=normalize_text(params.get("industry", "")).upper(),
            archived=flag("archived") is True,
            **{name: flag(name) for name in FLAGS},
        )


def industry_codes_under(code: str) -> set[str]:
    """A code and every code below it (a section letter covers its divisions and groups)."""
    found, frontier = {code}, [code]
    while frontier:
        frontier = list(Industry.objects.filter(parent__in=frontier).values_list("code", flat=True))
        found.update(frontier)
    return found


def enterprise_list(user, f: EnterpriseFilter) -> QuerySet[Enterprise]:
    """Enterprises the user can see, narrowed by the filter, in name order."""
    qs = Enterprise.objects.visible_to(user).filter(is_archived=f.archived)
    if f.q:
        needle = f.q
        cond = Q(uscc__icontains=needle.upper().replace(" ", ""))
        for spelling in bracket_spellings(needle):  # 创维(射阳) finds 创维（射阳）, stored as typed
            cond |= Q(name__icontains=spelling)
        if needle.isascii() and needle.replace(" ", "").isalnum():
            cond |= Q(name_initials__contains=needle.lower().replace(" ", ""))
        qs = qs.filter(cond)
    if f.unit:
        unit = Unit.objects.visible_to(user).filter(pk=f.unit).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if f.industry:
        qs = qs.filter(industry__in=industry_codes_under(f.industry))
    for name in FLAGS:
        value = getattr(f, name)
        if value is not None:
            qs = qs.filter(**{name: value})
    return qs.select_related("unit", "industry", "service_officer", "linked_leader").order_by("name", "pk")


def shows_mobiles(user, enterprise: Enterprise | None = None) -> bool:
    """Whether the user may read mobile numbers in clear (PIPL: only the roles that call them)."""
    if enterprise is None:
        return can(user, "enterprise.view_contacts")
    return can(user, "enterprise.view_contacts", enterprise.unit, enterprise_id=enterprise.pk)


def contacts_of(user, enterprise: Enterprise) -> list[dict]:
    """The enterprise's active contacts, mobiles masked unless the user may read them."""
    clear = shows_mobiles(user, enterprise)
    return [
        {
            "id": c.pk,
            "name": c.name,
            "title": c.title,
            "is_primary": c.is_primary,
            "mobile": c.mobile if clear else mask_mobile(c.mobile),
        }
        for c in Contact.objects.visible_to(user).filter(enterprise=enterprise, is_archived=False)
    ]


def home_items(user) -> list[dict]:
    """The 'my items' list of the home page, by role (later issues add demands, tasks, milestones)."""
    items = []
    if Role.ENTERPRISE in user.roles and user.enterprise_id:
        mine = Enterprise.objects.visible_to(user).filter(pk=user.enterprise_id)
        items += [{"label": _("My enterprise"), "object": e} for e in mine]
    serviced = Enterprise.objects.visible_to(user).active().filter(Q(service_officer=user) | Q(linked_leader=user))
    items += [{"label": _("Enterprise I serve"), "object": e} for e in serviced.order_by("name")[:20]]
    return items
