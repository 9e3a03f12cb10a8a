"""The demo's commitments (履约): the investment agreements of the signed projects the articles name, with promises
set against each project's own dates so that the statuses tell the story of "签约热、落地难": most promises kept,
some at risk within 30 days, 国阳 (射阳) and 科创新材料产业园 (赣榆) started later than promised, the battery project
(射阳) not started past its day, and 创维's first phase (signed 2022, at capacity 2024) short of its promised output
in 2025; the zone's own promises (land, utilities, incentives), one of them late. The enterprises of those
projects and about fifty others have their figures of last year and the year before.

Everything goes through the services as the system actor: the projects are linked to their local enterprises
(projects.update_project), 创维's first phase is recorded and moved through its stages on their days, then the
yearly figures (record_year) and the agreements (record_agreement, add_zone_promise). Loaded once.
"""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zonedesk.commitments import services
from zonedesk.commitments.models import Agreement
from zonedesk.commitments.queries import results_for
from zonedesk.commitments.status import Item, Status
from zonedesk.commitments.years import record_year, update_year
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.projects import services as projects
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage

LOADED = "demo.commitments_loaded"
SEED = 202612
# project: its local enterprise, the agreement number's prefix, how its promises read (the scenario)
PROJECTS = {
    "国阳智能装备产业园": ("江苏国阳智能装备有限公司", "SYKFQ", "started_late"),
    "新能源动力电池项目": ("江苏海阳新能源动力电池有限公司", "SYKFQ", "not_started"),
    "科阳5G通信模组项目": ("射阳科阳5G通信科技有限公司", "SYKFQ", "kept"),
    "创维LED显示项目": ("创维LED（射阳）科技有限公司", "SYKFQ", "kept"),
    "安旭智能机器人项目": ("安旭智能机器人（射阳）有限公司", "SYKFQ", "kept"),
    "嘉兴四通车轮项目": ("嘉兴四通车轮（连云港）有限公司", "GYKFQ", "kept"),
    "科创新材料产业园": ("科创新材料产业园有限公司", "GYKFQ", "started_late"),
    "巨衡机械项目": ("巨衡机械（连云港）有限公司", "GYKFQ", "next_soon"),
    "朗道新能源一期": ("连云港朗道新能源科技有限公司", "GYKFQ", "kept"),
    "岩象装备项目": ("江苏岩象装备科技有限公司", "GYKFQ", "kept"),
    "海贡机械项目": ("连云港海贡机械有限公司", "GYKFQ", "kept"),
    "惠生海工装备基地": ("惠生海工装备（启东）有限公司", "LSGKFQ", "kept"),
    "墨达思智能制造项目": ("墨达思（启东）智能科技有限公司", "HLZ", "kept"),
    "瑞振精密项目": ("启东瑞振精密机械有限公司", "HLZ", "kept"),
    "海铂风尚项目": ("海铂风尚（启东）服饰有限公司", "HLZ", "next_soon"),
    "高端铝材深加工项目": ("江苏沛鑫新型铝材有限公司", "PXKFQ", "kept"),
    "新能源储能电池项目": ("徐州沛能新能源科技有限公司", "PXKFQ", "next_soon"),
    "明志科技高端装备项目": ("苏州明志科技股份有限公司", "WJKFQ", "kept"),
    "阿斯托特克汽车零部件项目": ("阿斯托特克（常州）汽车科技有限公司", "JTKFQ", "next_soon"),
}
# 创维's first phase: signed 2022, at capacity mid-2024, judged on 2025's figures (its output fell short).
FIRST_PHASE = "创维LED显示一期项目"
FIRST_PHASE_MOVES = [
    (Stage.NEGOTIATING, date(2022, 4, 12)),
    (Stage.SIGNED, date(2022, 6, 18)),
    (Stage.STARTED, date(2022, 10, 8)),
    (Stage.PRODUCING, date(2023, 9, 20)),
    (Stage.AT_CAPACITY, date(2024, 6, 28)),
]
FIRST_PHASE_YEARS = {
    2024: {"output_wan": "86000", "tax_wan": "4300", "employees": 1180, "fixed_asset_investment_wan": "3200"},
    2025: {"output_wan": "98000", "tax_wan": "6350", "employees": 1250, "fixed_asset_investment_wan": "2600"},
}
# What the zones promised in return: kind, what, days after signing it was due, days after signing it was done.
ZONE_PROMISES = {
    "国阳智能装备产业园": [
        ("land_delivery", "交付净地300亩", 20, 18),
        ("utilities", "水电气接入厂区红线", 40, 35),
    ],
    "新能源动力电池项目": [
        ("land_delivery", "交付一期净地500亩", 45, 40),
        ("incentive", "兑现设备投资补助", 200, None),
    ],
    "惠生海工装备基地": [
        ("land_delivery", "交付东港池岸线及陆域用地", 30, 28),
        ("utilities", "110千伏专线供电", 200, None),
    ],
    "阿斯托特克汽车零部件项目": [("land_delivery", "完成地块场地平整、临舍搭建", 30, 26)],
    FIRST_PHASE: [("incentive", "兑现达产奖励", 800, 790)],
}
YEARS_OF_OTHERS = 50  # enterprises beyond the projects' with yearly figures


def cents(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def promised_dates(project: Project, scenario: str, today: date) -> dict:
    """The days to start, produce and reach capacity, set against the project's own dates for its scenario."""
    signed, started, producing, capacity = (
        project.signed_on,
        project.started_on,
        project.producing_on,
        project.at_capacity_on,
    )
    if scenario == "not_started":  # past its day, not started
        start = max(signed, min(signed + timedelta(days=90), today - timedelta(days=30)))
    elif scenario == "started_late" and started and started > signed:
        start = signed + timedelta(days=max(0, (started - signed).days // 3))
    elif started:
        start = started + timedelta(days=10)
    elif scenario == "next_soon":  # 20 days away: at risk, and the alert goes out
        start = max(signed, today + timedelta(days=20))
    else:
        start = max(signed + timedelta(days=120), today + timedelta(days=60))
    if producing:
        produce = producing + timedelta(days=12)
    elif started and scenario in ("started_late", "next_soon"):
        produce = max(start, today + timedelta(days=20))
    else:
        produce = max(start + timedelta(days=300), today + timedelta(days=90))
    if capacity:
        reach = capacity + timedelta(days=16)
    elif producing and scenario == "next_soon":
        reach = max(produce, today + timedelta(days=25))
    else:
        reach = max(produce + timedelta(days=365), today + timedelta(days=180))
    return {"start_by": start, "produce_by": produce, "capacity_by": reach}


def promised_amounts(project: Project, rng: random.Random) -> dict:
    """The investor's promises in proportion to the contracted investment (万元): fixed assets 80 %, an intensity
    of 300–600 万元 a mu, output 1.2–1.8 times the investment, tax 5–7 % of output, a job per 80–150 万元."""
    total = project.contracted_investment_wan or Decimal(10000)
    fixed = cents(total * Decimal("0.8"))
    intensity = Decimal(rng.choice([300, 350, 400, 450, 500, 600]))
    land = cents(fixed / intensity)
    output = cents(total * Decimal(rng.choice(["1.2", "1.5", "1.8"])))
    tax = cents(output * Decimal(rng.choice(["0.05", "0.06", "0.07"])))
    return {
        "total_investment_wan": total,
        "fixed_asset_investment_wan": fixed,
        "land_mu": land,
        "intensity_wan_per_mu": intensity,
        "annual_output_wan": output,
        "annual_tax_wan": tax,
        "tax_per_mu_wan": cents(tax / land),
        "jobs": int(total / rng.choice([80, 100, 120, 150])),
    }


def _first_phase(by: Actor, sheyang: Unit, enterprise: Enterprise, officer: User | None) -> Project:
    """创维's first phase, recorded on its days (signed 2022, at capacity 2024)."""
    data = {
        "name": FIRST_PHASE,
        "unit": sheyang,
        "investor_name": "创维集团有限公司",
        "investment": "5亿元",
        "industry": "397",
        "key_level": "city",
        "officer": officer,
        "enterprise": enterprise,
        "lead_on": date(2022, 3, 1),
    }
    project = projects.create_project(data, by=by)
    for stage, on in FIRST_PHASE_MOVES:
        extra = {"contracted_investment": "5亿元"} if stage == Stage.SIGNED else {}
        project = projects.advance_stage(project, stage, by=by, on=on, **extra)
    return projects.record_funds(project, funds_in_place_wan="52000", investment_completed_wan="50000", by=by)


def _year_figures(rng: random.Random, enterprise: Enterprise, year: int) -> dict:
    """Plausible figures of a year from the enterprise's size (2025 a little above 2024)."""
    people = max(20, enterprise.employees or 50)
    growth = Decimal("1.00") if year < 2025 else Decimal(rng.choice(["1.04", "1.08", "1.12", "0.96"]))
    output = cents(Decimal(people) * Decimal(rng.randint(45, 120)) * growth)
    return {
        "output_wan": output,
        "tax_wan": cents(output * Decimal(rng.choice(["0.03", "0.04", "0.05", "0.06"]))),
        "employees": int(people * (growth if year == 2025 else 1)),
        "fixed_asset_investment_wan": cents(output * Decimal(rng.choice(["0.05", "0.1", "0.15"]))),
    }


def _years(by: Actor, rng: random.Random, enterprises: list[Enterprise], today: date) -> int:
    count = 0
    for enterprise in enterprises:
        for year in (today.year - 2, today.year - 1):
            if EnterpriseYear.objects.filter(enterprise=enterprise, year=year).exists():
                continue
            record_year(by, enterprise, year=year, **_year_figures(rng, enterprise, year))
            count += 1
    return count


def _first_phase_years(by: Actor, enterprise: Enterprise) -> None:
    """创维's 2024 and 2025: output below the 12亿 promised in 2025, tax and jobs as promised (over any figures an
    earlier loader entered for those years)."""
    for year, figures in FIRST_PHASE_YEARS.items():
        row = EnterpriseYear.objects.filter(enterprise=enterprise, year=year).first()
        if row is None:
            record_year(by, enterprise, year=year, **figures)
        else:
            update_year(by, row, figures)


def load_commitments(stdout=None) -> int:
    """Load the demo's commitments once (later calls change nothing); returns how many agreements there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return Agreement.objects.count()
    by = Actor.system("demo")
    rng = random.Random(SEED)
    today = timezone.localdate()
    found = {p.name: p for p in Project.objects.filter(name__in=PROJECTS).select_related("unit")}
    names = {name for name, _prefix, _s in PROJECTS.values()}
    enterprises = {e.name: e for e in Enterprise.objects.filter(name__in=names)}
    serial: dict[str, int] = {}
    sheyang = Unit.objects.filter(kind="zone", short_name="射阳经开区").first()
    plans = []
    for name, (enterprise_name, prefix, scenario) in PROJECTS.items():
        project = found.get(name)
        if project is None or project.stage not in services.SIGNED_OR_LATER:
            continue
        enterprise = enterprises.get(enterprise_name)
        if enterprise is not None and project.enterprise_id is None:
            project = projects.update_project(project, {"enterprise": enterprise}, by=by)
        serial[prefix] = serial.get(prefix, 0) + 1
        number = f"{prefix}-{project.signed_on.year}-{serial[prefix]:03d}"
        plans.append((project, number, {**promised_amounts(project, rng), **promised_dates(project, scenario, today)}))
    linked = [p.enterprise for p, _n, _v in plans if p.enterprise is not None]
    skywell = enterprises.get("创维LED（射阳）科技有限公司")
    if sheyang is not None and skywell is not None:
        officer = User.objects.filter(username="investment").first()
        first = _first_phase(by, sheyang, skywell, officer)
        _first_phase_years(by, skywell)
        promises = {
            "total_investment_wan": "50000",
            "land_mu": "150",
            "start_by": "2022-10-31",
            "produce_by": "2023-09-30",
            "capacity_by": "2024-06-30",
            "annual_output_wan": "120000",
            "annual_tax_wan": "6000",
            "tax_per_mu_wan": "40",
            "jobs": 1200,
        }
        plans.append((first, "SYKFQ-2022-006", promises))
    others = Enterprise.objects.filter(unit__in=[p.unit_id for p, _n, _v in plans], employees__gte=100)
    others = list(others.exclude(pk__in=[e.pk for e in linked]).order_by("pk"))
    years = _years(by, rng, [*linked, *rng.sample(others, min(YEARS_OF_OTHERS, len(others)))], today)
    for project, number, promises in plans:
        data = {"number": number, "signed_on": project.signed_on, **promises}
        agreement = services.record_agreement(project, data, by=by)
        for kind, what, due_after, done_after in ZONE_PROMISES.get(project.name, []):
            promise = {"kind": kind, "description": what, "due_on": project.signed_on + timedelta(days=due_after)}
            done = project.signed_on + timedelta(days=done_after) if done_after is not None else None
            promise["done_on"] = done if done is not None and done <= today else None
            services.add_zone_promise(agreement, promise, by=by)
    rows = results_for(Agreement.objects.select_related("project", "project__enterprise"), today)
    missed_start = sum(any(r.item == Item.START and r.status == Status.MISSED for r in row.results) for row in rows)
    record(by, LOADED, None, unit=sheyang, after={"agreements": len(rows), "years": years})
    if stdout is not None:
        line = f"演示履约已加载：{len(rows)} 份投资协议（{missed_start} 个项目未按期开工），{years} 条企业年度数据。"
        stdout.write(line + "\n")
    return len(rows)
