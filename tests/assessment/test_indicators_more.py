"""The safety and recruitment indicators against hand-computed values on a small fixed data set (issue 8 feeds
issue 7's assessment): hazards rectified on time, hazards overdue, people hired on postings and at fairs."""

from datetime import date
from decimal import Decimal

import pytest

from zonedesk.assessment.indicators import CATALOGUE, Subjects
from zonedesk.assessment.models import SubjectKind
from zonedesk.recruitment import fairs, services
from zonedesk.safety import hazards
from zonedesk.safety import services as safety
from zonedesk.safety.models import Hazard

from ..recruitment.conftest import fair, posting_data  # noqa: F401
from ..safety.conftest import PNG, hazard_row, on_day, safety_officer  # noqa: F401

pytestmark = pytest.mark.django_db
Q1 = (date(2025, 1, 1), date(2025, 3, 31))


def values(key: str, county) -> dict:
    subjects = Subjects.of(county, SubjectKind.ZONE)
    return CATALOGUE[key].compute(subjects, *Q1, None)


def test_hazards_on_time_and_overdue(on_day, safety_officer, enterprise_user, enterprise, zone_a, zone_b):  # noqa: F811
    on_day(date(2025, 3, 3))
    found = safety.record_inspection(
        safety_officer, enterprise, findings="季度检查", hazards=[hazard_row(), hazard_row(), hazard_row()]
    )
    on_time, never, late = found.hazards.order_by("pk")
    assert on_time.deadline == date(2025, 3, 17)  # 10 working days
    for hazard in (on_time, late):
        hazards.start_rectification(enterprise_user, hazard)
    hazards.submit_rectification(enterprise_user, Hazard.objects.get(pk=on_time.pk), "已整改", [("a.png", PNG)])
    hazards.accept_rectification(safety_officer, Hazard.objects.get(pk=on_time.pk))
    on_day(date(2025, 3, 20))  # after the deadline
    hazards.submit_rectification(enterprise_user, Hazard.objects.get(pk=late.pk), "已整改", [("b.png", PNG)])
    hazards.accept_rectification(safety_officer, Hazard.objects.get(pk=late.pk))
    on_day(date(2025, 5, 6))
    county = zone_a.parent
    # due in Q1: 3; on time 1; late 2 (one accepted late, one still open past its deadline)
    assert values("hazards_on_time", county) == {zone_a.pk: Decimal("33.33")}
    assert values("hazards_overdue", county) == {zone_a.pk: 2, zone_b.pk: 0}
    assert never.state == "found"


def test_people_hired_on_postings_and_at_fairs(on_day, officer_a, enterprise, zone_a, zone_b, fair):  # noqa: F811
    on_day(date(2025, 1, 6))
    posting = services.publish_posting(officer_a, enterprise, posting_data(count=10))
    on_day(date(2025, 2, 10))
    services.record_hires(officer_a, posting, 2)
    on_day(date(2025, 4, 2))
    services.record_hires(officer_a, posting, 3)  # the next quarter: not counted
    fairs.add_participant(officer_a, fair, enterprise)
    on_day(date(2025, 1, 29))
    fairs.mark_held(officer_a, fair)
    fairs.record_results(officer_a, fair, visitors=300, results=[{"enterprise": enterprise, "intents": 8, "hires": 4}])
    county = zone_a.parent
    assert values("posting_hires", county) == {zone_a.pk: 2, zone_b.pk: 0}
    assert values("fair_hires", county) == {zone_a.pk: 4, zone_b.pk: 0}
