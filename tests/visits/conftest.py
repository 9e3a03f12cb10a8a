"""Visit fixtures: a county leader (the third visiting unit) and a planned visit of zone A."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zonedesk.orgs.audit import Actor
from zonedesk.visits.services import plan_visit

from ..factories import MembershipFactory, UserFactory


@pytest.fixture
def county_leader(county) -> Actor:
    user = UserFactory(username="county_leader")
    MembershipFactory(user=user, unit=county, role="leader")
    return Actor(user=user, ip="10.0.0.2", channel="web")


@pytest.fixture
def planned(enterprise, zone_a, officer_a):
    return plan_visit(enterprise, unit=zone_a, planned_on=timezone.localdate() - timedelta(days=1), by=officer_a)
