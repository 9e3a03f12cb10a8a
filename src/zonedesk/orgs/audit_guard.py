"""The audit log is append-only (等保 安全审计): database triggers refuse UPDATE, DELETE and TRUNCATE on the Event
table and on its seals, on SQLite and PostgreSQL alike, so not even a bug or a hand-typed SQL statement of the
application's own database user can rewrite history.

The one way past them is `maintenance()`, for work that rewrites the whole database on purpose: Django's `flush`
(the tests), and the demo loaders that date their invented history in the past. On PostgreSQL it sets the
transaction-local setting `zonedesk.audit_maintenance`; on SQLite a function the triggers call answers from this
process (a connection without ZoneDesk's function — the sqlite3 shell — cannot change the table at all).
"""

import threading
from contextlib import contextmanager

from django.db import connection

SETTING = "zonedesk.audit_maintenance"
GUARDED = ("orgs_event", "orgs_auditseal")
_state = threading.local()


def _allowed() -> int:
    return 1 if getattr(_state, "depth", 0) > 0 else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created: give every SQLite connection the function the triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("zonedesk_audit_maintenance", 0, _allowed, deterministic=False)


@contextmanager
def maintenance():
    """Let the code inside rewrite or empty the audit tables, on this thread's connection, until it ends."""
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        if connection.vendor == "postgresql" and _state.depth == 1:
            _set_postgresql("on")
        yield
    finally:
        _state.depth -= 1
        if connection.vendor == "postgresql" and _state.depth == 0 and connection.connection is not None:
            _set_postgresql("")


def _set_postgresql(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, value])


def ensure_installed(sender=None, using="default", **kwargs) -> None:
    """post_migrate: (re)create the triggers, which SQLite drops whenever a migration rebuilds the table."""
    from django.db import connections

    target = connections[using]
    with target.cursor() as cursor:
        for statement in uninstall_sql(target.vendor) + install_sql(target.vendor):
            cursor.execute(statement)


def install_sql(vendor: str) -> list[str]:
    """The statements that create the triggers (used by the migration)."""
    if vendor == "postgresql":
        statements = [
            f"""
            CREATE OR REPLACE FUNCTION zonedesk_audit_append_only() RETURNS trigger AS $$
            BEGIN
                IF coalesce(current_setting('{SETTING}', true), '') = 'on' THEN
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    IF TG_OP = 'TRUNCATE' THEN RETURN NULL; END IF;
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'the audit log (%) is append-only: % refused', TG_TABLE_NAME, TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$ LANGUAGE plpgsql
            """
        ]
        for table in GUARDED:
            statements += [
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION zonedesk_audit_append_only()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION zonedesk_audit_append_only()",
            ]
        return statements
    if vendor == "sqlite":
        statements = []
        for table in GUARDED:
            for op in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    "WHEN zonedesk_audit_maintenance() = 0 "
                    f"BEGIN SELECT RAISE(ABORT, 'the audit log ({table}) is append-only: {op} refused'); END"
                )
        return statements
    return []


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        drops = [f"DROP TRIGGER IF EXISTS {t}_{s} ON {t}" for t in GUARDED for s in ("append_only", "no_truncate")]
        return [*drops, "DROP FUNCTION IF EXISTS zonedesk_audit_append_only()"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t}_no_{op}" for t in GUARDED for op in ("update", "delete")]
    return []


def rewrite_events(events, fields: list[str], batch_size: int = 300) -> None:
    """Change Events already written: only the demo does this, to date its invented history in the past."""
    from .models import Event

    with maintenance():
        Event.objects.bulk_update(events, fields, batch_size=batch_size)
