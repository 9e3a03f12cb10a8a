"""The demo's investment projects: those the articles name, at their stages, plus generated ones.

Loaded after the units and enterprises (demo_data), once, through the project services as the system actor,
so every move has its Event and StageMove and every figure of the current and previous year is populated.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.projects import services
from zonedesk.projects.models import Metric, Project
from zonedesk.projects.stages import LIFE, Stage

LOADED = "demo.projects_loaded"
SEED = 2027

# zone short name, project, investor, amount as stated, stage, industry, key level, source
NAMED = [
    ("射阳经开区", "国阳智能装备产业园", "江苏国阳智能装备有限公司", "30亿元", "started", "349", "city", "own"),
    ("射阳经开区", "新能源动力电池项目", "盐城锂航新能源有限公司", "超50亿元", "signed", "384", "province", "own"),
    ("射阳经开区", "科阳5G通信模组项目", "射阳科阳5G通信科技有限公司", "6亿元", "producing", "392", "county", "own"),
    ("射阳经开区", "创维LED显示项目", "创维LED(射阳)科技有限公司", "约8亿元", "producing", "397", "city", "own"),
    (
        "射阳经开区",
        "安旭智能机器人项目",
        "安旭智能机器人(射阳)有限公司",
        "3.5亿元",
        "at_capacity",
        "349",
        "county",
        "own",
    ),
    ("赣榆经开区", "嘉兴四通车轮项目", "嘉兴四通车轮(连云港)有限公司", "10亿元", "producing", "367", "city", "event"),
    ("赣榆经开区", "科创新材料产业园", "科创新材料产业园有限公司", "8亿元", "started", "265", "county", "event"),
    ("赣榆经开区", "巨衡机械项目", "巨衡机械(连云港)有限公司", "5亿元", "producing", "349", "county", "event"),
    ("赣榆经开区", "朗道新能源一期", "连云港朗道新能源有限公司", "6.5亿元", "producing", "384", "county", "own"),
    ("赣榆经开区", "岩象装备项目", "连云港岩象装备有限公司", "2亿元", "producing", "349", "", "own"),
    ("赣榆经开区", "海贡机械项目", "连云港海贡机械有限公司", "1.5亿元", "producing", "349", "", "own"),
    ("吕四港经开区", "惠生海工装备基地", "惠生海工装备(启东)有限公司", "90亿元", "started", "373", "province", "own"),
    ("汇龙镇", "墨达思智能制造项目", "启东墨达思科技有限公司", "12亿元", "started", "349", "city", "own"),
    ("汇龙镇", "瑞振精密项目", "瑞振精密(启东)有限公司", "5亿元", "started", "348", "county", "own"),
    ("汇龙镇", "海铂风尚项目", "海铂风尚(启东)服饰有限公司", "3亿元", "signed", "181", "", "own"),
    ("东海镇", "中兴智谷科创载体", "中兴智谷(南通)科技有限公司", "15亿元", "negotiating", "65", "city", "own"),
    ("沛县经开区", "高端铝材深加工项目", "沛县华铝新材料有限公司", "25亿元", "signed", "325", "city", "branch"),
    ("沛县经开区", "新能源储能电池项目", "沛县储能科技有限公司", "32亿元", "signed", "384", "city", "branch"),
    ("吴江经开区", "明志科技高端装备项目", "苏州明志科技股份有限公司", "12亿元", "started", "349", "province", "own"),
    (
        "金坛经开区",
        "阿斯托特克汽车零部件项目",
        "阿斯托特克(常州)汽车零部件有限公司",
        "6000万欧元",
        "signed",
        "367",
        "",
        "own",
    ),
]
TRADES = [
    "精密机械",
    "新能源装备",
    "电子元器件",
    "汽车零部件",
    "新材料",
    "智能制造",
    "生物医药",
    "高端纺织",
    "光伏组件",
]
AMOUNTS = [
    "15亿元",
    "10亿元",
    "8亿元",
    "6亿元",
    "5亿元",
    "3亿元",
    "2亿元",
    "1.5亿元",
    "1亿元",
    "8000万元",
    "5000万元",
    "超10亿元",
    "约3亿元",
    "2亿元~3亿元",
]
INDUSTRIES = ["348", "349", "367", "384", "382", "397", "265", "272", "175"]
OFFICER_OF_ZONE = {"射阳经开区": "investment"}


def load_projects(stdout=None) -> int:
    """Create the demo projects once; returns how many there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return Project.objects.count()
    by = Actor.system("demo")
    today = timezone.localdate()
    zones = {u.short_name or u.name: u for u in Unit.objects.filter(kind__in=["zone", "branch"])}
    officers = {zone: User.objects.filter(username=name).first() for zone, name in OFFICER_OF_ZONE.items()}
    services.set_currency_rate(
        currency="EUR", rate_to_cny="7.8", valid_from=date(today.year - 2, 1, 1), note="演示汇率", by=by
    )
    services.set_currency_rate(
        currency="USD", rate_to_cny="7.1", valid_from=date(today.year - 2, 1, 1), note="演示汇率", by=by
    )
    events = _promotion_events(by, zones, today)
    rnd = random.Random(SEED)
    count = 0
    for zone, name, investor, amount, stage, industry, key, source in NAMED:
        data = {
            "name": name,
            "unit": zones[zone],
            "investor_name": investor,
            "investment": amount,
            "industry": industry,
            "key_level": key,
            "source": source,
            "officer": officers.get(zone),
            "promotion_event": events.get(zone) if source == "event" else None,
        }
        _drive(by, data, stage, rnd, today)
        count += 1
    for zone_name, zone in zones.items():
        if zone.kind != "zone":
            continue
        for n in range(rnd.randint(18, 30)):
            name = f"{zone_name.removesuffix('经开区')}{rnd.choice(TRADES)}项目{n + 1:02d}"
            stage = rnd.choices([*LIFE, Stage.DROPPED], weights=[22, 18, 18, 16, 12, 6, 8])[0]
            data = {
                "name": name,
                "unit": zone,
                "investment": rnd.choice(AMOUNTS),
                "industry": rnd.choice(INDUSTRIES),
                "officer": officers.get(zone_name),
                "source": rnd.choice(["own", "own", "event", "enterprise"]),
                "promotion_event": events.get(zone_name),
            }
            if data["source"] != "event":
                data["promotion_event"] = None
            _drive(by, data, stage, rnd, today)
            count += 1
    _referral(by, zones)
    _targets(by, zones, today)
    record(by, LOADED, None, unit=zones["射阳经开区"].parent, after={"projects": count})
    if stdout is not None:
        stdout.write(f"演示项目已加载：{count} 个招商项目。\n")
    return count


def _promotion_events(by: Actor, zones: dict, today: date) -> dict:
    rows = [
        ("赣榆经开区", "赣榆经济开发区（上海）招商推介会", "上海", 150),
        ("赣榆经开区", "临沂招商推介会", "临沂", 300),
        ("赣榆经开区", "宁波招商推介会", "宁波", 40),
        ("射阳经开区", "射阳县新能源产业（深圳）推介会", "深圳", 200),
        ("沛县经开区", "沛县招商引资开门红项目签约仪式", "沛县", 100),
    ]
    out = {}
    for zone, name, city, days_ago in rows:
        event = services.create_promotion_event(
            {
                "unit": zones[zone],
                "name": name,
                "city": city,
                "held_on": today - timedelta(days=days_ago),
                "organiser": zone,
            },
            by=by,
        )
        out.setdefault(zone, event)
    return out


def _drive(by: Actor, data: dict, stage: str, rnd: random.Random, today: date) -> Project:
    """Create a project and move it to `stage` with dates spread over this year and the last."""
    steps = LIFE[: LIFE.index(stage) + 1] if stage in LIFE else LIFE[: rnd.randint(1, 4)]
    span = min(700, 60 * len(steps) + rnd.randint(20, 200))
    day = today - timedelta(days=span)
    project = services.create_project({**data, "lead_on": day}, by=by)
    for step in steps[1:]:
        day = min(today, day + timedelta(days=rnd.randint(15, 110)))
        extra = {"contracted_investment": data["investment"]} if step == Stage.SIGNED else {}
        project = services.advance_stage(project, step, by=by, on=day, **extra)
    if stage == Stage.DROPPED:
        project = services.advance_stage(
            project, Stage.DROPPED, by=by, on=min(today, day + timedelta(days=30)), reason="投资方调整布局，落户外省"
        )
    if project.stage in LIFE[LIFE.index(Stage.STARTED) :] and project.contracted_investment_wan:
        share = Decimal(rnd.randint(20, 90)) / 100
        completed = (project.contracted_investment_wan * share).quantize(Decimal("0.01"))
        services.record_funds(
            project, funds_in_place_wan=completed * Decimal("1.1"), investment_completed_wan=completed, by=by
        )
    return project


def _referral(by: Actor, zones: dict) -> None:
    """惠萍镇 refers a project it has no land for to 东海镇, which accepts it (向兄弟区镇引流)."""
    project = services.create_project(
        {"name": "精密轴承扩产项目", "unit": zones["惠萍镇"], "investment": "4亿元", "industry": "345"}, by=by
    )
    referral = services.offer_referral(project, to_unit=zones["东海镇"], note="惠萍镇用地指标不足，推荐至东海镇", by=by)
    services.accept_referral(referral, by=by)


def _targets(by: Actor, zones: dict, today: date) -> None:
    for zone, signed, investment in [("射阳经开区", 12, 800000), ("赣榆经开区", 15, 1000000), ("东海镇", 4, 200000)]:
        unit = zones[zone]
        services.set_target(unit=unit, year=today.year, metric=Metric.SIGNED_COUNT, value=signed, by=by)
        services.set_target(unit=unit, year=today.year, metric=Metric.SIGNED_INVESTMENT, value=investment, by=by)
        services.set_target(unit=unit, year=today.year, metric=Metric.SIGNED_OVER_1, value=3, by=by)
        services.set_target(unit=unit, year=today.year, quarter=1, metric=Metric.SIGNED_OVER_1, value=1, by=by)
