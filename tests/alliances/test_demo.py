"""The demo's alliance: 启东市's 晶硅光伏产业链党建联盟 with 17 member enterprises of 启东's zones, a department and an
association, its meetings with attendance, the chain-wide 光伏玻璃 problem resolved once, three matchings, the open
candidate of the fourth-quarter meeting; loaded once."""

from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.alliances.models import Alliance, ChainProblem, Matching, MeetingAttendance
from zonedesk.alliances.queries import similar_open_demands
from zonedesk.alliances.states import MatchingOutcome, MeetingKind, MemberKind, MemberRole, ProblemState
from zonedesk.cli.demo_alliances import GLASS, NAME, TRANSPORT, load_alliances
from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_demands import load_demands
from zonedesk.demands.models import Demand, DemandMove
from zonedesk.demands.states import Source, State
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, User

from ..conftest import client_for

pytestmark = pytest.mark.django_db
QIDONG_ZONES = {"吕四港经济开发区", "汇龙镇", "惠萍镇", "东海镇"}


@pytest.fixture(autouse=True)
def today():
    """The demo dates its records up to the real today (the other tests' fixed day does not apply)."""
    return timezone.localdate()


@pytest.fixture
def demo():
    load_demo()
    load_demands()
    return load_alliances()


def test_the_alliance_has_17_member_enterprises_of_qidongs_zones_a_department_and_an_association(demo):
    alliance = Alliance.objects.get(name=NAME)
    assert demo == 17 and alliance.unit.name == "南通市启东市" and alliance.chain.name == "晶硅光伏"
    enterprises = alliance.members.filter(kind=MemberKind.ENTERPRISE).select_related("enterprise__unit")
    assert enterprises.count() == 17 and {m.enterprise.unit.name for m in enterprises} <= QIDONG_ZONES
    assert alliance.members.get(kind=MemberKind.DEPARTMENT).role == MemberRole.SECRETARY
    assert alliance.members.filter(kind=MemberKind.ASSOCIATION).count() == 1
    assert alliance.members.get(role=MemberRole.LEAD).enterprise.name == "江苏罗源光伏科技有限公司"


def test_two_meetings_after_the_spring_festival_with_attendance(demo):
    alliance = Alliance.objects.get(name=NAME)
    first, second = alliance.meetings.order_by("held_on")[:2]
    assert (first.kind, second.kind) == (MeetingKind.JOINT_MEETING, MeetingKind.MATCHMAKING)
    assert first.held_on.isoformat() == "2026-02-26" and second.held_on.isoformat() == "2026-03-05"
    for meeting in (first, second):
        rows = MeetingAttendance.objects.filter(meeting=meeting)
        assert rows.count() == 19 and 0 < rows.filter(present=True).count() < 19


def test_the_glass_problem_of_three_members_is_resolved_once_and_two_confirmed(demo):
    problem = ChainProblem.objects.get(title=GLASS)
    assert problem.state == ProblemState.RESOLVED and problem.leader.username == "city_leader"
    demands = Demand.objects.filter(chain_problem_link__problem=problem)
    assert demands.count() == 3 and len({d.enterprise_id for d in demands}) == 3
    assert all(d.source == Source.MEETING and d.chain == problem.chain for d in demands)
    assert sorted(d.state for d in demands) == [State.CONFIRMED, State.CONFIRMED, State.RESOLVED]
    for demand in demands:
        assert DemandMove.objects.filter(demand=demand, to_state=State.RESOLVED).count() == 1
        assert demand.resolved_on == problem.resolved_on
    assert Event.objects.filter(verb="chain_problem.resolved", object_id=str(problem.pk)).count() == 1
    assert not Event.objects.filter(at__gt=timezone.now()).exists()


def test_three_matchings_a_deal_no_deal_and_one_pending(demo):
    rows = {m.outcome: m for m in Matching.objects.filter(alliance__name=NAME)}
    assert set(rows) == set(MatchingOutcome.values)
    assert rows[MatchingOutcome.DEAL].amount_wan == Decimal("1860.00")


def test_the_fourth_quarter_problem_is_a_candidate_for_qidongs_leader(demo):
    leader = User.objects.get(username="city_leader")
    (group,) = similar_open_demands(leader)
    assert group["title"] == TRANSPORT and len(group["demands"]) == 2
    page = client_for(Actor(user=leader)).get("/alliances/problems/")
    assert page.status_code == 200 and TRANSPORT in page.content.decode()


def test_loading_again_changes_nothing(demo):
    counts = (Alliance.objects.count(), Demand.objects.count(), Matching.objects.count(), Event.objects.count())
    assert load_alliances() == 17
    assert (Alliance.objects.count(), Demand.objects.count(), Matching.objects.count(), Event.objects.count()) == counts
