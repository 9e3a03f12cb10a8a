"""The demo's facilities (配套设施) of 射阳经开区, from the article: "为了补齐电子信息产业阳极氧化、污水处理等配套设施
短板，经济开发区规划建设质检中心、固废处理等公共配套设施 … 年内建成人力资源服务产业园，开工电子信息产业园邻里中心、
国阳产业园邻里中心、启航公寓", and the roads and pipes of 九通一平, loaded once.

Through the services as the system actor: each facility is recorded as planned, gets a task force led by 射阳's
project manager or leader, its milestones from the facility template (those past are reached up to the facility's
stage; the next stage's gate, once past, is left overdue), its stage moves dated by those milestones, two
responsibility items and weekly reports up to this week, so every facility shows in this week's dispatch.
"""

from datetime import date, timedelta

from django.utils import timezone

from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.projects import services as projects
from zonedesk.projects.models import Project
from zonedesk.projects.stages import FACILITY_LIFE, Stage
from zonedesk.taskforces import services
from zonedesk.taskforces.models import Milestone, ProjectKind, Task, TaskForce

LOADED = "demo.facilities_loaded"
BUILDER = "经开区开发建设公司"
# The milestone that, once reached, moves a facility into a stage (names of the facility template).
GATES = {"开工": Stage.STARTED, "竣工验收": Stage.COMPLETED, "投用": Stage.IN_USE}


def _facility(name, stage, age, department, leader, investment, description, tasks, reports):
    """A facility: its stage today, days since it was planned (立项), its department, its task force's leader
    (login), total investment, content, two responsibility items (title, department, days from today, done)
    and weekly reports (progress, percent complete, investment this week in 万元, blockers), the last this week."""
    return {
        "name": name,
        "stage": stage,
        "age": age,
        "department": department,
        "leader": leader,
        "investment": investment,
        "description": description,
        "tasks": tasks,
        "reports": reports,
    }


FACILITIES = [
    _facility(
        "电子信息产业质检中心",
        Stage.STARTED,
        200,
        "经济发展局",
        "pm",
        "1.2亿元",
        "补齐电子信息产业检测短板，为园区企业提供阳极氧化、电子元器件检测服务",
        [("检测设备采购招标", "行政审批局", 10, False), ("检测资质申报材料准备", "经济发展局", -4, False)],
        [
            ("桩基施工完成", 25, "600", ""),
            ("主体结构施工至三层", 40, "900", "钢材价格上涨，需调整概算"),
            ("主体结构施工至五层", 52, "800", ""),
        ],
    ),
    _facility(
        "固废处理中心",
        Stage.PLANNED,
        140,
        "经济发展局",
        "pm",
        "8000万元",
        "配套阳极氧化、污水处理等环节，集中处理园区企业一般工业固废",
        [("选址及环评报批", "自然资源和规划分局", -8, False), ("初步设计评审", "经济发展局", 12, False)],
        [("完成可研及初步设计", 8, "120", "选址未定，环评无法报批"), ("初步设计专家评审", 10, "80", "选址未定")],
    ),
    _facility(
        "人力资源服务产业园",
        Stage.COMPLETED,
        345,
        "人力资源和社会保障局",
        "leader",
        "6500万元",
        "年内建成，为企业提供招聘、培训、人力资源服务一站式平台",
        [("竣工备案资料归档", "行政审批局", 5, False), ("首批入驻机构招引", "人力资源和社会保障局", 20, False)],
        [("竣工验收通过", 95, "300", ""), ("室内装修及设备安装", 98, "200", ""), ("入驻机构对接洽谈", 100, "0", "")],
    ),
    _facility(
        "电子信息产业园邻里中心",
        Stage.STARTED,
        150,
        "企业服务局",
        "pm",
        "9500万元",
        "为电子信息产业园企业员工提供餐饮、商业、文体等生活配套",
        [("施工临时用电接入", "经济发展局", -12, True), ("商业配套招租方案", "企业服务局", 15, False)],
        [("基础施工", 15, "500", ""), ("地下室结构施工", 22, "700", "熟练钢筋工短缺")],
    ),
    _facility(
        "国阳产业园邻里中心",
        Stage.PLANNED,
        60,
        "企业服务局",
        "pm",
        "7000万元",
        "服务国阳智能装备产业园企业员工的食堂、宿舍和商业配套",
        [("施工图审查", "行政审批局", 7, False), ("施工招标文件编制", "经济发展局", 25, False)],
        [("方案设计完成", 10, "50", ""), ("施工图设计", 15, "60", "")],
    ),
    _facility(
        "启航公寓（人才公寓）",
        Stage.STARTED,
        290,
        "企业服务局",
        "pm",
        "1.5亿元",
        "为园区企业引进人才提供拎包入住的公寓",
        [("消防设计审查", "行政审批局", -2, False), ("人才入住申请办法", "人力资源和社会保障局", 30, False)],
        [
            ("主体结构封顶", 70, "1200", ""),
            ("外立面及安装工程", 76, "900", "冬季施工，混凝土养护需加强"),
            ("室内装修施工", 80, "700", ""),
        ],
    ),
    _facility(
        "九通一平道路管网一期（市政道路及雨污分流）",
        Stage.IN_USE,
        400,
        "经济发展局",
        "leader",
        "2.3亿元",
        "园区市政道路、雨污分流、供水供气和通信管网一期工程",
        [("道路移交养护", "经济发展局", -20, True), ("二期管网工程立项", "经济发展局", 40, False)],
        [("道路及管网投用，移交养护", 100, "0", ""), ("二期工程前期调研", 100, "0", "")],
    ),
]


def _reach(by: Actor, project: Project, task_force: TaskForce, stage: str, today: date) -> Project:
    """Reach the template's past milestones up to the facility's stage and move the project as each gate passes."""
    target = FACILITY_LIFE.index(stage)
    for milestone in Milestone.objects.filter(task_force=task_force).order_by("order", "planned_on"):
        gate = GATES.get(milestone.name)
        if milestone.planned_on >= today or (gate and FACILITY_LIFE.index(gate) > target):
            break  # the rest is to come, or the next stage's gate is left overdue
        on = min(milestone.planned_on + timedelta(days=3), today)
        services.record_milestone_actual(milestone, on, by=by)
        if gate:
            project = projects.advance_stage(project, gate, by=by, on=on)
    return project


def _work(by: Actor, task_force: TaskForce, data: dict, departments: dict, today: date) -> None:
    for title, department, days, done in data["tasks"]:
        deadline = today + timedelta(days=days)
        task = services.add_task(
            task_force, title=title, deadline=deadline, owner_department=departments[department], by=by
        )
        if done:
            services.complete_task(task, by=by, on=min(deadline, today))
    reports = data["reports"]
    for weeks_ago, (progress, percent, amount, blockers) in zip(range(len(reports) - 1, -1, -1), reports, strict=True):
        year, week, _day = (today - timedelta(weeks=weeks_ago)).isocalendar()
        report = {
            "progress": progress,
            "percent_complete": percent,
            "investment_this_week_wan": amount,
            "blockers": blockers,
            "next_steps": "按时间节点推进",
        }
        services.submit_weekly_report(task_force, report, by=by, iso_year=year, iso_week=week)


def load_facilities(stdout=None) -> int:
    """Record 射阳's facilities with their task forces once; returns how many facilities there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return Project.objects.facilities().count()
    by = Actor.system("demo")
    today = timezone.localdate()
    zone = Unit.objects.get(kind="zone", short_name="射阳经开区")
    departments = {u.name: u for u in Unit.objects.filter(parent=zone)}
    leaders = {u.username: u for u in User.objects.filter(username__in=["pm", "leader"])}
    for data in FACILITIES:
        planned_on = today - timedelta(days=data["age"])
        project = projects.create_facility(
            by,
            unit=zone,
            name=data["name"],
            builder=BUILDER,
            owner_department=departments[data["department"]],
            investment=data["investment"],
            description=data["description"],
            officer=leaders["pm"],
            planned_on=planned_on,
        )
        task_force = services.create_task_force(project, leaders[data["leader"]], by=by, created_on=planned_on)
        services.apply_milestone_template(task_force, ProjectKind.FACILITY, start_on=planned_on, by=by)
        _reach(by, project, task_force, data["stage"], today)
        _work(by, task_force, data, departments, today)
    count = Project.objects.facilities().count()
    open_tasks = Task.objects.filter(task_force__project__kind="facility", status="open").count()
    record(by, LOADED, None, unit=zone, after={"facilities": count, "open_tasks": open_tasks})
    if stdout is not None:
        stdout.write(f"演示配套设施项目已加载：{count} 个（射阳经开区，各有专班、时间节点、责任清单和周调度）。\n")
    return count
