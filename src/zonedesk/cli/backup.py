"""Backup and restore of the whole database, with a fingerprint that proves the restore is the backup.

- SQLite: the online backup API (`sqlite3.Connection.backup`), consistent while the server keeps writing.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction`, from the
  newest server installation under /usr/lib/postgresql (the same major version as the server), else the PATH.
  The password goes to the tools in PGPASSWORD, never on a command line or in a log.

Beside each backup file a manifest (`<file>.manifest.json`) holds every table's row count and checksum; restoring
checks the database against it and reports each table that differs.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that could not be made, or whose result differs from its manifest."""


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def fingerprint() -> dict[str, dict]:
    """Every table's row count and a SHA-256 over its rows (in a fixed order), as the database holds them now."""
    tables = sorted(connection.introspection.table_names())
    result = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT * FROM {_quote(table)}")
            rows = sorted(repr(tuple(_plain(value) for value in row)) for row in cursor.fetchall())
            digest = hashlib.sha256()
            for row in rows:
                digest.update(row.encode())
                digest.update(b"\n")
            result[table] = {"rows": len(rows), "sha256": digest.hexdigest()}
    return result


def _plain(value):
    """A cell as both databases' drivers agree to show it (memoryview from PostgreSQL, bytes from SQLite)."""
    return bytes(value) if isinstance(value, memoryview) else value


def differences(expected: dict, actual: dict) -> list[str]:
    """The tables whose count or checksum differ between two fingerprints."""
    return sorted(t for t in expected.keys() | actual.keys() if expected.get(t) != actual.get(t))


@dataclass
class Outcome:
    path: Path
    tables: int
    rows: int


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def backup(path: Path) -> Outcome:
    """Write the database to `path` and its manifest beside it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    tables = fingerprint()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={path}")
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    manifest = {
        "vendor": connection.vendor,
        "made_at": timezone.now().isoformat(),
        "tables": tables,
    }
    _manifest_path(path).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return Outcome(path, len(tables), sum(t["rows"] for t in tables.values()))


def restore(path: Path) -> Outcome:
    """Replace the database's contents with the backup at `path`, then check them against its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    manifest_file = _manifest_path(path)
    manifest = json.loads(manifest_file.read_text()) if manifest_file.is_file() else None
    if manifest and manifest["vendor"] != connection.vendor:
        raise BackupError(f"a {manifest['vendor']} backup cannot be restored into {connection.vendor}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and creates the tables: nothing of ours may hold them
        _run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(path))
    else:
        raise BackupError(f"no restore for {connection.vendor}")
    now = fingerprint()
    if manifest and (differ := differences(manifest["tables"], now)):
        raise BackupError(f"restored, but {len(differ)} tables differ from the manifest: {', '.join(differ[:10])}")
    return Outcome(path, len(now), sum(t["rows"] for t in now.values()))


def _pg_tool(name: str) -> str:
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools")
    return found


def _run_pg(tool: str, *args: str) -> None:
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
    }
    if db.get("HOST"):
        env["PGHOST"] = db["HOST"]
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if tool == "pg_restore":
        args = (f"--dbname={db['NAME']}", *args)
    done = subprocess.run([_pg_tool(tool), *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
