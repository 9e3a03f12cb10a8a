"""Placing enterprises and projects on the links of a chain, and taking them off; one transaction and one Event each.

Who may map: anyone who reads the chain and holds chain.manage either on the chain's unit (the chain's keepers) or
on the enterprise's / project's unit — so a zone's investment officer puts their own zone's enterprises and
projects on a chain of their city, but not a sibling zone's. The enterprise or project must be visible to the actor
(outside their scope it does not exist: DoesNotExist, 404) and lie in the chain's unit or below (Rejected).
Mapping the same enterprise (project) twice on one link is Rejected; an enterprise may sit on several links.
The Event is filed on the chain, under the chain's unit, and carries the enterprise so it shows on its timeline too.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.text import normalize_text
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, build_event
from zonedesk.orgs.permissions import can
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Kind, Stage

from .models import ChainLink, EnterpriseLink, ProjectLink
from .scope import links_in_scope


def _link(by: Actor, link: ChainLink | int) -> ChainLink:
    """The link, locked, with its chain and the chain's unit (DoesNotExist outside the actor's scope)."""
    pk = getattr(link, "pk", link)
    links_in_scope(by).get(pk=pk)
    link = ChainLink.objects.select_related("chain", "chain__unit").select_for_update(of=("self",)).get(pk=pk)
    if link.chain.is_archived:
        raise Rejected("chain", _("This chain is archived."))
    return link


def may_map(by: Actor, link: ChainLink, unit) -> bool:
    """Whether the actor may put a record of `unit` on (or take it off) the link: chain.manage on the chain's unit,
    or on the record's own unit."""
    if by.is_system:
        return True
    return can(by.user, "chain.manage", link.chain.unit) or can(by.user, "chain.manage", unit)


def _ensure_may_map(by: Actor, link: ChainLink, unit) -> None:
    if not may_map(by, link, unit):
        raise Forbidden()


def _in_chain_unit(link: ChainLink, unit, field: str) -> None:
    if not unit.path.startswith(link.chain.unit.path):
        raise Rejected(field, _("It lies outside %(unit)s, whose chain this is.") % {"unit": link.chain.unit})


def _enterprise(by: Actor, enterprise: Enterprise | int) -> Enterprise:
    scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
    return scope.select_related("unit").get(pk=getattr(enterprise, "pk", enterprise))


def _project(by: Actor, project: Project | int) -> Project:
    scope = Project.objects.all() if by.is_system else Project.objects.visible_to(by.user)
    return scope.select_related("unit").get(pk=getattr(project, "pk", project))


def _record(by: Actor, verb: str, link: ChainLink, *, after=None, before=None, enterprise_id=None) -> None:
    event = build_event(by, verb, link.chain, before=before, after=after, unit=link.chain.unit)
    event.enterprise_id = enterprise_id
    event.save()


@transaction.atomic(durable=True)
def map_enterprise(by: Actor, link: ChainLink | int, enterprise: Enterprise | int, *, note="") -> EnterpriseLink:
    """Put a local enterprise on a link of a chain (an enterprise can sit on several links)."""
    link = _link(by, link)
    enterprise = _enterprise(by, enterprise)
    _ensure_may_map(by, link, enterprise.unit)
    if enterprise.is_archived:
        raise Rejected("enterprise", _("This enterprise is archived."))
    _in_chain_unit(link, enterprise.unit, "enterprise")
    if EnterpriseLink.objects.filter(link=link, enterprise=enterprise).exists():
        raise Rejected("enterprise", _("%(name)s is already on %(link)s.") % {"name": enterprise, "link": link})
    note = normalize_text(note)
    if len(note) > 300:
        raise Rejected("note", _("Keep it within %(limit)d characters.") % {"limit": 300})
    mapped = EnterpriseLink.objects.create(link=link, enterprise=enterprise, note=note)
    after = {"link": link.pk, "link_name": link.name, "enterprise": enterprise.pk, "enterprise_name": enterprise.name}
    _record(by, "chain.enterprise_mapped", link, after={**after, "note": note}, enterprise_id=enterprise.pk)
    return mapped


@transaction.atomic(durable=True)
def unmap_enterprise(by: Actor, link: ChainLink | int, enterprise: Enterprise | int) -> None:
    """Take an enterprise off a link."""
    link = _link(by, link)
    enterprise = _enterprise(by, enterprise)
    _ensure_may_map(by, link, enterprise.unit)
    mapped = EnterpriseLink.objects.filter(link=link, enterprise=enterprise).first()
    if mapped is None:
        raise Rejected("enterprise", _("%(name)s is not on %(link)s.") % {"name": enterprise, "link": link})
    mapped.delete()
    before = {"link": link.pk, "link_name": link.name, "enterprise": enterprise.pk, "enterprise_name": enterprise.name}
    _record(by, "chain.enterprise_unmapped", link, before=before, enterprise_id=enterprise.pk)


@transaction.atomic(durable=True)
def map_project(by: Actor, link: ChainLink | int, project: Project | int) -> ProjectLink:
    """Put an investment project of the pipeline on a link of a chain (a dropped one, or a facility, is refused)."""
    link = _link(by, link)
    project = _project(by, project)
    _ensure_may_map(by, link, project.unit)
    if project.is_archived or project.stage == Stage.DROPPED:
        raise Rejected("project", _("This project is dropped or archived."))
    if project.kind != Kind.INVESTMENT:
        raise Rejected("project", _("A zone facility project is not on an industrial chain."))
    _in_chain_unit(link, project.unit, "project")
    if ProjectLink.objects.filter(link=link, project=project).exists():
        raise Rejected("project", _("%(name)s is already on %(link)s.") % {"name": project, "link": link})
    mapped = ProjectLink.objects.create(link=link, project=project)
    after = {"link": link.pk, "link_name": link.name, "project": project.pk, "project_name": project.name}
    _record(by, "chain.project_mapped", link, after=after, enterprise_id=project.enterprise_id)
    return mapped


@transaction.atomic(durable=True)
def unmap_project(by: Actor, link: ChainLink | int, project: Project | int) -> None:
    """Take a project off a link."""
    link = _link(by, link)
    project = _project(by, project)
    _ensure_may_map(by, link, project.unit)
    mapped = ProjectLink.objects.filter(link=link, project=project).first()
    if mapped is None:
        raise Rejected("project", _("%(name)s is not on %(link)s.") % {"name": project, "link": link})
    mapped.delete()
    before = {"link": link.pk, "link_name": link.name, "project": project.pk, "project_name": project.name}
    _record(by, "chain.project_unmapped", link, before=before, enterprise_id=project.enterprise_id)
