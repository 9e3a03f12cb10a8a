"""Who may act on which demand: enterprise users on their own, handlers on their department's, zones apart."""

import pytest

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.demands import services
from zonedesk.demands.models import Demand
from zonedesk.demands.states import Outcome, Source, State
from zonedesk.orgs.models import Event


def test_enterprise_user_submits_for_their_own_enterprise(enterprise_user, enterprise, category):
    demand = services.submit_demand(enterprise_user, enterprise, category=category, title="申请人才公寓")
    assert demand.source == Source.PORTAL and demand.unit == enterprise.unit
    assert demand.submitted_by == enterprise_user.user
    assert Event.objects.filter(verb="demand.submitted", object_id=str(demand.pk)).count() == 1


def test_enterprise_user_cannot_submit_for_another_enterprise(enterprise_user, other_enterprise, category):
    with pytest.raises(Demand.enterprise.field.related_model.DoesNotExist):
        services.submit_demand(enterprise_user, other_enterprise, category=category, title="代提诉求")


def test_enterprise_user_sees_and_confirms_only_their_own(make_demand, enterprise_user, other_enterprise):
    own = make_demand(State.RESOLVED)
    other = make_demand(State.RESOLVED, ent=other_enterprise)
    assert list(Demand.objects.visible_to(enterprise_user.user)) == [own]
    with pytest.raises(Demand.DoesNotExist):
        services.confirm(enterprise_user, other, 5)
    assert services.confirm(enterprise_user, own, 5).state == State.CONFIRMED


def test_zone_b_officer_cannot_reach_zone_a(make_demand, officer_b, enterprise, category):
    demand = make_demand()
    with pytest.raises(Demand.DoesNotExist):
        services.accept(officer_b, demand)
    with pytest.raises(Demand.enterprise.field.related_model.DoesNotExist):
        services.submit_demand(officer_b, enterprise, category=category, title="跨区提交")
    assert not Demand.objects.visible_to(officer_b.user).exists()


def test_handler_resolves_only_his_departments_demands(make_demand, officer_a, handler, department_a2):
    mine = make_demand(State.ASSIGNED)
    elsewhere = services.assign(officer_a, make_demand(State.ACCEPTED), department_a2)
    waiting = make_demand(State.ACCEPTED)
    assert set(Demand.objects.visible_to(handler.user)) == {mine}
    with pytest.raises(Demand.DoesNotExist):
        services.resolve(handler, elsewhere, Outcome.SOLVED, "已办")
    with pytest.raises(Demand.DoesNotExist):
        services.accept(handler, waiting)
    assert services.resolve(handler, mine, Outcome.SOLVED, "已办").state == State.RESOLVED


def test_handler_cannot_accept_or_assign(make_demand, handler, officer_a, department_a, department_a2):
    demand = make_demand(State.ASSIGNED)
    with pytest.raises(Forbidden):
        services.transfer(handler, demand, department_a2, "不归我们")


def test_staff_cannot_confirm_for_the_enterprise(make_demand, officer_a, leader):
    demand = make_demand(State.RESOLVED)
    for by in (officer_a, leader):
        with pytest.raises(Forbidden):
            services.confirm(by, demand, 5)


def test_enterprise_cannot_accept_its_own_demand(make_demand, enterprise_user):
    with pytest.raises(Forbidden):
        services.accept(enterprise_user, make_demand())


def test_stale_version_is_a_conflict(make_demand, officer_a, leader):
    demand = make_demand()
    stale = Demand.objects.get(pk=demand.pk)
    services.accept(leader, demand)
    with pytest.raises(Conflict):
        services.reject(officer_a, stale, "重复提交")
    with pytest.raises(Conflict):
        services.reject(officer_a, demand.pk, "重复提交", version=1)
    assert Demand.objects.get(pk=demand.pk).state == State.ACCEPTED


def test_category_of_another_region_is_refused(officer_a, enterprise, zone_b):
    from zonedesk.demands.models import DemandCategory

    foreign = DemandCategory.objects.create(unit=zone_b, name="海河镇专项", default_deadline_days=5)
    with pytest.raises(Rejected):
        services.submit_demand(officer_a, enterprise, category=foreign, title="专项诉求")


def test_default_categories_are_seeded(db):
    from zonedesk.demands.models import DemandCategory

    names = set(DemandCategory.objects.filter(unit=None).values_list("name", flat=True))
    expected = {"用工", "融资", "用地", "审批", "配套", "政策兑现", "基础设施", "物流", "人才", "法律", "其他"}
    assert names >= expected


def test_enterprise_resubmits_its_returned_demand(make_demand, enterprise_user, other_enterprise, officer_a):
    own = make_demand(State.RETURNED)
    other = services.return_for_info(officer_a, make_demand(ent=other_enterprise), "请补充")
    with pytest.raises(Demand.DoesNotExist):
        services.resubmit(enterprise_user, other, description="补充")
    moved = services.resubmit(enterprise_user, own, description="缺普工80人")
    assert moved.state == State.SUBMITTED and moved.description == "缺普工80人"


def test_history_dates_every_move(make_demand):
    demand = make_demand(State.CONFIRMED)
    moves = list(demand.moves.values_list("from_state", "to_state"))
    assert moves == [
        ("", State.SUBMITTED),
        (State.SUBMITTED, State.ACCEPTED),
        (State.ACCEPTED, State.ASSIGNED),
        (State.ASSIGNED, State.RESOLVED),
        (State.RESOLVED, State.CONFIRMED),
    ]
    assert all(getattr(demand, f) for f in ("submitted_on", "accepted_on", "assigned_on", "resolved_on"))
    assert demand.confirmed_on and demand.satisfaction == 5 and not demand.confirmed_auto
    assert Event.objects.filter(object_id=str(demand.pk), verb__startswith="demand.").count() == 5
