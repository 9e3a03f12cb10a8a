"""The demo's industrial chains: 射阳县's 新能源动力电池 chain (the article's 正负极材料、电解液、外壳 … and the
新能源汽车及零部件产业园 downstream) with 射阳经开区's enterprises and projects on its links — 电解液 left empty
(the gap the demo walk finds) and 隔膜 weak (one enterprise) — and 启东市's 晶硅光伏 chain with the enterprises of
its zones (the alliance of the demo is built on it).

Everything goes through the chains services, as 射阳县's leader (sheyang_leader) and 启东市's (city_leader). The
enterprises on the chains get their 2024 and 2025 figures (output, tax, employees) through the yearly figures'
service (commitments.years.record_year) unless they have some already.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from zonedesk.chains import services
from zonedesk.chains.models import Chain, ChainLink, EnterpriseLink, ProjectLink
from zonedesk.chains.queries import empty_links
from zonedesk.commitments.years import record_year
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, Unit, UnitKind, User
from zonedesk.projects.models import Project

from .demo_tables import REGION_ROWS
from .demo_visits import zone_units

LOADED = "chains.demo_loaded"
SEED = 202612
BATTERY, PV = "新能源动力电池", "晶硅光伏"
EMPTY_LINK = "电解液"
# name, position, parent, note
BATTERY_LINKS = [
    ("正极材料", "upstream", None, "磷酸铁锂、三元材料"),
    ("磷酸铁锂", "upstream", "正极材料", ""),
    ("负极材料", "upstream", None, "人造石墨、硅碳负极"),
    ("电解液", "upstream", None, "六氟磷酸锂、溶剂、添加剂：园区规划重点招引"),
    ("隔膜", "upstream", None, "湿法、干法隔膜"),
    ("铜箔/铝箔", "upstream", None, ""),
    ("外壳及结构件", "upstream", None, "壳体、盖板、连接件"),
    ("电芯", "core", None, ""),
    ("电池模组/PACK", "core", None, ""),
    ("电池管理系统(BMS)", "core", None, ""),
    ("储能系统", "downstream", None, "储能电站、工商业储能"),
    ("新能源整车", "downstream", None, "新能源汽车及零部件产业园"),
    ("电池回收", "downstream", None, "梯次利用、再生利用"),
]
# The 射阳 enterprises on each link: (name word, how many, largest first?) in turn, so each enterprise sits once.
BATTERY_PLAN = {
    "电芯": [("新能源科技", 2)],
    "正极材料": [("电池材料", 3)],
    "磷酸铁锂": [("电池材料", 2)],
    "负极材料": [("电池材料", 3)],
    "铜箔/铝箔": [("电池材料", 2)],
    "隔膜": [("电池材料", 1)],
    "储能系统": [("储能科技", 5)],
    "电池管理系统(BMS)": [("电子科技", 3), ("储能科技", 1)],
    "电池模组/PACK": [("新能源科技", 3), ("储能科技", 2)],
    "外壳及结构件": [("汽车零部件", 3)],
    "新能源整车": [("汽车零部件", 4)],
    "电池回收": [("新能源科技", 2)],
}
BATTERY_NAMED = {"电芯": ["江苏海阳新能源动力电池有限公司"]}
# 射阳's pipeline projects on the chain (the article's 动力电池 project signed, and the generated ones).
BATTERY_PROJECTS = {
    "电芯": ["新能源动力电池项目"],
    "新能源整车": ["射阳汽车零部件项目03", "射阳汽车零部件项目19"],
    "储能系统": ["射阳新能源装备项目10"],
    "负极材料": ["射阳新材料项目06"],
    "电池模组/PACK": ["射阳新能源装备项目14"],
}
PV_LINKS = [
    ("工业硅", "upstream", None, ""),
    ("多晶硅", "upstream", None, ""),
    ("硅片", "upstream", None, ""),
    ("光伏玻璃", "upstream", None, "辅材"),
    ("胶膜", "upstream", None, "EVA、POE胶膜"),
    ("线缆及接线盒", "upstream", None, "辅材"),
    ("电池片", "core", None, "PERC、TOPCon"),
    ("光伏组件", "core", None, ""),
    ("逆变器", "downstream", None, ""),
    ("支架", "downstream", None, ""),
    ("光伏电站", "downstream", None, "分布式、集中式"),
]
PV_ZONES = ["hl", "lsg", "hp", "dh"]
PV_PLAN = {
    "硅片": [("光伏科技", 2)],
    "电池片": [("光伏科技", 3)],
    "光伏组件": [("光伏科技", 4)],
    "光伏电站": [("光伏科技", 2), ("新能源科技", 2)],
    "光伏玻璃": [("玻璃制品", 3)],
    "胶膜": [("新材料", 2)],
    "线缆及接线盒": [("线缆", 3)],
    "逆变器": [("电气设备", 3)],
    "支架": [("钢结构", 3)],
}


def _actor(username: str) -> Actor:
    user = User.objects.filter(username=username).first()
    return Actor(user=user, channel="web") if user is not None else Actor.system("demo")


def _region(key: str) -> Unit:
    return Unit.objects.get(kind=UnitKind.REGION, name=REGION_ROWS[key][1])


def _chain(by: Actor, unit: Unit, name: str, description: str, links: list) -> tuple[Chain, dict[str, ChainLink]]:
    """The chain and its links, made through the services where they are missing (a resumed load adds the rest)."""
    chain = Chain.objects.filter(unit=unit, name=name).first()
    if chain is None:
        chain = services.create_chain(by, unit=unit, name=name, description=description)
    made = {link.name: link for link in ChainLink.objects.filter(chain=chain)}
    for order, (link_name, position, parent, note) in enumerate(links, start=1):
        if link_name not in made:
            made[link_name] = services.add_link(
                by, chain, name=link_name, position=position, parent=made.get(parent), order=order, note=note
            )
    return chain, made


def _place(by: Actor, links: dict[str, ChainLink], plan: dict, pools: dict[str, list[Enterprise]], named=None) -> list:
    """Put the enterprises of each pool on the links in turn (largest first), each enterprise on one link."""
    placed = []
    for link_name, enterprise_names in (named or {}).items():
        for enterprise in Enterprise.objects.filter(name__in=enterprise_names):
            placed.append(_map(by, links[link_name], enterprise))
    for link_name, wants in plan.items():
        for word, count in wants:
            for enterprise in pools.get(word, [])[:count]:
                placed.append(_map(by, links[link_name], enterprise))
            pools[word] = pools.get(word, [])[count:]
    return placed


def _map(by: Actor, link: ChainLink, enterprise: Enterprise) -> Enterprise:
    if not EnterpriseLink.objects.filter(link=link, enterprise=enterprise).exists():
        services.map_enterprise(by, link, enterprise)
    return enterprise


def _pools(zones: list[Unit], words) -> dict[str, list[Enterprise]]:
    """The active enterprises of the zones whose name has each word, the largest first."""
    rows = Enterprise.objects.filter(unit__in=zones, is_archived=False).order_by("-employees", "pk")
    return {word: [e for e in rows if word in e.name] for word in words}


def _years(by: Actor, enterprises: list[Enterprise], rng: random.Random) -> int:
    """2024 and 2025 figures, through the yearly figures' service, for the enterprises that have none yet."""
    made = 0
    have = set(EnterpriseYear.objects.filter(enterprise__in=enterprises).values_list("enterprise_id", flat=True))
    cent = Decimal("0.01")
    for enterprise in sorted({e.pk: e for e in enterprises}.values(), key=lambda e: e.pk):
        if enterprise.pk in have:
            continue
        people = max(enterprise.employees or 20, 10)
        per_head = Decimal(rng.randint(60, 160))  # 万元 of output per employee
        for year, scale in ((2024, Decimal("0.88")), (2025, Decimal(1))):
            output = (people * per_head * scale * Decimal(rng.uniform(0.95, 1.05))).quantize(cent, ROUND_HALF_UP)
            tax = (output * Decimal(rng.uniform(0.03, 0.055))).quantize(cent, ROUND_HALF_UP)
            employees = people if year == 2025 else int(people * rng.uniform(0.85, 0.98))
            record_year(by, enterprise, year=year, output_wan=output, tax_wan=tax, employees=employees)
            made += 1
    return made


def _projects(by: Actor, links: dict[str, ChainLink], zone: Unit) -> int:
    count = 0
    for link_name, names in BATTERY_PROJECTS.items():
        for project in Project.objects.filter(unit=zone, name__in=names).exclude(stage="dropped"):
            if not ProjectLink.objects.filter(link=links[link_name], project=project).exists():
                services.map_project(by, links[link_name], project)
            count += 1
    return count


def load_chains(stdout=None) -> None:
    """Load the demo's chains once (later calls change nothing)."""
    if Event.objects.filter(verb=LOADED).exists():
        return
    zones = zone_units()
    rng = random.Random(SEED)
    sheyang = _region("sheyang")
    county = _actor("sheyang_leader")
    battery, links = _chain(
        county,
        sheyang,
        BATTERY,
        "射阳县新能源汽车及零部件产业园：招引动力电池正负极材料、电解液、外壳以及其他附属材料配套供应商和上下游产业链。",
        BATTERY_LINKS,
    )
    words = {word for wants in BATTERY_PLAN.values() for word, _n in wants}
    on_battery = _place(county, links, BATTERY_PLAN, _pools([zones["sy"]], words), BATTERY_NAMED)
    projects = _projects(county, links, zones["sy"])

    qidong = _region("qidong")
    city = _actor("city_leader")
    pv, pv_links = _chain(city, qidong, PV, "启东市晶硅光伏产业链：从工业硅、硅片到组件和光伏电站。", PV_LINKS)
    words = {word for wants in PV_PLAN.values() for word, _n in wants}
    on_pv = _place(city, pv_links, PV_PLAN, _pools([zones[k] for k in PV_ZONES if k in zones], words))

    years = _years(Actor.system("demo"), on_battery + on_pv, rng)
    empty = list(empty_links(battery).values_list("name", flat=True))
    after = {"battery": battery.pk, "pv": pv.pk, "enterprises": len(on_battery) + len(on_pv), "years": years}
    record(Actor.system("demo"), LOADED, None, unit=sheyang, after=after)
    if stdout is not None:
        stdout.write(
            f"演示产业链已加载：射阳县{BATTERY}（{len(links)} 个环节，{len(on_battery)} 家链上企业，{projects} 个项目，"
            f"空白环节：{'、'.join(empty) or '无'}），启东市{PV}（{len(pv_links)} 个环节，{len(on_pv)} 家企业）；"
            f"{years} 条企业年度数据（县领导 sheyang_leader / 密码同上）。\n"
        )
