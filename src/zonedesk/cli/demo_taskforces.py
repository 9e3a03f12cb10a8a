"""The demo's task forces (专班): 惠生海工装备基地 at 吕四港 and 国阳智能装备产业园 at 射阳, loaded once.

Through the task-force services as the system actor, after the projects (demo_projects): milestones from the
template (some reached, one overdue, one due within 3 working days), the responsibility list of the 射阳
departments, element needs, 国阳's parallel approvals and the weekly reports of the last three ISO weeks.
No robot channel is configured: reminders reach the in-app inbox.
"""

from datetime import date, timedelta

from django.utils import timezone

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.orgs.roles import Role
from zonedesk.orgs.services import create_user
from zonedesk.projects.models import Project
from zonedesk.taskforces import services
from zonedesk.taskforces.models import MemberRole, Milestone, ProjectKind, TaskForce

from .demo_data import PASSWORD

LOADED = "demo.taskforces_loaded"
LSG_LEADER = ("lsg_leader", "顾海明", "13951010010")
REPORTS = [
    ("钢结构厂房吊装推进，办公楼完成基础", 20, "3200", "施工用电容量不足，需增容"),
    ("主厂房封顶，设备基础施工", 32, "4500", "熟练焊工缺口约80人"),
    ("设备基础完成，首批设备到港", 45, "5200", ""),
]


def _unit(short_name: str) -> Unit:
    return Unit.objects.get(kind="zone", short_name=short_name)


def _lsg_leader(by: Actor, zone: Unit) -> User:
    username, full_name, mobile = LSG_LEADER
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return create_user(
        username=username, password=PASSWORD, full_name=full_name, unit=zone, role=Role.LEADER, by=by, mobile=mobile
    )


def _milestones(by: Actor, task_force: TaskForce, start: date, today: date, calendar: WorkCalendar) -> None:
    """Template milestones from `start`: those past are reached, except one left overdue; one due in 2 working days."""
    planned = services.apply_milestone_template(task_force, ProjectKind.INDUSTRIAL, start_on=start, by=by)
    past = [m for m in planned if m.planned_on < today]
    for milestone in past[:-1]:
        services.record_milestone_actual(milestone, milestone.planned_on + timedelta(days=3), by=by)
    if past:
        overdue_on = today - timedelta(days=6)
        services.reschedule_milestone(past[-1], planned_on=overdue_on, by=by)
    upcoming = Milestone.objects.filter(task_force=task_force, planned_on__gte=today).order_by("planned_on").first()
    if upcoming is not None:
        services.reschedule_milestone(upcoming, planned_on=calendar.add(today, 2), by=by)


def _reports(by: Actor, task_force: TaskForce, today: date) -> None:
    for weeks_ago, (progress, percent, amount, blockers) in zip((3, 2, 1), REPORTS, strict=True):
        year, week, _day = (today - timedelta(weeks=weeks_ago)).isocalendar()
        data = {
            "progress": progress,
            "percent_complete": percent,
            "investment_this_week_wan": amount,
            "blockers": blockers,
            "next_steps": "按时间节点推进",
        }
        services.submit_weekly_report(task_force, data, by=by, iso_year=year, iso_week=week)


def _guoyang(by: Actor, today: date, calendar: WorkCalendar) -> TaskForce:
    zone = _unit("射阳经开区")
    departments = {u.name: u for u in Unit.objects.filter(parent=zone)}
    users = {u.username: u for u in User.objects.filter(username__in=["pm", "leader", "handler"])}
    project = Project.objects.get(name="国阳智能装备产业园", unit=zone)
    start = today - timedelta(days=250)
    task_force = services.create_task_force(project, users["pm"], by=by, created_on=start)
    services.add_member(task_force, users["leader"], MemberRole.DEPUTY, by=by)
    _milestones(by, task_force, start, today, calendar)
    approvals = departments["行政审批局"]
    services.add_task(
        task_force,
        title="施工许可并联审批材料预审",
        deadline=calendar.add(today, 1),
        owner_department=approvals,
        owner=users["handler"],
        by=by,
    )
    services.add_task(
        task_force,
        title="新增用地报批",
        deadline=today - timedelta(days=10),
        owner_department=departments["自然资源和规划分局"],
        by=by,
    )
    services.add_task(
        task_force,
        title="首批技术工人招聘",
        deadline=today + timedelta(days=20),
        owner_department=departments["人力资源和社会保障局"],
        by=by,
    )
    services.add_element_need(
        task_force,
        kind="land",
        description="二期新增工业用地",
        quantity="120亩",
        owner_department=departments["自然资源和规划分局"],
        deadline=today + timedelta(days=30),
        by=by,
    )
    services.add_element_need(
        task_force,
        kind="labour",
        description="熟练焊工与装配工",
        quantity="200人",
        owner_department=departments["人力资源和社会保障局"],
        deadline=today - timedelta(days=2),
        by=by,
    )
    # 串联变并联: the three permits run side by side instead of one after the other.
    first = today - timedelta(days=200)
    for item, begin, days in (("用地规划许可", 0, 20), ("工程规划许可", 5, 25), ("施工许可", 12, 30)):
        approval = services.add_approval(
            task_force,
            item=item,
            department=approvals,
            planned_start=first + timedelta(days=begin),
            planned_end=first + timedelta(days=begin + days),
            by=by,
        )
        services.record_approval_dates(
            approval,
            actual_start=first + timedelta(days=begin),
            actual_end=first + timedelta(days=begin + days - 2),
            by=by,
        )
    _reports(by, task_force, today)
    return task_force


def _huisheng(by: Actor, today: date, calendar: WorkCalendar) -> TaskForce:
    zone = _unit("吕四港经开区")
    project = Project.objects.get(name="惠生海工装备基地", unit=zone)
    start = today - timedelta(days=320)
    task_force = services.create_task_force(project, _lsg_leader(by, zone), by=by, created_on=start)
    _milestones(by, task_force, start, today, calendar)
    services.add_task(task_force, title="码头岸线使用审批协调", deadline=today - timedelta(days=12), by=by)
    services.add_task(task_force, title="海工总装车间消防验收", deadline=today + timedelta(days=15), by=by)
    services.add_element_need(
        task_force, kind="power", description="110千伏专线接入", deadline=today + timedelta(days=40), by=by
    )
    services.add_element_need(task_force, kind="labour", description="海工焊接技工", quantity="500人", by=by)
    _reports(by, task_force, today)
    return task_force


def load_taskforces(stdout=None) -> int:
    """Set up the demo task forces once; returns how many task forces there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return TaskForce.objects.count()
    by = Actor.system("demo")
    today = timezone.localdate()
    calendar = WorkCalendar()
    _guoyang(by, today, calendar)
    _huisheng(by, today, calendar)
    count = TaskForce.objects.count()
    record(by, LOADED, None, unit=_unit("射阳经开区").parent, after={"task_forces": count})
    if stdout is not None:
        stdout.write(f"演示专班已加载：{count} 个（吕四港经开区领导 {LSG_LEADER[0]} / 密码同上）。\n")
    return count
