"""Alliance meetings: record a meeting held (联席会议, 对接会) with who attended, correct its attendance, and raise a
member's problem there, which becomes a demand of the one pool (source: meeting) tagged with the alliance's chain."""

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline
from zonedesk.demands.models import Demand
from zonedesk.demands.services import create_demand
from zonedesk.demands.states import Source
from zonedesk.orgs.audit import Actor, record, snapshot

from .models import AllianceMeeting, AllianceMember, MeetingAttendance, MeetingProblem
from .services import locked_alliance, short_text, typed_day
from .states import MeetingKind, MemberKind

MEETING_FIELDS = ["kind", "held_on", "place", "topic", "minutes"]


def meetings_in_scope(by: Actor):
    return AllianceMeeting.objects.all() if by.is_system else AllianceMeeting.objects.visible_to(by.user)


def _locked_meeting(by: Actor, meeting: AllianceMeeting | int, *, version: int | None = None) -> AllianceMeeting:
    """The meeting's row, locked (its alliance's too), for an actor who may manage the alliance."""
    pk = getattr(meeting, "pk", meeting)
    alliance_id = meetings_in_scope(by).values_list("alliance_id", flat=True).get(pk=pk)
    alliance = locked_alliance(by, alliance_id)
    locked = AllianceMeeting.objects.select_for_update(of=("self",)).get(pk=pk)
    locked.alliance = alliance
    if version is not None and version != locked.version:
        raise Conflict()
    return locked


def _attendance(meeting: AllianceMeeting, attendance) -> dict[int, str]:
    """member pk -> who came for it, for the members present; every member named must belong to the alliance on the
    meeting's day (a member that joined later or had left cannot have attended)."""
    present: dict[int, str] = {}
    raw = attendance.items() if isinstance(attendance, dict) else ((a, "") for a in attendance or ())
    for member, attendee in raw:
        pk = getattr(member, "pk", member)
        if not str(pk).isdigit():
            raise Rejected("attendance", _("Choose members of the alliance on the meeting's day."))
        present[int(pk)] = short_text(attendee, "attendance", limit=100)
    members = set(meeting.alliance.members.current(meeting.held_on).values_list("pk", flat=True))
    if not set(present) <= members:
        raise Rejected("attendance", _("Choose members of the alliance on the meeting's day."))
    return present


def _write_attendance(meeting: AllianceMeeting, present: dict[int, str]) -> dict:
    """One row per member of the alliance on the meeting's day, present or not; returns the counts for the Event."""
    members = list(meeting.alliance.members.current(meeting.held_on).order_by("pk"))
    rows = {row.member_id: row for row in MeetingAttendance.objects.filter(meeting=meeting)}
    for m in members:
        row = rows.get(m.pk) or MeetingAttendance(meeting=meeting, member=m)
        row.present, row.attendee = m.pk in present, present.get(m.pk, "")
        rows[m.pk] = row
    MeetingAttendance.objects.bulk_create([row for row in rows.values() if row.pk is None])
    MeetingAttendance.objects.bulk_update([row for row in rows.values() if row.pk is not None], ["present", "attendee"])
    return {"present": sorted(present), "members": len(members)}


@transaction.atomic(durable=True)
def record_meeting(by: Actor, alliance, data: dict, *, attendance=()) -> AllianceMeeting:
    """Record a meeting the alliance held (not later than today) and which members attended (`attendance`: the
    members present, or a dict member -> who came for it)."""
    alliance = locked_alliance(by, alliance)
    kind = data.get("kind")
    if kind not in MeetingKind.values:
        raise Rejected("kind", _("Choose the kind of meeting."))
    values = {
        "kind": kind,
        "held_on": typed_day(data.get("held_on"), "held_on", required=True, not_after_today=True),
        "place": short_text(data.get("place"), "place", limit=200),
        "topic": short_text(data.get("topic"), "topic", limit=200, required=True, message=_("Enter the topic.")),
        "minutes": normalize_multiline(data.get("minutes")),
    }
    if len(values["minutes"]) > 20000:
        raise Rejected("minutes", _("Keep it within %(limit)d characters.") % {"limit": 20000})
    meeting = AllianceMeeting(alliance=alliance, **values)
    present = _attendance(meeting, attendance)
    meeting.save()
    counts = _write_attendance(meeting, present)
    record(
        by, "alliance.meeting_recorded", meeting, unit=alliance.unit, after=snapshot(meeting, MEETING_FIELDS) | counts
    )
    return meeting


@transaction.atomic(durable=True)
def record_attendance(by: Actor, meeting, attendance, *, version: int | None = None) -> AllianceMeeting:
    """Correct who attended a meeting (409 when the meeting changed since it was read)."""
    meeting = _locked_meeting(by, meeting, version=version)
    before = sorted(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    present = _attendance(meeting, attendance)
    counts = _write_attendance(meeting, present)
    meeting.version += 1
    meeting.save(update_fields=["version"])
    after = {"present": counts["present"], "members": counts["members"]}
    record(
        by, "alliance.attendance_recorded", meeting, unit=meeting.alliance.unit, before={"present": before}, after=after
    )
    return meeting


@transaction.atomic(durable=True)
def raise_problem(
    by: Actor, meeting, *, member, title: str, description: str = "", category
) -> tuple[MeetingProblem, Demand]:
    """A member enterprise raises a problem at a meeting: it becomes a demand of the one pool (source: meeting), of
    that enterprise, tagged with the alliance's chain, and worked and confirmed like any other demand."""
    meeting = _locked_meeting(by, meeting)
    alliance = meeting.alliance
    pk = getattr(member, "pk", member)
    found = (
        alliance.members.current(meeting.held_on).filter(pk=pk, kind=MemberKind.ENTERPRISE).select_related("enterprise")
    )
    member = found.first() if str(pk).isdigit() else None
    if member is None:
        raise Rejected("member", _("Choose a member enterprise of the alliance on the meeting's day."))
    description = normalize_multiline(description)
    demand = create_demand(
        by, member.enterprise, category=category, title=title, description=description, source=Source.MEETING
    )
    if alliance.chain_id is not None:
        demand.chain = alliance.chain
        demand.save(update_fields=["chain"])
    problem = MeetingProblem.objects.create(meeting=meeting, member=member, demand=demand)
    after = {"meeting": meeting.pk, "member": member.pk, "demand": demand.pk}
    record(by, "alliance.problem_raised", problem, unit=alliance.unit, after=after)
    return problem, demand


def member_choices(meeting: AllianceMeeting):
    """The alliance's members on the meeting's day (whose attendance is recorded), enterprises first."""
    return (
        AllianceMember.objects.filter(alliance=meeting.alliance_id)
        .current(meeting.held_on)
        .select_related("enterprise", "department")
        .order_by("kind", "pk")
    )
