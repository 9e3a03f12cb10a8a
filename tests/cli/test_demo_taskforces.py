"""The demo's task forces: 惠生 at 吕四港 and 国阳 at 射阳, loaded once, with something overdue for `pm`."""

import pytest
from django.utils import timezone

from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_projects import load_projects
from zonedesk.cli.demo_taskforces import load_taskforces
from zonedesk.orgs.models import User
from zonedesk.supervision.models import Channel
from zonedesk.taskforces.models import Approval, MemberRole, TaskForce, WeeklyReport
from zonedesk.taskforces.queries import ItemStatus, approval_timeline, my_items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    load_demo()
    load_projects()
    return load_taskforces()


def test_the_demo_task_forces_exist_once(demo):
    assert demo == 2
    assert load_taskforces() == 2
    huisheng = TaskForce.objects.get(project__name="惠生海工装备基地")
    assert huisheng.leader.username == "lsg_leader" and huisheng.unit.short_name == "吕四港经开区"
    guoyang = TaskForce.objects.get(project__name="国阳智能装备产业园")
    assert guoyang.leader.username == "pm"
    assert guoyang.members.get(role=MemberRole.DEPUTY).user.username == "leader"
    assert WeeklyReport.objects.filter(task_force=guoyang).count() == 3
    assert set(guoyang.element_needs.values_list("kind", flat=True)) == {"land", "labour"}
    assert Approval.objects.filter(task_force=guoyang).count() == 3
    assert approval_timeline(guoyang).days_saved > 0
    assert not Channel.objects.filter(kind="wecom").exists()


def test_pm_sees_an_overdue_and_a_due_soon_milestone(demo):
    items = my_items(User.objects.get(username="pm"), timezone.localdate())
    milestones = [item.status for item in items if item.kind == "milestone"]
    assert ItemStatus.OVERDUE in milestones and ItemStatus.DUE_SOON in milestones


def test_the_handler_has_a_task_of_their_department(demo):
    items = my_items(User.objects.get(username="handler"), timezone.localdate())
    assert [item.obj.owner_department.name for item in items if item.kind == "task"] == ["行政审批局"]
