"""The demo's assessment (考核): 启东市's quarterly scheme for its zones and towns, scored for the last two closed
quarters (both published, so the ranking shows the change), with the manual item scored by the city leader.

Everything goes through the assessment services: the scheme and the computations as the system actor, the manual
scores as the city leader named on the item.
"""

from zonedesk.assessment import services
from zonedesk.assessment.models import PeriodKind, Rule, ScoreSheet, SubjectKind
from zonedesk.assessment.periods import last_closed, previous
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, Unit, User

from .demo_tables import REGION_ROWS

LOADED = "demo.assessment_loaded"
SCHEME = "启东市园区（镇）季度综合考核"
CITY_LEADER = "city_leader"
# indicator, weight, rule, target, options
ITEMS = [
    ("signed_investment", 25, Rule.LINEAR, 300000, {}),
    ("projects_started", 15, Rule.LINEAR, 2, {}),
    ("demands_on_time", 20, Rule.LINEAR, 95, {}),
    ("demand_satisfaction", 15, Rule.CAPPED, "4.5", {"cap_percent": 110}),
    ("demands_overdue", 10, Rule.PENALTY, None, {"penalty_per_item": 2}),
]
MANUAL = ("重点工作推进（市领导评分）", 15)
# A reason per manual score, picked by the zone's place in the list.
REASONS = [
    "海工装备产业链招引成效明显，重大项目推进有力。",
    "营商环境持续优化，企业诉求响应及时。",
    "项目储备不足，签约项目开工偏慢。",
    "安全生产和服务企业工作扎实，亮点不多。",
    "招商力量薄弱，需加大驻点招商力度。",
]


def load_assessment(stdout=None) -> int:
    """Create the demo scheme and publish its last two quarters once; returns how many score sheets there are."""
    if Event.objects.filter(verb=LOADED).exists():
        return ScoreSheet.objects.filter(scheme__name=SCHEME).count()
    by = Actor.system("demo")
    city = Unit.objects.get(kind="region", name=REGION_ROWS["qidong"][1])
    leader = User.objects.get(username=CITY_LEADER)
    scheme = services.create_scheme(
        by, unit=city, name=SCHEME, period_kind=PeriodKind.QUARTER, subject_kind=SubjectKind.ZONE
    )
    for indicator, weight, rule, target, options in ITEMS:
        services.add_item(by, scheme, indicator=indicator, weight=weight, rule=rule, target=target, **options)
    label, weight = MANUAL
    manual = services.add_item(
        by, scheme, indicator="manual", weight=weight, rule=Rule.MANUAL, label=label, scorers=[leader]
    )
    zones = list(Unit.objects.filter(path__startswith=city.path, kind="zone", is_archived=False).order_by("path"))
    latest = last_closed(PeriodKind.QUARTER)
    sheets = 0
    for turn, period in enumerate([previous(PeriodKind.QUARTER, latest), latest]):
        start = period.start
        for place, zone in enumerate(zones):
            points = max(weight - 2 * ((place + turn) % len(REASONS)) - 1, 1)
            reason = REASONS[(place + turn) % len(REASONS)]
            services.give_manual_score(
                Actor(user=leader), manual, period_start=start, subject=zone, points=points, reason=reason
            )
        sheet = services.compute(by, scheme, start)
        services.publish(by, sheet)
        sheets += 1
    record(by, LOADED, None, unit=city, after={"scheme": scheme.pk, "sheets": sheets})
    if stdout is not None:
        stdout.write(f"演示考核已加载：{SCHEME}，已发布至{latest.label}（市领导 {CITY_LEADER} / 密码同上）。\n")
    return sheets
