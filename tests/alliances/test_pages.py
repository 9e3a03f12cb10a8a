"""The alliance pages: the list, setting one up, its page with members, meetings (attendance counts), the problems
raised and their demands' states, matchings; recording a meeting with attendance checkboxes, raising a problem, the
chain-problem candidates handled in one step, resolving, and the demand page's panel."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from zonedesk.alliances import matching, meetings, problems, services
from zonedesk.alliances.models import Alliance, AllianceMeeting, AllianceMember, ChainProblem, MeetingAttendance
from zonedesk.alliances.states import MatchingOutcome, MemberKind, ProblemState
from zonedesk.common.excel import read_rows
from zonedesk.demands import services as demand_services
from zonedesk.demands.models import Demand
from zonedesk.demands.states import Source, State
from zonedesk.orgs.models import Event

from ..conftest import client_for

GLASS = "光伏玻璃就近配套供应不足"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def glass(officer_a, meeting, members, supply) -> list[Demand]:
    return [
        meetings.raise_problem(officer_a, meeting, member=members[key], title=GLASS, category=supply)[1]
        for key in ("guoyang", "keyang", "jingao")
    ]


def test_the_list_shows_the_alliance_with_its_counts(officer_a, alliance, meeting, members):
    page = client_for(officer_a).get(reverse("alliances:list"))
    assert page.status_code == 200
    (row,) = page.context["page"].object_list
    assert (row, row.member_count, row.meeting_count, row.matching_count) == (alliance, 5, 1, 0)
    assert "晶硅光伏产业链党建联盟" in html(page)
    assert list(client_for(officer_a).get(reverse("alliances:list"), {"kind": "chamber"}).context["page"]) == []


def test_the_officer_sets_up_an_alliance_on_a_page(officer_a, zone_a, chain):
    client = client_for(officer_a)
    assert client.get(reverse("alliances:create")).status_code == 200
    data = {"name": "射阳商会", "kind": "chamber", "unit": zone_a.pk, "founded_on": "2020/5/1"}
    answer = client.post(reverse("alliances:create"), data)
    created = Alliance.objects.get(name="射阳商会")
    assert answer.status_code == 302 and answer["Location"] == reverse("alliances:detail", args=[created.pk])
    again = client.post(reverse("alliances:create"), data)
    assert again.status_code == 422 and again.context["form"].errors["name"]


def test_the_alliance_page_shows_members_meetings_problems_and_matchings(officer_a, alliance, meeting, members, glass):
    introduced = matching.introduce(
        officer_a, alliance, {"supplier": members["jingao"], "buyer": members["guoyang"], "product": "光伏压延玻璃"}
    )
    matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.DEAL, amount_wan="1200")
    page = client_for(officer_a).get(reverse("alliances:detail", args=[alliance.pk]))
    assert page.status_code == 200
    text = html(page)
    assert page.context["current_count"] == 5
    assert 'data-attendance="2/5"' in text
    assert [p.demand_id for p in page.context["raised"]] == [d.pk for d in glass]
    assert text.count('data-state="submitted"') == 3
    assert page.context["totals"]["amount_wan"] == Decimal("1200.00")
    assert "1,200.00万元" in text and 'data-outcome="deal"' in text
    assert "射阳县光伏行业协会" in text


def test_adding_a_member_on_the_page_and_a_field_error(officer_a, alliance, zone_a):
    client = client_for(officer_a)
    url = reverse("alliances:add_member", args=[alliance.pk])
    answer = client.post(url, {"kind": MemberKind.ASSOCIATION, "name": "射阳县新能源商会", "role": "member"})
    assert answer.status_code == 302
    assert AllianceMember.objects.filter(alliance=alliance, name="射阳县新能源商会").exists()
    refused = client.post(url, {"kind": MemberKind.ENTERPRISE, "role": "member"})
    assert refused.status_code == 422 and refused.context["forms"]["member"].errors["enterprise"]


def test_recording_a_meeting_with_attendance_checkboxes(officer_a, alliance, members):
    client = client_for(officer_a)
    url = reverse("alliances:meeting_create", args=[alliance.pk])
    form = client.get(url)
    assert form.status_code == 200 and len(form.context["rows"]) == 5
    data = {
        "kind": "joint_meeting",
        "held_on": "2026-02-26",
        "topic": "产业链党建工作联席会议",
        "present": [members["keyang"].pk, members["department"].pk],
        f"attendee_{members['keyang'].pk}": "王展 秘书长",
    }
    answer = client.post(url, data)
    meeting = AllianceMeeting.objects.get(topic="产业链党建工作联席会议")
    assert answer.status_code == 302 and answer["Location"] == reverse("alliances:meeting", args=[meeting.pk])
    present = MeetingAttendance.objects.filter(meeting=meeting, present=True)
    assert {a.member_id for a in present} == {members["keyang"].pk, members["department"].pk}
    refused = client.post(url, {**data, "held_on": "2026-12-01"})
    assert refused.status_code == 422 and refused.context["form"].errors["held_on"]
    assert [r["present"] for r in refused.context["rows"]].count(True) == 2  # the ticks are kept


def test_raising_a_problem_on_the_meeting_page_makes_a_demand(officer_a, meeting, members, supply, chain):
    client = client_for(officer_a)
    page = client.get(reverse("alliances:meeting", args=[meeting.pk]))
    assert page.status_code == 200 and page.context["present_count"] == 2
    data = {"member": members["keyang"].pk, "category": supply.pk, "title": "电力增容", "description": "二期用电"}
    answer = client.post(reverse("alliances:raise_problem", args=[meeting.pk]), data)
    assert answer.status_code == 302
    demand = Demand.objects.get(title="电力增容")
    assert (demand.source, demand.chain, demand.enterprise) == (Source.MEETING, chain, members["keyang"].enterprise)
    refused = client.post(reverse("alliances:raise_problem", args=[meeting.pk]), {**data, "member": ""})
    assert refused.status_code == 422


def test_the_candidates_are_handled_in_one_step_and_resolved_on_the_problem_page(
    officer_a, glass, leader, department_a, enterprise_user
):
    client = client_for(officer_a)
    page = client.get(reverse("alliances:problems"))
    (group,) = page.context["groups"]
    assert [d.pk for d in group["demands"]] == [d.pk for d in glass] and group["form"] is not None
    data = {
        "demands": [d.pk for d in glass],
        "title": GLASS,
        "leader": leader.user.pk,
        "lead_department": department_a.pk,
    }
    answer = client.post(reverse("alliances:problem_create"), data)
    problem = ChainProblem.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("alliances:problem", args=[problem.pk])
    assert Demand.objects.filter(pk__in=data["demands"], state=State.ASSIGNED).count() == 3
    assert client.get(reverse("alliances:problems")).context["groups"] == []
    shown = client.get(reverse("alliances:problem", args=[problem.pk]))
    assert [d.pk for d in shown.context["demands"]] == [d.pk for d in glass] and shown.context["may_resolve"]
    stale = client.post(
        reverse("alliances:resolve", args=[problem.pk]),
        {"version": problem.version + 1, "outcome": "solved", "note": "x"},
    )
    assert stale.status_code == 409
    done = client.post(
        reverse("alliances:resolve", args=[problem.pk]),
        {"version": problem.version, "outcome": "solved", "note": "已协调就近保供"},
    )
    assert done.status_code == 302 and ChainProblem.objects.get().state == ProblemState.RESOLVED
    assert Demand.objects.filter(pk__in=data["demands"], state=State.RESOLVED).count() == 3
    # The demand's page says it is part of the chain problem.
    staff_demand = client.get(reverse("demands:detail", args=[glass[0].pk]))
    assert 'id="chain-problem-panel"' in html(staff_demand) and GLASS in html(staff_demand)


def test_a_demand_of_no_meeting_has_no_alliance_panel(officer_a, enterprise, supply):
    from_visit = demand_services.submit_demand(officer_a, enterprise, category=supply, title="天然气管网接入")
    page = client_for(officer_a).get(reverse("demands:detail", args=[from_visit.pk]))
    assert page.status_code == 200 and 'id="chain-problem-panel"' not in html(page)


def test_grouping_with_a_bad_lead_department_writes_nothing(officer_a, glass, leader, department_a):
    data = {"demands": [d.pk for d in glass], "title": GLASS, "leader": leader.user.pk, "lead_department": 999999}
    refused = client_for(officer_a).post(reverse("alliances:problem_create"), data)
    assert refused.status_code == 422
    assert not ChainProblem.objects.exists() and not Demand.objects.filter(state=State.ASSIGNED).exists()


def test_a_handler_reads_the_problem_but_the_resolve_form_is_not_there_and_posting_is_403(
    officer_a, handler, glass, leader, department_a
):
    problem = problems.make_chain_problem(
        officer_a, demands=glass, title=GLASS, leader=leader.user, lead_department=department_a
    )
    client = client_for(handler)
    page = client.get(reverse("alliances:problem", args=[problem.pk]))
    assert page.status_code == 200 and not page.context["may_resolve"]
    answer = client.post(
        reverse("alliances:resolve", args=[problem.pk]), {"version": problem.version, "outcome": "solved", "note": "x"}
    )
    assert answer.status_code == 403
    assert ChainProblem.objects.get().state == ProblemState.OPEN


def test_another_zones_officer_finds_none_of_the_pages(officer_b, alliance, meeting, glass, leader, department_a):
    client = client_for(officer_b)
    for url in (
        reverse("alliances:detail", args=[alliance.pk]),
        reverse("alliances:meeting", args=[meeting.pk]),
        reverse("alliances:meeting_create", args=[alliance.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("alliances:add_member", args=[alliance.pk]), {"kind": "association"}).status_code == 404
    assert list(client.get(reverse("alliances:list")).context["page"]) == []
    assert client.get(reverse("alliances:problems")).context["groups"] == []


def test_an_enterprise_user_finds_nothing(enterprise_user, alliance, meeting):
    client = client_for(enterprise_user)
    assert client.get(reverse("alliances:list")).status_code == 404
    assert client.get(reverse("alliances:detail", args=[alliance.pk])).status_code == 404
    assert client.get(reverse("alliances:problems")).status_code == 404


def test_a_role_without_alliance_manage_reads_the_page_without_forms_and_posting_is_403(pm_a, alliance, members):
    client = client_for(pm_a)
    page = client.get(reverse("alliances:detail", args=[alliance.pk]))
    assert page.status_code == 200 and not page.context["may_manage"] and 'id="form-member"' not in html(page)
    answer = client.post(
        reverse("alliances:add_member", args=[alliance.pk]), {"kind": "association", "name": "某协会", "role": "member"}
    )
    assert answer.status_code == 403
    assert client.get(reverse("alliances:meeting_create", args=[alliance.pk])).status_code == 403


def test_the_exports_carry_exactly_the_filtered_rows_and_are_recorded(
    officer_a, alliance, zone_a, glass, leader, department_a
):
    services.create_alliance(officer_a, {"unit": zone_a, "name": "射阳商会", "kind": "chamber"})
    client = client_for(officer_a)
    answer = client.get(reverse("alliances:export"), {"kind": "chain_alliance"})
    assert answer.status_code == 200
    rows = read_rows(io.BytesIO(b"".join(answer.streaming_content)))
    assert [r[1] for r in rows[1:]] == ["晶硅光伏产业链党建联盟"] and rows[1][7] == 5
    problems.make_chain_problem(officer_a, demands=glass, title=GLASS, leader=leader.user, lead_department=department_a)
    sheet = client.get(reverse("alliances:problem_export"), {"state": "open"})
    rows = read_rows(io.BytesIO(b"".join(sheet.streaming_content)))
    assert [(r[1], r[7], r[8]) for r in rows[1:]] == [(GLASS, 3, 3)]
    assert Event.objects.filter(verb="alliance.exported").get().after["filter"] == {"kind": "chain_alliance"}
    assert Event.objects.filter(verb="chain_problem.exported").count() == 1
