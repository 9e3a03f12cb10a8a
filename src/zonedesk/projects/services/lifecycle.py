"""A project's life: record it, edit it, move it through its stages, correct a move, record its money."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.amounts import quantize_wan
from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.models import Industry
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.common.uscc import normalize_uscc, uscc_problem
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.models import Membership, Unit, UnitKind, User
from zonedesk.orgs.permissions import ensure_can
from zonedesk.orgs.roles import Role

from ..models import FACILITY_FIELDS, INVESTMENT_FIELDS, KeyLevel, Project, PromotionEvent, Source, StageMove
from ..stages import DATE_FIELD, LIFE, REQUIRES, TRANSITIONS_BY_KIND, Kind, Stage, previous_stage
from .amounts import contracted_amount, read_investment

EDITABLE = [
    "name",
    "unit",
    "investor_name",
    "investor_uscc",
    "enterprise",
    "industry",
    "description",
    "investment_text",
    "investment_currency",
    "investment_original",
    "investment_qualifier",
    "total_investment_wan",
    "rate_to_cny",
    "rate_on",
    "source",
    "promotion_event",
    "officer",
    "key_level",
    "next_steps",
]
# A facility's fields: no investor, source or industry; a builder and an owner department instead.
FACILITY_EDITABLE = [f for f in EDITABLE if f not in INVESTMENT_FIELDS] + list(FACILITY_FIELDS)
OWNER_KINDS = (UnitKind.ZONE, UnitKind.BRANCH)


def projects_in_scope(by: Actor):
    """The projects an actor may act on."""
    return Project.objects.all() if by.is_system else Project.objects.visible_to(by.user)


def _units(by: Actor):
    return Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)


def _moment(day: date) -> datetime:
    """When a dated move happened, for "no move in N days": now for today, noon of the day otherwise."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12)))


def _past_date(value, field: str) -> date:
    try:
        day = parse_date(value) if not isinstance(value, date) else value
    except ValueError as exc:
        raise Rejected(field, _("Enter a date such as 2025-02-07.")) from exc
    if day is None:
        raise Rejected(field, _("Enter the date."))
    if day > timezone.localdate():
        raise Rejected(field, _("This date is in the future: record the move when it has happened."))
    return day


def _clean(data: dict, by: Actor, *, instance: Project | None = None, kind: str = Kind.INVESTMENT) -> dict:
    out: dict = {}
    for field in INVESTMENT_FIELDS if kind == Kind.FACILITY else FACILITY_FIELDS:
        if data.get(field) not in (None, ""):
            if kind == Kind.FACILITY:
                raise Rejected(field, _("A facility has no investor, source or industry: leave this empty."))
            raise Rejected(field, _("Only a facility has a builder and an owner department."))
    if "name" in data:
        out["name"] = normalize_text(data["name"])
        if not out["name"]:
            raise Rejected("name", _("Enter the project's name."))
    if "unit" in data:
        unit_id = getattr(data["unit"], "pk", data["unit"])
        out["unit"] = _units(by).filter(pk=unit_id, kind__in=OWNER_KINDS).first()
        if out["unit"] is None:
            raise Rejected("unit", _("Choose a zone or branch office within your units."))
    if "investor_name" in data:
        out["investor_name"] = normalize_text(data["investor_name"])
    if "investor_uscc" in data:
        code = normalize_uscc(data["investor_uscc"] or "")
        if code and uscc_problem(code):
            raise Rejected("investor_uscc", _("This is not a valid unified social credit code."))
        out["investor_uscc"] = code
    if "industry" in data:
        code = getattr(data["industry"], "code", data["industry"]) or ""
        out["industry"] = Industry.objects.filter(code=code).first() if code else None
        if code and out["industry"] is None:
            raise Rejected("industry", _("%(code)s is not a GB/T 4754-2017 industry code.") % {"code": code})
    for key in ("description", "next_steps"):
        if key in data:
            out[key] = normalize_multiline(data[key])
    if "investment" in data and not (instance and normalize_text(data["investment"]) == instance.investment_text):
        # Re-read only a changed text: re-sending "6000万欧元" must not re-convert it at today's rate.
        text = normalize_text(data["investment"])
        out.update(
            read_investment(text)
            if text
            else dict.fromkeys(
                ["investment_original", "total_investment_wan", "total_investment_upper_wan", "rate_to_cny", "rate_on"]
            )
            | {"investment_text": "", "investment_currency": "CNY", "investment_qualifier": "exact"}
        )
    if "source" in data:
        if data["source"] not in Source.values:
            raise Rejected("source", _("Choose where the project came from."))
        out["source"] = data["source"]
    if "promotion_event" in data:
        event_id = getattr(data["promotion_event"], "pk", data["promotion_event"])
        out["promotion_event"] = None
        if event_id:
            events = PromotionEvent.objects.all() if by.is_system else PromotionEvent.objects.visible_to(by.user)
            out["promotion_event"] = events.filter(pk=event_id).first()
            if out["promotion_event"] is None:
                raise Rejected("promotion_event", _("Choose a promotion event of your units."))
    if out.get("promotion_event") is not None:
        out["source"] = Source.EVENT
    if "officer" in data:
        officer_id = getattr(data["officer"], "pk", data["officer"])
        staff = Membership.objects.active().filter(unit__in=_units(by)).exclude(role=Role.ENTERPRISE)
        found = User.objects.filter(pk=officer_id, is_active=True, pk__in=staff.values("user_id"))
        out["officer"] = found.first() if officer_id else None
        if officer_id and out["officer"] is None:
            raise Rejected("officer", _("Choose an active officer of your units."))
    if "key_level" in data:
        if (data["key_level"] or "") not in KeyLevel.values:
            raise Rejected("key_level", _("Choose a key project level."))
        out["key_level"] = data["key_level"] or ""
    if "builder" in data:
        out["builder"] = normalize_text(data["builder"])
    if "owner_department" in data:
        out["owner_department"] = _department(data["owner_department"], by, out.get("unit") or instance)
    if "enterprise" in data:
        enterprise_id = getattr(data["enterprise"], "pk", data["enterprise"])
        scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
        out["enterprise"] = scope.filter(pk=enterprise_id).first() if enterprise_id else None
        if enterprise_id and out["enterprise"] is None:
            raise Rejected("enterprise", _("Choose an enterprise of your units."))
    return out


def _department(value, by: Actor, owner) -> Unit | None:
    """A department below the project's zone, within the actor's units (None for none)."""
    department_id = getattr(value, "pk", value)
    if not department_id:
        return None
    zone = getattr(owner, "unit", owner)
    found = _units(by).filter(pk=department_id, kind=UnitKind.DEPARTMENT)
    found = found.filter(path__startswith=zone.path).first() if zone is not None else found.first()
    if found is None:
        raise Rejected("owner_department", _("Choose a department of the facility's zone."))
    return found


def _duplicate(investor_uscc: str, name: str, exclude_pk: int | None = None) -> bool:
    if not investor_uscc:
        return False
    same = Project.objects.filter(investor_uscc=investor_uscc, name=name)
    return same.exclude(pk=exclude_pk).exists() if exclude_pk else same.exists()


def same_facility(unit: Unit, name: str):
    """The zone's facilities of this name (a facility is recorded once per zone)."""
    return Project.objects.facilities().filter(unit=unit, name=name)


@transaction.atomic(durable=True)
def create_project(data: dict, *, by: Actor) -> Project:
    """Record a lead (or an existing project) in a zone or branch office of the actor's scope."""
    return add_project(data, by=by)


def add_project(data: dict, *, by: Actor) -> Project:
    """create_project inside the caller's transaction (a chain's target turned into a lead with its link)."""
    ensure_can(by, "project.create")
    for required in ("name", "unit"):
        if not data.get(required):
            raise Rejected(required, _("This field is required."))
    values = _clean(data, by)
    ensure_can(by, "project.create", values["unit"])
    if _duplicate(values.get("investor_uscc", ""), values["name"]):
        raise Rejected("name", _("This investor already has a project of this name: record another signing on it."))
    lead_on = _past_date(data.get("lead_on") or timezone.localdate(), "lead_on")
    values["officer"] = values.get("officer") or by.user
    project = Project.objects.create(**values, lead_on=lead_on, last_moved_at=_moment(lead_on))
    event = record(by, "project.created", project, after={**snapshot(project, EDITABLE), "lead_on": lead_on})
    StageMove.objects.create(
        project=project,
        unit=project.unit,
        to_stage=Stage.LEAD,
        on=lead_on,
        event=event,
        investment_wan=project.total_investment_wan,
    )
    return project


@transaction.atomic(durable=True)
def update_project(project: Project, data: dict, *, by: Actor, version: int | None = None) -> Project:
    """Change a project's fields (not its stage); a stale `version` is a Conflict."""
    project = projects_in_scope(by).select_for_update().get(pk=project.pk)
    ensure_can(by, "project.edit", project.unit)
    if version is not None and version != project.version:
        raise Conflict()
    values = _clean(data, by, instance=project, kind=project.kind)
    if "unit" in values and values["unit"] != project.unit:
        raise Rejected("unit", _("A project changes zone only through a referral."))
    name = values.get("name", project.name)
    if _duplicate(values.get("investor_uscc", project.investor_uscc), name, exclude_pk=project.pk):
        raise Rejected("name", _("This investor already has a project of this name."))
    if project.kind == Kind.FACILITY and same_facility(project.unit, name).exclude(pk=project.pk).exists():
        raise Rejected("name", _("The zone already has a facility of this name."))
    fields = FACILITY_EDITABLE if project.kind == Kind.FACILITY else EDITABLE
    before = snapshot(project, fields)
    for key, value in values.items():
        setattr(project, key, value)
    before, after = changes(before, snapshot(project, fields))
    if after:
        project.version += 1
        project.save()
        record(by, "project.updated", project, before=before, after=after)
    return project


def _lock_for_move(project: Project, by: Actor, perm: str, version: int | None) -> Project:
    locked = projects_in_scope(by).select_for_update().get(pk=project.pk)
    ensure_can(by, perm, locked.unit)
    if version is not None and version != locked.version:
        raise Conflict()
    return locked


@transaction.atomic(durable=True)
def advance_stage(
    project: Project,
    to: str,
    *,
    by: Actor,
    on=None,
    version: int | None = None,
    contracted_investment=None,
    reason: str = "",
) -> Project:
    """Move a project to its next stage (or drop it), dated; the move is counted in that date's period."""
    project = _lock_for_move(project, by, "project.advance", version)
    if to == project.stage:
        raise Conflict(_("The project is already at this stage."))
    if to not in TRANSITIONS_BY_KIND[project.kind][project.stage]:
        raise Rejected("stage", _("A project at this stage cannot move there."))
    on = _past_date(on or timezone.localdate(), "on")
    previous = project.stage_date(project.stage)
    if previous and on < previous:
        raise Rejected("on", _("This date is before the date of the current stage (%(d)s).") % {"d": previous})
    extra = {}
    if to == Stage.SIGNED:
        if contracted_investment in (None, ""):
            raise Rejected("contracted_investment", REQUIRES[Stage.SIGNED]["contracted_investment"])
        amount = contracted_amount(contracted_investment, on)
        project.contracted_investment_wan = extra["contracted_investment_wan"] = amount
    if to == Stage.DROPPED:
        if not reason.strip():
            raise Rejected("reason", REQUIRES[Stage.DROPPED]["reason"])
        project.dropped_reason = extra["dropped_reason"] = reason.strip()
        project.dropped_from = project.stage
    before = {"stage": project.stage}
    from_stage = project.stage
    project.stage = to
    setattr(project, DATE_FIELD[to], on)
    project.version += 1
    project.last_moved_at = _moment(on)
    project.save()
    verb = "project.dropped" if to == Stage.DROPPED else "project.stage_advanced"
    event = record(by, verb, project, before=before, after={"stage": to, "on": on, **extra})
    amount = project.contracted_investment_wan if to == Stage.SIGNED else project.total_investment_wan
    StageMove.objects.create(
        project=project,
        unit=project.unit,
        from_stage=from_stage,
        to_stage=to,
        on=on,
        investment_wan=amount,
        event=event,
    )
    return project


@transaction.atomic(durable=True)
def move_back(project: Project, *, reason: str, by: Actor, version: int | None = None) -> Project:
    """A leader undoes the last move (a correction: the period that counted it stops counting it)."""
    return _correct(project, reason=reason, by=by, version=version, reopen=False)


@transaction.atomic(durable=True)
def reopen(project: Project, *, reason: str, by: Actor, version: int | None = None) -> Project:
    """A leader brings a dropped project back to the stage it was dropped from."""
    return _correct(project, reason=reason, by=by, version=version, reopen=True)


def _correct(project: Project, *, reason: str, by: Actor, version: int | None, reopen: bool) -> Project:
    project = _lock_for_move(project, by, "project.correct", version)
    if not reason.strip():
        raise Rejected("reason", _("Say why the move is corrected."))
    if reopen != (project.stage == Stage.DROPPED):
        raise Rejected("stage", _("Only a dropped project is reopened; others move back."))
    target = project.dropped_from if reopen else previous_stage(project.stage, project.kind)
    if target is None:
        if project.kind == Kind.FACILITY:
            raise Rejected("stage", _("A planned facility has no earlier stage."))
        raise Rejected("stage", _("A lead has no earlier stage."))
    undone = project.moves.filter(to_stage=project.stage, cancelled_at__isnull=True).order_by("-on", "-pk").first()
    before = {"stage": project.stage, DATE_FIELD[project.stage]: project.stage_date(project.stage)}
    setattr(project, DATE_FIELD[project.stage], None)
    if reopen:
        project.dropped_reason, project.dropped_from = "", ""
    if project.stage == Stage.SIGNED:
        project.contracted_investment_wan = None
    project.stage = target
    project.version += 1
    project.last_moved_at = timezone.now()
    project.save()
    verb = "project.reopened" if reopen else "project.stage_moved_back"
    event = record(by, verb, project, before=before, after={"stage": target, "reason": reason.strip()})
    if undone is not None:
        StageMove.objects.filter(pk=undone.pk).update(cancelled_at=timezone.now(), cancelled_by=event)
    return project


@transaction.atomic(durable=True)
def record_resigning(project: Project, *, on, note: str, by: Actor) -> Project:
    """Another signing ceremony of a signed project: an Event on the one project, never a second project."""
    project = _lock_for_move(project, by, "project.advance", None)
    if project.kind != Kind.INVESTMENT or project.stage not in LIFE[LIFE.index(Stage.SIGNED) :]:
        raise Rejected("stage", _("Only a signed project can be signed again."))
    on = _past_date(on, "on")
    record(by, "project.resigned", project, after={"on": on, "note": normalize_text(note)})
    return project


@transaction.atomic(durable=True)
def record_funds(project: Project, *, funds_in_place_wan=None, investment_completed_wan=None, by: Actor) -> Project:
    """Update 到资 (funds in place) and 完成投资 (investment completed), cumulative amounts in 万元."""
    return apply_funds(
        project, funds_in_place_wan=funds_in_place_wan, investment_completed_wan=investment_completed_wan, by=by
    )


def apply_funds(project: Project, *, funds_in_place_wan=None, investment_completed_wan=None, by: Actor) -> Project:
    """record_funds inside the caller's transaction (a weekly report feeds the project's figure)."""
    project = _lock_for_move(project, by, "project.edit", None)
    before = snapshot(project, ["funds_in_place_wan", "investment_completed_wan"])
    for field, value in (
        ("funds_in_place_wan", funds_in_place_wan),
        ("investment_completed_wan", investment_completed_wan),
    ):
        if value is None:
            continue
        value = quantize_wan(Decimal(value))
        if value < 0:
            raise Rejected(field, _("An amount cannot be negative."))
        setattr(project, field, value)
    before, after = changes(before, snapshot(project, ["funds_in_place_wan", "investment_completed_wan"]))
    if after:
        project.version += 1
        project.save(update_fields=["funds_in_place_wan", "investment_completed_wan", "version"])
        record(by, "project.funds_recorded", project, before=before, after=after)
    return project
