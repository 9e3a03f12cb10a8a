"""Every state change of a demand: one durable transaction, the row locked, one Event, one DemandMove."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can, ensure_can
from zonedesk.orgs.roles import Role

from .config import category_days, settings_for
from .models import Demand, DemandCategory, DemandMove
from .states import (
    AUTO_CONFIRM_WORKDAYS,
    DATE_FIELD,
    DISSATISFIED_AT_MOST,
    REOPEN_WITHIN_DAYS,
    TRANSITIONS,
    Level,
    Outcome,
    Source,
    State,
)


def demands_in_scope(by: Actor):
    """The demands an actor may act on."""
    return Demand.objects.all() if by.is_system else Demand.objects.visible_to(by.user)


def _ensure(by: Actor, perm: str, demand: Demand) -> None:
    """The actor holds `perm` on the demand's zone or on its assigned department (enterprise: own only)."""
    if by.is_system:
        return
    units = [demand.handling_unit] + ([demand.assigned_department] if demand.assigned_department_id else [])
    if not any(can(by.user, perm, unit, enterprise_id=demand.enterprise_id) for unit in units):
        raise Forbidden()


def _locked(by: Actor, demand: Demand | int, version: int | None) -> tuple[Demand, str]:
    """The demand's row, locked; Conflict when it changed since it was read (state or version)."""
    read_state = getattr(demand, "state", None)
    if version is None:
        version = getattr(demand, "version", None)
    pk = getattr(demand, "pk", demand)
    locked = demands_in_scope(by).select_related("unit", "handling_unit", "assigned_department", "category")
    locked = locked.select_for_update(of=("self",)).get(pk=pk)
    if (version is not None and locked.version != version) or (read_state and read_state != locked.state):
        raise Conflict()
    return locked, locked.state


def _reason(value, field: str = "reason") -> str:
    text = normalize_multiline(value)
    if not text:
        raise Rejected(field, _("Give a reason."))
    return text


def _move(
    by: Actor, demand: Demand, to: str, verb: str, fields: dict, *, reason: str = "", on: date | None = None
) -> Demand:
    """Move the locked demand to `to` (only along TRANSITIONS), save the fields, write the Event and the move."""
    before_state = demand.state
    if to not in TRANSITIONS[before_state]:
        raise Rejected("state", _("This demand cannot make that move now."))
    day = on or timezone.localdate()
    changed = {"state": to, DATE_FIELD[to]: day, "reason": reason, **fields}
    before = {k: getattr(demand, k) for k in changed}
    before = {k: getattr(v, "pk", v) for k, v in before.items()}
    for key, value in changed.items():
        setattr(demand, key, value)
    demand.version += 1
    demand.save(update_fields=[*changed, "version"])
    after = {k: getattr(v, "pk", v) for k, v in changed.items()}
    event = record(by, verb, demand, before=before, after=after)
    DemandMove.objects.create(
        demand=demand,
        unit=demand.unit,
        from_state=before_state,
        to_state=to,
        on=day,
        department=demand.assigned_department,
        reason=reason,
        event=event,
    )
    return demand


def create_demand(
    by: Actor,
    enterprise: Enterprise | int,
    *,
    category: DemandCategory | int,
    title: str,
    description: str = "",
    source: str | None = None,
    level: str = Level.ZONE,
    reference: str = "",
    visit=None,
) -> Demand:
    """Record a demand inside the caller's transaction (a visit records its demands with itself)."""
    scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
    enterprise = scope.select_related("unit").get(pk=getattr(enterprise, "pk", enterprise))
    ensure_can(by, "demand.submit", enterprise.unit, enterprise_id=enterprise.pk)
    title = normalize_text(title or "")
    if not title:
        raise Rejected("title", _("Enter the demand's title."))
    if len(title) > 200:
        raise Rejected("title", _("Keep the title within 200 characters."))
    cat = DemandCategory.objects.select_related("unit").filter(pk=getattr(category, "pk", category)).first()
    if cat is None or not cat.applies_to(enterprise.unit):
        raise Rejected("category", _("Choose one of the categories of this zone."))
    own = by.user is not None and by.user.enterprise_id == enterprise.pk and Role.ENTERPRISE in by.user.roles
    if source is None:
        source = Source.PORTAL if own else Source.VISIT
    if source not in Source.values or (own and source != Source.PORTAL):
        raise Rejected("source", _("Choose a source."))
    if level not in Level.values:
        raise Rejected("level", _("Choose a level."))
    reference = normalize_text(reference or "")[:40]
    if source == Source.HOTLINE and not reference:
        raise Rejected("reference", _("Enter the hotline's ticket number."))
    if reference and Demand.objects.filter(source=source, reference=reference).exists():
        raise Rejected("reference", _("This ticket number is already recorded."))
    demand = Demand.objects.create(
        enterprise=enterprise,
        unit=enterprise.unit,
        handling_unit=handling_unit_for(enterprise.unit, level),
        category=cat,
        source=source,
        level=level,
        title=title,
        description=normalize_multiline(description),
        reference=reference,
        visit=visit,
        submitted_by=by.user,
        submitted_on=timezone.localdate(),
    )
    after = {"state": demand.state, "title": title, "source": source, "level": level}
    event = record(by, "demand.submitted", demand, after=after)
    DemandMove.objects.create(
        demand=demand, unit=demand.unit, to_state=State.SUBMITTED, on=demand.submitted_on, event=event
    )
    return demand


@transaction.atomic(durable=True)
def submit_demand(by: Actor, enterprise: Enterprise | int, **fields) -> Demand:
    """Record a demand: staff on behalf of an enterprise in scope, or an enterprise user for their own."""
    return create_demand(by, enterprise, **fields)


def handling_unit_for(zone: Unit, level: str) -> Unit:
    """Where a demand of `zone` is worked at `level`: the zone itself, its county, or its city (the nearest
    region above for a county, the highest region for a city)."""
    if level == Level.ZONE:
        return zone
    regions = [u for u in zone.ancestors() if u.kind == UnitKind.REGION]
    if not regions:
        return zone
    return regions[-1] if level == Level.COUNTY else regions[0]


@transaction.atomic(durable=True)
def route(by: Actor, demand, level: str, reason: str, *, version: int | None = None) -> Demand:
    """Hand an open demand up (or back down) a level: the county or city works it from then on (with a reason)."""
    demand, state = _locked(by, demand, version)
    _ensure(by, "demand.handle", demand)
    if state not in (State.SUBMITTED, State.ACCEPTED, State.REOPENED):
        raise Rejected("state", _("Only a demand not yet with a department can change level."))
    if level not in Level.values:
        raise Rejected("level", _("Choose a level."))
    target = handling_unit_for(demand.unit, level)
    if level == demand.level:
        raise Rejected("level", _("The demand is already at this level."))
    reason = _reason(reason)
    before = {"level": demand.level, "handling_unit": demand.handling_unit_id, "reason": demand.reason}
    Demand.objects.filter(pk=demand.pk).update(
        level=level, handling_unit=target, reason=reason, version=F("version") + 1
    )
    demand.refresh_from_db()
    record(
        by, "demand.routed", demand, before=before, after={"level": level, "handling_unit": target.pk, "reason": reason}
    )
    return demand


@transaction.atomic(durable=True)
def accept(by: Actor, demand, *, version: int | None = None) -> Demand:
    demand, _state = _locked(by, demand, version)
    _ensure(by, "demand.handle", demand)
    return _move(by, demand, State.ACCEPTED, "demand.accepted", {})


@transaction.atomic(durable=True)
def return_for_info(by: Actor, demand, reason: str, *, version: int | None = None) -> Demand:
    """Send the demand back to the enterprise: it needs more information (say which)."""
    demand, _state = _locked(by, demand, version)
    _ensure(by, "demand.handle", demand)
    return _move(by, demand, State.RETURNED, "demand.returned", {}, reason=_reason(reason))


@transaction.atomic(durable=True)
def reject(by: Actor, demand, reason: str, *, version: int | None = None) -> Demand:
    demand, _state = _locked(by, demand, version)
    _ensure(by, "demand.handle", demand)
    return _move(by, demand, State.REJECTED, "demand.rejected", {}, reason=_reason(reason))


@transaction.atomic(durable=True)
def resubmit(by: Actor, demand, *, description: str | None = None, version: int | None = None) -> Demand:
    """The enterprise (or staff on its behalf) sends a returned demand again, with what was missing."""
    demand, _state = _locked(by, demand, version)
    _ensure(by, "demand.submit", demand)
    fields = {"description": normalize_multiline(description)} if description is not None else {}
    return _move(by, demand, State.SUBMITTED, "demand.resubmitted", fields)


def _department(by: Actor, demand: Demand, department) -> Unit:
    """A department under the unit that works the demand (the zone's, or the county's once routed up)."""
    scope = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    unit = scope.filter(pk=getattr(department, "pk", department), kind=UnitKind.DEPARTMENT).first()
    if unit is None or not unit.path.startswith(demand.handling_unit.path):
        raise Rejected("department", _("Choose a department."))
    # Its own department, not one of a zone below it: a county demand goes to a county department.
    between = [int(p) for p in unit.path[len(demand.handling_unit.path) :].split("/") if p]
    if Unit.objects.filter(pk__in=between).exclude(kind=UnitKind.DEPARTMENT).exists():
        raise Rejected("department", _("Choose a department."))
    return unit


def _deadline(demand: Demand, deadline: date | None, days: int | None) -> date:
    today = timezone.localdate()
    if deadline is not None:
        if deadline < today:
            raise Rejected("deadline", _("The deadline is in the past."))
        return deadline
    days = category_days(demand.handling_unit, demand.category) if days is None else days
    if days < 1:
        raise Rejected("deadline_days", _("Give at least one working day."))
    return WorkCalendar().add(today, days)


@transaction.atomic(durable=True)
def assign(
    by: Actor,
    demand,
    department,
    *,
    deadline_days: int | None = None,
    deadline: date | None = None,
    version: int | None = None,
) -> Demand:
    """Hand the demand to a department with a deadline in working days (限期解决)."""
    demand, state = _locked(by, demand, version)
    _ensure(by, "demand.handle", demand)
    if state == State.ASSIGNED:
        raise Rejected("state", _("This demand is already assigned: transfer it instead."))
    unit = _department(by, demand, department)
    fields = {
        "assigned_department": unit,
        "deadline": _deadline(demand, deadline, deadline_days),
        "escalation_level": 0,
    }
    return _move(by, demand, State.ASSIGNED, "demand.assigned", fields)


@transaction.atomic(durable=True)
def transfer(
    by: Actor, demand, department, reason: str, *, deadline_days: int | None = None, version: int | None = None
) -> Demand:
    """Move an assigned demand to another department, with a reason; the deadline stays unless given."""
    demand, state = _locked(by, demand, version)
    _ensure(by, "demand.handle", demand)
    if state != State.ASSIGNED:
        raise Rejected("state", _("Only an assigned demand can be transferred."))
    unit = _department(by, demand, department)
    if unit.pk == demand.assigned_department_id:
        raise Rejected("department", _("The demand is already with this department."))
    fields = {"assigned_department": unit, "assigned_on": demand.assigned_on, "escalation_level": 0}
    if deadline_days is not None:
        fields["deadline"] = _deadline(demand, None, deadline_days)
    demand = _move(by, demand, State.ASSIGNED, "demand.transferred", fields, reason=_reason(reason))
    return demand


@transaction.atomic(durable=True)
def resolve(by: Actor, demand, outcome: str, note: str = "", *, version: int | None = None) -> Demand:
    """The department's answer: solved, partly solved, or not solvable (explained)."""
    demand, _state = _locked(by, demand, version)
    _ensure(by, "demand.resolve", demand)
    if outcome not in Outcome.values:
        raise Rejected("outcome", _("Choose the outcome."))
    note = normalize_multiline(note)
    if outcome == Outcome.NOT_SOLVABLE and not note:
        raise Rejected("outcome_note", _("Explain why the demand cannot be solved."))
    fields = {"outcome": outcome, "outcome_note": note}
    return _move(by, demand, State.RESOLVED, "demand.resolved", fields)


@transaction.atomic(durable=True)
def confirm(by: Actor, demand, satisfaction: int, comment: str = "", *, version: int | None = None) -> Demand:
    """The enterprise confirms the answer with a satisfaction score from 1 to 5."""
    demand, _state = _locked(by, demand, version)
    _ensure(by, "demand.confirm", demand)
    if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise Rejected("satisfaction", _("Give a score from 1 to 5."))
    fields = {"satisfaction": satisfaction, "comment": normalize_multiline(comment)[:1000], "confirmed_auto": False}
    if satisfaction <= DISSATISFIED_AT_MOST:
        fields["is_dissatisfied"] = True
    return _move(by, demand, State.CONFIRMED, "demand.confirmed", fields)


@transaction.atomic(durable=True)
def flag_dissatisfied(by: Actor, demand, reason: str, *, version: int | None = None) -> Demand:
    """The enterprise says it is not satisfied after the answer, at any time (also after the 30 days to reopen
    or an automatic confirmation): the demand keeps its state and is flagged for the service officer."""
    demand, state = _locked(by, demand, version)
    _ensure(by, "demand.confirm", demand)
    if state not in (State.RESOLVED, State.CONFIRMED):
        raise Rejected("state", _("Only an answered demand can be marked as unsatisfactory."))
    reason = _reason(reason)
    before = {"is_dissatisfied": demand.is_dissatisfied, "comment": demand.comment}
    demand.is_dissatisfied, demand.comment = True, reason
    demand.version += 1
    demand.save(update_fields=["is_dissatisfied", "comment", "version"])
    record(by, "demand.dissatisfied", demand, before=before, after={"is_dissatisfied": True, "comment": reason})
    return demand


@transaction.atomic(durable=True)
def reopen(by: Actor, demand, reason: str, *, version: int | None = None) -> Demand:
    """The enterprise is not satisfied: the demand goes back to work, within 30 days of its resolution."""
    demand, state = _locked(by, demand, version)
    _ensure(by, "demand.confirm", demand)
    if state == State.RESOLVED and (timezone.localdate() - demand.resolved_on).days > REOPEN_WITHIN_DAYS:
        raise Rejected("state", _("A demand can be reopened only within 30 days of its resolution."))
    # The answer did not hold: its outcome no longer counts as solved (the Event keeps what it was).
    return _move(by, demand, State.REOPENED, "demand.reopened", {"outcome": ""}, reason=_reason(reason))


def confirm_due_on(resolved_on: date, days: int = AUTO_CONFIRM_WORKDAYS, calendar: WorkCalendar | None = None) -> date:
    """The last working day the enterprise has to answer; auto-confirmed after it."""
    return (calendar or WorkCalendar()).add(resolved_on, days)


def _day_of(moment: datetime) -> date:
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).date()


def auto_confirm_due(now: datetime | None = None, *, days: int | None = None) -> int:
    """Confirm the resolved demands not answered within their unit's working days; safe to run twice."""
    today = _day_of(now) if now is not None else timezone.localdate()
    calendar = WorkCalendar()
    by = Actor.system("demand_auto_confirm")
    done = 0
    candidates = Demand.objects.filter(state=State.RESOLVED, resolved_on__lt=today)
    rules = settings_for(Unit.objects.filter(pk__in=candidates.values("handling_unit")))
    for pk, resolved_on, unit_id in candidates.values_list("pk", "resolved_on", "handling_unit_id"):
        allowed = days if days is not None else rules[unit_id].auto_confirm_days
        if confirm_due_on(resolved_on, allowed, calendar) >= today:
            continue
        with transaction.atomic(durable=True):
            demand = Demand.objects.select_for_update().get(pk=pk)
            if demand.state != State.RESOLVED:
                continue
            _move(by, demand, State.CONFIRMED, "demand.auto_confirmed", {"confirmed_auto": True}, on=today)
            done += 1
    return done
