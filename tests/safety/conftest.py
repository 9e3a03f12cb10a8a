"""Safety officers, a zone's hazard categories, hazards in any state built through the services, photos."""

import pytest
from django.utils import timezone

from zonedesk.orgs.audit import Actor
from zonedesk.safety import config, hazards, services
from zonedesk.safety.states import HazardLevel, HazardState

from ..factories import MembershipFactory, UserFactory

# The smallest files whose first bytes say what their names say.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64


def actor_of(unit, role: str, username: str, **user_fields) -> Actor:
    user = UserFactory(username=username, **user_fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return Actor(user=user, ip="10.0.0.5", channel="web")


@pytest.fixture
def safety_officer(zone_a) -> Actor:
    return actor_of(zone_a, "safety_officer", "safety_a")


@pytest.fixture
def safety_officer_b(zone_b) -> Actor:
    return actor_of(zone_b, "safety_officer", "safety_b")


@pytest.fixture
def other_enterprise_user(zone_a, other_enterprise) -> Actor:
    return actor_of(zone_a, "enterprise", "ent_user_2", enterprise=other_enterprise)


@pytest.fixture
def dust(admin_a, zone_a):
    """One of zone A's "六涉" categories."""
    return config.add_category(admin_a, zone_a, code="FC", name="涉爆粉尘", is_six=True)


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` answer a fixed day."""

    def fix(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


def hazard_row(**fields) -> dict:
    return {"level": HazardLevel.GENERAL, "description": "配电箱未接地", "responsible_person": "王安全", **fields}


@pytest.fixture
def make_hazard(safety_officer, enterprise_user, enterprise):
    """A hazard of `enterprise` (or `ent`) brought to `state` through the services."""

    def make(state: str = HazardState.FOUND, *, ent=None, rectifier=None, **fields):
        inspection = services.record_inspection(
            safety_officer, ent or enterprise, findings="检查配电房，发现隐患", hazards=[hazard_row(**fields)]
        )
        hazard = inspection.hazards.get()
        if state == HazardState.FOUND:
            return hazard
        rectifier = rectifier or enterprise_user
        hazard = hazards.start_rectification(rectifier, hazard)
        if state == HazardState.RECTIFYING:
            return hazard
        hazard = hazards.submit_rectification(rectifier, hazard, "已接地", [("整改后.png", PNG)])
        if state == HazardState.SUBMITTED:
            return hazard
        if state == HazardState.ACCEPTED:
            return hazards.accept_rectification(safety_officer, hazard)
        return hazards.send_back(safety_officer, hazard, "接地线规格不符")

    return make
