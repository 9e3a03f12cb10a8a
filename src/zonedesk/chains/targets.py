"""Targets of targeted investment (精准招商): add one (from the gap list or by hand), dismiss it, or turn it into a lead
of the pipeline in one step, keeping its link. One durable transaction and one Event each.

Who: chain.target on the target's unit (investment officers, leaders, admins); turning into a lead also needs
project.create on the lead's zone, checked by the projects app's own service. A target outside the actor's scope
does not exist (DoesNotExist: 404). A stale version, or a second attempt at the same lead, is a Conflict (409): the
target's row is locked, so two people acting at once never make two leads.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, build_event
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.models import Project, Source
from zonedesk.projects.services import add_project

from .gaps import LIVE_STATUSES, company_key
from .models import ChainLink, InvestmentTarget, ProjectLink, TargetSource, TargetStatus

# The kinds of unit a lead belongs to (the projects app's owners): a region's target names the zone that follows it.
LEAD_UNIT_KINDS = (UnitKind.ZONE, UnitKind.BRANCH)
# Targets that come from a visit to a local enterprise: filed under that enterprise's zone by default.
FROM_A_VISIT = (TargetSource.OUTSIDE_SUPPLIER, TargetSource.EXPANSION)
MAX_REASON = 2000


def targets_in_scope(by: Actor):
    """The targets an actor may act on (system actors: all)."""
    return InvestmentTarget.objects.all() if by.is_system else InvestmentTarget.objects.visible_to(by.user)


def _units(by: Actor):
    return Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)


def _record(by: Actor, verb: str, target: InvestmentTarget, *, before=None, after=None) -> None:
    """The target's Event, under its unit; not filed under the local enterprise (whose own users must not read the
    zone's investment targets on its timeline)."""
    event = build_event(by, verb, target, before=before, after=after, unit=target.unit)
    event.enterprise_id = None
    event.save()


def target_snapshot(target: InvestmentTarget) -> dict:
    return {
        "link": target.link_id,
        "link_name": target.link.name,
        "company": target.company,
        "source": target.source,
        "enterprise": target.enterprise_id,
        "reason": target.reason,
        "unit": target.unit_id,
        "status": target.status,
    }


def _link(by: Actor, link: ChainLink | int) -> ChainLink:
    """The link, locked (two people adding the same company queue), with its chain; DoesNotExist outside scope."""
    scope = ChainLink.objects.all() if by.is_system else ChainLink.objects.visible_to(by.user)
    pk = getattr(link, "pk", link)
    scope.get(pk=pk)
    link = ChainLink.objects.select_related("chain", "chain__unit").select_for_update(of=("self",)).get(pk=pk)
    if link.chain.is_archived:
        raise Rejected("link", _("This chain is archived."))
    return link


def _source(value) -> str:
    value = getattr(value, "value", value)
    if value not in TargetSource.values:
        raise Rejected("source", _("Choose where the target comes from."))
    return value


def _enterprise(by: Actor, enterprise) -> Enterprise | None:
    pk = getattr(enterprise, "pk", enterprise)
    if pk in (None, ""):
        return None
    scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
    found = scope.select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Rejected("enterprise", _("Choose an enterprise of your units."))
    return found


def _unit(by: Actor, unit, link: ChainLink, enterprise: Enterprise | None, source: str) -> Unit:
    """The unit a target is filed under: the one chosen, else the enterprise's zone for a target from a visit, else
    the chain's unit (or, when the chain is a city's the actor reads from below, the actor's own unit)."""
    units = _units(by)
    chain_unit = link.chain.unit
    pk = getattr(unit, "pk", unit)
    if pk not in (None, ""):
        found = units.filter(pk=pk).first()
    elif enterprise is not None and source in FROM_A_VISIT:
        found = enterprise.unit
    else:
        found = units.filter(pk=chain_unit.pk).first()
        home = None if by.is_system else by.user.home_unit
        if found is None and home is not None and home.path.startswith(chain_unit.path):
            found = home
    if found is None:
        raise Rejected("unit", _("Choose a unit within your scope."))
    if not found.path.startswith(chain_unit.path):
        raise Rejected("unit", _("It lies outside %(unit)s, whose chain this is.") % {"unit": chain_unit})
    return found


@transaction.atomic(durable=True)
def add_target(
    by: Actor,
    *,
    link: ChainLink | int,
    company,
    source,
    enterprise: Enterprise | int | None = None,
    reason="",
    unit: Unit | int | None = None,
) -> InvestmentTarget:
    """Put a company on a link's target list: whom to approach, why, and the local enterprise behind it."""
    link = _link(by, link)
    ensure_can(by, "chain.target")
    source = _source(source)
    company = normalize_text(company)
    if not company:
        raise Rejected("company", _("Enter the company to approach."))
    if len(company) > 200:
        raise Rejected("company", _("Keep it within %(limit)d characters.") % {"limit": 200})
    reason = normalize_multiline(reason)
    if len(reason) > MAX_REASON:
        raise Rejected("reason", _("Keep it within %(limit)d characters.") % {"limit": MAX_REASON})
    enterprise = _enterprise(by, enterprise)
    if source == TargetSource.EXPANSION and enterprise is None:
        raise Rejected("enterprise", _("Say which local enterprise plans to expand."))
    unit = _unit(by, unit, link, enterprise, source)
    ensure_can(by, "chain.target", unit)
    live = InvestmentTarget.objects.filter(link=link, status__in=LIVE_STATUSES).values_list("company", flat=True)
    if company_key(company) in {company_key(name) for name in live}:
        raise Rejected(
            "company", _("%(company)s is already a target on %(link)s.") % {"company": company, "link": link}
        )
    target = InvestmentTarget.objects.create(
        unit=unit,
        link=link,
        company=company,
        source=source,
        enterprise=enterprise,
        reason=reason,
        created_by=by.user,
    )
    _record(by, "chain_target.added", target, after=target_snapshot(target))
    return target


def _locked(by: Actor, target: InvestmentTarget | int, version: int | None) -> InvestmentTarget:
    """The target's row, locked, with its link and chain; Conflict when it changed since it was read."""
    pk = getattr(target, "pk", target)
    scope = targets_in_scope(by).select_related("unit", "link", "link__chain", "link__chain__unit", "enterprise")
    locked = scope.select_for_update(of=("self",)).get(pk=pk)
    ensure_can(by, "chain.target", locked.unit)
    if version is not None and version != locked.version:
        raise Conflict()
    if locked.status == TargetStatus.CONVERTED:
        raise Conflict(_("This target was already turned into a lead."))
    return locked


@transaction.atomic(durable=True)
def dismiss_target(by: Actor, target: InvestmentTarget | int, *, version: int | None, reason) -> InvestmentTarget:
    """Drop an open target, saying why (the company declined, moved elsewhere, …)."""
    target = _locked(by, target, version)
    if target.status != TargetStatus.OPEN:
        raise Rejected("status", _("Only an open target can be dismissed."))
    reason = normalize_text(reason)
    if not reason:
        raise Rejected("reason", _("Say why the target is dismissed."))
    if len(reason) > 300:
        raise Rejected("reason", _("Keep it within %(limit)d characters.") % {"limit": 300})
    target.status, target.dismissed_reason = TargetStatus.DISMISSED, reason
    target.version += 1
    target.save(update_fields=["status", "dismissed_reason", "version"])
    after = {"status": target.status, "dismissed_reason": reason}
    _record(by, "chain_target.dismissed", target, before={"status": TargetStatus.OPEN}, after=after)
    return target


def lead_units(by: Actor, target: InvestmentTarget):
    """The zones and branch offices that may follow the target's lead: the target's unit itself, or those below it."""
    return (
        _units(by)
        .filter(path__startswith=target.unit.path, kind__in=LEAD_UNIT_KINDS, is_archived=False)
        .order_by("path")
    )


def _lead_unit(by: Actor, target: InvestmentTarget, unit) -> Unit:
    pk = getattr(unit, "pk", unit)
    if pk in (None, ""):
        if target.unit.kind in LEAD_UNIT_KINDS:
            return target.unit
        raise Rejected("unit", _("Choose the zone or branch office that follows the lead."))
    found = lead_units(by, target).filter(pk=pk).first()
    if found is None:
        raise Rejected("unit", _("Choose a zone or branch office under %(unit)s.") % {"unit": target.unit})
    return found


def lead_name(target: InvestmentTarget) -> str:
    return (_("%(company)s %(link)s project") % {"company": target.company, "link": target.link.name})[:200]


@transaction.atomic(durable=True)
def target_to_lead(
    by: Actor, target: InvestmentTarget | int, *, version: int | None, officer=None, unit=None
) -> Project:
    """Turn an open target into a lead of the pipeline, on the target's link, in one transaction: the project (through
    the projects app's own service, with its Event), its place on the link, and the target marked converted."""
    target = _locked(by, target, version)
    if target.status != TargetStatus.OPEN:
        raise Rejected("status", _("Only an open target can be turned into a lead."))
    if target.link.chain.is_archived:
        raise Rejected("link", _("This chain is archived."))
    data = {
        "name": lead_name(target),
        "unit": _lead_unit(by, target, unit),
        "investor_name": target.company,
        "description": target.reason,
        "source": Source.OWN,
        "officer": getattr(officer, "pk", officer),
    }
    if target.source == TargetSource.EXPANSION and target.enterprise is not None:
        # The local enterprise invests itself: the project is its expansion, in its industry.
        data.update(source=Source.ENTERPRISE, enterprise=target.enterprise_id, industry=target.enterprise.industry_id)
    project = add_project(data, by=by)
    ProjectLink.objects.create(link=target.link, project=project)
    target.status, target.project = TargetStatus.CONVERTED, project
    target.version += 1
    target.save(update_fields=["status", "project", "version"])
    after = {"status": target.status, "project": project.pk, "project_name": project.name, "link": target.link_id}
    _record(by, "chain_target.converted", target, before={"status": TargetStatus.OPEN}, after=after)
    return project
