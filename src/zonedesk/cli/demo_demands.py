"""The demo's demands (诉求): ~300 across the demo zones and categories, in every state, over the last 12 months,
with the visit campaign that raised some of them (demo_visits), a few hotline tickets and some routed to the county.

The demo enterprise user's (江苏国阳) demands and those routed to the county are walked through the services (the
demo users where their roles allow, else the system actor), which date each move today: the days of their moves
are set on the rows afterwards. The ~300 others are written in bulk with the Events and DemandMoves the services
would write (demo_demand_moves), as demo_data does for the generated enterprises. Then the automatic confirmation
and the escalation of overdue demands run as `zonedesk supervise` would. 国阳 has demands in most states,
one resolved and awaiting its answer.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zonedesk.common.text import normalize_text
from zonedesk.demands import services
from zonedesk.demands.models import Demand, DemandCategory, DemandMove
from zonedesk.demands.reminders import escalate_overdue
from zonedesk.demands.states import DISSATISFIED_AT_MOST, Level, Outcome, Source, State
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.audit_guard import rewrite_events
from zonedesk.orgs.models import Event, Unit, UnitKind, User
from zonedesk.orgs.services import create_unit

from .demo_demand_moves import Calendar, Days, History, at, write
from .demo_tables import ENTERPRISE_OF_LOGIN, REGION_ROWS
from .demo_visits import OFFICER_OF_ZONE, load_campaign, zone_units

LOADED = "demo.demands_loaded"
SEED = 202611
# What each kind of demand ends as, and how many (besides those raised at the campaign's visits and 国阳's own).
PLAN = {
    "submitted": 16,
    "returned": 7,
    "rejected": 9,
    "accepted": 9,
    "on_track": 24,
    "due_soon": 9,
    "overdue": 15,
    "resolved": 12,
    "confirmed": 110,
    "auto": 30,
    "reopened": 7,
    "reassigned": 5,
}
ZONE_WEIGHTS = {"sy": 30, "gy": 15, "lsg": 10, "hl": 8, "px": 8, "wj": 8, "jt": 8, "jm": 8, "hp": 3, "dh": 2}
CATEGORY_WEIGHTS = {
    "用工": 20,
    "基础设施": 14,
    "融资": 12,
    "审批": 12,
    "用地": 8,
    "配套": 8,
    "政策兑现": 8,
    "物流": 6,
    "人才": 6,
    "法律": 4,
    "其他": 2,
}
TITLES = {
    "用工": ["招工难，普工缺口较大", "技术工人招聘困难", "春节后员工返岗不足", "员工子女入学协调", "急需数控操作工"],
    "融资": ["融资需求，申请流动资金贷款", "技改专项贷款贴息申请", "应收账款融资对接", "担保费用偏高"],
    "用地": ["土地证办理", "二期新增用地指标", "厂房不动产权证分割办理", "用地规划条件调整"],
    "审批": ["环评审批", "施工许可办理", "消防验收", "排污许可证延续", "节能审查"],
    "配套": ["人才公寓", "职工食堂及宿舍配套", "公交线路延伸至厂区", "天然气管网接入"],
    "政策兑现": ["技改补贴兑现", "高企认定奖励兑现", "稳岗补贴申领", "研发费用加计扣除辅导"],
    "基础设施": ["用电增容", "道路破损", "雨污管网堵塞", "厂区门前路灯不亮", "供水压力不足"],
    "物流": ["物流成本高", "集装箱车辆通行受限", "港口堆场需求"],
    "人才": ["高层次人才落户", "人才公寓申请", "职称评审咨询"],
    "法律": ["合同纠纷法律咨询", "知识产权维权", "劳动争议调解"],
    "其他": ["企业周边环境整治", "申请设立快递网点"],
}
DEPARTMENT_OF = {
    "用工": "人力资源和社会保障局",
    "人才": "人力资源和社会保障局",
    "用地": "自然资源和规划分局",
    "审批": "行政审批局",
    "融资": "经济发展局",
    "政策兑现": "经济发展局",
    "物流": "经济发展局",
    "基础设施": "企业服务局",
    "配套": "企业服务局",
    "法律": "企业服务局",
    "其他": "企业服务局",
}
# region key: the county department that works the demands routed up to it
COUNTY_DEPARTMENTS = {"sheyang": "射阳县住房和城乡建设局", "qidong": "启东市交通运输局"}
ROUTED = {"sy": "sheyang", "lsg": "qidong", "hl": "qidong"}
ROUTED_TITLES = ["跨区道路破损，涉及县道养护", "园区外排水干管堵塞", "县道路口信号灯设置", "县域公交线路延伸"]
SCORES = [5] * 14 + [4] * 8 + [3] * 3 + [2, 1]
ANSWERS = ["已协调解决", "已组织专场对接", "已现场办理", "已会同相关部门落实", "已答复企业并跟踪办理"]
# The demo enterprise user's own demands: kind, category, title, source.
GUOYANG = [
    ("submitted", "人才", "人才公寓申请，新招工程师住宿困难", Source.PORTAL),
    ("returned", "用地", "土地证办理，二期厂房不动产权证", Source.PORTAL),
    ("on_track", "基础设施", "厂区门前道路破损，重载车辆通行困难", Source.PORTAL),
    ("resolved", "用工", "招工难，急需熟练焊工80人", Source.PORTAL),
    ("confirmed", "审批", "环评审批，二期项目环评批复", Source.PORTAL),
    ("confirmed", "物流", "物流成本高，申请港口集货补贴", Source.MEETING),
    ("reopened", "融资", "融资需求，技改项目贷款贴息", Source.PORTAL),
    ("overdue", "政策兑现", "技改补贴兑现", Source.PORTAL),
]
ACTION_OF = {
    "demand.submitted": "submit",
    "demand.returned": "return",
    "demand.rejected": "reject",
    "demand.accepted": "accept",
    "demand.assigned": "assign",
    "demand.resolved": "resolve",
    "demand.confirmed": "confirm",
    "demand.reopened": "reopen",
}
FIELD_OF = {
    "submit": "submitted_on",
    "return": "returned_on",
    "reject": "rejected_on",
    "accept": "accepted_on",
    "assign": "assigned_on",
    "resolve": "resolved_on",
    "confirm": "confirmed_on",
    "reopen": "reopened_on",
}


class _Loader:
    def __init__(self, by: Actor, rng: random.Random, today: date):
        self.by, self.rng, self.today = by, rng, today
        self.cal = Calendar()
        self.days = Days(rng, today, self.cal)
        self.zones = zone_units()
        self.categories = {c.name: c for c in DemandCategory.objects.filter(unit=None, parent=None)}
        users = {u.username: u for u in User.objects.filter(username__in=["service", "ganyu_officer", "handler"])}
        self.officers = {key: Actor(user=users[name]) for key, name in OFFICER_OF_ZONE.items() if name in users}
        self.handler = Actor(user=users["handler"]) if "handler" in users else None
        self.departments = self._departments()
        self.enterprises = {
            key: list(Enterprise.objects.filter(unit=zone).order_by("pk").values_list("pk", flat=True))
            for key, zone in self.zones.items()
        }
        self.guoyang = Enterprise.objects.get(name=ENTERPRISE_OF_LOGIN)
        self.ent_user = Actor(user=User.objects.get(username="enterprise"))
        self.walked: dict[int, tuple[list[date], int]] = {}  # pk: (the days of its events, its deadline days)
        self.histories: list[History] = []
        self.tickets = 0

    def _departments(self) -> dict[tuple[str, str], Unit]:
        """Each zone's departments that work demands (made where the demo has none), and the two county ones."""
        out = {}
        for key in ZONE_WEIGHTS:
            zone = self.zones[key]
            have = {u.name: u for u in Unit.objects.filter(parent=zone, kind=UnitKind.DEPARTMENT)}
            for name in sorted(set(DEPARTMENT_OF.values())):
                out[key, name] = have.get(name) or create_unit(
                    name=name, kind=UnitKind.DEPARTMENT, parent=zone, by=self.by
                )
        for region, name in COUNTY_DEPARTMENTS.items():
            county = Unit.objects.get(kind=UnitKind.REGION, name=REGION_ROWS[region][1])
            found = Unit.objects.filter(parent=county, name=name).first()
            out[region, name] = found or create_unit(name=name, kind=UnitKind.DEPARTMENT, parent=county, by=self.by)
        return out

    def _source(self, kind: str, day: date) -> tuple[str, str]:
        pick = self.rng.random()
        if pick < 0.04 or (kind == "overdue" and pick < 0.15):
            self.tickets += 1
            return Source.HOTLINE, f"12345-{day:%Y%m%d}-{self.tickets:03d}"
        if pick < 0.45:
            return Source.PORTAL, ""
        return (Source.MEETING, "") if pick < 0.55 else (Source.VISIT, "")

    def _actors(self, key: str, department: Unit) -> tuple[Actor, Actor]:
        """Who handles (the zone's demo officer) and who resolves (the demo handler at its department)."""
        officer = self.officers.get(key, self.by)
        resolver = self.handler if key == "sy" and department and department.name == "行政审批局" else None
        return officer, resolver or self.by

    def _confirmation(self, own: bool, category: str) -> dict:
        score = self.rng.choice(SCORES) if not own else (5 if category == "审批" else 2)
        comment = "感谢园区帮助" if score >= 4 else ("基本满意" if score == 3 else "办理时间过长，问题未根本解决")
        return {"satisfaction": score, "comment": comment}

    def walk(self, kind: str, key: str, enterprise, category: str, title: str, source=None, demand=None, day=None):
        """Take one demand through the services (国阳's own, those routed to the county): new, or raised at a
        visit on `day`; the days of its moves are set afterwards (_date_rows)."""
        cat = self.categories[category]
        days = cat.default_deadline_days
        steps = self.days.steps(kind, days, submitted=day)
        own = enterprise == self.guoyang.pk
        routed = key in ROUTED and not own
        department = self.departments[key, DEPARTMENT_OF[category]]
        officer, resolver = self._actors(key, department)
        if demand is None:
            submitter = self.ent_user if own and source == Source.PORTAL else officer
            demand = services.submit_demand(submitter, enterprise, category=cat, title=title, source=source)
        dated = [steps[0][1]]
        for action, on in steps[1:]:
            if action == "accept":
                demand = services.accept(officer, demand)
                if routed:
                    demand = services.route(officer, demand, Level.COUNTY, "涉及县级部门职权，提请县级协调办理")
                    department = self.departments[ROUTED[key], COUNTY_DEPARTMENTS[ROUTED[key]]]
                    officer = resolver = self.by
                    dated.append(on)
            elif action == "return":
                demand = services.return_for_info(officer, demand, "请补充相关证明材料及具体需求")
            elif action == "assign":
                demand = services.assign(officer, demand, department, deadline_days=days)
            elif action == "resolve":
                demand = services.resolve(resolver, demand, *self._outcome())
            elif action == "confirm":
                demand = services.confirm(
                    self.ent_user if own else self.by, demand, **self._confirmation(own, category)
                )
            elif action == "reopen":
                demand = services.reopen(self.ent_user if own else self.by, demand, "问题仍未解决，申请重新办理")
            elif action == "auto":
                continue  # auto_confirm_due confirms it once the days are set (_auto_confirm)
            dated.append(on)
        self.walked[demand.pk] = (dated, days)
        return demand

    def build(self, kind: str, key: str, enterprise: int, category: str, title: str, *, visit=None, day=None):
        """One demand built in memory, move by move, for the bulk writer."""
        cat = self.categories[category]
        days = cat.default_deadline_days
        steps = self.days.steps(kind, days, submitted=day)
        department = self.departments[key, DEPARTMENT_OF[category]]
        officer, resolver = self._actors(key, department)
        source, reference = (Source.VISIT, "") if visit else self._source(kind, steps[0][1])
        submitter = self.by if source == Source.PORTAL else officer
        demand = Demand(
            enterprise_id=enterprise,
            unit=self.zones[key],
            handling_unit=self.zones[key],
            category=cat,
            source=source,
            reference=reference,
            visit=visit,
            title=normalize_text(title),
            submitted_by=submitter.user,
        )
        history = History.submitted(demand, submitter, steps[0][1])
        for action, on in steps[1:]:
            if action in ("return", "reject"):
                reason = "请补充相关证明材料及具体需求" if action == "return" else "属于企业自主经营事项，不予受理"
                history.move(action, on, officer, reason)
            elif action == "accept":
                history.move(action, on, officer)
            elif action == "assign":
                fields = {"assigned_department": department, "deadline": self.cal.add(on, days), "escalation_level": 0}
                history.move(action, on, officer, **fields)
            elif action == "resolve":
                outcome, note = self._outcome()
                history.move(action, on, resolver, outcome=outcome, outcome_note=note)
            elif action == "confirm":
                fields = self._confirmation(False, category)
                flagged = {"is_dissatisfied": True} if fields["satisfaction"] <= DISSATISFIED_AT_MOST else {}
                history.move(action, on, self.by, **fields, confirmed_auto=False, **flagged)
            elif action == "auto":
                history.move(action, on, Actor.system("demand_auto_confirm"), confirmed_auto=True)
            elif action == "reopen":
                history.move(action, on, self.by, "问题仍未解决，申请重新办理")
        self.histories.append(history)

    def _outcome(self) -> tuple[str, str]:
        pick = self.rng.random()
        if pick < 0.8:
            return Outcome.SOLVED, self.rng.choice(ANSWERS)
        if pick < 0.95:
            return Outcome.PARTLY_SOLVED, "已解决部分诉求，其余纳入下阶段计划"
        return Outcome.NOT_SOLVABLE, "涉及上级政策调整，园区暂无权限，已向企业解释"

    def load(self) -> None:
        raised, to_raise = load_campaign(self.by, self.rng)
        for pk in (pk for pk, _key, _day in raised):
            demand = Demand.objects.select_related("category").get(pk=pk)
            self.walk(
                "auto",
                "sy",
                demand.enterprise_id,
                demand.category.name,
                demand.title,
                demand=demand,
                day=demand.visit.visited_on,
            )
        for kind, category, title, source in GUOYANG:
            self.walk(kind, "sy", self.guoyang.pk, category, title, source=source)
        for n, kind in enumerate(("accepted", "on_track", "overdue", "confirmed")):
            key = list(ROUTED)[n % len(ROUTED)]
            self.walk(
                kind, key, self.rng.choice(self.enterprises[key]), "基础设施", ROUTED_TITLES[n], source=Source.VISIT
            )
        name_of = {c.pk: c.name for c in self.categories.values()}
        for row in to_raise:
            kind = self.rng.choice(["confirmed"] * 6 + ["auto"] * 2 + ["rejected", "overdue"])
            visit = row["visit"]
            self.build(
                kind,
                row["key"],
                visit.enterprise_id,
                name_of[row["category"]],
                row["title"],
                visit=visit,
                day=row["day"],
            )
        zone_keys, zone_weights = list(ZONE_WEIGHTS), list(ZONE_WEIGHTS.values())
        names, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        for kind, count in PLAN.items():
            for _n in range(count):
                key = self.rng.choices(zone_keys, zone_weights)[0]
                category = self.rng.choices(names, weights)[0]
                enterprise = self.rng.choice(self.enterprises[key])
                self.build(kind, key, enterprise, category, self.rng.choice(TITLES[category]))
        write(self.histories)
        self._date_rows()
        self._auto_confirm()
        escalate_overdue(self.today, self.cal)

    @transaction.atomic
    def _date_rows(self) -> None:
        """Set the day of every move of the demands walked through the services (they dated them today)."""
        pks = list(self.walked)
        events = defaultdict(list)
        demand_type = ContentType.objects.get_for_model(Demand)
        rows = Event.objects.filter(object_type=demand_type, object_id__in=[str(pk) for pk in pks]).order_by("pk")
        for event in rows:
            events[int(event.object_id)].append(event)
        changed_events, day_of_event = [], {}
        demands = Demand.objects.in_bulk(pks)
        for pk, (dated, days) in self.walked.items():
            demand = demands[pk]
            for hour, (event, day) in enumerate(zip(events[pk], dated, strict=True)):
                event.at = at(day, 9 + hour % 9)
                day_of_event[event.pk] = day
                changed_events.append(event)
                if field := FIELD_OF.get(ACTION_OF.get(event.verb, "")):
                    setattr(demand, field, day)
            if demand.assigned_on is not None and demand.deadline is not None:
                demand.deadline = self.cal.add(demand.assigned_on, days)
        rewrite_events(changed_events, ["at"], batch_size=300)
        Demand.objects.bulk_update(demands.values(), [*FIELD_OF.values(), "deadline"], batch_size=200)
        moves = list(DemandMove.objects.filter(demand__in=pks))
        for move in moves:
            move.on = day_of_event[move.event_id]
        DemandMove.objects.bulk_update(moves, ["on"], batch_size=300)

    def _auto_confirm(self) -> None:
        """Run the automatic confirmation as `zonedesk supervise` did, dated the day after the 7th working day;
        国阳 then says it is not satisfied with the one confirmed so."""
        services.auto_confirm_due(timezone.now())
        rows = list(Demand.objects.filter(state=State.CONFIRMED, confirmed_auto=True, pk__in=list(self.walked)))
        for demand in rows:
            due = services.confirm_due_on(demand.resolved_on, calendar=self.cal)
            demand.confirmed_on = min(self.today, due + timedelta(days=1))
        Demand.objects.bulk_update(rows, ["confirmed_on"], batch_size=200)
        on = {d.pk: d.confirmed_on for d in rows}
        moves = list(DemandMove.objects.filter(demand__in=on, to_state=State.CONFIRMED).select_related("event"))
        for move in moves:
            move.on = on[move.demand_id]
            move.event.at = at(move.on, 1)
        DemandMove.objects.bulk_update(moves, ["on"], batch_size=300)
        rewrite_events([m.event for m in moves], ["at"], batch_size=300)
        for demand in rows:
            if demand.enterprise_id == self.guoyang.pk:
                services.flag_dissatisfied(self.ent_user, demand, "变压器至今未投运，二期设备无法调试")


def load_demands(stdout=None) -> int:
    """Create the demo demands (and the visit campaign) once; returns how many demands there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return Demand.objects.count()
    by = Actor.system("demo")
    today = timezone.localdate()
    loader = _Loader(by, random.Random(SEED), today)
    loader.load()
    count = Demand.objects.count()
    record(by, LOADED, None, unit=loader.zones["sy"].parent, after={"demands": count})
    if stdout is not None:
        stdout.write(f"演示诉求已加载：{count} 条（含走访活动“2026年春节后复工复产走访”）。\n")
    return count
