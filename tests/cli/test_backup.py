"""Backup, wipe, restore: the same rows in every table, checked by count and checksum (on SQLite and PostgreSQL)."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zonedesk.cli.backup import BackupError, differences, fingerprint
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event

from ..factories import EnterpriseFactory


@pytest.fixture
def some_records(zone_a, zone_b):
    for n in range(3):
        EnterpriseFactory(unit=zone_a if n % 2 else zone_b)
    return Enterprise.objects.count()


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_identical_counts_and_checksums(some_records, tmp_path, capsys):
    before = fingerprint()
    assert before["enterprises_enterprise"]["rows"] == some_records >= 3
    path = tmp_path / "zonedesk.backup"
    call_command("backup", str(path))
    manifest = json.loads((tmp_path / "zonedesk.backup.manifest.json").read_text())
    assert manifest["tables"] == before

    call_command("flush", interactive=False, verbosity=0)  # the wipe
    assert Enterprise.objects.count() == 0
    assert differences(before, fingerprint())  # the wipe is seen

    call_command("restore", str(path), yes=True)
    after = fingerprint()
    assert differences(before, after) == []
    assert after == before
    assert "与备份清单一致" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_does_not_match_its_manifest_is_reported(some_records, tmp_path):
    path = tmp_path / "zonedesk.backup"
    call_command("backup", str(path))
    manifest_file = tmp_path / "zonedesk.backup.manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["tables"]["enterprises_enterprise"]["rows"] += 1  # a manifest of another backup, or a damaged file
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="enterprises_enterprise"):
        call_command("restore", str(path), yes=True)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_missing_file_and_keeps_the_data(some_records, tmp_path):
    events = Event.objects.count()
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "missing.backup"), yes=True)
    assert Enterprise.objects.count() == some_records and Event.objects.count() == events


def test_fingerprint_sees_a_changed_cell(some_records):
    before = fingerprint()
    enterprise = Enterprise.objects.first()
    Enterprise.objects.filter(pk=enterprise.pk).update(name=enterprise.name + "（改）")
    assert differences(before, fingerprint()) == ["enterprises_enterprise"]


def test_differences_names_missing_tables():
    assert differences({"a": {"rows": 1}}, {}) == ["a"]
    with pytest.raises(BackupError):
        raise BackupError("x")
