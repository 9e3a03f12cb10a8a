"""Alliance fixtures: a fixed today, zone A's 晶硅光伏 chain, its alliance with three member enterprises, a department and
an association, a meeting held, and the demand category 配套."""

from datetime import date

import pytest
from django.utils import timezone

from zonedesk.alliances import meetings, services
from zonedesk.alliances.states import AllianceKind, MeetingKind, MemberKind, MemberRole
from zonedesk.chains.models import Chain
from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind

from ..factories import EnterpriseFactory, MembershipFactory, UnitFactory, UserFactory

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """`timezone.localdate()` answers 2026-03-10 (after the Spring Festival of 2026)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def supply(db):
    return DemandCategory.objects.get(unit=None, name="配套")


@pytest.fixture
def chain(zone_a):
    return Chain.objects.create(unit=zone_a, name="晶硅光伏")


@pytest.fixture
def third_enterprise(zone_a):
    return EnterpriseFactory(name="射阳晶澳光伏玻璃制品有限公司", unit=zone_a)


@pytest.fixture
def alliance(officer_a, zone_a, chain):
    return services.create_alliance(
        officer_a,
        {
            "unit": zone_a,
            "chain": chain,
            "name": "晶硅光伏产业链党建联盟",
            "kind": AllianceKind.CHAIN_ALLIANCE,
            "lead": "射阳县发改委",
            "founded_on": "2025年6月1日",
        },
    )


def join(by: Actor, alliance, **data):
    return services.add_member(by, alliance, {"joined_on": date(2025, 6, 1), **data})


@pytest.fixture
def members(officer_a, alliance, enterprise, other_enterprise, third_enterprise, department_a) -> dict:
    """国阳 (lead), 科阳, 晶澳 as member enterprises, 行政审批局 as secretary, and an association."""
    return {
        "guoyang": join(officer_a, alliance, kind=MemberKind.ENTERPRISE, enterprise=enterprise, role=MemberRole.LEAD),
        "keyang": join(officer_a, alliance, kind=MemberKind.ENTERPRISE, enterprise=other_enterprise),
        "jingao": join(officer_a, alliance, kind=MemberKind.ENTERPRISE, enterprise=third_enterprise),
        "department": join(
            officer_a, alliance, kind=MemberKind.DEPARTMENT, department=department_a, role=MemberRole.SECRETARY
        ),
        "association": join(officer_a, alliance, kind=MemberKind.ASSOCIATION, name="射阳县光伏行业协会"),
    }


@pytest.fixture
def meeting(officer_a, alliance, members):
    """A matchmaking meeting on 2026-03-02 that 国阳 and 晶澳 attended."""
    return meetings.record_meeting(
        officer_a,
        alliance,
        {"kind": MeetingKind.MATCHMAKING, "held_on": "2026-03-02", "topic": "链上企业对接会", "place": "开发区管委会"},
        attendance={members["guoyang"].pk: "李强强 总经理", members["jingao"].pk: ""},
    )


@pytest.fixture
def county_department(county):
    return UnitFactory(name="射阳县发展和改革委员会", kind=UnitKind.DEPARTMENT, parent=county)


@pytest.fixture
def county_officer(county) -> Actor:
    user = UserFactory(username="county_officer")
    MembershipFactory(user=user, unit=county, role="service_officer")
    return Actor(user=user, ip="10.0.0.2", channel="web")


@pytest.fixture
def county_leader(county) -> Actor:
    user = UserFactory(username="county_leader")
    MembershipFactory(user=user, unit=county, role="leader")
    return Actor(user=user, ip="10.0.0.3", channel="web")
