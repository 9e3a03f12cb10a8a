"""Fifty officers turn the same target into a lead at the same moment: one lead, 49 are told it changed (409), one
project with its Event and one conversion Event. Run as tests/races runs its races: threads of another process on
their own connections, on PostgreSQL and on a file copy of the SQLite test database."""

import pytest

from zonedesk.chains import services
from zonedesk.chains.targets import add_target

from ..races.test_state_moves import ATTEMPTS, _actor, _race

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_turn_the_same_target_into_a_lead(zone_a, tmp_path):
    by = _actor(zone_a, "investment_officer", "race_targets")
    chain = services.create_chain(by, unit=zone_a, name="新能源动力电池")
    link = services.add_link(by, chain, name="电解液", position="upstream")
    target = add_target(by, link=link, company="天赐材料（广州）", source="gap")
    outcomes, verbs = _race(tmp_path, "target", target.pk, target.version, by)
    assert outcomes["errors"] == [], outcomes["errors"][:3]
    assert outcomes["won"] == 1 and outcomes["conflict"] == ATTEMPTS - 1, outcomes
    assert sorted(verbs) == ["chain_target.converted", "project.created"]
