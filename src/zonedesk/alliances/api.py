"""API of the alliances app: the same services and permissions as the pages (404 outside the reader's scope, 403
without the permission, 409 on a stale version, 422 naming the bad field). Alliances, their members, meetings
(/alliance-meetings/…), problems raised there and matchings (/alliance-matchings/…); chain-wide problems are in
api_problems.py."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import matching as matching_services
from . import meetings as meeting_services
from . import services
from .api_problems import router as problems_router
from .models import AllianceMeeting, AllianceMember, Matching
from .queries import alliance_list, attendance_of, matching_totals, matchings_of, meetings_of, members_of
from .schemas import (
    AllianceChangeIn,
    AllianceDetailOut,
    AllianceFilterIn,
    AllianceIn,
    AllianceMemberOut,
    AllianceOut,
    AttendanceChangeIn,
    LeaveIn,
    MatchingIn,
    MatchingOut,
    MeetingIn,
    MeetingOut,
    MemberIn,
    OutcomeIn,
    ProblemIn,
    RaisedOut,
)

router = Router(tags=["alliances"])
router.add_router("", problems_router)


def _alliance(request, alliance_id: int):
    """The alliance with its members, meetings (attendance counts, problems raised) and matchings."""
    alliance = get_object_or_404(alliance_list(request.user), pk=alliance_id)
    alliance.member_rows = members_of(alliance)
    alliance.meeting_rows = meetings_of(request.user, alliance)
    alliance.matching_rows = matchings_of(alliance)
    alliance.matching_totals = matching_totals(alliance.matching_rows)
    return alliance


def _meeting(request, meeting_id: int) -> AllianceMeeting:
    meeting = get_object_or_404(AllianceMeeting.objects.visible_to(request.user), pk=meeting_id)
    alliance = meeting.alliance
    summary = next(m for m in meetings_of(request.user, alliance) if m.pk == meeting.pk)
    summary.attendance_rows = attendance_of(summary)
    return summary


@router.get("/alliances", response=list[AllianceOut])
@paginate(PageNumberPagination, page_size=25)
def list_alliances(request, filters: Query[AllianceFilterIn]):
    """The alliances the reader sees (of their units, or with a member in them), with their counts."""
    ensure_can(Actor.of(request), "alliance.view")
    values = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    if values.get("unit"):
        values["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=values["unit"])
    return alliance_list(request.user, **values)


@router.post("/alliances", response={201: AllianceDetailOut})
def create_alliance(request, body: AllianceIn):
    alliance = services.create_alliance(Actor.of(request), body.dict())
    return Status(201, _alliance(request, alliance.pk))


@router.get("/alliances/{alliance_id}", response=AllianceDetailOut)
def get_alliance(request, alliance_id: int):
    return _alliance(request, alliance_id)


@router.patch("/alliances/{alliance_id}", response=AllianceDetailOut)
def update_alliance(request, alliance_id: int, body: AllianceChangeIn):
    """Change the fields sent (with the version read)."""
    alliance = get_object_or_404(alliance_list(request.user), pk=alliance_id)
    values = body.dict(exclude_unset=True)
    version = values.pop("version")
    services.update_alliance(Actor.of(request), alliance, values, version=version)
    return _alliance(request, alliance_id)


@router.post("/alliances/{alliance_id}/members", response={201: AllianceMemberOut})
def add_member(request, alliance_id: int, body: MemberIn):
    alliance = get_object_or_404(alliance_list(request.user), pk=alliance_id)
    member = services.add_member(Actor.of(request), alliance, body.dict())
    return Status(201, AllianceMember.objects.select_related("enterprise", "department").get(pk=member.pk))


@router.post("/alliances/{alliance_id}/members/{member_id}/leave", response=AllianceMemberOut)
def leave(request, alliance_id: int, member_id: int, body: LeaveIn):
    alliance = get_object_or_404(alliance_list(request.user), pk=alliance_id)
    member = get_object_or_404(AllianceMember.objects.filter(alliance=alliance), pk=member_id)
    return services.leave(Actor.of(request), member, left_on=body.left_on)


@router.post("/alliances/{alliance_id}/meetings", response={201: MeetingOut})
def record_meeting(request, alliance_id: int, body: MeetingIn):
    """Record a meeting held, with the members present (and who came for each)."""
    alliance = get_object_or_404(alliance_list(request.user), pk=alliance_id)
    data = body.dict(exclude={"attendance"})
    attendance = {row.member: row.attendee for row in body.attendance}
    meeting = meeting_services.record_meeting(Actor.of(request), alliance, data, attendance=attendance)
    return Status(201, _meeting(request, meeting.pk))


@router.get("/alliance-meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request, meeting_id: int):
    """One meeting with its attendance and the problems raised there that the reader sees."""
    return _meeting(request, meeting_id)


@router.put("/alliance-meetings/{meeting_id}/attendance", response=MeetingOut)
def record_attendance(request, meeting_id: int, body: AttendanceChangeIn):
    meeting = get_object_or_404(AllianceMeeting.objects.visible_to(request.user), pk=meeting_id)
    attendance = {row.member: row.attendee for row in body.attendance}
    meeting_services.record_attendance(Actor.of(request), meeting, attendance, version=body.version)
    return _meeting(request, meeting_id)


@router.post("/alliance-meetings/{meeting_id}/problems", response={201: RaisedOut})
def raise_problem(request, meeting_id: int, body: ProblemIn):
    """A member's problem raised at the meeting becomes a demand of the one pool (source: meeting), tagged with the
    alliance's chain."""
    meeting = get_object_or_404(AllianceMeeting.objects.visible_to(request.user), pk=meeting_id)
    problem, _demand = meeting_services.raise_problem(Actor.of(request), meeting, **body.dict())
    return Status(201, problem)


@router.post("/alliances/{alliance_id}/matchings", response={201: MatchingOut})
def introduce(request, alliance_id: int, body: MatchingIn):
    alliance = get_object_or_404(alliance_list(request.user), pk=alliance_id)
    row = matching_services.introduce(Actor.of(request), alliance, body.dict())
    return Status(201, _matching(row.pk))


@router.post("/alliance-matchings/{matching_id}/outcome", response=MatchingOut)
def record_outcome(request, matching_id: int, body: OutcomeIn):
    """How a pending matching ended: a deal (with its amount when known) or no deal."""
    row = get_object_or_404(Matching.objects.visible_to(request.user), pk=matching_id)
    values = body.dict(exclude={"version"})
    matching_services.record_outcome(Actor.of(request), row, version=body.version, **values)
    return _matching(row.pk)


def _matching(pk: int) -> Matching:
    return Matching.objects.select_related("supplier__enterprise", "buyer__enterprise").get(pk=pk)
