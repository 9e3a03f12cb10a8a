from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.projects import services
from zonedesk.projects.models import Project, StageMove
from zonedesk.projects.stages import LIFE, TRANSITIONS, Stage

TODAY = timezone.localdate()
DAY = timedelta(days=1)


def lead(by, unit, **extra):
    data = {"name": "国阳智能装备产业园", "unit": unit, "investment": "30亿元", "lead_on": TODAY - 60 * DAY, **extra}
    return services.create_project(data, by=by)


def at_stage(project, stage, by):
    """Drive a project forward to `stage` with plausible dates and amounts."""
    offset = 50
    for step in LIFE[LIFE.index(project.stage) + 1 : LIFE.index(stage) + 1]:
        offset -= 5
        extra = {"contracted_investment": "30亿元"} if step == Stage.SIGNED else {}
        project = services.advance_stage(project, step, by=by, on=TODAY - offset * DAY, **extra)
    return project


def test_recording_a_lead_reads_the_amount_and_writes_one_event_and_one_move(investment_a, zone_a):
    project = lead(investment_a, zone_a)
    assert project.stage == Stage.LEAD and project.total_investment_wan == Decimal("300000.00")
    assert project.investment_text == "30亿元" and project.officer == investment_a.user
    assert Event.objects.filter(verb="project.created").count() == 1
    move = StageMove.objects.get(project=project)
    assert move.to_stage == Stage.LEAD and move.on == TODAY - 60 * DAY


def test_an_unreadable_amount_is_refused_on_its_field(investment_a, zone_a):
    with pytest.raises(Rejected) as exc:
        lead(investment_a, zone_a, investment="数亿元")
    assert exc.value.field == "investment"
    assert not Project.objects.exists()


@pytest.mark.parametrize("start", [*LIFE, Stage.DROPPED])
@pytest.mark.parametrize("to", list(Stage))
def test_the_transition_table_is_the_only_rule(leader, zone_a, start, to):
    project = lead(leader, zone_a)
    if start == Stage.DROPPED:
        project = services.advance_stage(project, Stage.DROPPED, by=leader, on=TODAY - 50 * DAY, reason="落户外省")
    else:
        project = at_stage(project, start, leader)
    extra = {"contracted_investment": "30亿元", "reason": "资金链断裂"}
    if to in TRANSITIONS[start]:
        moved = services.advance_stage(project, to, by=leader, on=TODAY, **extra)
        assert moved.stage == to and moved.stage_date(to) == TODAY
    elif to == start:
        with pytest.raises(Conflict):
            services.advance_stage(project, to, by=leader, on=TODAY, **extra)
    else:
        with pytest.raises(Rejected) as exc:
            services.advance_stage(project, to, by=leader, on=TODAY, **extra)
        assert exc.value.field == "stage"


def test_signing_needs_the_contracted_investment(investment_a, zone_a):
    project = at_stage(lead(investment_a, zone_a), Stage.NEGOTIATING, investment_a)
    with pytest.raises(Rejected) as exc:
        services.advance_stage(project, Stage.SIGNED, by=investment_a, on=TODAY)
    assert exc.value.field == "contracted_investment"
    signed = services.advance_stage(project, Stage.SIGNED, by=investment_a, on=TODAY, contracted_investment="28亿元")
    assert signed.contracted_investment_wan == Decimal("280000.00")
    assert StageMove.objects.get(project=project, to_stage=Stage.SIGNED).investment_wan == Decimal("280000.00")


def test_dropping_needs_a_reason(investment_a, zone_a):
    with pytest.raises(Rejected) as exc:
        services.advance_stage(lead(investment_a, zone_a), Stage.DROPPED, by=investment_a, on=TODAY)
    assert exc.value.field == "reason"


def test_a_move_cannot_be_dated_in_the_future_or_before_the_current_stage(investment_a, zone_a):
    project = lead(investment_a, zone_a)
    with pytest.raises(Rejected) as future:
        services.advance_stage(project, Stage.NEGOTIATING, by=investment_a, on=TODAY + DAY)
    with pytest.raises(Rejected) as early:
        services.advance_stage(project, Stage.NEGOTIATING, by=investment_a, on=TODAY - 90 * DAY)
    assert future.value.field == early.value.field == "on"


def test_moving_back_needs_a_leader_and_a_reason_and_cancels_the_move(leader, investment_a, zone_a):
    project = at_stage(lead(investment_a, zone_a), Stage.SIGNED, investment_a)
    with pytest.raises(Forbidden):
        services.move_back(project, reason="签约未生效", by=investment_a)
    with pytest.raises(Rejected) as exc:
        services.move_back(project, reason=" ", by=leader)
    assert exc.value.field == "reason"
    back = services.move_back(project, reason="签约未生效", by=leader)
    assert back.stage == Stage.NEGOTIATING and back.signed_on is None and back.contracted_investment_wan is None
    signed_move = StageMove.objects.get(project=project, to_stage=Stage.SIGNED)
    assert signed_move.cancelled_at is not None
    assert Event.objects.get(verb="project.stage_moved_back").after == {"stage": "negotiating", "reason": "签约未生效"}


def test_a_lead_has_nothing_to_move_back_to(leader, zone_a):
    with pytest.raises(Rejected):
        services.move_back(lead(leader, zone_a), reason="x", by=leader)


def test_reopening_returns_a_dropped_project_to_where_it_was(leader, investment_a, zone_a):
    project = at_stage(lead(investment_a, zone_a), Stage.SIGNED, investment_a)
    project = services.advance_stage(project, Stage.DROPPED, by=investment_a, on=TODAY, reason="投资方撤资")
    with pytest.raises(Forbidden):
        services.reopen(project, reason="重新洽谈", by=investment_a)
    reopened = services.reopen(project, reason="投资方恢复投资", by=leader)
    assert reopened.stage == Stage.SIGNED and reopened.dropped_on is None
    with pytest.raises(Rejected):
        services.reopen(reopened, reason="again", by=leader)


def test_a_stale_version_loses_with_a_conflict(investment_a, leader, zone_a):
    project = lead(investment_a, zone_a)
    services.advance_stage(project, Stage.NEGOTIATING, by=leader, on=TODAY, version=1)
    with pytest.raises(Conflict):
        services.advance_stage(project, Stage.DROPPED, by=investment_a, on=TODAY, version=1, reason="x")
    assert Project.objects.get(pk=project.pk).stage == Stage.NEGOTIATING


def test_the_same_investor_and_name_are_one_project(investment_a, zone_a, zone_b, investment_b):
    lead(investment_a, zone_a, investor_uscc="91110000600037341L")
    with pytest.raises(Rejected) as exc:
        lead(investment_b, zone_b, investor_uscc="91110000600037341L")
    assert exc.value.field == "name"
    assert Project.objects.count() == 1


def test_a_second_ceremony_is_an_event_not_a_project(investment_a, zone_a):
    project = at_stage(lead(investment_a, zone_a, investor_uscc="91110000600037341L"), Stage.SIGNED, investment_a)
    services.record_resigning(project, on=TODAY, note="市重大项目集中签约", by=investment_a)
    assert Project.objects.count() == 1
    assert StageMove.objects.filter(to_stage=Stage.SIGNED).count() == 1
    assert Event.objects.filter(verb="project.resigned").count() == 1


def test_zone_b_cannot_touch_zone_a_projects(investment_a, investment_b, zone_a):
    project = lead(investment_a, zone_a)
    with pytest.raises(Project.DoesNotExist):
        services.advance_stage(project, Stage.NEGOTIATING, by=investment_b, on=TODAY)
    with pytest.raises(Project.DoesNotExist):
        services.update_project(project, {"name": "x"}, by=investment_b)


def test_service_officers_and_enterprises_cannot_record_projects(officer_a, enterprise_user, zone_a):
    for actor in (officer_a, enterprise_user):
        with pytest.raises(Forbidden):
            lead(actor, zone_a)


def test_funds_in_place_and_completed_are_kept_apart_from_the_contract(investment_a, zone_a):
    project = at_stage(lead(investment_a, zone_a), Stage.STARTED, investment_a)
    services.record_funds(
        project, funds_in_place_wan=Decimal("50000"), investment_completed_wan=Decimal("32000.5"), by=investment_a
    )
    project.refresh_from_db()
    assert project.contracted_investment_wan == Decimal("300000.00")
    assert (project.funds_in_place_wan, project.investment_completed_wan) == (Decimal("50000.00"), Decimal("32000.50"))
    with pytest.raises(Rejected):
        services.record_funds(project, funds_in_place_wan=Decimal("-1"), by=investment_a)


def test_a_foreign_amount_needs_a_rate_and_keeps_it(admin_a, investment_a, zone_a):
    with pytest.raises(Rejected) as exc:
        lead(investment_a, zone_a, name="阿斯托特克", investment="6000万欧元")
    assert exc.value.field == "investment"
    services.set_currency_rate(currency="EUR", rate_to_cny="7.8", valid_from=date(2025, 1, 1), by=admin_a)
    project = lead(investment_a, zone_a, name="阿斯托特克", investment="6000万欧元")
    assert project.investment_currency == "EUR" and project.investment_original == Decimal("6000")
    assert project.total_investment_wan == Decimal("46800.00") and project.rate_to_cny == Decimal("7.8")
