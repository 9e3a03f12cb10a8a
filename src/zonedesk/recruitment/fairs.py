"""Every change to a job fair: set it up, add participants (also from a labour demand), hold or cancel it, and
record its results; one durable transaction with the fair's row locked, and its Event."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_text
from zonedesk.demands.models import Demand
from zonedesk.demands.services import demands_in_scope
from zonedesk.demands.states import State as DemandState
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from .models import FairInvitation, FairParticipant, JobFair, JobPosting
from .services import typed_day, whole_number
from .states import FAIR_TRANSITIONS, LABOUR_CATEGORY, FairKind, FairStatus, PostingStatus

FAIR_FIELDS = ["unit", "alliance", "name", "kind", "held_on", "place", "stream_url", "status"]
RESULT_FIELDS = ("applications", "intents", "hires")
MAX_VIEWS = 100_000_000
# Demands with nothing left to answer cannot take an invitation.
DEMAND_CLOSED = (DemandState.REJECTED, DemandState.CONFIRMED)


def fairs_in_scope(by: Actor):
    """The fairs an actor may act on (outside them a fair does not exist: 404)."""
    return JobFair.objects.all() if by.is_system else JobFair.objects.visible_to(by.user)


def _locked(by: Actor, fair: JobFair | int, version: int | None = None) -> JobFair:
    """The fair's row, locked, for an actor who may organise it; Conflict when it changed since it was read."""
    locked = fairs_in_scope(by).select_related("unit").select_for_update(of=("self",)).get(pk=getattr(fair, "pk", fair))
    ensure_can(by, "recruitment.fair", locked.unit)
    if version is not None and version != locked.version:
        raise Conflict()
    return locked


def _move(fair: JobFair, to: str) -> None:
    if to not in FAIR_TRANSITIONS[fair.status]:
        raise Rejected("status", _("This fair cannot make that move now."))


@transaction.atomic(durable=True)
def create_fair(by: Actor, data: dict) -> JobFair:
    """Set up a planned fair of one of the actor's units (a zone, a department, or for an alliance its recorder)."""
    units = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    unit = units.filter(pk=getattr(data.get("unit"), "pk", data.get("unit"))).first() if data.get("unit") else None
    if unit is None:
        raise Rejected("unit", _("Choose one of your units."))
    ensure_can(by, "recruitment.fair", unit)
    name = normalize_text(data.get("name"))
    if not name or len(name) > 200:
        raise Rejected("name", _("Enter the fair's name (at most 200 characters)."))
    kind = data.get("kind")
    if kind not in FairKind.values:
        raise Rejected("kind", _("Choose on site or live-streamed."))
    held_on = typed_day(data.get("held_on"), "held_on")
    if held_on is None:
        raise Rejected("held_on", _("Enter the fair's date."))
    place, alliance = normalize_text(data.get("place"))[:200], normalize_text(data.get("alliance"))
    if len(alliance) > 100:
        raise Rejected("alliance", _("Keep the alliance's name within 100 characters."))
    stream_url = normalize_text(data.get("stream_url"))
    if stream_url and not (stream_url.startswith(("http://", "https://")) and len(stream_url) <= 300):
        raise Rejected("stream_url", _("Enter the stream's address starting with http:// or https://."))
    if kind == FairKind.ON_SITE and not place:
        raise Rejected("place", _("Enter where the fair takes place."))
    if kind == FairKind.LIVE and not (stream_url or place):
        raise Rejected("stream_url", _("Enter the stream's address or the studio it is broadcast from."))
    fair = JobFair.objects.create(
        unit=unit, alliance=alliance, name=name, kind=kind, held_on=held_on, place=place, stream_url=stream_url
    )
    record(by, "fair.created", fair, after=snapshot(fair, FAIR_FIELDS))
    return fair


def _postings(by: Actor, enterprise: Enterprise, postings) -> list[JobPosting]:
    """Open postings of the enterprise, as the actor sees them, in the order given."""
    ids = list(dict.fromkeys(getattr(p, "pk", p) for p in postings or ()))
    scope = JobPosting.objects.all() if by.is_system else JobPosting.objects.visible_to(by.user)
    found = scope.filter(pk__in=ids, enterprise=enterprise, status=PostingStatus.OPEN).in_bulk()
    if len(found) != len(ids):
        raise Rejected("postings", _("Choose open postings of this enterprise."))
    return [found[pk] for pk in ids]


def _join(by: Actor, fair: JobFair, enterprise, postings, *, demand: Demand | None = None) -> FairParticipant:
    """Add the enterprise to the locked fair with the postings it shows there, and write the fair's Event."""
    scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
    enterprise = scope.get(pk=getattr(enterprise, "pk", enterprise))
    if enterprise.is_archived:
        raise Rejected("enterprise", _("This enterprise is archived."))
    shown = _postings(by, enterprise, postings)
    try:
        with transaction.atomic():
            participant = FairParticipant.objects.create(fair=fair, enterprise=enterprise)
    except IntegrityError:
        raise Rejected("enterprise", _("This enterprise already takes part in the fair.")) from None
    participant.postings.set(shown)
    after = {"enterprise": enterprise.pk, "postings": [p.pk for p in shown]}
    if demand is not None:
        after["demand"] = demand.pk
    record(by, "fair.participant_added", fair, after=after)
    return participant


@transaction.atomic(durable=True)
def add_participant(by: Actor, fair: JobFair | int, enterprise, *, postings=()) -> FairParticipant:
    """Add an enterprise to a planned (or, to complete its record, a held) fair with the postings it shows."""
    fair = _locked(by, fair)
    if fair.status == FairStatus.CANCELLED:
        raise Rejected("fair", _("The fair is cancelled."))
    return _join(by, fair, enterprise, postings)


@transaction.atomic(durable=True)
def show_postings(by: Actor, participant: FairParticipant | int, postings) -> FairParticipant:
    """Replace the postings an enterprise shows at a fair that is not cancelled."""
    pk = getattr(participant, "pk", participant)
    scope = FairParticipant.objects.all() if by.is_system else FairParticipant.objects.visible_to(by.user)
    fair = _locked(by, scope.values_list("fair_id", flat=True).get(pk=pk))
    if fair.status == FairStatus.CANCELLED:
        raise Rejected("fair", _("The fair is cancelled."))
    participant = FairParticipant.objects.select_related("enterprise").get(pk=pk)
    before = sorted(participant.postings.values_list("pk", flat=True))
    shown = _postings(by, participant.enterprise, postings)
    participant.postings.set(shown)
    after = {"enterprise": participant.enterprise_id, "postings": sorted(p.pk for p in shown)}
    record(by, "fair.postings_changed", fair, before={"postings": before}, after=after)
    return participant


@transaction.atomic(durable=True)
def mark_held(by: Actor, fair: JobFair | int, *, version: int | None = None) -> JobFair:
    """The planned fair took place (on its date, not later than today): its results can now be recorded."""
    fair = _locked(by, fair, version)
    _move(fair, FairStatus.HELD)
    if fair.held_on > timezone.localdate():
        raise Rejected("held_on", _("A fair cannot be held before its date."))
    fair.status = FairStatus.HELD
    fair.version += 1
    fair.save(update_fields=["status", "version"])
    record(by, "fair.held", fair, before={"status": FairStatus.PLANNED}, after={"status": FairStatus.HELD})
    return fair


@transaction.atomic(durable=True)
def cancel_fair(by: Actor, fair: JobFair | int, reason: str, *, version: int | None = None) -> JobFair:
    """Call off a planned fair, with the reason."""
    fair = _locked(by, fair, version)
    _move(fair, FairStatus.CANCELLED)
    reason = normalize_text(reason)
    if not reason:
        raise Rejected("reason", _("Give a reason."))
    fair.status, fair.cancel_reason = FairStatus.CANCELLED, reason[:300]
    fair.version += 1
    fair.save(update_fields=["status", "cancel_reason", "version"])
    after = {"status": FairStatus.CANCELLED, "reason": fair.cancel_reason}
    record(by, "fair.cancelled", fair, before={"status": FairStatus.PLANNED}, after=after)
    return fair


def _result_rows(fair: JobFair, results) -> dict[int, dict]:
    """participant pk -> its checked results; each bad row is named (results.3.hires), nothing is written."""
    participants = {p.enterprise_id: p for p in fair.participants.all()}
    out: dict[int, dict] = {}
    for row, item in enumerate(results or (), start=1):
        enterprise_id = getattr(item.get("enterprise"), "pk", item.get("enterprise"))
        participant = participants.get(enterprise_id)
        if participant is None:
            raise Rejected(f"results.{row}.enterprise", _("This enterprise does not take part in the fair."))
        if participant.pk in out:
            raise Rejected(f"results.{row}.enterprise", _("This enterprise is listed twice."))
        out[participant.pk] = {
            name: whole_number(item.get(name), f"results.{row}.{name}", maximum=MAX_VIEWS, required=False)
            for name in RESULT_FIELDS
        }
    return out


@transaction.atomic(durable=True)
def record_results(
    by: Actor, fair: JobFair | int, *, views=None, visitors=None, results=(), version: int | None = None
) -> JobFair:
    """Record (or correct) a held fair's results: its views and job seekers, and each participant's applications,
    preliminary intents and hires, from which the fair's totals are added up."""
    fair = _locked(by, fair, version)
    if fair.status != FairStatus.HELD:
        raise Rejected("status", _("Results are recorded once the fair is held."))
    fair_values = {
        "views": whole_number(views, "views", maximum=MAX_VIEWS, required=False),
        "visitors": whole_number(visitors, "visitors", maximum=MAX_VIEWS, required=False),
    }
    rows = _result_rows(fair, results)
    before = snapshot(fair, ["views", "visitors"])
    participants = list(FairParticipant.objects.filter(pk__in=rows).order_by("pk"))
    before["participants"] = {str(p.enterprise_id): {n: getattr(p, n) for n in RESULT_FIELDS} for p in participants}
    for participant in participants:
        for name, value in rows[participant.pk].items():
            setattr(participant, name, value)
    FairParticipant.objects.bulk_update(participants, list(RESULT_FIELDS))
    for name, value in fair_values.items():
        setattr(fair, name, value)
    fair.results_recorded_on = timezone.localdate()
    fair.version += 1
    fair.save(update_fields=["views", "visitors", "results_recorded_on", "version"])
    after = {**fair_values, "participants": {str(p.enterprise_id): rows[p.pk] for p in participants}}
    record(by, "fair.results_recorded", fair, before=before, after=after)
    return fair


def is_labour_demand(demand: Demand) -> bool:
    """A demand of the 用工 category, or of a category a region set up under it."""
    category = demand.category
    return category.name == LABOUR_CATEGORY or (
        category.parent_id is not None and category.parent.name == LABOUR_CATEGORY
    )


@transaction.atomic(durable=True)
def invite_to_fair(by: Actor, demand: Demand | int, fair: JobFair | int, *, postings=()) -> FairInvitation:
    """Answer an enterprise's labour demand by inviting it to a planned fair: it becomes a participant, and the
    demand's timeline records the invitation (its state does not move: the department still resolves it)."""
    demand = demands_in_scope(by).select_related("category__parent", "enterprise").get(pk=getattr(demand, "pk", demand))
    fair = _locked(by, fair)
    if not is_labour_demand(demand):
        raise Rejected("demand", _("Only a labour demand can be answered with a job fair."))
    if demand.state in DEMAND_CLOSED:
        raise Rejected("demand", _("This demand is closed."))
    if fair.status != FairStatus.PLANNED:
        raise Rejected("fair", _("Only a planned fair can take invitations."))
    if FairInvitation.objects.filter(demand=demand, fair=fair).exists():
        raise Rejected("fair", _("This demand is already invited to that fair."))
    participant = FairParticipant.objects.filter(fair=fair, enterprise=demand.enterprise_id).first()
    if participant is None:
        participant = _join(by, fair, demand.enterprise_id, postings, demand=demand)
    elif postings:
        raise Rejected("postings", _("The enterprise already takes part: change the postings it shows instead."))
    after = {"fair": fair.pk, "fair_name": fair.name, "held_on": fair.held_on, "participant": participant.pk}
    event = record(by, "demand.invited_to_fair", demand, after=after)
    return FairInvitation.objects.create(
        demand=demand, fair=fair, participant=participant, invited_by=by.user, event=event
    )
