"""Chain fixtures: the county's investment officer and leader, a battery chain of zone A with a few links, and a
project of zone A (A2's tests of targets and gaps use them too)."""

import pytest

from zonedesk.chains import services
from zonedesk.orgs.audit import Actor
from zonedesk.projects.services.lifecycle import create_project

from ..factories import MembershipFactory, UserFactory


def actor_on(unit, role: str, username: str) -> Actor:
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    return Actor(user=user, ip="10.0.0.2", channel="web")


@pytest.fixture
def county_investment(county) -> Actor:
    """The county's investment officer: keeps the county's chains."""
    return actor_on(county, "investment_officer", "county_investment")


@pytest.fixture
def county_leader(county) -> Actor:
    return actor_on(county, "leader", "county_leader")


@pytest.fixture
def chain(investment_a, zone_a):
    """Zone A's 新能源动力电池 chain: 正极材料 and 电解液 upstream, 电芯 core, 储能系统 downstream."""
    return services.create_chain(
        investment_a, unit=zone_a, name="新能源动力电池", description="射阳新能源汽车及零部件产业园"
    )


@pytest.fixture
def links(chain, investment_a) -> dict:
    made = {}
    for name, position in [
        ("正极材料", "upstream"),
        ("电解液", "upstream"),
        ("电芯", "core"),
        ("储能系统", "downstream"),
    ]:
        made[name] = services.add_link(investment_a, chain, name=name, position=position)
    return made


@pytest.fixture
def county_chain(county_investment, county):
    """The county's own 新能源动力电池 chain, read by its zones."""
    chain = services.create_chain(county_investment, unit=county, name="新能源动力电池")
    services.add_link(county_investment, chain, name="电芯", position="core")
    return chain


@pytest.fixture
def project_a(investment_a, zone_a):
    return create_project({"name": "海阳动力电池二期", "unit": zone_a, "investment": "12亿元"}, by=investment_a)
