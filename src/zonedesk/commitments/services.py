"""Every change to an agreement and to the zone's promises: one durable transaction and one Event each."""

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.models import Project
from zonedesk.projects.stages import LIFE, Stage

from . import values
from .models import Agreement, PromiseKind, ZonePromise

# What an agreement records, in the order the Event and the forms list them.
FIELDS = [
    "number",
    "signed_on",
    "total_investment_wan",
    "fixed_asset_investment_wan",
    "land_mu",
    "intensity_wan_per_mu",
    "start_by",
    "produce_by",
    "capacity_by",
    "annual_output_wan",
    "annual_tax_wan",
    "tax_per_mu_wan",
    "jobs",
    "note",
]
AMOUNTS = ["total_investment_wan", "fixed_asset_investment_wan", "annual_output_wan", "annual_tax_wan"]
PER_MU = ["intensity_wan_per_mu", "tax_per_mu_wan"]
PROMISED_DATES = ["start_by", "produce_by", "capacity_by"]
PROMISE_FIELDS = ["kind", "description", "due_on", "done_on", "note"]
SIGNED_OR_LATER = LIFE[LIFE.index(Stage.SIGNED) :]


def agreements_in_scope(by: Actor):
    """The agreements an actor may act on (outside them an agreement does not exist: 404)."""
    return Agreement.objects.all() if by.is_system else Agreement.objects.visible_to(by.user)


def _projects(by: Actor):
    return Project.objects.all() if by.is_system else Project.objects.visible_to(by.user)


def clean_agreement(data: dict) -> dict:
    """The agreement's fields checked together; Rejected names the first bad field and nothing is written."""
    out = {"number": normalize_text(data.get("number"))}
    if len(out["number"]) > 60:
        raise Rejected("number", _("Keep the agreement number within 60 characters."))
    out["signed_on"] = values.past_day(data.get("signed_on"), "signed_on")
    if out["signed_on"] is None:
        raise Rejected("signed_on", _("Enter the day the agreement was signed."))
    for field in AMOUNTS:
        out[field] = values.wan(data.get(field), field)
    for field in PER_MU:
        out[field] = values.wan(data.get(field), field, per_mu=True)
    out["land_mu"] = values.mu(data.get("land_mu"), "land_mu")
    out["jobs"] = values.count(data.get("jobs"), "jobs")
    for field in PROMISED_DATES:
        out[field] = values.day(data.get(field), field)
    earlier, earlier_field = out["signed_on"], "signed_on"
    for field in PROMISED_DATES:
        if out[field] is None:
            continue
        if out[field] < earlier:
            labels = {
                "signed_on": _("the signing"),
                "start_by": _("the start of construction"),
                "produce_by": _("the start of production"),
            }
            raise Rejected(field, _("This date comes before %(what)s.") % {"what": labels[earlier_field]})
        earlier, earlier_field = out[field], field
    fixed, total = out["fixed_asset_investment_wan"], out["total_investment_wan"]
    if fixed is not None and total is not None and fixed > total:
        raise Rejected("fixed_asset_investment_wan", _("The fixed-asset investment is larger than the total."))
    out["note"] = normalize_multiline(data.get("note"))
    if len(out["note"]) > 5000:
        raise Rejected("note", _("Keep the note within 5000 characters."))
    return out


@transaction.atomic(durable=True)
def record_agreement(project: Project | int, data: dict, *, by: Actor) -> Agreement:
    """Record the investment agreement of a signed (or later) project: what its investor promised."""
    project = _projects(by).select_for_update().get(pk=getattr(project, "pk", project))
    ensure_can(by, "commitment.manage", project.unit)
    if project.stage not in SIGNED_OR_LATER or getattr(project, "is_facility", False):
        raise Rejected("project", _("Only a signed project (or one further on) has an investment agreement."))
    if Agreement.objects.filter(project=project).exists():
        raise Rejected("project", _("This project already has its agreement: change that one."))
    values_ = clean_agreement({"signed_on": project.signed_on, **data})
    agreement = Agreement.objects.create(project=project, unit=project.unit, **values_)
    record(by, "agreement.recorded", agreement, after=snapshot(agreement, FIELDS))
    return agreement


@transaction.atomic(durable=True)
def update_agreement(agreement: Agreement | int, data: dict, *, by: Actor, version: int | None = None) -> Agreement:
    """Change the fields given of an agreement; a stale `version` (someone saved in between) is a Conflict."""
    pk = getattr(agreement, "pk", agreement)
    agreement = agreements_in_scope(by).select_related("project").select_for_update(of=("self",)).get(pk=pk)
    ensure_can(by, "commitment.manage", agreement.unit)
    if version is not None and version != agreement.version:
        raise Conflict()
    current = {name: getattr(agreement, name) for name in FIELDS}
    merged = {**current, **{k: v for k, v in data.items() if k in FIELDS}}
    cleaned = clean_agreement(merged)
    before = snapshot(agreement, FIELDS)
    for key, value in cleaned.items():
        setattr(agreement, key, value)
    agreement.unit_id = agreement.project.unit_id  # follows the project should it have changed zone
    before, after = changes(before, snapshot(agreement, FIELDS))
    if after:
        agreement.version += 1
        agreement.save()
        record(by, "agreement.updated", agreement, before=before, after=after)
    return agreement


def clean_promise(data: dict) -> dict:
    out = {"kind": data.get("kind") or ""}
    if out["kind"] not in PromiseKind.values:
        raise Rejected("kind", _("Choose what kind of promise this is."))
    out["description"] = normalize_text(data.get("description"))
    if not out["description"]:
        raise Rejected("description", _("Say what the zone promised."))
    if len(out["description"]) > 300:
        raise Rejected("description", _("Keep it within 300 characters."))
    out["due_on"] = values.day(data.get("due_on"), "due_on")
    if out["due_on"] is None:
        raise Rejected("due_on", _("Enter the day it was promised by."))
    out["done_on"] = values.past_day(data.get("done_on"), "done_on")
    out["note"] = normalize_text(data.get("note"))
    if len(out["note"]) > 300:
        raise Rejected("note", _("Keep it within 300 characters."))
    return out


@transaction.atomic(durable=True)
def add_zone_promise(agreement: Agreement | int, data: dict, *, by: Actor) -> ZonePromise:
    """Record something the zone promised the investor (land, utilities, incentives) and by when."""
    pk = getattr(agreement, "pk", agreement)
    agreement = agreements_in_scope(by).select_for_update().get(pk=pk)
    ensure_can(by, "commitment.manage", agreement.unit)
    promise = ZonePromise.objects.create(agreement=agreement, **clean_promise(data))
    record(by, "zone_promise.added", promise, after=snapshot(promise, PROMISE_FIELDS), unit=agreement.unit)
    return promise


@transaction.atomic(durable=True)
def update_zone_promise(
    promise: ZonePromise | int, data: dict, *, by: Actor, version: int | None = None
) -> ZonePromise:
    """Change a zone's promise, or record the day it was done; a stale `version` is a Conflict."""
    pk = getattr(promise, "pk", promise)
    scope = ZonePromise.objects.all() if by.is_system else ZonePromise.objects.visible_to(by.user)
    promise = scope.select_related("agreement").select_for_update(of=("self",)).get(pk=pk)
    ensure_can(by, "commitment.manage", promise.agreement.unit)
    if version is not None and version != promise.version:
        raise Conflict()
    merged = {**{name: getattr(promise, name) for name in PROMISE_FIELDS}, **data}
    cleaned = clean_promise({k: v for k, v in merged.items() if k in PROMISE_FIELDS})
    before = snapshot(promise, PROMISE_FIELDS)
    for key, value in cleaned.items():
        setattr(promise, key, value)
    before, after = changes(before, snapshot(promise, PROMISE_FIELDS))
    if after:
        promise.version += 1
        promise.save()
        record(by, "zone_promise.updated", promise, before=before, after=after, unit=promise.agreement.unit)
    return promise
