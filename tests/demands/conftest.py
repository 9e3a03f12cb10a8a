"""Demands in any state, built through the services, and a way to fix today's date."""

import pytest
from django.utils import timezone

from zonedesk.demands import services
from zonedesk.demands.models import DemandCategory
from zonedesk.demands.states import Outcome, State
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind

from ..factories import MembershipFactory, UnitFactory, UserFactory


@pytest.fixture
def category(db):
    return DemandCategory.objects.get(unit=None, name="用工")


@pytest.fixture
def department_a2(zone_a):
    return UnitFactory(name="人社局", kind=UnitKind.DEPARTMENT, parent=zone_a)


def actor_of(unit, role: str, username: str) -> Actor:
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    return Actor(user=user, ip="10.0.0.3", channel="web")


@pytest.fixture
def county_department(county):
    """A department of the county itself (县住建局), where a county-level demand is worked."""
    return UnitFactory(name="县住房和城乡建设局", kind=UnitKind.DEPARTMENT, parent=county)


@pytest.fixture
def department_b(zone_b):
    return UnitFactory(name="海河镇经发局", kind=UnitKind.DEPARTMENT, parent=zone_b)


@pytest.fixture
def county_officer(county) -> Actor:
    return actor_of(county, "service_officer", "county_officer")


@pytest.fixture
def county_leader(county) -> Actor:
    return actor_of(county, "leader", "county_leader")


@pytest.fixture
def department_head(department_a) -> Actor:
    """The head (leader) of department_a: the first step of an escalation."""
    return actor_of(department_a, "leader", "head_a")


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` answer a fixed day."""

    def fix(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


@pytest.fixture
def make_demand(officer_a, enterprise_user, handler, enterprise, category, department_a):
    """A demand of `enterprise` brought to `state` through the services."""

    def make(state: str = State.SUBMITTED, *, title: str = "招工难，需要人社局对接", ent=None):
        d = services.submit_demand(officer_a, ent or enterprise, category=category, title=title)
        if state == State.SUBMITTED:
            return d
        if state == State.RETURNED:
            return services.return_for_info(officer_a, d, "请补充用工缺口人数")
        if state == State.REJECTED:
            return services.reject(officer_a, d, "不属于受理范围")
        d = services.accept(officer_a, d)
        if state == State.ACCEPTED:
            return d
        d = services.assign(officer_a, d, department_a)
        if state == State.ASSIGNED:
            return d
        d = services.resolve(handler, d, Outcome.SOLVED, "已组织专场招聘会")
        if state == State.RESOLVED:
            return d
        if state == State.CONFIRMED:
            return services.confirm(enterprise_user, d, 5)
        return services.reopen(enterprise_user, d, "仍缺普工")

    return make
