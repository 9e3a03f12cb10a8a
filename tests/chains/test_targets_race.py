"""Two officers turning the same target into a lead at the same moment: one lead, the other is told it changed.

Its own file: a transactional test flushes the database afterwards (serialized_rollback restores the seeded rows),
and --dist loadfile keeps it away from the other files' workers."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from zonedesk.chains import services, targets
from zonedesk.chains.models import InvestmentTarget, ProjectLink, TargetStatus
from zonedesk.common.errors import Conflict
from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project

from .conftest import actor_on

# As tests/assessment/test_race.py: Django's in-memory SQLite test database fails concurrent writers at once
# ("database table is locked") instead of queueing them as the file database ZoneDesk runs on does.
SKIP_REASON = (
    "SQLite's in-memory shared-cache test database fails concurrent writers ('database table is locked') instead "
    "of queueing them; runs on PostgreSQL (DATABASE_URL) and on a file SQLite test database (ZONEDESK_TEST_SQLITE)"
)
DATABASE = settings.DATABASES["default"]
IN_MEMORY_SQLITE = DATABASE["ENGINE"].endswith("sqlite3") and not (DATABASE.get("TEST") or {}).get("NAME")


@pytest.mark.skipif(IN_MEMORY_SQLITE, reason=SKIP_REASON)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_turning_one_target_into_a_lead_at_once_make_one_lead(zone_a, monkeypatch):
    keeper = actor_on(zone_a, "investment_officer", "race_keeper")
    chain = services.create_chain(keeper, unit=zone_a, name="新能源动力电池")
    link = services.add_link(keeper, chain, name="电解液", position="upstream")
    target = targets.add_target(keeper, link=link, company="天赐材料（广州）", source="gap")
    officers = [actor_on(zone_a, "investment_officer", f"race_officer_{i}") for i in range(2)]

    # Hold the winner inside its transaction a moment, so the other is surely at the door meanwhile.
    real_add_project = targets.add_project

    def slow_add_project(*args, **kwargs):
        time.sleep(0.3)
        return real_add_project(*args, **kwargs)

    monkeypatch.setattr(targets, "add_project", slow_add_project)
    start = threading.Barrier(2)
    outcomes: list = []

    def turn(by):
        try:
            start.wait()
            outcomes.append(targets.target_to_lead(by, target.pk, version=1))
        except Exception as exc:  # the outcome, whatever it is, is what the test reads
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=turn, args=(by,)) for by in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    won = [o for o in outcomes if isinstance(o, Project)]
    lost = [o for o in outcomes if not isinstance(o, Project)]
    assert len(won) == 1, outcomes
    assert len(lost) == 1 and isinstance(lost[0], Conflict), outcomes
    assert Project.objects.count() == 1 and ProjectLink.objects.get().project == won[0]
    saved = InvestmentTarget.objects.get(pk=target.pk)
    assert saved.status == TargetStatus.CONVERTED and saved.project == won[0] and saved.version == 2
    assert Event.objects.filter(verb="chain_target.converted").count() == 1
