"""Rectification deadlines in working days on the official calendar, from the level's days or the zone's rules."""

from datetime import date

import pytest

from zonedesk.common.models import OfficialDay
from zonedesk.orgs.models import Unit
from zonedesk.safety import config, services
from zonedesk.safety.states import HazardLevel

from .conftest import hazard_row


def _found(safety_officer, enterprise, **fields):
    inspection = services.record_inspection(
        safety_officer, enterprise, findings="例行检查", hazards=[hazard_row(**fields)]
    )
    return inspection.hazards.get()


@pytest.mark.parametrize(
    ("found_on", "fields", "deadline"),
    [
        # Spring Festival 2025: 1-28 to 2-4 off; Sunday 1-26 and Saturday 2-8 are make-up working days.
        (date(2025, 1, 24), {}, date(2025, 2, 13)),  # general: 10 working days
        (date(2025, 1, 24), {"deadline_days": 1}, date(2025, 1, 26)),
        (date(2025, 1, 24), {"deadline_days": 6}, date(2025, 2, 8)),
        # National Day 2025: 10-1 to 10-8 off; Sunday 9-28 and Saturday 10-11 are make-up working days.
        (date(2025, 9, 26), {"deadline_days": 5}, date(2025, 10, 10)),
        (date(2025, 9, 26), {"deadline_days": 6}, date(2025, 10, 11)),
        (date(2025, 9, 26), {"level": HazardLevel.MAJOR}, date(2025, 11, 13)),  # major: 30 working days
    ],
)
def test_deadline_across_holidays_and_make_up_days(found_on, fields, deadline, on_day, safety_officer, enterprise):
    on_day(found_on)
    hazard = _found(safety_officer, enterprise, **fields)
    assert hazard.found_on == found_on and hazard.deadline == deadline


def test_an_official_calendar_entered_by_an_admin_counts(on_day, safety_officer, enterprise):
    """A year entered by hand wins over the package: a made-up holiday on Tuesday 2025-03-04 moves the deadline."""
    OfficialDay.objects.create(day=date(2025, 3, 4), is_workday=False)
    on_day(date(2025, 3, 3))
    assert _found(safety_officer, enterprise, deadline_days=2).deadline == date(2025, 3, 6)


def test_the_zone_sets_its_own_days_per_level(on_day, safety_officer, enterprise, leader, zone_a, county, admin_a):
    on_day(date(2025, 3, 3))
    with pytest.raises(Unit.DoesNotExist):  # a zone's admin cannot set the county's rules
        config.configure(admin_a, county, general_deadline_days=3)
    config.configure(leader, zone_a, general_deadline_days=3, major_deadline_days=15)
    assert _found(safety_officer, enterprise).deadline == date(2025, 3, 6)
    assert _found(safety_officer, enterprise, level=HazardLevel.MAJOR).deadline == date(2025, 3, 24)


def test_an_explicit_deadline_is_kept(on_day, safety_officer, enterprise):
    on_day(date(2025, 3, 3))
    assert _found(safety_officer, enterprise, deadline=date(2025, 3, 3)).deadline == date(2025, 3, 3)
    assert _found(safety_officer, enterprise, deadline=date(2025, 4, 30)).deadline == date(2025, 4, 30)
