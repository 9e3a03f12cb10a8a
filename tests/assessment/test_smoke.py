"""A scheme over zones computes, ranks and publishes; a published sheet does not move when records change."""

from datetime import date

import pytest

from zonedesk.assessment import services
from zonedesk.assessment.models import Rule, SheetStatus
from zonedesk.assessment.queries import ranking
from zonedesk.orgs.audit import Actor


@pytest.fixture
def system():
    return Actor.system("test")


def test_a_zone_scheme_computes_ranks_and_publishes(system, county, zone_a, zone_b):
    scheme = services.create_scheme(
        system, unit=county, name="园区综合考核", period_kind="quarter", subject_kind="zone"
    )
    services.add_item(system, scheme, indicator="demands_overdue", weight=10, rule=Rule.PENALTY, penalty_per_item=2)
    sheet = services.compute(system, scheme, date(2026, 7, 1))
    rows = ranking(sheet)
    assert {r["score"].subject_unit_id for r in rows} == {zone_a.pk, zone_b.pk}
    assert all(r["rank"] == 1 and r["total"] == 0 for r in rows)  # a tie shares the rank
    published = services.publish(system, sheet)
    assert published.status == SheetStatus.PUBLISHED
    again = services.compute(system, scheme, date(2026, 7, 1))
    assert again.version == 2 and again.status == SheetStatus.DRAFT
