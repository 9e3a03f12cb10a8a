"""The demo's visit campaign 2026年春节后复工复产走访, run by each Jiangsu zone for its own enterprises: ~80 visits,
most done with their findings (on duty / total, capacity, a few risk flags, suppliers outside) and the demands
they raised, a few cancelled or still to do.

The campaigns and 国阳's visit go through the visit services as the system actor (their days set on the rows
afterwards: the services date the events today); the other visits are written in bulk with the Events the
services write. Called by demo_demands, which takes the raised demands on through their states.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zonedesk.demands.models import DemandCategory
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, build_event, snapshot
from zonedesk.orgs.audit_guard import rewrite_events
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.visits.models import Visit, VisitCampaign, VisitStatus
from zonedesk.visits.services import FINDINGS, create_campaign, plan_visit, record_visit

from .demo_tables import ENTERPRISE_OF_LOGIN, ZONE_ROWS

CAMPAIGN = "2026年春节后复工复产走访"
STARTS_ON, ENDS_ON = date(2026, 2, 24), date(2026, 3, 31)
# zone key: how many of its enterprises the campaign targets
TARGETS = {"sy": 28, "gy": 14, "lsg": 10, "hl": 9, "hp": 5, "dh": 5, "px": 8, "wj": 6, "jt": 6}
OFFICER_OF_ZONE = {"sy": "service", "gy": "ganyu_officer"}
SUMMARIES = [
    "节后复工有序，订单饱满，主要生产线已全部开工。",
    "复工正常，外地员工陆续返岗，部分工序仍在招人。",
    "企业整体运行平稳，一季度订单同比增长。",
    "返岗率偏低，企业反映普工缺口较大。",
    "生产基本恢复，原材料价格上涨压缩利润。",
    "新建产线调试中，预计二季度达产。",
]
RISKS = [
    ("plans_to_expand", "计划二期扩产，需新增用地约50亩，已与园区对接选址。"),
    ("plans_to_expand", "拟新上一条自动化产线，设备投资约3000万元。"),
    ("plans_to_relocate", "母公司考虑将部分产线迁往江西，正在评估成本。"),
    ("plans_to_relocate", "物流成本高，企业有意向靠近港口的园区搬迁。"),
    ("plans_to_downsize", "海外订单下滑，计划压减一条产线，涉及员工约60人。"),
    ("plans_to_downsize", "主要客户转移订单，二季度可能阶段性停产。"),
]
SUPPLIERS = [
    "铸件主要来自浙江台州，运输周期约3天。",
    "电子元器件依赖深圳、东莞供应商。",
    "钢材主要采购自江阴、张家港。",
    "关键轴承依赖进口，交期较长。",
    "包装材料来自苏州，园区内暂无同类配套。",
    "化工原料主要来自山东淄博。",
]
# Demands raised at visits: category, title.
RAISED = [
    ("用工", "春节后普工返岗不足，缺口约{n}人"),
    ("用工", "招工难，急需熟练焊工"),
    ("基础设施", "用电增容，新增变压器需求"),
    ("基础设施", "厂区门前道路破损"),
    ("物流", "物流成本高，希望开通园区集货班线"),
    ("融资", "融资需求，流动资金周转困难"),
    ("人才", "人才公寓，新招技术人员住宿困难"),
    ("审批", "环评审批，二期项目环评进度"),
    ("用地", "土地证办理，厂房不动产权证延迟"),
    ("政策兑现", "技改补贴兑现进度"),
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def zone_units() -> dict[str, Unit]:
    """The demo zones by their key in demo_tables."""
    by_name = {u.name: u for u in Unit.objects.filter(kind="zone")}
    return {key: by_name[row[1]] for key, row in ZONE_ROWS.items() if row[1] in by_name}


def _targets(rng: random.Random, zones: dict[str, Unit]) -> list[tuple[str, Enterprise]]:
    """Per zone: its named enterprises first (国阳 always), then the larger ones at random."""
    out = []
    for key, count in TARGETS.items():
        rows = list(Enterprise.objects.filter(unit=zones[key], employees__gte=50).order_by("pk"))
        named = [e for e in rows if e.name == ENTERPRISE_OF_LOGIN] + [
            e for e in rows[:3] if e.name != ENTERPRISE_OF_LOGIN
        ]
        rest = [e for e in rows if e not in named]
        out += [(key, e) for e in (named + rng.sample(rest, min(len(rest), count - len(named))))[:count]]
    return out


def _findings(rng: random.Random, enterprise: Enterprise, day: date, risky: bool) -> dict:
    total = max(enterprise.employees or 0, 10)
    # Later in the campaign more people are back at work.
    share = min(1.0, rng.uniform(0.62, 0.9) + (day - STARTS_ON).days * 0.004)
    findings = {
        "visited_on": day,
        "summary": rng.choice(SUMMARIES),
        "employees_total": total,
        "employees_on_duty": int(total * share),
        "capacity_in_use_percent": min(100, int(rng.uniform(45, 95) + (day - STARTS_ON).days * 0.3)),
    }
    if risky:
        flag, note = rng.choice(RISKS)
        findings.update({flag: True, "risk_note": note})
    if rng.random() < 0.25:
        findings["key_suppliers_outside"] = rng.choice(SUPPLIERS)
    return findings


def _raised(rng: random.Random, categories: dict[str, DemandCategory], enterprise: Enterprise) -> list[dict]:
    if enterprise.name == ENTERPRISE_OF_LOGIN:
        picks = [RAISED[2]]  # 国阳: 用电增容
    else:
        picks = rng.sample(RAISED, rng.choice([0, 0, 1, 1, 1, 2]))
    return [
        {"category": categories[cat].pk, "title": title.format(n=rng.choice([30, 50, 80, 120]))} for cat, title in picks
    ]


def load_campaign(by: Actor, rng: random.Random) -> tuple[list[tuple[int, str, date]], list[dict]]:
    """Set up the campaign and its visits. Returns the demands raised at 国阳's visit (made through the services)
    as (pk, zone key, visit day), and those to raise at the other visits (made in bulk by demo_demands)."""
    zones = zone_units()
    officers = {key: User.objects.filter(username=name).first() for key, name in OFFICER_OF_ZONE.items()}
    targets = _targets(rng, zones)
    campaigns = {}  # each zone runs the campaign for its own enterprises (and sees it)
    for key in TARGETS:
        data = {"unit": zones[key], "name": CAMPAIGN, "starts_on": STARTS_ON, "ends_on": ENDS_ON}
        data["targets"] = [(e.pk, officers.get(key)) for k, e in targets if k == key]
        campaigns[key] = create_campaign(data, by=by)
    # 国阳 is visited; 79 of the others at random, the rest are still to visit when the campaign ends.
    first = [t for t in targets if t[1].name == ENTERPRISE_OF_LOGIN]
    visited = first + rng.sample([t for t in targets if t not in first], 80 - len(first))
    categories = {c.name: c for c in DemandCategory.objects.filter(unit=None, parent=None)}
    span, today = (ENDS_ON - STARTS_ON).days, timezone.localdate()
    planned, to_raise, raised, dated = [], [], [], {}
    for n, (key, enterprise) in enumerate(visited):
        planned_on = STARTS_ON + timedelta(days=rng.randrange(span))
        officer = officers.get(key)
        visited_on = min(ENDS_ON, today, planned_on + timedelta(days=rng.choice([0, 0, 0, 1, 2])))
        status = "cancelled" if n % 20 == 7 else "planned" if n % 20 == 13 else "done"
        findings = _findings(rng, enterprise, visited_on, risky=n % 13 == 5) if status == "done" else {}
        demands = _raised(rng, categories, enterprise) if status == "done" else []
        if enterprise.name != ENTERPRISE_OF_LOGIN:
            planned.append(
                (
                    Visit(enterprise=enterprise, unit=zones[key], campaign=campaigns[key], planned_on=planned_on),
                    officer,
                    status,
                    findings,
                    demands,
                    key,
                )
            )
            continue
        visit = plan_visit(
            enterprise,
            unit=zones[key],
            planned_on=planned_on,
            by=by,
            visitors=[officer] if officer else [],
            campaign=campaigns[key],
        )
        visit = record_visit(visit, findings, by=by, demands=demands)
        dated[visit.pk] = (planned_on, visited_on)
        raised += [(pk, key, visited_on) for pk in visit.demands.order_by("pk").values_list("pk", flat=True)]
    for visit, _officer, _status, findings, demands, key in _bulk_visits(by, planned):
        to_raise += [{**row, "visit": visit, "key": key, "day": findings["visited_on"]} for row in demands]
    _date_rows(list(campaigns.values()), dated)
    return raised, to_raise


def _bulk_visits(by: Actor, planned: list[tuple]) -> list[tuple]:
    """The visits other than 国阳's, written in bulk with the Events the services write (planned, then recorded
    or cancelled), dated on the day they happened; returns the rows of the visits done."""
    events = []
    for visit, _officer, status, findings, _demands, _key in planned:
        visit.created_at = _at(visit.planned_on - timedelta(days=5), 9)
        if status == "done":
            for key, value in findings.items():
                setattr(visit, key, value)
            visit.status, visit.version = VisitStatus.DONE, 2
        elif status == "cancelled":
            visit.status, visit.version, visit.cancel_reason = VisitStatus.CANCELLED, 2, "企业负责人外出，改期走访"
    Visit.objects.bulk_create([row[0] for row in planned], batch_size=200)
    Visit.visitors.through.objects.bulk_create(
        [Visit.visitors.through(visit_id=row[0].pk, user_id=row[1].pk) for row in planned if row[1]]
    )
    for visit, officer, status, _findings, _demands, _key in planned:
        after = snapshot(visit, ["unit", "planned_on", "campaign"]) | {"visitors": [officer.pk] if officer else []}
        event = build_event(by, "visit.planned", visit, after=after)
        event.at = visit.created_at
        events.append(event)
        if status == "done":
            event = build_event(
                by,
                "visit.recorded",
                visit,
                before={"status": VisitStatus.PLANNED},
                after=snapshot(visit, ["status", *FINDINGS]),
            )
        elif status == "cancelled":
            after = {"status": VisitStatus.CANCELLED, "reason": visit.cancel_reason}
            event = build_event(by, "visit.cancelled", visit, before={"status": VisitStatus.PLANNED}, after=after)
        else:
            continue
        event.at = _at(visit.visited_on or visit.planned_on - timedelta(days=1), 17)
        events.append(event)
    Event.objects.bulk_create(events, batch_size=300)
    return [row for row in planned if row[2] == "done"]


def _date_rows(campaigns: list[VisitCampaign], dated: dict[int, tuple[date, date]]) -> None:
    """The campaign was set up a week before it started; 国阳's visit planned 5 days ahead and recorded that day."""
    pks = [c.pk for c in campaigns]
    VisitCampaign.objects.filter(pk__in=pks).update(created_at=_at(STARTS_ON - timedelta(days=7), 9))
    type_of = ContentType.objects.get_for_model
    campaign_events = list(Event.objects.filter(object_type=type_of(VisitCampaign), object_id__in=map(str, pks)))
    for event in campaign_events:
        event.at = _at(STARTS_ON - timedelta(days=7), 9)
    rewrite_events(campaign_events, ["at"])
    visits = list(Visit.objects.filter(pk__in=dated))
    for visit in visits:
        visit.created_at = _at(dated[visit.pk][0] - timedelta(days=5), 9)
    Visit.objects.bulk_update(visits, ["created_at"], batch_size=200)
    events = list(Event.objects.filter(object_type=type_of(Visit), object_id__in=[str(pk) for pk in dated]))
    for event in events:
        planned_on, done_on = dated[int(event.object_id)]
        event.at = _at(planned_on - timedelta(days=5), 9) if event.verb == "visit.planned" else _at(done_on, 17)
    rewrite_events(events, ["at"], batch_size=200)
