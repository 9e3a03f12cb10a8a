"""Records of every app for the Content-Security-Policy walk (test_csp.py), written through the services as the pages
write them, so that every page the walk opens has rows, detail pages, charts and forms to show."""

from datetime import timedelta

from django.utils import timezone

from zonedesk.alliances import services as alliances
from zonedesk.assessment import services as assessment
from zonedesk.chains import mapping
from zonedesk.chains import services as chains
from zonedesk.commitments import services as commitments
from zonedesk.demands import services as demands
from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.audit import Actor
from zonedesk.projects.services import lifecycle as projects
from zonedesk.projects.stages import Stage
from zonedesk.recruitment import fairs
from zonedesk.recruitment import services as recruitment
from zonedesk.safety import hazards, plan
from zonedesk.safety import lists as safety_lists
from zonedesk.safety import services as safety
from zonedesk.taskforces.services import setup, work
from zonedesk.training import services as training
from zonedesk.visits import services as visits

from ..factories import MembershipFactory, UserFactory
from .test_demand_loop import tiny_png


def actor(unit, role: str, username: str, **fields) -> Actor:
    user = UserFactory(username=username, **fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return Actor(user=user, ip="10.0.0.9", channel="web")


def build(cast: dict) -> dict:
    """The records, from the cast (role -> Actor, plus the zone, county, department and enterprise); returns the ids
    the walk opens."""
    zone, dept, ent = cast["zone"], cast["department"], cast["enterprise"]
    today = timezone.localdate()
    ids = {}
    inv, officer, pm = cast["investment"], cast["officer"], cast["pm"]

    project = projects.create_project(
        {"name": "国阳智能装备产业园", "unit": zone, "investment": "12亿元", "lead_on": today - timedelta(days=120)},
        by=inv,
    )
    for n, stage in enumerate([Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED]):
        extra = {"contracted_investment": "10亿元"} if stage == Stage.SIGNED else {}
        project = projects.advance_stage(project, stage, by=inv, on=today - timedelta(days=90 - 20 * n), **extra)
    projects.create_project({"name": "海阳动力电池二期", "unit": zone, "investment": "8亿元"}, by=inv)
    ids["project"] = project.pk

    task_force = setup.create_task_force(project, pm.user, by=pm, created_on=today - timedelta(days=60))
    setup.add_milestone(task_force, name="开工", planned_on=today + timedelta(days=10), by=pm)
    approval = {"planned_start": today - timedelta(days=20), "planned_end": today + timedelta(days=5)}
    setup.add_approval(task_force, item="施工许可", by=pm, department=dept, **approval)
    setup.add_approval(task_force, item="环评批复", by=pm, department=dept, planned_start=today, planned_end=today)
    work.add_task(task_force, title="完成环评批复", deadline=today + timedelta(days=5), by=pm, owner_department=dept)
    ids["task_force"] = task_force.pk

    category = DemandCategory.objects.filter(unit=None).order_by("pk").first()
    demand = demands.submit_demand(officer, ent, category=category, title="春节后急需普工50人")
    demand = demands.assign(officer, demands.accept(officer, demand), dept, deadline=today + timedelta(days=10))
    ids["demand"] = demand.pk
    own = demands.submit_demand(cast["enterprise_user"], ent, category=category, title="企业自报：用电增容")
    ids["own_demand"] = own.pk

    planned = visits.plan_visit(ent, unit=zone, planned_on=today - timedelta(days=2), by=officer)
    findings = {"employees_on_duty": 80, "employees_total": 100, "capacity_in_use_percent": 75, "summary": "已复工"}
    ids["visit"] = visits.record_visit(planned, {**findings, "visited_on": today - timedelta(days=1)}, by=officer).pk
    ids["planned_visit"] = visits.plan_visit(ent, unit=zone, planned_on=today, by=officer).pk
    campaign = visits.create_campaign(
        {
            "unit": zone,
            "name": "春季大走访",
            "starts_on": today - timedelta(days=10),
            "ends_on": today + timedelta(20),
            "targets": [(ent, officer.user)],
        },
        by=officer,
    )
    ids["campaign"] = campaign.pk

    ids.update(_safety(cast, zone, ent, today))
    ids.update(_recruitment(cast, zone, ent, today))
    ids.update(_chains_and_alliances(cast, zone, dept, ent, project))

    agreement = commitments.record_agreement(
        project,
        {
            "number": "SYKFQ-2025-018",
            "signed_on": today - timedelta(days=50),
            "total_investment_wan": "50亿",
            "land_mu": "500亩",
            "start_by": today + timedelta(days=30),
            "jobs": "1500",
        },
        by=inv,
    )
    ids["agreement"] = agreement.pk

    training.set_target(cast["leader"], unit=zone, year=today.year, theory_hours=120, practice_hours=30)
    done_on = today - timedelta(days=3)
    training.record_training(officer, on=done_on, title="招商引资政策解读", kind="theory", hours=3)

    county_admin = cast["county_admin"]
    scheme = assessment.create_scheme(
        county_admin, unit=cast["county"], name="园区综合考核", period_kind="quarter", subject_kind="zone"
    )
    assessment.add_item(
        county_admin,
        scheme,
        indicator="manual",
        rule="manual",
        label="领导评价",
        weight=20,
        scorers=[cast["supervisor"].user],
    )
    ids["scheme"] = scheme.pk
    return ids


def _safety(cast, zone, ent, today) -> dict:
    officer, ent_user = cast["safety"], cast["enterprise_user"]
    safety.rate(officer, ent, stars=3, colour="yellow", reason="制度基本健全，\n粉尘治理需加强")
    row = {"level": "general", "description": "配电箱未接地", "responsible_person": "王安全"}
    found = list(
        safety.record_inspection(officer, ent, findings="检查配电房", hazards=[row, row]).hazards.order_by("pk")
    )
    hazards.start_rectification(ent_user, found[0])
    submitted = hazards.start_rectification(ent_user, found[1])
    hazards.submit_rectification(ent_user, submitted, "已接地", [("整改后.png", tiny_png())])
    safety_lists.ensure_default_lists(zone)
    plan.upload_plan(cast["admin"], zone, "园区平面图.png", tiny_png())
    plan.place_enterprise(cast["admin"], ent, "0.4", "0.6")
    return {"hazard": found[0].pk, "submitted_hazard": found[1].pk}


def _recruitment(cast, zone, ent, today) -> dict:
    posting = {
        "position": "普工",
        "count": 10,
        "salary_min": 5000,
        "salary_max": 7000,
        "contact_name": "王经理",
        "contact_mobile": "13812348000",
    }
    mine = recruitment.publish_posting(cast["enterprise_user"], ent, posting)
    recruitment.record_hires(cast["officer"], mine, 2)
    fair = fairs.create_fair(
        cast["officer"],
        {
            "unit": zone,
            "name": "新春招聘会",
            "kind": "on_site",
            "held_on": today + timedelta(days=7),
            "place": "人力资源市场",
        },
    )
    fairs.add_participant(cast["officer"], fair, ent, postings=[mine.pk])
    return {"posting": mine.pk, "fair": fair.pk}


def _chains_and_alliances(cast, zone, dept, ent, project) -> dict:
    inv, officer = cast["investment"], cast["officer"]
    chain = chains.create_chain(inv, unit=zone, name="新能源动力电池", description="新能源汽车及零部件产业园")
    core = chains.add_link(inv, chain, name="电芯", position="core")
    upstream = chains.add_link(inv, chain, name="正极材料", position="upstream")
    chains.add_link(inv, chain, name="隔膜", parent=upstream)
    chains.add_link(inv, chain, name="储能", position="downstream")
    mapping.map_enterprise(inv, core, ent)
    mapping.map_project(inv, core, project)
    alliance = alliances.create_alliance(
        officer,
        {"unit": zone, "chain": chain, "name": "动力电池产业链党建联盟", "kind": "chain_alliance", "lead": "发改委"},
    )
    joined = timezone.localdate() - timedelta(days=100)
    alliances.add_member(officer, alliance, {"kind": "enterprise", "enterprise": ent, "joined_on": joined})
    alliances.add_member(officer, alliance, {"kind": "department", "department": dept, "joined_on": joined})
    return {"chain": chain.pk, "alliance": alliance.pk}
