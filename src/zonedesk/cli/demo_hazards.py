"""The demo's safety inspections and the hazards (隐患) they found over the last six months, in every state.

Each inspection is planned first (its day, its hazards, each hazard's kind and the days of its moves, chosen so that
its end state reads true today), then walked through the services: record_inspection as the zone's safety officer,
start and submit (with photos) as the enterprise's rectifier (国阳's own user, else the zone's service officer),
accept and send back as the safety officer. The services date every move today, so the days are set on the rows
afterwards (the hazard's dates, its HazardMoves, their Events and photos), as demo_demands does for its walked
demands. Used by demo_safety.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, jsonable
from zonedesk.orgs.audit_guard import rewrite_events
from zonedesk.orgs.models import Event
from zonedesk.safety import hazards as loop
from zonedesk.safety import services
from zonedesk.safety.models import Hazard, HazardCategory, HazardMove, HazardPhoto, Inspection
from zonedesk.safety.states import DATE_FIELD, HazardLevel, HazardState

from .demo_demand_moves import Calendar, at
from .demo_plan import photos

# A hazard's kind: the moves after it was found, in order.
ACTIONS = {
    "found": [],
    "rectifying": ["start"],
    "submitted": ["start", "submit"],
    "sent_back": ["start", "submit", "back"],
    "on_time": ["start", "submit", "accept"],
    "late": ["start", "submit", "accept"],
    "loop": ["start", "submit", "back", "start", "submit", "accept"],
}
TO_STATE = {
    "start": HazardState.RECTIFYING,
    "submit": HazardState.SUBMITTED,
    "back": HazardState.SENT_BACK,
    "accept": HazardState.ACCEPTED,
}
# What becomes of a hazard whose deadline has passed, and of one still within it (weights).
PAST_DEADLINE = {"on_time": 66, "loop": 8, "late": 15, "found": 2, "rectifying": 4, "submitted": 2, "sent_back": 3}
WITHIN_DEADLINE = {"found": 20, "rectifying": 22, "submitted": 22, "sent_back": 8, "on_time": 24, "loop": 4}
# category code: descriptions of general hazards of that category, then of a major one (重大事故隐患)
DESCRIPTIONS = {
    "FC": (
        ["除尘系统未设置泄爆装置", "作业区积尘较厚，粉尘清扫制度未落实", "除尘器未设置锁气卸灰装置"],
        "粉尘爆炸危险场所违规动火作业，未办理动火审批",
    ),
    "AQ": (
        ["氨制冷机房事故排风装置损坏", "液氨管道阀门标识不清", "氨泄漏报警装置未定期校验"],
        "液氨储罐区氨气泄漏报警装置失效且未与事故排风联锁",
    ),
    "YX": (
        ["污水池等有限空间未设置警示标识", "有限空间作业审批台账缺失", "有限空间作业未配备气体检测仪"],
        "有限空间作业未执行“先通风、再检测、后作业”即组织人员进入",
    ),
    "WH": (
        ["危化品仓库混存禁忌物料", "危化品储存场所未设置防泄漏围堰", "危险化学品安全技术说明书不全"],
        "甲类危化品仓库与生产车间未保持防火间距，且超量储存",
    ),
    "RR": (
        ["熔炼炉周边地面存在积水", "炉前作业人员未穿戴隔热防护服", "熔融金属吊运区域未设置警戒线"],
        "吊运熔融金属未使用冶金专用起重机",
    ),
    "LD": (
        ["锂电池老化区未设置独立防火分区", "废旧锂电池堆放未隔离", "储能电池仓温度监测记录不全"],
        "储能电池舱可燃气体探测与自动灭火系统未投用",
    ),
    "DQ": (["配电箱未接地", "车间临时用电线路私拉乱接", "配电房未配置绝缘垫"], "配电房电缆沟积水且漏电保护装置失效"),
    "TZ": (["行车限位器失效", "叉车未按期检验", "压力容器安全阀超期未校验"], "起重机械超期未检验仍在使用"),
    "XF": (["消防通道堆放杂物", "灭火器压力不足", "安全出口指示灯损坏"], "生产车间内违规设置员工宿舍"),
    "ZY": (
        ["噪声岗位员工未佩戴护耳器", "职业病危害告知牌缺失", "打磨岗位未配置防尘口罩"],
        "喷漆房通风设施停用，作业人员无防护",
    ),
}
NOTES = [
    "已按要求整改完毕，附整改后照片。",
    "已更换损坏设施并组织班组复查。",
    "已清理现场并修订相关管理制度，组织员工培训。",
    "已委托专业单位检测维修，检测报告已存档。",
]
SEND_BACK = ["整改不彻底，现场仍有同类问题", "照片不能反映整改后全貌，请补充", "整改措施未形成制度，请完善后重新提交"]
FINDINGS = "对企业开展安全生产检查，重点检查{what}。{found}"


def stamp(day: date, hour: int):
    """The time of an Event on `day` at `hour`, never later than now."""
    return min(at(day, hour), timezone.now())


@dataclass
class Planned:
    """An inspection to record: its day, and per hazard (level, category, description, kind, days of its moves)."""

    enterprise: Enterprise
    key: str
    day: date
    categories: list[HazardCategory]
    hazards: list[tuple[str, HazardCategory | None, str, str, list[date]]] = field(default_factory=list)


class Inspections:
    """Plans the inspections and their hazards, walks them through the services, then dates their rows."""

    def __init__(self, rng: random.Random, today: date, cal: Calendar, officers, rectifiers, rules, guoyang, own):
        self.rng, self.today, self.cal = rng, today, cal
        self.officers, self.rectifiers, self.rules = officers, rectifiers, rules  # by zone key
        self.guoyang, self.own = guoyang, own  # 国阳's pk and its own user
        self.planned: list[Planned] = []
        self.dated: dict[int, list[date]] = {}  # hazard pk: the days of its moves, from found on
        self.recorded: dict[int, date] = {}  # inspection pk: its day
        self.photos = photos()
        self.used: dict[int, set[str]] = defaultdict(set)  # enterprise pk: descriptions it was given

    def _after(self, day: date, low: int, high: int) -> date:
        return min(self.today, day + timedelta(days=self.rng.randint(low, high)))

    def days(self, kind: str, found: date, deadline: date) -> list[date] | None:
        """The days of a hazard's moves after `found` for its kind, or None when the kind cannot be true today."""
        rng, today = self.rng, self.today
        if kind == "found":
            return []
        start = found + timedelta(days=rng.randint(0, 2))
        if kind == "late":  # submitted after the deadline, then accepted
            if deadline >= today:
                return None
            submit = deadline + timedelta(days=rng.randint(1, min(8, (today - deadline).days)))
            return [min(start, deadline), submit, self._after(submit, 0, 3)]
        end = min(deadline, today) if kind in ("on_time", "loop") else today
        room = (end - start).days
        if room < {"rectifying": 0, "submitted": 1, "sent_back": 2, "on_time": 1, "loop": 4}[kind]:
            return None
        if kind == "rectifying":
            return [start]
        if kind == "loop":  # sent back once, submitted again within the deadline, accepted
            first = start + timedelta(days=rng.randint(1, max(1, room // 3)))
            again = first + timedelta(days=1 + rng.randint(0, 1))
            second = again + timedelta(days=rng.randint(1, (end - again).days))
            return [start, first, first + timedelta(days=1), again, second, self._after(second, 0, 3)]
        if kind == "sent_back":
            submit = start + timedelta(days=rng.randint(1, min(room - 1, 12)))
            return [start, submit, submit + timedelta(days=1)]
        submit = start + timedelta(days=rng.randint(1, min(room, 12)))
        return [start, submit] if kind == "submitted" else [start, submit, self._after(submit, 0, 3)]

    def plan(self, enterprise, key, day, categories, wanted=()) -> Planned:
        """An inspection on `day`; `wanted` hazards as (kind or None, level), else a few at random."""
        rng = self.rng
        if not wanted:
            count = rng.choices([0, 1, 2, 3], [30, 36, 24, 10])[0]
            wanted = [(None, HazardLevel.MAJOR if rng.random() < 0.07 else HazardLevel.GENERAL) for _ in range(count)]
        planned = Planned(enterprise, key, day, categories)
        general = [c for c in categories if not c.is_six] or categories
        for kind, level in wanted:
            pool = [c for c in categories if c.is_six] if level == HazardLevel.MAJOR else categories
            category = rng.choice(pool or general) if (pool or general) else None
            texts, major = DESCRIPTIONS[category.code] if category else DESCRIPTIONS["XF"]
            fresh = [t for t in texts if t not in self.used[enterprise.pk]] or texts
            description = major if level == HazardLevel.MAJOR else rng.choice(fresh)
            self.used[enterprise.pk].add(description)
            deadline = self.cal.add(day, self.rules[key].deadline_days(level))
            if kind is None:
                mix = PAST_DEADLINE if deadline < self.today else WITHIN_DEADLINE
                kind = rng.choices(list(mix), list(mix.values()))[0]
            moves = self.days(kind, day, deadline)
            if moves is None:
                kind, moves = ("rectifying", [self._after(day, 0, 2)]) if day < self.today else ("found", [])
            planned.hazards.append((level, category, description, kind, [day, *moves]))
        self.planned.append(planned)
        return planned

    def walk(self) -> None:
        """Record every planned inspection, oldest first, and take its hazards through their moves."""
        for planned in sorted(self.planned, key=lambda p: (p.day, p.enterprise.pk)):
            officer = self.officers[planned.key]
            rectifier = self.own if planned.enterprise.pk == self.guoyang else self.rectifiers[planned.key]
            what = "、".join(c.name for c in planned.categories[:3]) or "消防和用电安全"
            found = f"发现隐患{len(planned.hazards)}处，已责令限期整改。" if planned.hazards else "未发现明显隐患。"
            rows = [
                {"level": level, "category": category, "description": description}
                for level, category, description, _kind, _days in planned.hazards
            ]
            helper = [rectifier.user] if rectifier is not self.own and self.rng.random() < 0.3 else []
            inspection = services.record_inspection(
                officer,
                planned.enterprise,
                findings=FINDINGS.format(what=what, found=found),
                inspected_on=planned.day,
                inspectors=[officer.user, *helper],
                hazards=rows,
            )
            self.recorded[inspection.pk] = planned.day
            made = list(inspection.hazards.order_by("pk"))
            for hazard, (_level, _category, _text, kind, days) in zip(made, planned.hazards, strict=True):
                self._moves(hazard, kind, officer, rectifier)
                self.dated[hazard.pk] = days

    def _moves(self, hazard: Hazard, kind: str, officer: Actor, rectifier: Actor) -> None:
        rng = self.rng
        for action in ACTIONS[kind]:
            if action == "start":
                hazard = loop.start_rectification(rectifier, hazard)
            elif action == "submit":
                chosen = rng.sample(self.photos, rng.randint(1, 2))
                hazard = loop.submit_rectification(rectifier, hazard, rng.choice(NOTES), chosen)
            elif action == "back":
                hazard = loop.send_back(officer, hazard, rng.choice(SEND_BACK))
            else:
                hazard = loop.accept_rectification(officer, hazard)

    @transaction.atomic
    def date_rows(self) -> None:
        """Set the days of the walked inspections and hazards: the services dated their moves today."""
        rows = list(Inspection.objects.filter(pk__in=list(self.recorded)))
        kind = ContentType.objects.get_for_model(Inspection)
        changed = list(Event.objects.filter(object_type=kind, object_id__in=[str(pk) for pk in self.recorded]))
        for event in changed:
            event.at = stamp(self.recorded[int(event.object_id)], 9)
        for inspection in rows:
            inspection.created_at = stamp(inspection.inspected_on, 9)
        Inspection.objects.bulk_update(rows, ["created_at"], batch_size=300)
        moves = defaultdict(list)
        for move in HazardMove.objects.filter(hazard__in=list(self.dated)).select_related("event").order_by("pk"):
            moves[move.hazard_id].append(move)
        hazards = Hazard.objects.in_bulk(list(self.dated))
        photo_day = {}
        for pk, days in self.dated.items():
            hazard, current = hazards[pk], {}
            for hour, (move, day) in enumerate(zip(moves[pk], days, strict=True)):
                move.on = day
                move.event.at = stamp(day, 10 + hour % 8)
                photo_day[move.pk] = move.event.at
                changed.append(move.event)
                if move.from_state:  # a move of the loop: its date field, before and after
                    name = DATE_FIELD[move.to_state]
                    move.event.before[name] = jsonable(current.get(name))
                    move.event.after[name] = jsonable(day)
                    current[name] = day
                    setattr(hazard, name, day)
        rewrite_events(changed, ["at", "before", "after"], batch_size=300)
        HazardMove.objects.bulk_update([m for ms in moves.values() for m in ms], ["on"], batch_size=300)
        fields = [DATE_FIELD[s] for s in TO_STATE.values()]
        Hazard.objects.bulk_update(hazards.values(), fields, batch_size=300)
        shots = list(HazardPhoto.objects.filter(move__in=list(photo_day)))
        for photo in shots:
            photo.uploaded_at = photo_day[photo.move_id]
        HazardPhoto.objects.bulk_update(shots, ["uploaded_at"], batch_size=300)
