"""The gate's hygiene: lint, format, Django checks, migrations, the OpenAPI snapshot, module size, messages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "zonedesk"
SNAPSHOT = ROOT / "tests" / "snapshots" / "openapi.json"
MAX_LINES = 400


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = _run("ruff", "format", "--check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_django_system_checks_pass():
    call_command("check", "--fail-level", "WARNING")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_no_module_grows_past_the_line_limit():
    long = [
        f"{path.relative_to(ROOT)}: {n}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, f"split these modules by subdomain: {long}"


def test_the_openapi_schema_matches_its_snapshot(client):
    """A changed API shows in review: regenerate with UPDATE_SNAPSHOTS=1 uv run pytest tests/test_hygiene.py."""
    schema = client.get("/api/v1/openapi.json").json()
    text = json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == text


def test_api_schemas_have_names_of_their_own():
    """The OpenAPI components are keyed by class name: two schemas called TargetOut in two apps would describe one
    endpoint with the other's fields, silently."""
    from ninja import Schema

    import zonedesk.api  # noqa: F401 - every router and schema imported

    modules: dict[str, set[str]] = {}
    pending = [Schema]
    while pending:
        for schema in pending.pop().__subclasses__():
            if schema.__module__.startswith("zonedesk"):
                modules.setdefault(schema.__name__, set()).add(schema.__module__)
            pending.append(schema)
    assert {name: sorted(m) for name, m in modules.items() if len(m) > 1} == {}


def test_every_po_file_is_compiled_into_its_mo_file():
    """Edit the .po, then run `uv run python -m zonedesk.common.i18n` to rebuild the .mo."""
    pos = list((SRC / "locale").rglob("*.po"))
    assert pos
    for po_path in pos:
        po = polib.pofile(str(po_path))
        mo = polib.mofile(str(po_path.with_suffix(".mo")))
        translated = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in po.translated_entries()
        }
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo if e.msgid}
        assert translated == compiled, f"{po_path} changed since its .mo was compiled"
        assert not po.untranslated_entries(), f"untranslated: {[e.msgid for e in po.untranslated_entries()][:10]}"
        assert not po.fuzzy_entries(), f"fuzzy: {[e.msgid for e in po.fuzzy_entries()][:10]}"
