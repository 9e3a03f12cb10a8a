"""Races (#11 point 3): 50 people make the same state move at the same moment — a project's stage, a demand's
acceptance, a hazard's rectification, a task's completion, a score sheet's publication. Exactly one wins, the 49
others are told it changed (Conflict, 409 on the pages and the API), exactly one Event is written, nothing errs.

The 50 attempts run as threads of another process (worker.py), each on its own database connection, as 50 server
workers would: on PostgreSQL against the test database, on SQLite against a file copy of it (Django's in-memory
test database fails concurrent writers instead of queueing them, as the file database ZoneDesk runs on does).
"""

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from zonedesk.assessment import services as assessment
from zonedesk.assessment.models import Rule
from zonedesk.cli.backup import backup
from zonedesk.demands import services as demands
from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage
from zonedesk.safety import services as safety
from zonedesk.taskforces import services as taskforces

from ..factories import MembershipFactory, UserFactory

ATTEMPTS = 50
WORKER = Path(__file__).with_name("worker.py")
TODAY = timezone.localdate()


def _actor(unit, role: str, username: str) -> Actor:
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    return Actor(user=user, ip="10.0.0.5", channel="web")


def _race(tmp_path: Path, kind: str, pk: int, version: int, by: Actor) -> tuple[dict, dict]:
    """Run the 50 attempts; the outcomes, and the verbs of the Events written meanwhile."""
    before = set(Event.objects.values_list("pk", flat=True))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zonedesk.settings", "SECRET_KEY": "race-test"}
    env.pop("DATABASE_URL", None)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        backup(tmp_path / "zonedesk.sqlite3")
        env["ZONEDESK_DATA_DIR"] = str(tmp_path)
    args = [sys.executable, str(WORKER), kind, str(pk), str(version), str(by.user.pk), str(ATTEMPTS)]
    done = subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    if connection.vendor == "postgresql":
        verbs = list(Event.objects.exclude(pk__in=before).values_list("verb", flat=True))
    else:
        with sqlite3.connect(tmp_path / "zonedesk.sqlite3") as file_db:
            rows = file_db.execute("SELECT id, verb FROM orgs_event").fetchall()
        verbs = [verb for pk_, verb in rows if pk_ not in before]
    return outcomes, verbs


def _exactly_one_won(outcomes: dict, verbs: list, verb: str) -> None:
    assert outcomes["errors"] == [], outcomes["errors"][:3]
    assert outcomes["finished"] == ATTEMPTS
    assert outcomes["won"] == 1 and outcomes["conflict"] == ATTEMPTS - 1, outcomes
    assert verbs == [verb]


pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_advance_a_project_to_the_same_stage(zone_a, tmp_path):
    by = _actor(zone_a, "investment_officer", "race_investment")
    project = Project.objects.create(name="竞态项目", unit=zone_a, stage=Stage.LEAD, lead_on=TODAY - timedelta(days=9))
    outcomes, verbs = _race(tmp_path, "project", project.pk, project.version, by)
    _exactly_one_won(outcomes, verbs, "project.stage_advanced")


def test_fifty_accept_the_same_demand(zone_a, enterprise, tmp_path):
    by = _actor(zone_a, "service_officer", "race_service")
    category = DemandCategory.objects.filter(unit__isnull=True).first()
    demand = demands.submit_demand(by, enterprise, category=category, title="用工缺口，需对接人社局")
    outcomes, verbs = _race(tmp_path, "demand", demand.pk, demand.version, by)
    _exactly_one_won(outcomes, verbs, "demand.accepted")


def test_fifty_start_rectifying_the_same_hazard(zone_a, enterprise, tmp_path):
    inspector = _actor(zone_a, "safety_officer", "race_safety")
    rectifier = _actor(zone_a, "service_officer", "race_rectifier")
    row = {"level": "general", "description": "配电箱未接地", "responsible_person": "王安全"}
    inspection = safety.record_inspection(inspector, enterprise, findings="检查配电房", hazards=[row])
    hazard = inspection.hazards.get()
    outcomes, verbs = _race(tmp_path, "hazard", hazard.pk, hazard.version, rectifier)
    _exactly_one_won(outcomes, verbs, "hazard.rectification_started")


def test_fifty_complete_the_same_task(zone_a, department_a, tmp_path):
    pm = _actor(zone_a, "project_manager", "race_pm")
    project = Project.objects.create(
        name="竞态专班项目", unit=zone_a, stage=Stage.SIGNED, lead_on=TODAY - timedelta(days=90), signed_on=TODAY
    )
    task_force = taskforces.create_task_force(project, pm.user, by=pm, created_on=TODAY)
    task = taskforces.add_task(
        task_force, title="完成环评批复", deadline=TODAY + timedelta(days=10), by=pm, owner_department=department_a
    )
    outcomes, verbs = _race(tmp_path, "task", task.pk, task.version, pm)
    _exactly_one_won(outcomes, verbs, "task.completed")


def test_fifty_publish_the_same_score_sheet(county, zone_a, zone_b, tmp_path):
    system = Actor.system("test")
    scheme = assessment.create_scheme(system, unit=county, name="竞态考核", period_kind="quarter", subject_kind="zone")
    assessment.add_item(system, scheme, indicator="demands_solved", weight=10, rule=Rule.LINEAR, target=3)
    draft = assessment.compute(system, scheme, date(2026, 7, 1))
    leader = _actor(county, "leader", "race_leader")
    outcomes, verbs = _race(tmp_path, "score", draft.pk, 0, leader)
    _exactly_one_won(outcomes, verbs, "score_sheet.published")
