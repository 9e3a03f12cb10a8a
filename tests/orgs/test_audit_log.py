"""The audit log is append-only and hash-chained (等保 安全审计, #11 point 5): the database refuses UPDATE, DELETE and
TRUNCATE of Events and their seals; `zonedesk audit verify` finds an Event changed, removed or slipped in behind the
triggers' back (by someone with `maintenance()`, standing in for a DBA who dropped them)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.audit_chain import GENESIS, link, seal_pending, sm3, verify
from zonedesk.orgs.audit_guard import maintenance
from zonedesk.orgs.models import AuditSeal, Event


@pytest.fixture
def events(zone_a):
    by = Actor.system("test")
    return [record(by, "unit.renamed", zone_a, before={"n": n}, after={"n": n + 1}, unit=zone_a) for n in range(5)]


def test_sm3_is_the_standard_hash():
    # GB/T 32905-2016, example 1: SM3("abc")
    assert sm3(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE orgs_event SET verb = 'x'",
        "DELETE FROM orgs_event",
        "UPDATE orgs_auditseal SET digest = 'x'",
        "DELETE FROM orgs_auditseal",
    ],
)
def test_the_database_refuses_to_change_the_audit_log(events, statement):
    seal_pending()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert Event.objects.filter(verb="unit.renamed").count() == 5
    assert AuditSeal.objects.count() == Event.objects.count()


def test_emptying_the_table_at_once_is_refused(events):
    """PostgreSQL's TRUNCATE skips row triggers: a statement trigger refuses it. SQLite empties a table by DELETE."""
    statement = "TRUNCATE orgs_event CASCADE" if connection.vendor == "postgresql" else "DELETE FROM orgs_event"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # run the deferred foreign-key checks of this test's inserts first:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL refuses TRUNCATE while they are pending
        cursor.execute(statement)
    assert Event.objects.count() >= 5


def test_the_orm_cannot_change_an_event_either(events):
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=events[0].pk).update(verb="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        events[1].delete()


def test_a_sealed_untouched_log_verifies(events):
    assert seal_pending() == Event.objects.count()
    assert seal_pending() == 0  # nothing twice
    verdict = verify()
    assert verdict.intact and verdict.sealed == Event.objects.count() and verdict.unsealed == 0
    first = AuditSeal.objects.order_by("number").first()
    assert first.number == 1 and first.digest == link(GENESIS, first.event)


def test_new_events_wait_for_the_next_seal(events, zone_a):
    seal_pending()
    record(Actor.system("test"), "unit.renamed", zone_a, unit=zone_a)
    assert verify().unsealed == 1 and verify().intact
    seal_pending()
    assert verify().unsealed == 0 and verify().intact


def test_verify_finds_a_changed_event(events):
    seal_pending()
    with maintenance():
        Event.objects.filter(pk=events[2].pk).update(after={"n": 999})
    verdict = verify()
    assert not verdict.intact
    assert verdict.broken == [f"event {events[2].pk} (seal {events[2].seal.number}) was changed"]


def test_verify_finds_a_removed_event(events):
    seal_pending()
    number = AuditSeal.objects.get(event=events[3]).number
    with maintenance():
        AuditSeal.objects.filter(event=events[3]).delete()
        Event.objects.filter(pk=events[3].pk).delete()
    assert verify().broken == [f"seal {number} is missing"]


def test_the_command_reports_tampering(events, capsys):
    call_command("audit", "seal")
    call_command("audit", "verify")
    assert "审计日志完整" in capsys.readouterr().out
    with maintenance():
        Event.objects.filter(pk=events[0].pk).update(actor_label="someone else")
    with pytest.raises(CommandError, match="篡改"):
        call_command("audit", "verify")


def test_flush_may_still_empty_the_database(events, django_db_blocker):
    """The test runner's flush (our `flush` command) goes through maintenance(), nothing else does."""
    with maintenance():
        assert Event.objects.filter(pk=events[0].pk).update(verb="unit.renamed") == 1
