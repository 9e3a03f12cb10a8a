"""The demo's facilities of 射阳经开区: loaded once through the services, at different stages, each with its task force,
template milestones, responsibility items and weekly reports, all in this week's dispatch."""

import io

import pytest
from django.utils import timezone

from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_facilities import FACILITIES, load_facilities
from zonedesk.cli.demo_projects import load_projects
from zonedesk.cli.demo_taskforces import load_taskforces
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.projects.models import Project, StageMove
from zonedesk.projects.stages import Kind, Stage
from zonedesk.taskforces.dispatch import weekly_dispatch
from zonedesk.taskforces.models import Milestone, TaskForce, WeeklyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    load_projects()
    load_taskforces()
    out = io.StringIO()
    count = load_facilities(stdout=out)
    return count, out.getvalue()


def test_the_facilities_are_loaded_once_with_one_printed_line(demo):
    count, printed = demo
    assert count == len(FACILITIES) == Project.objects.facilities().count()
    assert printed.count("\n") == 1 and str(count) in printed
    rows = (Project.objects.count(), Milestone.objects.count(), WeeklyReport.objects.count(), Event.objects.count())
    again = io.StringIO()
    assert load_facilities(stdout=again) == count and again.getvalue() == ""
    assert (
        Project.objects.count(),
        Milestone.objects.count(),
        WeeklyReport.objects.count(),
        Event.objects.count(),
    ) == rows


def test_the_facilities_stand_at_different_stages_of_their_own_life(demo):
    stages = {p.name: p.stage for p in Project.objects.facilities()}
    assert set(stages.values()) == {Stage.PLANNED, Stage.STARTED, Stage.COMPLETED, Stage.IN_USE}
    for data in FACILITIES:
        assert stages[data["name"]] == data["stage"]
    in_use = Project.objects.get(kind=Kind.FACILITY, stage=Stage.IN_USE)
    moves = list(StageMove.objects.filter(project=in_use).values_list("to_stage", flat=True))
    assert moves == [Stage.PLANNED, Stage.STARTED, Stage.COMPLETED, Stage.IN_USE]
    assert in_use.lead_on < in_use.started_on < in_use.completed_on < in_use.in_use_on <= timezone.localdate()


def test_each_facility_has_its_task_force_with_milestones_tasks_and_reports(demo):
    for force in TaskForce.objects.filter(project__kind=Kind.FACILITY).select_related("leader"):
        assert force.leader.username in {"pm", "leader"}
        assert force.milestones.count() == 7 and force.milestones.filter(name="投用").exists()
        assert force.tasks.count() == 2
        assert 2 <= force.weekly_reports.count() <= 3
    assert TaskForce.objects.filter(project__kind=Kind.FACILITY).count() == len(FACILITIES)
    overdue = Milestone.objects.filter(
        task_force__project__name="固废处理中心",
        name="开工",
        actual_on__isnull=True,
        planned_on__lt=timezone.localdate(),
    )
    assert overdue.exists()  # still planned: its start is overdue


def test_every_facility_is_in_this_week_s_dispatch_of_sheyang(demo):
    zone = Unit.objects.get(kind="zone", short_name="射阳经开区")
    year, week, _day = timezone.localdate().isocalendar()
    data = weekly_dispatch(User.objects.get(username="leader"), zone, year, week)
    section = next(s for s in data["sections"] if s["kind"] == Kind.FACILITY)
    assert {r["name"] for r in section["rows"]} == {d["name"] for d in FACILITIES}
    assert all(r["report"] is not None for r in section["rows"])
    assert any(r["overdue"] for r in section["rows"])
