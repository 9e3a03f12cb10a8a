"""The demo's alliance (产业链联盟): 启东市's 晶硅光伏产业链党建联盟 on the 晶硅光伏 chain, led by the city's 发改委
like 宿迁's in the article, with 17 member enterprises of 启东's zones ("17家链上企业上下游还有很多环节亟待打通"),
the 发改委 as 秘书长单位 and the 光伏行业协会. After the Spring Festival it holds a 联席会议 and a 链上企业对接会
"帮助企业就近解决生产配套问题": three members raise the same 光伏玻璃 supply problem, handled once as a chain-wide
problem led by 启东's leader and resolved (two enterprises have confirmed); other problems go their own way; three
supplier-buyer introductions end in a deal, no deal, and one still pending. At the fourth-quarter 联席会议 two members
raise the same transport problem, left as a candidate to handle in one step on the chain-problems page.

Everything goes through the services, acted by 启东's leader (the system confirms for the enterprises). The services
date things today: each step's demand moves, deadlines and Events are set to its day afterwards.
"""

from contextlib import contextmanager
from datetime import date, datetime, time

from django.db.models import Max
from django.utils import timezone

from zonedesk.alliances import matching, meetings, problems, services
from zonedesk.alliances.models import Alliance, ChainProblem
from zonedesk.alliances.states import AllianceKind, MatchingOutcome, MeetingKind, MemberKind, MemberRole
from zonedesk.chains import services as chain_services
from zonedesk.chains.models import Chain, EnterpriseLink
from zonedesk.common.workdays import WorkCalendar
from zonedesk.demands import services as demand_services
from zonedesk.demands.config import category_days
from zonedesk.demands.models import Demand, DemandCategory, DemandMove
from zonedesk.demands.states import DATE_FIELD, State
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.audit_guard import rewrite_events
from zonedesk.orgs.models import Event, Unit, UnitKind, User
from zonedesk.orgs.services import create_unit

from .demo_tables import REGION_ROWS
from .demo_visits import zone_units

LOADED = "demo.alliances_loaded"
NAME = "启东市晶硅光伏产业链党建联盟"
CHAIN = "晶硅光伏"
ZONES = ("hl", "hp", "dh", "lsg")
# Names of chain enterprises, in the order they are picked.
KEYWORDS = ("光伏科技", "玻璃制品", "电气设备", "新能源科技", "线缆", "新材料")
MEMBERS = 17
LEAD_ENTERPRISE = "江苏罗源光伏科技有限公司"
DEVELOPMENT = "启东市发展和改革委员会"
INDUSTRY = "启东市工业和信息化局"
ASSOCIATION = "启东市光伏行业协会"
GLASS = "光伏玻璃就近配套供应不足"
TRANSPORT = "光伏组件超限运输通行证办理慢"
# When no chain of that name exists yet (the chains loader makes it): its links, position and name.
LINKS = [
    ("upstream", "多晶硅"),
    ("upstream", "硅片"),
    ("upstream", "光伏玻璃"),
    ("upstream", "EVA胶膜"),
    ("upstream", "边框及支架"),
    ("core", "电池片"),
    ("core", "组件"),
    ("downstream", "逆变器及线缆"),
    ("downstream", "光伏电站"),
]


def _at(day: date, hour: int) -> datetime:
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


class _Loader:
    def __init__(self) -> None:
        self.system = Actor.system("demo")
        self.city = Unit.objects.get(kind=UnitKind.REGION, name=REGION_ROWS["qidong"][1])
        self.by = Actor(user=User.objects.get(username="city_leader"))
        self.zones = zone_units()
        self.calendar = WorkCalendar()
        self.category = {c.name: c for c in DemandCategory.objects.filter(unit=None)}

    @contextmanager
    def on(self, day: date, hour: int = 10):
        """Run services, then date what they wrote on `day`: Events, demand moves and their date fields, deadlines."""
        events = Event.objects.aggregate(m=Max("pk"))["m"] or 0
        moves = DemandMove.objects.aggregate(m=Max("pk"))["m"] or 0
        yield
        # The services wrote today's date into the Events too (resolved_on, outcome_on …): the step's day instead.
        today, written = timezone.localdate().isoformat(), list(Event.objects.filter(pk__gt=events))
        for event in written:
            event.at = _at(day, hour)
            for side in (event.before, event.after):
                side.update({k: day.isoformat() for k, v in side.items() if v == today})
        rewrite_events(written, ["at", "before", "after"])
        for move in DemandMove.objects.filter(pk__gt=moves).select_related("demand__category", "demand__handling_unit"):
            DemandMove.objects.filter(pk=move.pk).update(on=day)
            fields = {DATE_FIELD[move.to_state]: day}
            if move.to_state == State.ASSIGNED and move.from_state != State.ASSIGNED:
                d = move.demand
                fields["deadline"] = self.calendar.add(day, category_days(d.handling_unit, d.category))
            Demand.objects.filter(pk=move.demand_id).update(**fields)

    def unit(self, name: str, parent: Unit) -> Unit:
        found = Unit.objects.filter(parent=parent, name=name).first()
        return found or create_unit(name=name, kind=UnitKind.DEPARTMENT, parent=parent, by=self.system)

    def chain(self) -> Chain:
        found = Chain.objects.filter(unit=self.city, name=CHAIN).first()
        if found is not None:
            return found
        chain = chain_services.create_chain(
            self.system, unit=self.city, name=CHAIN, description="多晶硅—硅片—电池片—组件—电站"
        )
        for position, name in LINKS:
            chain_services.add_link(self.system, chain, name=name, position=position)
        return chain

    def enterprises(self, chain: Chain) -> list[Enterprise]:
        """17 enterprises of 启东's zones: 罗源 first, then those on the chain's links, then the chain's kinds of names,
        each group taken in turn by name (光伏科技, 玻璃制品, 电气设备 …)."""
        zones = [self.zones[k] for k in ZONES]
        rows = list(Enterprise.objects.filter(unit__in=zones, is_archived=False).order_by("pk"))
        on_chain = set(EnterpriseLink.objects.filter(link__chain=chain).values_list("enterprise_id", flat=True))
        picked = [e for e in rows if e.name == LEAD_ENTERPRISE]
        for group in ([e for e in rows if e.pk in on_chain], rows):
            buckets = [[e for e in group if word in e.name] for word in KEYWORDS]
            buckets.append([e for e in group if e.pk in on_chain])
            while len(picked) < MEMBERS and any(buckets):
                for bucket in buckets:
                    while bucket and bucket[0] in picked:
                        bucket.pop(0)
                    if bucket and len(picked) < MEMBERS:
                        picked.append(bucket.pop(0))
        return picked + [e for e in rows if e not in picked][: MEMBERS - len(picked)]

    def zone_department(self, enterprise: Enterprise, name: str) -> Unit:
        return self.unit(name, enterprise.unit)

    def raise_(self, meeting, member, title: str, category: str, detail: str = "") -> Demand:
        return meetings.raise_problem(
            self.by, meeting, member=member, title=title, description=detail, category=self.category[category]
        )[1]


def _pick(members: list, word: str, skip: set):
    """The first member enterprise whose name has `word` (else the first not yet used)."""
    found = next((m for m in members if word in m.enterprise.name and m.pk not in skip), None)
    return found or next(m for m in members if m.pk not in skip)


def _present(everyone: list, every: int, speakers: list) -> dict:
    """All members but one in `every`, and always those who speak at the meeting (raise a problem, are introduced)."""
    wanted = {m.pk for m in speakers}
    return {m.pk: "" for i, m in enumerate(everyone) if i % every != every - 1 or m.pk in wanted}


def load_alliances(stdout=None) -> int:
    """Load the demo's alliance once (later calls change nothing); returns its member enterprises."""
    if Event.objects.filter(verb=LOADED).exists():
        alliance = Alliance.objects.filter(name=NAME).first()
        return alliance.members.filter(kind=MemberKind.ENTERPRISE).count() if alliance else 0
    loader = _Loader()
    by, today = loader.by, timezone.localdate()
    chain = loader.chain()
    development = loader.unit(DEVELOPMENT, loader.city)
    industry = loader.unit(INDUSTRY, loader.city)
    founded = date(2024, 5, 20)
    with loader.on(founded):
        alliance = services.create_alliance(
            by,
            {
                "unit": loader.city,
                "chain": chain,
                "name": NAME,
                "kind": AllianceKind.CHAIN_ALLIANCE,
                "lead": "启东市发改委",
                "founded_on": founded,
                "description": "由市发改委牵头，整合产业链联合党委、链上企业、行业协会等资源组成，"
                "把服务保障抓在“链”上。链上企业上下游还有很多环节亟待打通：联盟定期召开联席会议和链上企业对接会，"
                "帮助企业就近解决生产配套问题。",
            },
        )
        members = []
        for i, enterprise in enumerate(loader.enterprises(chain)):
            role = MemberRole.LEAD if enterprise.name == LEAD_ENTERPRISE else MemberRole.MEMBER
            joined = founded if i < 14 else date(2025, 9, 1)
            data = {"kind": MemberKind.ENTERPRISE, "enterprise": enterprise, "role": role, "joined_on": joined}
            members.append(services.add_member(by, alliance, data))
        secretary = {"kind": MemberKind.DEPARTMENT, "department": development, "role": MemberRole.SECRETARY}
        services.add_member(by, alliance, {**secretary, "joined_on": founded})
        association = {"kind": MemberKind.ASSOCIATION, "name": ASSOCIATION, "joined_on": founded}
        services.add_member(by, alliance, association)
    everyone = list(alliance.members.order_by("pk"))
    lead, used = members[0], {members[0].pk}

    def pick(word: str):
        member = _pick(members, word, used)
        used.add(member.pk)
        return member

    glass_b, glass_c, glass_supplier = pick("光伏"), pick("新能源"), pick("玻璃")
    cable, film, electric = pick("线缆"), pick("新材料"), pick("电气设备")
    others = [m for m in members if m.pk not in used]

    # 联席会议 after the Spring Festival (2026-02-17): 复工复产, and the problems members bring.
    joint_day = date(2026, 2, 26)
    with loader.on(joint_day, 9):
        joint = meetings.record_meeting(
            by,
            alliance,
            {
                "kind": MeetingKind.JOINT_MEETING,
                "held_on": joint_day,
                "topic": "节后产业链党建工作联席会议",
                "place": "启东市发改委三楼会议室",
                "minutes": "研究解决链上企业复工复产、经营发展中遇到的实际问题。\n"
                "罗源光伏等三家企业反映光伏玻璃需从外省采购，运输周期长、成本高，请联盟协调就近配套。",
            },
            attendance=_present(everyone, 5, [lead, glass_b, glass_c, *others[:2]]),
        )
        glass = [
            loader.raise_(joint, m, GLASS, "配套", "光伏玻璃主要从外省采购，到货周期10天以上")
            for m in (lead, glass_b, glass_c)
        ]
        labour = loader.raise_(joint, others[0], "节后普工缺口约120人", "用工", "组件车间两班倒，急需普工")
        power = loader.raise_(joint, others[1], "二期厂房用电增容", "基础设施", "新增电池片产线需增容2000千伏安")
    with loader.on(date(2026, 2, 27)):
        problem = problems.make_chain_problem(
            by,
            demands=glass,
            title=GLASS,
            leader=by.user,
            lead_department=industry,
            departments=[development],
            description="三家链上企业在联席会议上反映同一问题，由联盟统一协调、市工信局牵头办理。",
        )
        for demand, department in ((labour, "人力资源和社会保障局"), (power, "企业服务局")):
            demand_services.accept(by, demand.pk)
            demand_services.assign(by, demand.pk, loader.zone_department(demand.enterprise, department))

    # 链上企业对接会: 就近解决生产配套问题, and the introductions made there.
    match_day = date(2026, 3, 5)
    with loader.on(match_day, 14):
        matchmaking = meetings.record_meeting(
            by,
            alliance,
            {
                "kind": MeetingKind.MATCHMAKING,
                "held_on": match_day,
                "topic": "链上企业对接会：就近解决生产配套问题",
                "place": "汇龙镇企业服务中心",
                "minutes": "组织上下游、产供销企业现场对接，发布链上企业配套需求清单。",
            },
            attendance=_present(everyone, 4, [lead, others[2], glass_supplier, film, electric]),
        )
        frame = loader.raise_(matchmaking, others[2], "光伏边框铝型材本地无配套供应", "配套")
        glass_deal = {"supplier": glass_supplier, "buyer": lead, "product": "光伏压延玻璃（3.2mm）"}
        deal = matching.introduce(by, alliance, {**glass_deal, "introduced_on": match_day})
        film_deal = {"supplier": film, "buyer": electric, "product": "EVA胶膜", "introduced_on": match_day}
        no_deal = matching.introduce(by, alliance, film_deal)
    with loader.on(date(2026, 3, 6)):
        demand_services.accept(by, frame.pk)
        demand_services.assign(by, frame.pk, loader.zone_department(frame.enterprise, "企业服务局"))
    resolved_on = date(2026, 3, 18)
    with loader.on(resolved_on, 16):
        answer = (
            "市工信局牵头，协调链上玻璃制品企业新增光伏压延玻璃产线，自4月起按月保供链上企业；"
            "不足部分由光伏行业协会组织集中采购。"
        )
        problems.resolve_chain_problem(by, problem, note=answer, version=problem.version)
        demand_services.resolve(by, labour.pk, "solved", "已组织春风行动专场招聘会，招录普工126人")
        demand_services.resolve(by, frame.pk, "partly_solved", "已对接沛县铝材企业供货，本地产线在谈")
    ChainProblem.objects.filter(pk=problem.pk).update(resolved_on=resolved_on)
    with loader.on(date(2026, 3, 23), 11):
        demand_services.confirm(loader.system, glass[0].pk, 5, "保供及时，运输成本明显下降")
        demand_services.confirm(loader.system, glass[1].pk, 4, "")
        demand_services.confirm(loader.system, labour.pk, 5, "")
    with loader.on(date(2026, 4, 10), 15):
        matching.record_outcome(
            by, deal, outcome=MatchingOutcome.DEAL, amount_wan="1860", outcome_on="2026-04-10", note="年度框架采购协议"
        )
    with loader.on(date(2026, 4, 20), 15):
        matching.record_outcome(
            by, no_deal, outcome=MatchingOutcome.NO_DEAL, outcome_on="2026-04-20", note="价格未谈拢，买方维持原供应商"
        )

    # The fourth-quarter 联席会议: two members raise the same transport problem (a candidate, not yet grouped).
    q4_day = min(date(2026, 11, 19), today)
    with loader.on(q4_day, 9):
        q4 = meetings.record_meeting(
            by,
            alliance,
            {"kind": MeetingKind.JOINT_MEETING, "held_on": q4_day, "topic": "四季度产业链党建工作联席会议"},
            attendance=_present(everyone, 3, [lead, glass_b, glass_c, cable]),
        )
        for member in (lead, glass_c):
            loader.raise_(q4, member, TRANSPORT, "物流", "组件出口运输需办理超限通行证，周期长")
        cables = {"supplier": cable, "buyer": glass_b, "product": "光伏专用电缆（PV1-F 4mm²）", "introduced_on": q4_day}
        matching.introduce(by, alliance, cables)
    enterprises = alliance.members.filter(kind=MemberKind.ENTERPRISE).count()
    record(loader.system, LOADED, None, unit=loader.city, after={"alliance": alliance.pk, "members": enterprises})
    if stdout is not None:
        stdout.write(
            f"演示产业链联盟已加载：{NAME}（{enterprises} 家链上企业、1 个部门、1 个协会），3 次会议，"
            f"1 个全链问题已统一办结（{len(glass)} 条诉求），3 对供需对接（成交、未成交、洽谈中各 1）。\n"
        )
    return enterprises
