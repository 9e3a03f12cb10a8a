"""The target that applies to a unit: its own, else the nearest unit above with one; by year."""

from decimal import Decimal

import pytest

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind
from zonedesk.training import services
from zonedesk.training.targets import target_for, targets_for

from ..factories import UnitFactory

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _set(unit, theory, practice, year=2026):
    return services.set_target(SYSTEM, unit=unit, year=year, theory_hours=theory, practice_hours=practice)


def test_a_unit_without_a_target_of_its_own_reads_the_regions(county, zone_a, department_a):
    _set(county, 100, 20)
    for unit in (county, zone_a, department_a):
        target = target_for(unit, 2026)
        assert (target.theory_hours, target.practice_hours, target.source) == (Decimal(100), Decimal(20), county)


def test_the_nearest_target_wins(county, zone_a, department_a, zone_b):
    _set(county, 100, 20)
    _set(zone_a, 120, 30)
    _set(department_a, 120, 40)
    found = targets_for([county, zone_a, department_a, zone_b], 2026)
    assert {u: (t.theory_hours, t.practice_hours) for u, t in found.items()} == {
        county.pk: (100, 20),
        zone_a.pk: (120, 30),
        department_a.pk: (120, 40),
        zone_b.pk: (100, 20),
    }
    assert found[department_a.pk].source == department_a and found[zone_b.pk].source == county


def test_a_target_is_for_its_year_only(zone_a, department_a):
    _set(zone_a, 120, 30, year=2025)
    assert not target_for(department_a, 2026).is_set
    assert target_for(department_a, 2025).theory_hours == 120


def test_a_target_two_levels_up_applies_when_none_is_nearer(db):
    province = UnitFactory(name="山东省", kind=UnitKind.REGION)
    district = UnitFactory(name="聊城市东昌府区", kind=UnitKind.REGION, parent=province)
    zone = UnitFactory(name="聊城嘉明经济开发区", kind=UnitKind.ZONE, parent=district)
    office = UnitFactory(name="党政办公室", kind=UnitKind.DEPARTMENT, parent=zone)
    _set(province, 80, 16)
    assert target_for(office, 2026).source == province
    _set(district, 120, 30)
    assert target_for(office, 2026).source == district
