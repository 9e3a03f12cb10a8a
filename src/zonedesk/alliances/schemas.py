"""The API's shapes of alliances, members, meetings, problems raised, matchings and chain-wide problems."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from zonedesk.demands.states import Outcome
from zonedesk.demands.states import State as DemandState

from .states import AllianceKind, MatchingOutcome, MeetingKind, MemberKind, MemberRole, ProblemState

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class AllianceOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    chain_id: int | None
    chain_name: str | None = Field(None, alias="chain.name")
    name: str
    kind: AllianceKind
    lead: str = Field(..., description="The lead unit (牵头单位) as the alliance names it")
    founded_on: date | None
    description: str
    version: int
    member_count: int = Field(..., description="Current members")
    meeting_count: int
    matching_count: int
    deal_count: int


class AllianceMemberOut(Schema):
    id: int
    kind: MemberKind
    enterprise_id: int | None
    department_id: int | None
    name: str = Field(..., alias="display_name")
    role: MemberRole
    joined_on: date
    left_on: date | None


class RaisedOut(Schema):
    id: int
    meeting_id: int
    member_id: int
    enterprise_id: int = Field(alias="demand.enterprise_id")
    demand_id: int
    title: str = Field(alias="demand.title")
    state: DemandState = Field(alias="demand.state")
    chain_id: int | None = Field(None, alias="demand.chain_id")


class AttendanceOut(Schema):
    member_id: int
    member_name: str = Field(alias="member.display_name")
    present: bool
    attendee: str


class MeetingSummaryOut(Schema):
    id: int
    kind: MeetingKind
    held_on: date
    topic: str
    place: str
    present_count: int
    member_count: int = Field(..., alias="members_counted", description="Members of the alliance on the day")
    problems: list[RaisedOut] = Field(..., alias="raised", description="The problems raised that the reader sees")


class MeetingOut(MeetingSummaryOut):
    alliance_id: int
    minutes: str
    version: int
    attendance: list[AttendanceOut] = Field(..., alias="attendance_rows")


class MatchingOut(Schema):
    id: int
    alliance_id: int
    supplier_id: int
    supplier_name: str = Field(alias="supplier.display_name")
    buyer_id: int
    buyer_name: str = Field(alias="buyer.display_name")
    product: str
    introduced_on: date
    outcome: MatchingOutcome
    amount_wan: Decimal | None = Field(None, description="万元")
    outcome_on: date | None
    note: str
    version: int


class MatchingTotalsOut(Schema):
    introduced: int
    deals: int
    no_deals: int
    pending: int
    amount_wan: Decimal | None = Field(None, description="The deals' known amounts in 万元")


class AllianceDetailOut(AllianceOut):
    members: list[AllianceMemberOut] = Field(..., alias="member_rows")
    meetings: list[MeetingSummaryOut] = Field(..., alias="meeting_rows")
    matchings: list[MatchingOut] = Field(..., alias="matching_rows")
    matching_totals: MatchingTotalsOut


class AllianceFilterIn(Schema):
    kind: AllianceKind | None = None
    chain: RecordId | None = None
    unit: RecordId | None = Field(None, description="The keeping unit and the units below it")
    q: str = Field("", max_length=100, description="Name or lead unit")


class AllianceIn(Schema):
    unit: RecordId = Field(..., description="The region or zone that keeps the alliance's records")
    name: str = Field(..., max_length=200)
    kind: AllianceKind
    chain: RecordId | None = None
    lead: str = Field("", max_length=100)
    founded_on: date | None = None
    description: str = Field("", max_length=5000)


class AllianceChangeIn(Schema):
    version: int = Field(..., description="The version read; 409 when the alliance changed since")
    name: str | None = Field(None, max_length=200)
    kind: AllianceKind | None = None
    chain: RecordId | None = None
    lead: str | None = Field(None, max_length=100)
    founded_on: date | None = None
    description: str | None = Field(None, max_length=5000)


class MemberIn(Schema):
    kind: MemberKind
    enterprise: RecordId | None = None
    department: RecordId | None = None
    name: str = Field("", max_length=200, description="An association's name")
    role: MemberRole = MemberRole.MEMBER
    joined_on: date | None = Field(None, description="Today when not given")


class LeaveIn(Schema):
    left_on: date | None = Field(None, description="Today when not given")


class AttendanceIn(Schema):
    member: RecordId
    attendee: str = Field("", max_length=100, description="Who came for the member")


class MeetingIn(Schema):
    kind: MeetingKind
    held_on: date
    topic: str = Field(..., max_length=200)
    place: str = Field("", max_length=200)
    minutes: str = Field("", max_length=20000)
    attendance: list[AttendanceIn] = Field(default_factory=list, description="The members present")


class AttendanceChangeIn(Schema):
    version: int = Field(..., description="The meeting's version read; 409 when it changed since")
    attendance: list[AttendanceIn]


class ProblemIn(Schema):
    member: RecordId = Field(..., description="A member enterprise of the alliance on the meeting's day")
    category: RecordId
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)


class MatchingIn(Schema):
    supplier: RecordId
    buyer: RecordId
    product: str = Field(..., max_length=200)
    introduced_on: date | None = Field(None, description="Today when not given")
    note: str = Field("", max_length=2000)


class OutcomeIn(Schema):
    version: int = Field(..., description="The matching's version read; 409 when it changed since")
    outcome: MatchingOutcome
    amount_wan: Decimal | None = Field(None, description="A deal's amount in 万元, when known")
    outcome_on: date | None = Field(None, description="Today when not given")
    note: str | None = Field(None, max_length=2000)


class ProblemDemandOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    unit_id: int
    title: str
    category_id: int
    state: DemandState
    assigned_department_id: int | None
    deadline: date | None


class ChainProblemCandidateOut(Schema):
    chain_id: int
    category_id: int
    title: str
    demands: list[ProblemDemandOut]


class ChainProblemOut(Schema):
    id: int
    chain_id: int
    chain_name: str = Field(alias="chain.name")
    unit_id: int
    title: str
    description: str
    leader_id: int
    lead_department_id: int
    deadline: date | None
    state: ProblemState
    outcome: Outcome | None = None
    resolution: str
    resolved_on: date | None
    version: int
    demand_count: int
    open_count: int = Field(..., description="Linked demands not answered yet")

    @staticmethod
    def resolve_outcome(obj) -> str | None:
        return obj.outcome or None


class ChainProblemDetailOut(ChainProblemOut):
    departments: list[int] = Field(..., alias="department_ids", description="Departments working with the lead one")
    demands: list[ProblemDemandOut] = Field(..., alias="demand_rows")


class ChainProblemFilterIn(Schema):
    state: ProblemState | None = None
    chain: RecordId | None = None
    q: str = Field("", max_length=100)


class ChainProblemIn(Schema):
    demands: list[RecordId] = Field(..., description="Open demands of one chain, in no chain problem yet")
    title: str = Field(..., max_length=200)
    leader: RecordId = Field(..., description="A leader or officer of the chain's unit")
    lead_department: RecordId = Field(..., description="A department of the chain's unit: every demand goes to it")
    departments: list[RecordId] = Field(default_factory=list)
    deadline: date | None = None
    description: str = Field("", max_length=5000)


class AddDemandsIn(Schema):
    version: int
    demands: list[RecordId]


class ChainProblemResolveIn(Schema):
    version: int = Field(..., description="The problem's version read; 409 when it changed since")
    note: str = Field(..., max_length=5000, description="The answer every open demand receives")
    outcome: Outcome = Outcome.SOLVED
