"""Two leaders publishing the same draft at the same moment: exactly one wins, the other is told it changed.

Its own file: a transactional test flushes the database afterwards (serialized_rollback restores the seeded rows),
and --dist loadfile keeps it away from the other files' workers."""

import threading
import time
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from zonedesk.assessment import services
from zonedesk.assessment.models import Rule, ScoreSheet, SheetStatus
from zonedesk.common.errors import Conflict
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event

from .conftest import actor_of

# Django's SQLite test database is in memory with a shared cache: its connections take table locks that fail at
# once with "database table is locked" instead of waiting out the busy timeout, so two writer threads cannot queue
# the way they do on the file database (IMMEDIATE transactions + busy timeout) that ZoneDesk runs on.
# ZONEDESK_TEST_SQLITE=/tmp/x.sqlite3 gives the test run a file database, where the race runs as in production.
SKIP_REASON = (
    "SQLite's in-memory shared-cache test database fails concurrent writers ('database table is locked') instead "
    "of queueing them; runs on PostgreSQL (DATABASE_URL) and on a file SQLite test database (ZONEDESK_TEST_SQLITE)"
)


DATABASE = settings.DATABASES["default"]
# Decided before the test database is touched: a skipped transactional test would still flush it for the others.
IN_MEMORY_SQLITE = DATABASE["ENGINE"].endswith("sqlite3") and not (DATABASE.get("TEST") or {}).get("NAME")


@pytest.mark.skipif(IN_MEMORY_SQLITE, reason=SKIP_REASON)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_leaders_publishing_the_same_draft_at_once_exactly_one_wins(county, zone_a, zone_b, monkeypatch):
    system = Actor.system("test")
    scheme = services.create_scheme(system, unit=county, name="竞态", period_kind="quarter", subject_kind="zone")
    services.add_item(system, scheme, indicator="demands_solved", weight=10, rule=Rule.LINEAR, target=3)
    draft = services.compute(system, scheme, date(2026, 7, 1))
    leaders = [actor_of(county, "leader", f"race_leader_{i}") for i in range(2)]

    # Hold the winner inside its transaction a moment, so the other is surely at the door meanwhile.
    real_record = services.record

    def slow_record(*args, **kwargs):
        time.sleep(0.3)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(services, "record", slow_record)
    start = threading.Barrier(2)
    outcomes: list = []

    def publish(by):
        try:
            start.wait()
            outcomes.append(services.publish(by, draft.pk))
        except Exception as exc:  # the outcome, whatever it is, is what the test reads
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(by,)) for by in leaders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    won = [o for o in outcomes if isinstance(o, ScoreSheet)]
    lost = [o for o in outcomes if not isinstance(o, ScoreSheet)]
    assert len(won) == 1, outcomes
    assert len(lost) == 1 and isinstance(lost[0], Conflict), outcomes
    draft.refresh_from_db()
    assert draft.status == SheetStatus.PUBLISHED and draft.published_by == won[0].published_by
    assert Event.objects.filter(verb="score_sheet.published").count() == 1
