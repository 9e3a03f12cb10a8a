"""The demo's recruitment (招聘): job postings of ~40 enterprises across the Jiangsu zones (some filled with their
hires, some closed), and the job fairs the articles report: 射阳's 春风行动 live-streamed fair with six enterprises
and ~500 positions, an on-site fair (求职人数300余人次, 简历近500份, 80余人达成初步意向), a fair of 赣榆's
industry-chain alliance (产业链党建联盟) that hired 300多名员工, a cancelled one, and one still to come, to which a
labour demand (用工) of the demo is invited.

Everything goes through the recruitment services: 射阳's service officer, 赣榆's, 国阳's own user for its postings,
the system actor elsewhere. The services date things today: the days are set on the rows and Events afterwards.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zonedesk.demands.models import Demand
from zonedesk.demands.states import State
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.audit_guard import rewrite_events
from zonedesk.orgs.models import Event, User
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.models import FairParticipant, JobFair, JobPosting
from zonedesk.recruitment.states import LABOUR_CATEGORY, FairKind, FairStatus, PostingStatus

from .demo_hazards import stamp
from .demo_tables import ENTERPRISE_OF_LOGIN, GIVEN, MOBILE_PREFIXES, NAMED, SURNAMES
from .demo_visits import zone_units
from .generate import analyze

LOADED = "demo.recruitment_loaded"
SEED = 202609
# position: salary from, salary up to (yuan a month), requirements, how many people a posting wants (low, high)
POSITIONS = {
    "普工": (4500, 6500, "18-45周岁，身体健康\n能适应两班倒，包住宿", (20, 80)),
    "操作工": (5000, 7000, "初中及以上学历，能适应倒班\n有同类工厂经验优先", (10, 50)),
    "焊工": (7000, 10000, "持焊工证\n熟练二保焊、氩弧焊，能看懂图纸", (5, 30)),
    "电工": (6500, 9000, "持低压电工作业证\n两年以上工厂设备维修经验", (2, 8)),
    "质检员": (5000, 7000, "中专及以上学历\n会使用常用量具，能看懂图纸", (3, 15)),
    "叉车司机": (5500, 7500, "持叉车作业证\n一年以上驾驶经验", (2, 8)),
    "数控车床操作工": (6500, 9500, "熟悉FANUC系统\n能独立编程调机", (5, 20)),
    "机修工": (6500, 9000, "熟悉机械设备维护保养\n有钳工基础", (2, 6)),
    "仓管员": (4500, 6000, "高中及以上学历\n熟练使用办公软件和ERP系统", (1, 4)),
    "研发工程师": (9000, 12000, "本科及以上学历，机械、电气或相关专业\n三年以上研发经验", (2, 10)),
    "设备工程师": (8000, 12000, "大专及以上学历\n熟悉自动化设备调试与维护", (2, 6)),
    "销售代表": (5000, 10000, "大专及以上学历，能适应出差\n底薪加提成", (2, 8)),
    "缝纫工": (4500, 7000, "熟练使用平车、包缝机\n计件工资，多劳多得", (10, 40)),
    "电池装配工": (5500, 7500, "18-45周岁\n能适应无尘车间作业", (20, 80)),
    "研发总监": (20000, 25000, "硕士及以上学历，十年以上动力电池研发经验\n年薪30万元起", (1, 1)),
}
COMMON = ["普工", "普工", "操作工", "焊工", "电工", "质检员", "叉车司机", "数控车床操作工", "机修工", "仓管员"]
SKILLED = ["研发工程师", "设备工程师", "销售代表"]
# zone key: how many of its enterprises publish postings
ZONES = {"sy": 18, "gy": 10, "lsg": 4, "hl": 3, "px": 2, "wj": 2, "jt": 2}
PUBLISHER = {"sy": "service", "gy": "ganyu_officer"}
# The live-streamed fair's six enterprises (the article: 6家企业…"云上"发布500多个就业岗位) and their postings.
LIVE = {
    ENTERPRISE_OF_LOGIN: [("焊工", 80), ("普工", 60), ("研发工程师", 6)],
    "创维LED（射阳）科技有限公司": [("普工", 120), ("质检员", 20)],
    "射阳科阳5G通信科技有限公司": [("操作工", 60), ("研发工程师", 10)],
    "安旭智能机器人（射阳）有限公司": [("数控车床操作工", 30), ("电工", 8)],
    "江苏海阳新能源动力电池有限公司": [("电池装配工", 80), ("设备工程师", 8), ("研发总监", 1)],
    "": [("普工", 30)],  # the sixth: a generated enterprise of 射阳
}
# The fairs' results (views, job seekers; applications, intents and hires shared out among the participants).
LIVE_RESULTS = {"views": 23860, "visitors": None, "applications": 1260, "intents": 316, "hires": 128}
ON_SITE_RESULTS = {"views": None, "visitors": 316, "applications": 487, "intents": 83, "hires": 41}
ALLIANCE = "赣榆区新能源产业链党建联盟"
ALLIANCE_RESULTS = {"views": 51260, "visitors": None, "applications": 1186, "intents": 412, "hires": 318}


def share(total: int, weights: list[int]) -> list[int]:
    """`total` shared out in proportion to `weights` (largest remainders), adding up to it exactly."""
    whole = sum(weights) or 1
    exact = [total * w / whole for w in weights]
    out = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: out[i] - exact[i])[: total - sum(out)]:
        out[i] += 1
    return out


class _Loader:
    def __init__(self, by: Actor, rng: random.Random, today: date):
        self.by, self.rng, self.today = by, rng, today
        self.zones = zone_units()
        users = {u.username: u for u in User.objects.filter(username__in=[*PUBLISHER.values(), "enterprise"])}
        self.actors = {key: Actor(user=users[name]) for key, name in PUBLISHER.items()}
        self.own = Actor(user=users["enterprise"])
        self.guoyang = Enterprise.objects.get(name=ENTERPRISE_OF_LOGIN)
        self.dates: dict[int, date] = {}  # event pk: its day
        self.later: list[tuple[date, JobPosting, str, int]] = []  # hires and closings: day, posting, action, count

    def actor(self, enterprise: Enterprise) -> Actor:
        if enterprise.pk == self.guoyang.pk:
            return self.own
        key = next(k for k, zone in self.zones.items() if zone.pk == enterprise.unit_id)
        return self.actors.get(key, self.by)

    def enterprises(self, key: str, count: int, skip=()) -> list[Enterprise]:
        named = [row[1] for row in NAMED if row[0] == key and row[1] not in LIVE]
        rows = (
            Enterprise.objects.filter(unit=self.zones[key], employees__gte=80)
            .exclude(pk__in=[e.pk for e in skip])
            .order_by("pk")
        )
        first = [e for e in rows if e.name in named]
        others = [e for e in rows if e.name not in named and e.name not in LIVE and e.industry_id[:1] in "1234"]
        return (first + self.rng.sample(others, count))[:count]

    def _event_day(self, obj, verb: str, day: date) -> Event:
        event = Event.objects.filter(verb=verb, object_id=str(obj.pk)).latest("pk")
        self.dates[event.pk] = day
        return event

    def publish(self, enterprise: Enterprise, position: str, count: int, day: date, closes=None) -> JobPosting:
        """Publish a posting as its enterprise (or its officer) would have on `day`."""
        low, high, requirements, _counts = POSITIONS[position]
        name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)
        mobile = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
        data = {
            "position": position,
            "count": count,
            "salary_min": low,
            "salary_max": high,
            "requirements": requirements,
            "contact_name": name,
            "contact_mobile": mobile,
            "closes_on": closes,
        }
        posting = services.publish_posting(self.actor(enterprise), enterprise, data)
        JobPosting.objects.filter(pk=posting.pk).update(published_on=day, created_at=stamp(day, 9))
        event = self._event_day(posting, "posting.published", day)
        event.after["published_on"] = jsonable(day)
        rewrite_events([event], ["after"])
        posting.published_on = day
        return posting

    def outcome(self, posting: JobPosting, after: date, filled_share: float = 0.45) -> None:
        """What became of a posting since `after`: filled by its hires, closed, or still open with some hired."""
        rng, today = self.rng, self.today
        if after >= today:
            return
        pick, span = rng.random(), (today - after).days
        if pick < filled_share and span > 20:
            batches = share(posting.count, [rng.randint(1, 3) for _ in range(rng.randint(1, 3))])
            for n, count in enumerate(b for b in batches if b):
                self.later.append(
                    (after + timedelta(days=min(span, 7 + 12 * n + rng.randint(0, 8))), posting, "hire", count)
                )
        elif pick < filled_share + 0.15 and span > 30:
            hired = rng.randint(0, posting.count // 2)
            day = after + timedelta(days=rng.randint(10, span // 2))
            if hired:
                self.later.append((day, posting, "hire", hired))
            self.later.append((min(today, day + timedelta(days=rng.randint(5, 30))), posting, "close", 0))
        elif rng.random() < 0.6 and span > 10 and posting.count > 1:
            hired = rng.randint(1, posting.count - 1)
            self.later.append((after + timedelta(days=rng.randint(5, span)), posting, "hire", hired))

    def routine(self) -> list[Enterprise]:
        """The zones' own postings over the last six months; returns the enterprises that publish them."""
        rng, today, out = self.rng, self.today, []
        for key, count in ZONES.items():
            for enterprise in self.enterprises(key, count):
                out.append(enterprise)
                for position in rng.sample(COMMON, rng.randint(1, 2)) + rng.sample(SKILLED, rng.random() < 0.3):
                    day = today - timedelta(days=rng.randint(0, 175))
                    closes = today + timedelta(days=rng.randint(15, 60)) if rng.random() < 0.3 else None
                    posting = self.publish(enterprise, position, rng.randint(*POSITIONS[position][3]), day, closes)
                    if closes is None:
                        self.outcome(posting, day)
        return out

    def fair(self, actor: Actor, key: str, data: dict, created: date, participants, results=None) -> JobFair:
        """A fair set up on `created` with its participants; held and its results recorded (shared out in proportion
        to the positions each shows), unless `results` is None."""
        fair = fairs.create_fair(actor, {"unit": self.zones[key], **data})
        self._event_day(fair, "fair.created", created)
        for enterprise, shown in participants:
            fairs.add_participant(actor, fair, enterprise, postings=shown)
        for event in Event.objects.filter(verb="fair.participant_added", object_id=str(fair.pk)):
            self.dates[event.pk] = created
        JobFair.objects.filter(pk=fair.pk).update(created_at=stamp(created, 9))
        FairParticipant.objects.filter(fair=fair).update(added_at=stamp(created, 10))
        if results is None:
            return fair
        fair = fairs.mark_held(actor, fair)
        self._event_day(fair, "fair.held", fair.held_on)
        weights = [sum(p.count for p in shown) for _e, shown in participants]
        hires = share(results["hires"], weights)
        intents = [h + n for h, n in zip(hires, share(results["intents"] - results["hires"], weights), strict=True)]
        more = share(results["applications"] - results["intents"], weights)
        rows = [
            {"enterprise": e, "applications": i + m, "intents": i, "hires": h}
            for (e, _shown), h, i, m in zip(participants, hires, intents, more, strict=True)
        ]
        fair = fairs.record_results(actor, fair, views=results["views"], visitors=results["visitors"], results=rows)
        recorded = min(self.today, fair.held_on + timedelta(days=2))
        JobFair.objects.filter(pk=fair.pk).update(results_recorded_on=recorded)
        self._event_day(fair, "fair.results_recorded", recorded)
        return fair

    def fairs(self, routine: list[Enterprise]) -> list[JobFair]:
        rng, today = self.rng, self.today
        sy, gy, officer = self.zones["sy"], self.zones["gy"], self.actors["sy"]
        year = today.year if today >= date(today.year, 3, 1) else today.year - 1
        held = date(year, 2, 26)
        live = []
        for name, rows in LIVE.items():
            enterprise = Enterprise.objects.get(name=name) if name else self.enterprises("sy", 1, skip=routine)[0]
            shown = [self.publish(enterprise, p, n, held - timedelta(days=rng.randint(6, 12))) for p, n in rows]
            live.append((enterprise, shown))
            for posting in shown:
                self.outcome(posting, held, filled_share=0.0 if posting.position in SKILLED else 0.85)
        data = {"name": f"{year}年春风行动直播招聘会", "kind": FairKind.LIVE, "held_on": held}
        data["place"] = "射阳县融媒体中心直播间"
        out = [self.fair(officer, "sy", data, held - timedelta(days=14), live, LIVE_RESULTS)]
        held = today - timedelta(days=45)
        at_sy = [e for e in routine if e.unit_id == sy.pk][:15]
        on_site = [(e, self._fresh(e, held)) for e in at_sy]
        name = f"射阳经开区{held.year}年{held.month}月人力资源服务产业园专场招聘会"
        data = {"name": name, "kind": FairKind.ON_SITE, "held_on": held, "place": "射阳县人力资源服务产业园招聘大厅"}
        out.append(self.fair(officer, "sy", data, held - timedelta(days=20), on_site, ON_SITE_RESULTS))
        held = today - timedelta(days=100)
        members = [(e, self._fresh(e, held, lines=True)) for e in routine if e.unit_id == gy.pk]
        data = {"name": f"{ALLIANCE}专场直播招聘会", "kind": FairKind.LIVE, "held_on": held, "alliance": ALLIANCE}
        data["place"] = "赣榆区融媒体中心直播间"
        out.append(self.fair(self.actors["gy"], "gy", data, held - timedelta(days=18), members, ALLIANCE_RESULTS))
        held = today - timedelta(days=130)
        name = f"赣榆经开区{held.year}年{held.month}月专场招聘会"
        data = {"name": name, "kind": FairKind.ON_SITE, "held_on": held, "place": "赣榆经开区企业服务中心"}
        cancelled = self.fair(self.actors["gy"], "gy", data, held - timedelta(days=20), [])
        fairs.cancel_fair(self.actors["gy"], cancelled, "承办场地临时调整，本场取消，参会企业转入联盟专场招聘会")
        self._event_day(cancelled, "fair.cancelled", held - timedelta(days=2))
        out.append(cancelled)
        return out

    def _fresh(self, enterprise: Enterprise, held: date, lines: bool = False) -> list[JobPosting]:
        """Postings the enterprise shows at a fair on `held`, published shortly before it (`lines`: the new
        production lines of the alliance's members, which want many more people)."""
        rng = self.rng
        positions = ["普工", rng.choice(["电池装配工", "操作工"])] if lines else rng.sample(COMMON, rng.randint(1, 2))
        shown = []
        for position in positions:
            count = rng.randint(30, 60) if lines else rng.randint(*POSITIONS[position][3])
            shown.append(self.publish(enterprise, position, count, held - timedelta(days=rng.randint(5, 25))))
        for posting in shown:
            self.outcome(posting, held)
        return shown

    def upcoming(self, routine: list[Enterprise]) -> tuple[JobFair, Demand | None]:
        """The fair to come in 射阳 (set up five days ago, with the open postings of a few enterprises and 国阳's), and
        a labour demand of the demo answered by inviting its enterprise to it."""
        officer, today, sy = self.actors["sy"], self.today, self.zones["sy"]
        held = today + timedelta(days=18)
        name = f"射阳经开区{held.year}年{held.month}月用工对接会"
        data = {"name": name, "kind": FairKind.ON_SITE, "held_on": held, "place": "射阳县人力资源服务产业园招聘大厅"}
        coming = [*[e for e in routine if e.unit_id == sy.pk][15:18], self.guoyang]
        still_open = JobPosting.objects.filter(status=PostingStatus.OPEN).order_by("pk")
        rows = [(e, list(still_open.filter(enterprise=e)[:2])) for e in coming[:-1]]
        rows.append((self.guoyang, [self.publish(self.guoyang, "数控车床操作工", 12, today - timedelta(days=9))]))
        fair = self.fair(officer, "sy", data, today - timedelta(days=5), rows)
        labour = Q(title__contains="招") | Q(title__contains="缺口") | Q(title__contains="急需")
        demands = Demand.objects.filter(labour, unit=sy, category__name=LABOUR_CATEGORY)
        order = [State.ASSIGNED, State.ACCEPTED, State.SUBMITTED, State.REOPENED, State.RESOLVED]
        demand = next((d for s in order for d in demands.filter(state=s).order_by("pk")), None)
        if demand is not None and demand.enterprise_id in {e.pk for e in coming}:
            fairs.invite_to_fair(officer, demand, fair)  # it takes part already, with its postings
        elif demand is not None:
            position = "数控车床操作工" if "数控" in demand.title else "焊工" if "焊" in demand.title else "普工"
            posting = self.publish(demand.enterprise, position, POSITIONS[position][3][1] // 2, today - timedelta(1))
            fairs.invite_to_fair(officer, demand, fair, postings=[posting])
        return fair, demand

    def hires_and_closings(self) -> None:
        for day, posting, action, count in sorted(self.later, key=lambda r: (r[0], r[1].pk, r[2])):
            actor = self.actor(posting.enterprise)
            if action == "hire":
                posting, hire = services.record_hires(actor, posting, count, on=day)
                self.dates[hire.event_id] = day
            else:
                posting = services.close_posting(actor, posting, "岗位需求调整，暂停招聘")
                JobPosting.objects.filter(pk=posting.pk).update(closed_on=day)
                event = self._event_day(posting, "posting.closed", day)
                event.after["closed_on"] = jsonable(day)
                rewrite_events([event], ["after"])

    @transaction.atomic
    def date_events(self) -> None:
        events = list(Event.objects.filter(pk__in=list(self.dates)))
        for hour, event in enumerate(events):
            event.at = stamp(self.dates[event.pk], 9 + hour % 8)
        rewrite_events(events, ["at"], batch_size=300)


def load_recruitment(stdout=None) -> int:
    """Load the demo's postings and job fairs once; returns how many postings there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return JobPosting.objects.count()
    by = Actor.system("demo")
    loader = _Loader(by, random.Random(SEED), timezone.localdate())
    routine = loader.routine()
    held = loader.fairs(routine)
    loader.hires_and_closings()
    coming, demand = loader.upcoming(routine)
    loader.date_events()
    postings = JobPosting.objects.all()
    counts = {
        "postings": postings.count(),
        "enterprises": postings.values("enterprise").distinct().count(),
        "positions": sum(postings.values_list("count", flat=True)),
        "hired": sum(postings.values_list("filled", flat=True)),
        "fairs": JobFair.objects.count(),
    }
    after = {**counts, "upcoming": coming.pk, "invited": demand.pk if demand else None}
    record(by, LOADED, None, unit=loader.zones["sy"].parent, after=after)
    if stdout is not None:
        done = sum(f.status == FairStatus.HELD for f in held)
        stdout.write(
            f"演示招聘数据已加载：{counts['enterprises']} 家企业 {counts['postings']} 个招聘岗位"
            f"（{counts['positions']} 人，"
            f"已招 {counts['hired']} 人），{counts['fairs']} 场招聘会（{done} 场已举办，含春风行动直播招聘会、"
            f"{ALLIANCE}专场；1 场筹备中{'，已邀请 1 条用工诉求' if demand else ''}）。\n"
        )
    analyze()  # PostgreSQL plans the pages that follow on fresh statistics of what was just loaded
    return counts["postings"]
