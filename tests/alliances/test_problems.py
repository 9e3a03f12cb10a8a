"""One chain-wide problem for several members' identical demands: the candidates, grouping, resolving once, and each
enterprise confirming its own demand."""

from datetime import date

import pytest

from zonedesk.alliances import meetings, problems, services
from zonedesk.alliances.models import ChainProblem, ChainProblemDemand
from zonedesk.alliances.queries import joinable_demands, similar_open_demands, title_key
from zonedesk.alliances.states import AllianceKind, MeetingKind, MemberKind, ProblemState
from zonedesk.chains.models import Chain
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.demands import services as demand_services
from zonedesk.demands.models import Demand, DemandCategory, DemandMove
from zonedesk.demands.states import Level, State
from zonedesk.orgs.models import Event

from ..factories import EnterpriseFactory
from .conftest import join

GLASS = "光伏玻璃就近配套供应不足"


def raise_(by, meeting, member, title, category):
    return meetings.raise_problem(by, meeting, member=member, title=title, category=category)[1]


@pytest.fixture
def glass(officer_a, meeting, members, supply) -> list[Demand]:
    """Three members raise the same problem, typed three ways."""
    return [
        raise_(officer_a, meeting, members["guoyang"], GLASS, supply),
        raise_(officer_a, meeting, members["keyang"], "光伏玻璃 就近配套供应不足！", supply),
        raise_(officer_a, meeting, members["jingao"], "光伏玻璃就近配套供应不足。", supply),
    ]


@pytest.fixture
def problem(officer_a, glass, leader, department_a) -> ChainProblem:
    return problems.make_chain_problem(
        officer_a, demands=glass, title=GLASS, leader=leader.user, lead_department=department_a
    )


def test_the_title_key_ignores_spaces_punctuation_and_width():
    assert title_key("光伏玻璃 就近配套供应不足！") == title_key("光伏玻璃就近配套供应不足。") == title_key(GLASS)
    assert title_key("ＰＶ玻璃") == title_key("pv玻璃")


def test_identical_problems_of_several_members_are_offered_as_one_candidate(
    officer_a, meeting, members, glass, supply, chain
):
    other = DemandCategory.objects.get(unit=None, name="用工")
    raise_(officer_a, meeting, members["guoyang"], GLASS, other)  # same words, another category: not the same
    raise_(officer_a, meeting, members["keyang"], "电力增容", supply)  # one member only
    groups = similar_open_demands(officer_a.user, chain)
    assert len(groups) == 1
    assert [d.pk for d in groups[0]["demands"]] == [d.pk for d in glass]
    assert groups[0]["category"].name == "配套" and groups[0]["chain"] == chain


def test_grouping_hands_each_demand_to_the_lead_department_by_its_own_moves(problem, glass, department_a, leader):
    assert (problem.state, problem.leader, problem.lead_department) == (ProblemState.OPEN, leader.user, department_a)
    assert set(ChainProblemDemand.objects.filter(problem=problem).values_list("demand_id", flat=True)) == {
        d.pk for d in glass
    }
    for demand in Demand.objects.filter(pk__in=[d.pk for d in glass]):
        assert (demand.state, demand.assigned_department) == (State.ASSIGNED, department_a)
        moves = list(DemandMove.objects.filter(demand=demand).values_list("to_state", flat=True))
        assert moves == [State.SUBMITTED, State.ACCEPTED, State.ASSIGNED]
    created = Event.objects.get(verb="chain_problem.created")
    assert created.after["demands"] == [d.pk for d in glass] and created.after["leader"] == leader.user.pk
    assert Event.objects.filter(verb="demand.assigned").count() == 3
    # Once grouped, they are no longer candidates.
    assert similar_open_demands(leader.user) == []


def test_resolving_answers_each_demand_once_and_each_enterprise_confirms_its_own(
    officer_a, problem, glass, enterprise_user, enterprise
):
    resolved_before = Event.objects.filter(verb="demand.resolved").count()
    problems.resolve_chain_problem(officer_a, problem, note="已协调晶澳就近供应，按月保供", version=problem.version)
    problem.refresh_from_db()
    assert (problem.state, problem.outcome, problem.resolved_on) == (ProblemState.RESOLVED, "solved", date(2026, 3, 10))
    for demand in Demand.objects.filter(pk__in=[d.pk for d in glass]):
        assert demand.state == State.RESOLVED and demand.outcome_note == "已协调晶澳就近供应，按月保供"
        assert DemandMove.objects.filter(demand=demand, to_state=State.RESOLVED).count() == 1
    assert Event.objects.filter(verb="demand.resolved").count() - resolved_before == 3
    assert Event.objects.filter(verb="chain_problem.resolved").count() == 1
    assert Event.objects.get(verb="chain_problem.resolved").after["resolved"] == sorted(d.pk for d in glass)
    own = next(d for d in glass if d.enterprise == enterprise)
    confirmed = demand_services.confirm(enterprise_user, own.pk, 5, "很及时")
    assert confirmed.state == State.CONFIRMED
    assert Demand.objects.filter(pk__in=[d.pk for d in glass], state=State.RESOLVED).count() == 2


def test_a_demand_answered_on_its_own_is_left_as_it_is(officer_a, handler, problem, glass):
    demand_services.resolve(handler, glass[0].pk, "partly_solved", "先行调剂一批")
    problems.resolve_chain_problem(officer_a, problem, note="统一协调保供", version=problem.version)
    first = Demand.objects.get(pk=glass[0].pk)
    assert (first.outcome, first.outcome_note) == ("partly_solved", "先行调剂一批")
    assert DemandMove.objects.filter(demand=first, to_state=State.RESOLVED).count() == 1
    event = Event.objects.get(verb="chain_problem.resolved")
    assert event.after["left"] == [glass[0].pk] and event.after["resolved"] == sorted(d.pk for d in glass[1:])


def test_a_demand_is_handled_in_one_chain_problem_only(officer_a, problem, glass, leader, department_a):
    with pytest.raises(Rejected) as refused:
        problems.make_chain_problem(
            officer_a, demands=glass[:2], title="再次归并", leader=leader.user, lead_department=department_a
        )
    assert refused.value.field == "demands"
    assert ChainProblem.objects.count() == 1


def test_demands_of_two_chains_or_not_open_are_not_grouped(
    officer_a, glass, leader, department_a, zone_a, enterprise, supply
):
    elsewhere = demand_services.submit_demand(officer_a, enterprise, category=supply, title=GLASS)
    Demand.objects.filter(pk=elsewhere.pk).update(chain=Chain.objects.create(unit=zone_a, name="新能源汽车"))
    with pytest.raises(Rejected):
        problems.make_chain_problem(
            officer_a, demands=[glass[0], elsewhere], title=GLASS, leader=leader.user, lead_department=department_a
        )
    demand_services.return_for_info(officer_a, glass[1].pk, "请补充采购量")
    with pytest.raises(Rejected):
        problems.make_chain_problem(
            officer_a, demands=glass, title=GLASS, leader=leader.user, lead_department=department_a
        )
    assert not ChainProblem.objects.exists()
    assert Demand.objects.get(pk=glass[0].pk).state == State.SUBMITTED  # nothing moved


def test_the_lead_must_be_able_to_run_the_task_force(officer_a, glass, handler, department_a):
    with pytest.raises(Rejected) as refused:
        problems.make_chain_problem(
            officer_a, demands=glass, title=GLASS, leader=handler.user, lead_department=department_a
        )
    assert refused.value.field == "leader"


def test_resolving_with_a_stale_version_is_a_conflict_and_moves_nothing(officer_a, problem, glass):
    ChainProblem.objects.filter(pk=problem.pk).update(version=problem.version + 1)
    with pytest.raises(Conflict):
        problems.resolve_chain_problem(officer_a, problem, note="统一协调保供", version=problem.version)
    assert not Demand.objects.filter(pk__in=[d.pk for d in glass], state=State.RESOLVED).exists()


def test_the_handler_reads_the_problem_but_cannot_resolve_it(handler, problem):
    assert ChainProblem.objects.visible_to(handler.user).filter(pk=problem.pk).exists()
    with pytest.raises(Forbidden):
        problems.resolve_chain_problem(handler, problem, note="已解决", version=problem.version)


def test_another_zones_officer_does_not_see_the_problem(officer_b, problem):
    assert not ChainProblem.objects.visible_to(officer_b.user).exists()
    with pytest.raises(ChainProblem.DoesNotExist):
        problems.resolve_chain_problem(officer_b, problem, note="已解决", version=problem.version)


def test_a_later_member_with_the_same_problem_joins_the_open_problem(
    officer_a, alliance, meeting, problem, supply, zone_a, department_a
):
    late = EnterpriseFactory(name="射阳协鑫光伏科技有限公司", unit=zone_a)
    member = join(officer_a, alliance, kind=MemberKind.ENTERPRISE, enterprise=late)
    fourth = raise_(officer_a, meeting, member, "光伏玻璃就近配套供应不足", supply)
    assert [d.pk for d in joinable_demands(officer_a.user, problem)] == [fourth.pk]
    problems.add_demands(officer_a, problem, [fourth], version=problem.version)
    fourth.refresh_from_db()
    assert (fourth.state, fourth.assigned_department) == (State.ASSIGNED, department_a)
    assert joinable_demands(officer_a.user, problem) == []


def test_a_city_chain_problem_hands_zone_demands_up_to_the_city_department(
    county_officer, county_leader, county, zone_a, zone_b, enterprise, enterprise_b, county_department, supply
):
    chain = Chain.objects.create(unit=county, name="晶硅光伏")
    alliance = services.create_alliance(
        county_officer, {"unit": county, "chain": chain, "name": "县光伏联盟", "kind": AllianceKind.CHAIN_ALLIANCE}
    )
    a = join(county_officer, alliance, kind=MemberKind.ENTERPRISE, enterprise=enterprise)
    b = join(county_officer, alliance, kind=MemberKind.ENTERPRISE, enterprise=enterprise_b)
    meeting = meetings.record_meeting(
        county_officer, alliance, {"kind": MeetingKind.JOINT_MEETING, "held_on": "2026-03-03", "topic": "联席会议"}
    )
    demands = [raise_(county_officer, meeting, a, GLASS, supply), raise_(county_officer, meeting, b, GLASS, supply)]
    assert {d.handling_unit for d in demands} == {zone_a, zone_b}
    problem = problems.make_chain_problem(
        county_officer,
        demands=demands,
        title=GLASS,
        leader=county_leader.user,
        lead_department=county_department,
        deadline="2026-03-31",
    )
    for demand in Demand.objects.filter(pk__in=[d.pk for d in demands]):
        assert (demand.level, demand.handling_unit, demand.assigned_department) == (
            Level.COUNTY,
            county,
            county_department,
        )
        assert demand.deadline == date(2026, 3, 31)
    assert Event.objects.filter(verb="demand.routed").count() == 2
    problems.resolve_chain_problem(county_leader, problem, note="县发改委统筹保供", version=problem.version)
    assert Demand.objects.filter(pk__in=[d.pk for d in demands], state=State.RESOLVED).count() == 2
