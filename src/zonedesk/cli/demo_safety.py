"""The demo's safety supervision (赣榆's "6543" programme and 五星五色) in 射阳 and 赣榆: each zone's hazard categories
(the "六涉" and others), safety profiles of ~60 enterprises of 射阳 and ~30 of 赣榆, their 五星五色 ratings over the
last 12 months (few red, many blue and green; ~15 re-rated after their hazards were rectified, or down after a major
one), inspections and hazards in every state over the last six months (demo_hazards), overdue ones escalated as
`zonedesk supervise` would, 射阳's site plan with ~50 enterprises placed (demo_plan), and the zones' saved lists.

Everything goes through the safety services: as the zone's safety officer (射阳's `safety`; 赣榆's `gy_safety`, made
here), the zone's service officer rectifying for the enterprises, 国阳's own user for 国阳, the system actor for the
zones' settings, categories, plan and lists. The services date things today: the days are set afterwards.
"""

import random
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.audit_guard import rewrite_events
from zonedesk.orgs.models import Event, Unit, UnitKind, User
from zonedesk.orgs.roles import Role
from zonedesk.orgs.services import create_user
from zonedesk.safety import config, lists, services
from zonedesk.safety.config import safety_settings
from zonedesk.safety.models import Hazard, HazardCategory, Rating, SafetyProfile
from zonedesk.safety.reminders import escalate_overdue_hazards
from zonedesk.safety.states import COLOURS, OPEN, HazardLevel

from .demo_data import PASSWORD
from .demo_demand_moves import Calendar
from .demo_hazards import Inspections, stamp
from .demo_plan import load_plan
from .demo_tables import ENTERPRISE_OF_LOGIN, GIVEN, MOBILE_PREFIXES, NAMED, SURNAMES
from .demo_visits import zone_units
from .generate import analyze

LOADED = "demo.safety_loaded"
SEED = 202608
GY_SAFETY = ("gy_safety", "郑海波", "13951010013")
OFFICER = {"sy": "safety", "gy": "gy_safety"}
RECTIFIER = {"sy": "service", "gy": "ganyu_officer"}
RED, ORANGE, YELLOW, BLUE, GREEN = COLOURS
# zone key: the colours of its rated enterprises, riskiest first, and how many profiles it keeps (the rest unrated)
RATED = {
    "sy": [RED] * 2 + [ORANGE] * 5 + [YELLOW] * 10 + [BLUE] * 17 + [GREEN] * 18,
    "gy": [RED] * 1 + [ORANGE] * 3 + [YELLOW] * 5 + [BLUE] * 8 + [GREEN] * 9,
}
PROFILES = {"sy": 60, "gy": 30}
# zone key: (improved after rectification, of them twice, downgraded after a major hazard)
RERATED = {"sy": (8, 2, 2), "gy": (4, 1, 1)}
PLACED = 50
CATEGORIES = [
    ("FC", "涉爆粉尘", True),
    ("AQ", "涉氨制冷", True),
    ("YX", "涉有限空间作业", True),
    ("WH", "涉危险化学品", True),
    ("RR", "涉高温熔融金属", True),
    ("LD", "涉锂电池储能", True),
    ("DQ", "电气安全", False),
    ("TZ", "特种设备", False),
    ("XF", "消防安全", False),
    ("ZY", "职业健康", False),
]
# A GB/T 4754 code's start: the "六涉" categories its enterprises fall under (the longest start that matches).
SIX_OF_INDUSTRY = {
    "13": "AQ FC", "14": "AQ YX", "17": "FC", "18": "FC", "20": "FC", "21": "FC", "22": "YX", "26": "WH YX",
    "27": "WH", "29": "WH", "30": "RR", "31": "RR YX", "32": "RR FC", "33": "FC", "336": "WH", "339": "RR FC",
    "384": "LD WH", "39": "WH",
}  # fmt: skip
STARS_OF = {RED: (1, 2), ORANGE: (2, 2), YELLOW: (3, 3), BLUE: (3, 4), GREEN: (4, 5)}
COLOUR_NAMES = {RED: "红色", ORANGE: "橙色", YELLOW: "黄色", BLUE: "蓝色", GREEN: "绿色"}
REASONS = {
    RED: [
        "存在重大事故隐患未整改，安全管理制度不健全，列为重点监管企业。",
        "“六涉”场所风险管控措施缺失，多次检查发现同类隐患。",
    ],
    ORANGE: [
        "涉及“六涉”作业，隐患排查治理台账不完整，加密检查频次。",
        "安全培训和应急演练记录不全，部分隐患整改不及时。",
    ],
    YELLOW: ["安全管理基本规范，存在一般隐患若干，能按期整改。", "风险分级管控清单已建立，但落实不到位。"],
    BLUE: ["安全管理制度健全，隐患能够及时整改，风险总体可控。", "安全生产标准化三级达标，现场管理较好。"],
    GREEN: [
        "安全生产标准化二级达标，近三年无生产安全事故，风险低。",
        "安全管理体系完善，隐患自查自改闭环，列为示范企业。",
    ],
}


class _Loader:
    def __init__(self, by: Actor, rng: random.Random, today: date):
        self.by, self.rng, self.today = by, rng, today
        self.cal = Calendar()
        self.zones = {key: zone for key, zone in zone_units().items() if key in PROFILES}
        users = {u.username: u for u in User.objects.filter(username__in=[*OFFICER.values(), *RECTIFIER.values()])}
        self.officers = {key: Actor(user=users[name]) for key, name in OFFICER.items()}
        self.guoyang = Enterprise.objects.get(name=ENTERPRISE_OF_LOGIN)
        self.categories: dict[str, dict[str, HazardCategory]] = {}
        self.ratings: list[tuple[date, str, Enterprise, int, str, str]] = []  # day, zone key, enterprise, stars, …
        self.chosen: dict[str, list[Enterprise]] = {}
        self.inspections = Inspections(
            rng,
            today,
            self.cal,
            self.officers,
            {key: Actor(user=users[name]) for key, name in RECTIFIER.items()},
            {key: safety_settings(zone) for key, zone in self.zones.items()},
            self.guoyang.pk,
            Actor(user=User.objects.get(username="enterprise")),
        )

    def person(self) -> tuple[str, str]:
        rng = self.rng
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return name, rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"

    def setup(self) -> None:
        """赣榆's stricter inspection frequency (the "6543" programme), and each zone's categories."""
        config.configure(
            self.by,
            self.zones["gy"],
            red_inspection_days=15,
            orange_inspection_days=30,
            yellow_inspection_days=60,
            blue_inspection_days=120,
            green_inspection_days=180,
        )
        self.inspections.rules["gy"] = safety_settings(self.zones["gy"])
        for key, zone in self.zones.items():
            self.categories[key] = {
                code: config.add_category(self.by, zone, code=code, name=name, is_six=six)
                for code, name, six in CATEGORIES
            }

    def pick(self, key: str) -> list[Enterprise]:
        """The zone's named enterprises, then manufacturers of 50 people or more drawn at random."""
        named = [row[1] for row in NAMED if row[0] == key]
        zone = Enterprise.objects.filter(unit=self.zones[key]).select_related("unit").order_by("pk")
        first = sorted(zone.filter(name__in=named), key=lambda e: named.index(e.name))
        others = [e for e in zone.filter(employees__gte=50) if e.name not in named and e.industry_id[:1] in "1234"]
        return first + self.rng.sample(others, PROFILES[key] - len(first))

    def profiles(self, key: str) -> list[tuple[Enterprise, list[HazardCategory]]]:
        out = []
        for enterprise in self.chosen[key]:
            code = enterprise.industry_id
            six = next((SIX_OF_INDUSTRY[code[:n]] for n in (3, 2) if code[:n] in SIX_OF_INDUSTRY), "").split()
            if "YX" not in six and self.rng.random() < 0.2:
                six.append("YX")  # a sewage pit or a tank: confined space
            others = self.rng.sample(["DQ", "TZ", "XF", "ZY"], self.rng.randint(1, 2))
            categories = [self.categories[key][c] for c in [*six, *others]]
            person, mobile = self.person()
            services.update_profile(
                self.officers[key],
                enterprise,
                categories=categories,
                responsible_person=person,
                responsible_mobile=mobile,
            )
            out.append((enterprise, categories))
        return out

    def plan(self, key: str) -> None:
        """Colours (riskiest to the enterprises with the most "六涉"), rating histories and inspections of a zone."""
        rng, today, profiles = self.rng, self.today, self.profiles(key)
        scored = sorted(profiles, key=lambda p: -(sum(c.is_six for c in p[1]) * 2 + rng.random() * 3))
        unrated = [p for p in scored if p[0].pk != self.guoyang.pk and p[0].name not in {r[1] for r in NAMED}]
        unrated = unrated[-(len(scored) - len(RATED[key])) :]
        rated = [p for p in scored if p not in unrated]
        improved, twice, downgraded = RERATED[key]
        movers = [i for i, c in enumerate(RATED[key]) if c != RED]
        up = set(rng.sample(movers[2:], improved))  # not the riskiest of all
        down = set(rng.sample([i for i, c in enumerate(RATED[key]) if c in (RED, ORANGE) and i not in up], downgraded))
        rules = self.inspections.rules[key]
        for i, ((enterprise, categories), colour) in enumerate(zip(rated, RATED[key], strict=True)):
            index = COLOURS.index(colour)
            if i in up:
                steps = 2 if twice and index >= 2 else 1
                twice -= steps == 2
                self._improved(key, enterprise, categories, index, steps)
            elif i in down:
                self._downgraded(key, enterprise, categories, index)
            else:
                self._rate(key, enterprise, colour, today - timedelta(days=rng.randint(15, 360)))
            self._routine(key, enterprise, categories, rules.inspection_days(colour), skip=i in up or i in down)
        for enterprise, categories in unrated:
            if rng.random() < 0.7:
                self.inspections.plan(enterprise, key, today - timedelta(days=rng.randint(3, 170)), categories)

    def _rate(self, key, enterprise, colour, day, reason: str = "") -> None:
        stars = self.rng.randint(*STARS_OF[colour])
        self.ratings.append((day, key, enterprise, stars, colour, reason or self.rng.choice(REASONS[colour])))

    def _improved(self, key, enterprise, categories, index, steps) -> None:
        """Rated worse first; re-rated a step better after each inspection's hazards were rectified."""
        rng, today = self.rng, self.today
        self._rate(key, enterprise, COLOURS[index - steps], today - timedelta(days=rng.randint(250, 360)))
        days = [today - timedelta(days=rng.randint(40, 150))]
        if steps == 2:
            days = [today - timedelta(days=rng.randint(150, 175)), today - timedelta(days=rng.randint(40, 110))]
        for step, found in zip(range(steps - 1, -1, -1), days, strict=True):
            wanted = [("on_time", HazardLevel.GENERAL)] * rng.randint(1, 2)
            planned = self.inspections.plan(enterprise, key, found, categories, wanted)
            day = min(today, max(h[4][-1] for h in planned.hazards) + timedelta(days=rng.randint(1, 7)))
            old, new = COLOURS[index - step - 1], COLOURS[index - step]
            reason = f"隐患已全部整改并通过验收，复评由{COLOUR_NAMES[old]}调整为{COLOUR_NAMES[new]}。"
            self._rate(key, enterprise, new, day, reason)

    def _downgraded(self, key, enterprise, categories, index) -> None:
        """Rated better first; downgraded on the day an inspection found a major hazard, still open."""
        rng, today = self.rng, self.today
        self._rate(key, enterprise, COLOURS[index + 2], today - timedelta(days=rng.randint(200, 330)))
        found = today - timedelta(days=rng.randint(45, 70))
        wanted = [("rectifying", HazardLevel.MAJOR), (None, HazardLevel.GENERAL)]
        self.inspections.plan(enterprise, key, found, categories, wanted)
        old, new = COLOUR_NAMES[COLOURS[index + 2]], COLOUR_NAMES[COLOURS[index]]
        reason = f"检查发现重大事故隐患，由{old}降为{new}，加密检查频次。"
        self._rate(key, enterprise, COLOURS[index], found, reason)

    def _routine(self, key, enterprise, categories, every: int, skip: bool) -> None:
        """Inspections at the colour's frequency over the last six months (a few overdue, a few never)."""
        rng, today = self.rng, self.today
        if enterprise.pk == self.guoyang.pk:
            self.inspections.plan(enterprise, key, today - timedelta(days=3), categories, [("found", "general")])
            wanted = [("on_time", "general"), ("loop", "general")]
            self.inspections.plan(enterprise, key, today - timedelta(days=75), categories, wanted)
            return
        if rng.random() < 0.28:  # the zone's round of checks these last two weeks: hazards still open
            wanted = [(None, HazardLevel.MAJOR if rng.random() < 0.1 else HazardLevel.GENERAL)] * rng.randint(1, 3)
            self.inspections.plan(enterprise, key, today - timedelta(days=rng.randint(1, 14)), categories, wanted)
            if skip or rng.random() < 0.5:
                return
        if skip or rng.random() < 0.08:
            return
        day = today - timedelta(days=rng.randint(0, min(175, int(every * 1.25))))
        while day >= today - timedelta(days=180):
            self.inspections.plan(enterprise, key, day, categories)
            day -= timedelta(days=int(every * rng.uniform(0.8, 1.2)))

    def walk(self) -> None:
        for day, key, enterprise, stars, colour, reason in sorted(self.ratings, key=lambda r: (r[0], r[2].pk)):
            services.rate(self.officers[key], enterprise, stars=stars, colour=colour, reason=reason, on=day)
        self.inspections.walk()
        self._date_rows()
        self.inspections.date_rows()

    @transaction.atomic
    def _date_rows(self) -> None:
        """Date the ratings' Events on their day, and the profiles' a week before the enterprise's first rating."""
        ratings = list(Rating.objects.filter(enterprise__in=[e for es in self.chosen.values() for e in es]))
        first = {}
        for rating in ratings:
            rating.created_at = stamp(rating.rated_on, 15)
            first[rating.enterprise_id] = min(first.get(rating.enterprise_id, rating.rated_on), rating.rated_on)
        Rating.objects.bulk_update(ratings, ["created_at"], batch_size=300)
        day_of = {str(r.pk): r.rated_on for r in ratings}
        kind = ContentType.objects.get_for_model(Rating)
        events = list(Event.objects.filter(object_type=kind, object_id__in=list(day_of)))
        for event in events:
            event.at = stamp(day_of[event.object_id], 15)
        chosen = [e.pk for es in self.chosen.values() for e in es]
        profiles = dict(SafetyProfile.objects.filter(enterprise__in=chosen).values_list("pk", "enterprise_id"))
        kind = ContentType.objects.get_for_model(SafetyProfile)
        for event in Event.objects.filter(object_type=kind, object_id__in=[str(pk) for pk in profiles]):
            rated = first.get(profiles[int(event.object_id)], self.today - timedelta(days=173))
            event.at = stamp(rated - timedelta(days=7), 9)
            events.append(event)
        rewrite_events(events, ["at"], batch_size=300)

    def maps_and_lists(self) -> int:
        """射阳's site plan with its enterprises placed, and every zone's saved lists (五张清单) and one of its own."""
        placed = load_plan(self.by, self.zones["sy"], self.chosen["sy"][:PLACED])
        for zone in Unit.objects.filter(kind=UnitKind.ZONE).order_by("path"):
            lists.ensure_default_lists(zone)
        filters = {"category": [self.categories["sy"]["AQ"].pk, self.categories["sy"]["FC"].pk]}
        lists.create_list(self.by, self.zones["sy"], name="涉爆粉尘、涉氨制冷企业", kind="enterprises", filters=filters)
        return placed


def _gy_officer(by: Actor, zone: Unit) -> User:
    username, full_name, mobile = GY_SAFETY
    found = User.objects.filter(username=username).first()
    return found or create_user(
        username=username,
        password=PASSWORD,
        full_name=full_name,
        unit=zone,
        role=Role.SAFETY_OFFICER,
        by=by,
        mobile=mobile,
    )


def load_safety(stdout=None) -> int:
    """Load the demo's safety supervision once; returns how many hazards there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return Hazard.objects.count()
    by, today = Actor.system("demo"), timezone.localdate()
    _gy_officer(by, zone_units()["gy"])
    analyze()  # the enterprises and units just loaded, before the safety pages' queries run over them
    loader = _Loader(by, random.Random(SEED), today)
    loader.setup()
    for key in PROFILES:
        loader.chosen[key] = loader.pick(key)
        loader.plan(key)
    loader.walk()
    escalated = escalate_overdue_hazards(today, loader.cal)
    placed = loader.maps_and_lists()
    hazards = Hazard.objects.count()
    overdue = Hazard.objects.filter(state__in=OPEN, deadline__lt=today).count()
    rated = SafetyProfile.objects.exclude(colour="").count()
    counts = {"profiles": SafetyProfile.objects.count(), "rated": rated, "hazards": hazards, "placed": placed}
    analyze()  # PostgreSQL plans the pages that follow on fresh statistics of what was just loaded
    record(by, LOADED, None, unit=loader.zones["sy"].parent, after={**counts, "escalated": escalated})
    if stdout is not None:
        stdout.write(
            f"演示安全生产数据已加载：射阳、赣榆 {counts['profiles']} 家企业安全档案（{rated} 家五星五色评级），"
            f"{len(loader.inspections.recorded)} 次检查，{hazards} 条隐患（{overdue} 条逾期），"
            f"平面图标注 {placed} 家企业（赣榆安全员 {GY_SAFETY[0]} / 密码同上）。\n"
        )
    return hazards
