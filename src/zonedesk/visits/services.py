"""Every change to visits and visit campaigns: plan, record the findings, cancel, set up a campaign."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.demands.services import create_demand
from zonedesk.demands.states import Source
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import Membership, Unit, User
from zonedesk.orgs.permissions import ensure_can
from zonedesk.orgs.roles import STAFF_ROLES

from .models import CampaignTarget, Visit, VisitCampaign, VisitStatus

FINDINGS = [
    "visited_on",
    "summary",
    "employees_on_duty",
    "employees_total",
    "capacity_in_use_percent",
    "plans_to_expand",
    "plans_to_relocate",
    "plans_to_downsize",
    "risk_note",
    "key_suppliers_outside",
]
RISK_FLAGS = ("plans_to_expand", "plans_to_relocate", "plans_to_downsize")


def _units(by: Actor):
    return Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)


def _enterprises(by: Actor):
    return Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)


def visits_in_scope(by: Actor):
    """The visits an actor may act on."""
    return Visit.objects.all() if by.is_system else Visit.objects.visible_to(by.user)


def _date(value, field: str) -> date:
    try:
        day = value if isinstance(value, date) else parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise Rejected(field, _("Enter a date such as 2025-02-07."))
    return day


def _unit(value, by: Actor, field: str = "unit") -> Unit:
    unit_id = getattr(value, "pk", value)
    unit = _units(by).filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        raise Rejected(field, _("Choose one of your units."))
    return unit


def _staff(values, by: Actor, field: str) -> list[User]:
    """Active staff users of the actor's units, in the order given."""
    ids = [getattr(v, "pk", v) for v in values]
    staff = Membership.objects.active().filter(unit__in=_units(by), role__in=STAFF_ROLES)
    found = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True).filter(pk__in=staff.values("user_id"))}
    if len(found) != len(set(ids)):
        raise Rejected(field, _("Choose active officers of your units."))
    return [found[i] for i in dict.fromkeys(ids)]


def _count(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Rejected(field, _("Enter a whole number.")) from None
    if number < 0:
        raise Rejected(field, _("A number of people cannot be negative."))
    return number


def _findings(data: dict) -> dict:
    """The findings of a visit, checked together: on duty within total, capacity 0–100, no future date."""
    out = {"visited_on": _date(data.get("visited_on") or timezone.localdate(), "visited_on")}
    if out["visited_on"] > timezone.localdate():
        raise Rejected("visited_on", _("A visit cannot be recorded before it happens."))
    out["employees_on_duty"] = _count(data.get("employees_on_duty"), "employees_on_duty")
    out["employees_total"] = _count(data.get("employees_total"), "employees_total")
    if (out["employees_on_duty"] is None) != (out["employees_total"] is None):
        raise Rejected("employees_total", _("Enter both the employees on duty and the employees in total."))
    if out["employees_total"] is not None and out["employees_on_duty"] > out["employees_total"]:
        raise Rejected("employees_on_duty", _("More employees on duty than in total."))
    out["capacity_in_use_percent"] = _count(data.get("capacity_in_use_percent"), "capacity_in_use_percent")
    if out["capacity_in_use_percent"] is not None and out["capacity_in_use_percent"] > 100:
        raise Rejected("capacity_in_use_percent", _("Capacity in use is a percentage from 0 to 100."))
    for flag in RISK_FLAGS:
        out[flag] = bool(data.get(flag))
    for key in ("summary", "risk_note", "key_suppliers_outside"):
        out[key] = normalize_multiline(data.get(key))
    if any(out[flag] for flag in RISK_FLAGS) and not out["risk_note"]:
        raise Rejected("risk_note", _("Say what the enterprise plans when a risk is flagged."))
    return out


@transaction.atomic(durable=True)
def plan_visit(
    enterprise: Enterprise, *, unit: Unit, planned_on, by: Actor, visitors=None, campaign=None, summary: str = ""
) -> Visit:
    """Plan a visit of one of the actor's units to an enterprise in scope."""
    return _plan(
        enterprise, unit=unit, planned_on=planned_on, by=by, visitors=visitors, campaign=campaign, summary=summary
    )


def _plan(enterprise, *, unit, planned_on, by: Actor, visitors=None, campaign=None, summary: str = "") -> Visit:
    enterprise = _enterprises(by).get(pk=enterprise.pk)
    unit = _unit(unit, by)
    ensure_can(by, "visit.record", unit)
    planned_on = _date(planned_on, "planned_on")
    if campaign is not None:
        campaigns = VisitCampaign.objects.all() if by.is_system else VisitCampaign.objects.visible_to(by.user)
        campaign = campaigns.filter(pk=getattr(campaign, "pk", campaign)).first()
        if campaign is None or not campaign.targets.filter(enterprise=enterprise).exists():
            raise Rejected("campaign", _("This enterprise is not a target of that campaign."))
    people = _staff(visitors if visitors is not None else ([] if by.is_system else [by.user]), by, "visitors")
    visit = Visit.objects.create(
        enterprise=enterprise, unit=unit, planned_on=planned_on, campaign=campaign, summary=normalize_multiline(summary)
    )
    visit.visitors.set(people)
    after = snapshot(visit, ["unit", "planned_on", "campaign"]) | {"visitors": [u.pk for u in people]}
    record(by, "visit.planned", visit, after=after)
    return visit


@transaction.atomic(durable=True)
def record_visit(visit: Visit, findings: dict, *, by: Actor, version: int | None = None, demands=()) -> Visit:
    """Record that a planned visit took place, with its measured findings, risk flags and the demands raised
    (each {"category", "title", "description"}), all or nothing."""
    return _record(visit, findings, by=by, version=version, demands=demands)


@transaction.atomic(durable=True)
def log_visit(enterprise, *, unit, findings: dict, by: Actor, visitors=None, demands=()) -> Visit:
    """Record a visit that was not planned beforehand, in one step (planned on the day it happened)."""
    day = findings.get("visited_on") or timezone.localdate()
    visit = _plan(enterprise, unit=unit, planned_on=day, by=by, visitors=visitors)
    return _record(visit, findings, by=by, demands=demands)


def _raise_demands(visit: Visit, demands, by: Actor) -> None:
    for row, item in enumerate(demands, start=1):
        try:
            create_demand(
                by,
                visit.enterprise,
                category=item.get("category"),
                title=item.get("title") or "",
                description=item.get("description") or "",
                source=Source.VISIT,
                visit=visit,
            )
        except Rejected as exc:
            raise Rejected(
                f"demands.{row}.{exc.field}", _("Demand %(row)d: %(message)s") % {"row": row, "message": exc.message}
            ) from exc


def _record(visit: Visit, findings: dict, *, by: Actor, version: int | None = None, demands=()) -> Visit:
    visit = visits_in_scope(by).select_for_update().get(pk=visit.pk)
    ensure_can(by, "visit.record", visit.unit)
    if version is not None and version != visit.version:
        raise Conflict()
    if visit.status != VisitStatus.PLANNED:
        raise Rejected("status", _("Only a planned visit can be recorded."))
    values = _findings(findings)
    before = snapshot(visit, ["status", *FINDINGS])
    for key, value in values.items():
        setattr(visit, key, value)
    visit.status = VisitStatus.DONE
    visit.version += 1
    visit.save(update_fields=["status", "version", *FINDINGS])
    record(by, "visit.recorded", visit, before=before, after=snapshot(visit, ["status", *FINDINGS]))
    _raise_demands(visit, demands, by)
    return visit


@transaction.atomic(durable=True)
def cancel_visit(visit: Visit, *, reason: str, by: Actor, version: int | None = None) -> Visit:
    """Cancel a planned visit, with the reason."""
    visit = visits_in_scope(by).select_for_update().get(pk=visit.pk)
    ensure_can(by, "visit.record", visit.unit)
    if version is not None and version != visit.version:
        raise Conflict()
    if visit.status != VisitStatus.PLANNED:
        raise Rejected("status", _("Only a planned visit can be cancelled."))
    if not normalize_text(reason):
        raise Rejected("reason", _("Say why the visit is cancelled."))
    visit.status = VisitStatus.CANCELLED
    visit.cancel_reason = normalize_text(reason)[:300]
    visit.version += 1
    visit.save(update_fields=["status", "cancel_reason", "version"])
    record(
        by,
        "visit.cancelled",
        visit,
        before={"status": VisitStatus.PLANNED},
        after={"status": VisitStatus.CANCELLED, "reason": visit.cancel_reason},
    )
    return visit


@transaction.atomic(durable=True)
def create_campaign(data: dict, *, by: Actor) -> VisitCampaign:
    """Set up a visit campaign: its unit, name, dates and targets, a list of (enterprise, officer)."""
    unit = _unit(data.get("unit"), by)
    ensure_can(by, "campaign.manage", unit)
    name = normalize_text(data.get("name") or "")
    if not name:
        raise Rejected("name", _("Enter the campaign's name."))
    starts_on = _date(data.get("starts_on"), "starts_on")
    ends_on = _date(data.get("ends_on"), "ends_on")
    if ends_on < starts_on:
        raise Rejected("ends_on", _("The campaign ends before it starts."))
    targets = list(data.get("targets") or [])
    if not targets:
        raise Rejected("targets", _("List the enterprises to visit."))
    ids = [getattr(enterprise, "pk", enterprise) for enterprise, _officer in targets]
    if len(set(ids)) != len(ids):
        raise Rejected("targets", _("An enterprise is listed twice."))
    found = {e.pk: e for e in _enterprises(by).filter(pk__in=ids, unit__path__startswith=unit.path)}
    if len(found) != len(ids):
        raise Rejected("targets", _("Choose enterprises of the campaign's unit."))
    officers = _staff([o for _e, o in targets if o is not None], by, "targets")
    by_pk = {o.pk: o for o in officers}
    campaign = VisitCampaign.objects.create(unit=unit, name=name, starts_on=starts_on, ends_on=ends_on)
    CampaignTarget.objects.bulk_create(
        CampaignTarget(campaign=campaign, enterprise=found[pk], officer=by_pk.get(getattr(officer, "pk", officer)))
        for pk, (_e, officer) in zip(ids, targets, strict=True)
    )
    after = snapshot(campaign, ["unit", "name", "starts_on", "ends_on"]) | {"enterprises": ids}
    record(by, "campaign.created", campaign, after=after)
    return campaign
