"""Every change to a chain and its tree of links: create, rename, archive, add, edit, move and remove links; and
(from mapping.py, re-exported here) placing enterprises and projects on links. One transaction and one Event each.

Who may write: chain.manage on the chain's unit (a city's investment office keeps the city's chains). Mapping is
wider: a zone's officer with chain.manage on their own zone may put their zone's enterprises and projects on a chain
of their city (see mapping.py). A chain outside the actor's scope does not exist (Chain.DoesNotExist: 404).
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_text
from zonedesk.orgs.audit import Actor, changes, record
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import ensure_can

from .mapping import map_enterprise, map_project, unmap_enterprise, unmap_project
from .models import Chain, ChainLink, Position
from .scope import chains_in_scope, links_in_scope

__all__ = [
    "UNCHANGED",
    "add_link",
    "archive_chain",
    "create_chain",
    "map_enterprise",
    "map_project",
    "remove_link",
    "unmap_enterprise",
    "unmap_project",
    "update_chain",
    "update_link",
]

UNCHANGED = object()  # update_link(parent=...) default: the link stays where it is
CHAIN_UNIT_KINDS = {UnitKind.REGION, UnitKind.ZONE}
MAX_LINKS = 500  # a chain is read on one page
# What officers type for a position, whatever the interface language (中游 is the core of the chain).
POSITION_WORDS = {
    "上游": Position.UPSTREAM,
    "核心": Position.CORE,
    "中游": Position.CORE,
    "下游": Position.DOWNSTREAM,
}


def _text(value, field: str, *, limit: int, required: bool = False, label: str = "") -> str:
    text = normalize_text(value)
    if required and not text:
        raise Rejected(field, _("Enter the %(what)s.") % {"what": label or field})
    if len(text) > limit:
        raise Rejected(field, _("Keep it within %(limit)d characters.") % {"limit": limit})
    return text


def _position(value) -> str:
    if isinstance(value, Position):
        return value.value
    text = normalize_text(value)
    if text in POSITION_WORDS:
        return POSITION_WORDS[text].value
    for choice in Position:
        if text in (choice.value, str(choice.label)):
            return choice.value
    raise Rejected("position", _("Choose upstream, core or downstream."))


def _locked_chain(by: Actor, chain: Chain | int, *, version: int | None = None) -> Chain:
    """The chain's row, locked (link writes queue behind each other, so names stay unique in the chain)."""
    pk = getattr(chain, "pk", chain)
    locked = chains_in_scope(by).select_related("unit").select_for_update(of=("self",)).get(pk=pk)
    ensure_can(by, "chain.manage", locked.unit)
    if version is not None and version != locked.version:
        raise Conflict()
    if locked.is_archived:
        raise Rejected("chain", _("This chain is archived."))
    return locked


def _unique_chain_name(unit: Unit, name: str, *, exclude: int | None = None) -> None:
    if Chain.objects.filter(unit=unit, name=name).exclude(pk=exclude).exists():
        raise Rejected("name", _("%(unit)s already has a chain named %(name)s.") % {"unit": unit, "name": name})


def _unique_name(chain: Chain, name: str, *, exclude: int | None = None) -> None:
    # Names are unique in the whole chain, not only under one parent: an import names parents by name.
    clash = ChainLink.objects.filter(chain=chain, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise Rejected("name", _("This chain already has a link named %(name)s.") % {"name": name})


def _order(value, siblings) -> int:
    if value is None or value == "":
        return (siblings.aggregate(top=Max("order"))["top"] or 0) + 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Rejected("order", _("Enter a whole number.")) from None
    if not 0 <= number <= 9999:
        raise Rejected("order", _("Enter a number from 0 to 9999."))
    return number


def link_snapshot(link: ChainLink) -> dict:
    """A link's fields for an Event (the link's id too: several links share the chain's timeline)."""
    return {
        "link": link.pk,
        "name": link.name,
        "position": link.position,
        "parent": link.parent_id,
        "order": link.order,
        "note": link.note,
    }


@transaction.atomic(durable=True)
def create_chain(by: Actor, *, unit: Unit, name, description="") -> Chain:
    """Define an industrial chain a region or zone follows (e.g. 新能源动力电池)."""
    unit = (Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)).get(pk=getattr(unit, "pk", unit))
    ensure_can(by, "chain.manage", unit)
    if unit.kind not in CHAIN_UNIT_KINDS:
        raise Rejected("unit", _("A chain belongs to a region or a zone."))
    name = _text(name, "name", limit=100, required=True, label=_("chain's name"))
    description = _text(description, "description", limit=2000)
    _unique_chain_name(unit, name)
    chain = Chain.objects.create(unit=unit, name=name, description=description)
    record(by, "chain.created", chain, after={"name": name, "description": description})
    return chain


@transaction.atomic(durable=True)
def update_chain(by: Actor, chain: Chain | int, *, version: int, name=None, description=None) -> Chain:
    """Rename a chain or change its description; a stale `version` is a Conflict."""
    chain = _locked_chain(by, chain, version=version)
    before = {"name": chain.name, "description": chain.description}
    if name is not None:
        chain.name = _text(name, "name", limit=100, required=True, label=_("chain's name"))
        _unique_chain_name(chain.unit, chain.name, exclude=chain.pk)
    if description is not None:
        chain.description = _text(description, "description", limit=2000)
    before, after = changes(before, {"name": chain.name, "description": chain.description})
    if not after:
        return chain
    chain.version += 1
    chain.save(update_fields=["name", "description", "version"])
    record(by, "chain.updated", chain, before=before, after=after)
    return chain


@transaction.atomic(durable=True)
def archive_chain(by: Actor, chain: Chain | int, *, version: int) -> Chain:
    """Stop following a chain: it leaves the lists, its links and mappings stay as they were."""
    chain = _locked_chain(by, chain, version=version)
    chain.is_archived = True
    chain.version += 1
    chain.save(update_fields=["is_archived", "version"])
    record(by, "chain.archived", chain, before={"is_archived": False}, after={"is_archived": True})
    return chain


def _parent_in(chain: Chain, parent) -> ChainLink | None:
    if parent is None or parent == "":
        return None
    pk = getattr(parent, "pk", parent)
    found = ChainLink.objects.filter(chain=chain, pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Rejected("parent", _("The parent link must be a link of the same chain."))
    return found


@transaction.atomic(durable=True)
def add_link(by: Actor, chain: Chain | int, *, name, position=None, parent=None, order=None, note="") -> ChainLink:
    """Add a link (环节) to a chain, at the root or under a parent link; a sub-link sits where its parent sits
    (upstream, core or downstream): `position` may be left out under a parent, and must match it when given."""
    chain = _locked_chain(by, chain)
    return create_link(by, chain, name=name, position=position, parent=parent, order=order, note=note)


def create_link(by: Actor, chain: Chain, *, name, position=None, parent=None, order=None, note="") -> ChainLink:
    """add_link inside the caller's transaction, on a chain the caller has locked (an import adds many)."""
    name = _text(name, "name", limit=100, required=True, label=_("link's name"))
    parent = _parent_in(chain, parent)
    if parent is not None:
        position = parent.position if position in (None, "") else _position(position)
        if position != parent.position:
            raise Rejected(
                "position",
                _("A sub-link sits where its parent link sits (%(position)s).")
                % {"position": Position(parent.position).label},
            )
    elif position in (None, ""):
        raise Rejected("position", _("Choose upstream, core or downstream."))
    else:
        position = _position(position)
    note = _text(note, "note", limit=300)
    _unique_name(chain, name)
    if ChainLink.objects.filter(chain=chain).count() >= MAX_LINKS:
        raise Rejected("name", _("A chain has at most %(count)d links.") % {"count": MAX_LINKS})
    order = _order(order, ChainLink.objects.filter(chain=chain, parent=parent))
    link = ChainLink.objects.create(chain=chain, parent=parent, name=name, position=position, order=order, note=note)
    record(by, "chain.link_added", chain, after=link_snapshot(link))
    return link


def descendant_ids(link: ChainLink) -> set[int]:
    """The ids of every link under `link` (one query: a chain's links are few)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in ChainLink.objects.filter(chain_id=link.chain_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), [link.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


@transaction.atomic(durable=True)
def update_link(by: Actor, link: ChainLink | int, *, name=None, position=None, parent=UNCHANGED, order=None, note=None):
    """Rename, reorder, annotate or move a link. Moving under another link: the parent must be of the same chain, and
    neither the link itself nor one of its descendants (no cycles); the moved link and its sub-links take the new
    parent's position. `parent=None` makes it a root link. A root's position change carries its sub-links along."""
    link = links_in_scope(by).select_related("chain").get(pk=getattr(link, "pk", link))
    chain = _locked_chain(by, link.chain_id)
    link = ChainLink.objects.select_for_update().get(pk=link.pk)
    before = link_snapshot(link)
    if name is not None:
        link.name = _text(name, "name", limit=100, required=True, label=_("link's name"))
        _unique_name(chain, link.name, exclude=link.pk)
    if note is not None:
        link.note = _text(note, "note", limit=300)
    new_parent = link.parent if parent is UNCHANGED else _parent_in(chain, parent)
    moved = getattr(new_parent, "pk", None) != link.parent_id
    if moved:
        if new_parent is not None and (new_parent.pk == link.pk or new_parent.pk in descendant_ids(link)):
            raise Rejected("parent", _("A link cannot move under itself or one of its own sub-links."))
        link.parent = new_parent
        if new_parent is not None:
            link.position = new_parent.position
    if position not in (None, ""):
        wanted = _position(position)
        if link.parent_id is not None and wanted != link.position:
            raise Rejected(
                "position",
                _("A sub-link sits where its parent link sits (%(position)s).")
                % {"position": Position(link.position).label},
            )
        link.position = wanted
    if order not in (None, "") or moved:
        link.order = _order(order, ChainLink.objects.filter(chain=chain, parent=link.parent_id).exclude(pk=link.pk))
    before, after = changes(before, link_snapshot(link))
    if not after:
        return link
    link.save(update_fields=["name", "note", "parent", "position", "order"])
    if "position" in after:
        ChainLink.objects.filter(pk__in=descendant_ids(link)).update(position=link.position)
    record(by, "chain.link_updated", chain, before={"link": link.pk, **before}, after={"link": link.pk, **after})
    return link


@transaction.atomic(durable=True)
def remove_link(by: Actor, link: ChainLink | int) -> None:
    """Remove a link entered by mistake; refused while it has sub-links, enterprises, projects or targets (the Event
    keeps what it was)."""
    link = links_in_scope(by).get(pk=getattr(link, "pk", link))
    chain = _locked_chain(by, link.chain_id)
    link = ChainLink.objects.select_for_update().get(pk=link.pk)
    if link.children.exists():
        raise Rejected("link", _("Move or remove the sub-links of %(name)s first.") % {"name": link.name})
    if link.enterprise_links.exists() or link.project_links.exists():
        raise Rejected("link", _("Take the enterprises and projects off %(name)s first.") % {"name": link.name})
    if link.targets.exists():
        raise Rejected("link", _("%(name)s has investment targets: it stays.") % {"name": link.name})
    before = link_snapshot(link)
    link.delete()
    record(by, "chain.link_removed", chain, before=before)
