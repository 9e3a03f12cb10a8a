"""The zone's own facilities (配套设施) as projects of their own kind: created as planned, moved along their own stage
table (planned → started → completed → in use, dropped before completion), never along an investment project's."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, UnitKind
from zonedesk.projects import services
from zonedesk.projects.models import Project, StageMove
from zonedesk.projects.stages import FACILITY_LIFE, FACILITY_TRANSITIONS, Kind, Stage

from ..factories import UnitFactory

TODAY = timezone.localdate()
DAY = timedelta(days=1)


def facility(by, unit, **extra) -> Project:
    data = {"unit": unit, "name": "电子信息产业质检中心", "investment": "1.2亿元", "planned_on": TODAY - 90 * DAY}
    return services.create_facility(by, **{**data, **extra})


def at_stage(project: Project, stage: str, by) -> Project:
    """Drive a facility forward to `stage`, ten days a step."""
    offset = 80
    for step in FACILITY_LIFE[FACILITY_LIFE.index(project.stage) + 1 : FACILITY_LIFE.index(stage) + 1]:
        offset -= 10
        project = services.advance_stage(project, step, by=by, on=TODAY - offset * DAY)
    return project


def test_a_facility_is_recorded_as_planned_with_its_builder_budget_one_event_and_one_move(
    investment_a, zone_a, department_a
):
    project = facility(investment_a, zone_a, builder="经开区开发建设公司", owner_department=department_a)
    assert (project.kind, project.stage) == (Kind.FACILITY, Stage.PLANNED)
    assert project.lead_on == TODAY - 90 * DAY  # the planned (立项) date is the project's first date
    assert project.total_investment_wan == Decimal("12000.00") and project.investment_text == "1.2亿元"
    assert project.builder == "经开区开发建设公司" and project.owner_department == department_a
    assert project.investor_name == "" and project.officer == investment_a.user
    event = Event.objects.get(verb="project.facility_created")
    assert event.after["builder"] == "经开区开发建设公司" and event.after["kind"] == "facility"
    move = StageMove.objects.get(project=project)
    assert (move.to_stage, move.on, move.investment_wan) == (Stage.PLANNED, TODAY - 90 * DAY, Decimal("12000.00"))


def test_a_new_investment_project_is_still_an_investment_project(investment_a, zone_a):
    project = services.create_project({"name": "国阳智能装备产业园", "unit": zone_a}, by=investment_a)
    assert (project.kind, project.stage) == (Kind.INVESTMENT, Stage.LEAD)


@pytest.mark.parametrize("start", [*FACILITY_LIFE, Stage.DROPPED])
@pytest.mark.parametrize("to", list(Stage))
def test_the_facility_table_is_the_only_rule_for_a_facility(leader, zone_a, start, to):
    project = facility(leader, zone_a)
    if start == Stage.DROPPED:
        project = services.advance_stage(project, Stage.DROPPED, by=leader, on=TODAY - 80 * DAY, reason="规划调整")
    else:
        project = at_stage(project, start, leader)
    extra = {"contracted_investment": "1亿元", "reason": "规划调整"}
    if to in FACILITY_TRANSITIONS[start]:
        moved = services.advance_stage(project, to, by=leader, on=TODAY, **extra)
        assert moved.stage == to and moved.stage_date(to) == TODAY
    elif to == start:
        with pytest.raises(Conflict):
            services.advance_stage(project, to, by=leader, on=TODAY, **extra)
    else:
        with pytest.raises(Rejected) as exc:
            services.advance_stage(project, to, by=leader, on=TODAY, **extra)
        assert exc.value.field == "stage"
        assert Project.objects.get(pk=project.pk).stage == start


def test_a_facility_is_never_signed_and_an_investment_project_never_completed(leader, zone_a):
    built = facility(leader, zone_a)
    with pytest.raises(Rejected):
        services.advance_stage(built, Stage.SIGNED, by=leader, contracted_investment="1亿元")
    started = services.create_project({"name": "国阳智能装备产业园", "unit": zone_a}, by=leader)
    for stage in (Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED):
        started = services.advance_stage(started, stage, by=leader, contracted_investment="30亿元")
    for stage in (Stage.COMPLETED, Stage.IN_USE, Stage.PLANNED):
        with pytest.raises(Rejected):
            services.advance_stage(started, stage, by=leader)
    assert Project.objects.get(pk=started.pk).stage == Stage.STARTED


def test_a_facility_is_dropped_before_completion_but_not_after(leader, zone_a):
    started = at_stage(facility(leader, zone_a), Stage.STARTED, leader)
    dropped = services.advance_stage(started, Stage.DROPPED, by=leader, reason="规划调整")
    assert (dropped.stage, dropped.dropped_from) == (Stage.DROPPED, Stage.STARTED)
    done = at_stage(facility(leader, zone_a, name="启航公寓"), Stage.COMPLETED, leader)
    with pytest.raises(Rejected):
        services.advance_stage(done, Stage.DROPPED, by=leader, reason="规划调整")


def test_a_completed_facility_moves_back_to_started_and_a_dropped_one_reopens(leader, zone_a):
    done = at_stage(facility(leader, zone_a), Stage.COMPLETED, leader)
    back = services.move_back(done, reason="竣工验收资料不全", by=leader)
    assert (back.stage, back.completed_on) == (Stage.STARTED, None)
    assert StageMove.objects.get(project=done, to_stage=Stage.COMPLETED).cancelled_at is not None
    planned = facility(leader, zone_a, name="固废处理中心")
    dropped = services.advance_stage(planned, Stage.DROPPED, by=leader, reason="选址未定")
    assert services.reopen(dropped, reason="选址已定", by=leader).stage == Stage.PLANNED


def test_a_planned_facility_has_no_earlier_stage(leader, zone_a):
    with pytest.raises(Rejected) as exc:
        services.move_back(facility(leader, zone_a), reason="录错", by=leader)
    assert exc.value.field == "stage"


def test_a_facility_has_no_signing_ceremony_and_is_not_referred(leader, zone_a, zone_b):
    started = at_stage(facility(leader, zone_a), Stage.STARTED, leader)
    with pytest.raises(Rejected):
        services.record_resigning(started, on=TODAY, note="", by=leader)
    with pytest.raises(Rejected) as exc:
        services.offer_referral(started, to_unit=zone_b, by=leader)
    assert exc.value.field == "to_unit"
    assert not Event.objects.filter(verb__in=["project.resigned", "project.referral_offered"]).exists()


@pytest.mark.parametrize("field", ["investor_name", "investor_uscc", "source", "industry"])
def test_a_facility_has_no_investor_and_nothing_is_written(investment_a, zone_a, field):
    built = facility(investment_a, zone_a)
    value = {"investor_uscc": "91110000600037341L", "source": "event", "industry": "C"}.get(field, "某集团")
    with pytest.raises(Rejected) as exc:
        services.update_project(built, {field: value}, by=investment_a)
    assert exc.value.field == field
    assert Project.objects.get(pk=built.pk).version == built.version


def test_an_investment_project_has_no_builder(investment_a, zone_a):
    project = services.create_project({"name": "国阳智能装备产业园", "unit": zone_a}, by=investment_a)
    with pytest.raises(Rejected) as exc:
        services.update_project(project, {"builder": "经开区开发建设公司"}, by=investment_a)
    assert exc.value.field == "builder"


def test_editing_a_facility_records_what_changed(investment_a, zone_a, department_a):
    built = facility(investment_a, zone_a)
    services.update_project(
        built, {"builder": "射阳城投", "owner_department": department_a.pk, "investment": "1.5亿元"}, by=investment_a
    )
    built.refresh_from_db()
    assert (built.builder, built.owner_department, built.total_investment_wan) == (
        "射阳城投",
        department_a,
        Decimal("15000.00"),
    )
    event = Event.objects.get(verb="project.updated")
    assert event.after["builder"] == "射阳城投" and event.before["builder"] == ""
    with pytest.raises(Conflict):
        services.update_project(built, {"builder": "另一家"}, by=investment_a, version=1)


def test_a_zone_records_a_facility_of_one_name_once(investment_a, zone_a, zone_b, investment_b):
    facility(investment_a, zone_a)
    with pytest.raises(Rejected) as exc:
        facility(investment_a, zone_a)
    assert exc.value.field == "name"
    assert facility(investment_b, zone_b).unit == zone_b  # another zone may build one of the same name


def test_a_facility_belongs_to_a_zone_and_its_department_to_that_zone(investment_a, zone_a, zone_b, branch_a):
    with pytest.raises(Rejected) as exc:
        facility(investment_a, branch_a)
    assert exc.value.field == "unit"
    department_b = UnitFactory(name="经济发展局", kind=UnitKind.DEPARTMENT, parent=zone_b)
    with pytest.raises(Rejected) as exc:
        services.create_facility(Actor.system("test"), unit=zone_a, name="邻里中心", owner_department=department_b)
    assert exc.value.field == "owner_department"
    assert not Project.objects.exists()


def test_a_handler_cannot_record_a_facility(handler, zone_a):
    with pytest.raises(Forbidden):
        facility(handler, zone_a)
    assert not Project.objects.exists()


def test_zone_b_cannot_record_one_in_zone_a_nor_move_zone_a_s(investment_b, investment_a, zone_a):
    with pytest.raises(Rejected) as exc:
        facility(investment_b, zone_a)
    assert exc.value.field == "unit"
    built = facility(investment_a, zone_a)
    with pytest.raises(Project.DoesNotExist):
        services.advance_stage(built, Stage.STARTED, by=investment_b)


def test_a_bad_amount_or_a_future_date_names_its_field(investment_a, zone_a):
    for extra, field in (({"investment": "数亿元"}, "investment"), ({"planned_on": TODAY + DAY}, "planned_on")):
        with pytest.raises(Rejected) as exc:
            facility(investment_a, zone_a, **extra)
        assert exc.value.field == field
    assert not Project.objects.exists()
