"""Reads of visits: campaign progress and its two rates, an enterprise's visit calendar, crowded weeks, risks."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit

from .models import Visit, VisitCampaign, VisitStatus

CALENDAR_DAYS = 7
CROWDED_UNITS = 3


@dataclass
class Rate:
    """A percentage with the numbers and the enterprises behind it (None when nothing is counted)."""

    numerator: int
    denominator: int
    enterprises: list[Enterprise] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        value = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CampaignProgress:
    """Who of a campaign's targets is visited, and the 复工复产率 and 员工返岗率 from the findings."""

    campaign: VisitCampaign
    visited: list[Enterprise]
    not_visited: list[Enterprise]
    resumption: Rate  # 复工复产率: visited enterprises working (anyone on duty or capacity in use) / visited
    return_rate: Rate  # 员工返岗率: employees on duty / employees in total, over the visited enterprises
    findings: dict[int, Visit]  # enterprise pk -> its latest done visit of the campaign


def _is_working(visit: Visit) -> bool:
    return (visit.employees_on_duty or 0) > 0 or (visit.capacity_in_use_percent or 0) > 0


def campaign_progress(user, campaign: VisitCampaign) -> CampaignProgress:
    """A campaign's visited and not-yet-visited targets, and its resumption and return rates."""
    campaign = VisitCampaign.objects.visible_to(user).get(pk=campaign.pk)
    targets = [t.enterprise for t in campaign.targets.select_related("enterprise").order_by("pk")]
    done = (
        Visit.objects.visible_to(user)
        .filter(campaign=campaign, status=VisitStatus.DONE)
        .order_by("enterprise_id", "-visited_on", "-pk")
    )
    latest: dict[int, Visit] = {}
    for visit in done:
        latest.setdefault(visit.enterprise_id, visit)
    visited = [e for e in targets if e.pk in latest]
    working = [e for e in visited if _is_working(latest[e.pk])]
    counted = [e for e in visited if latest[e.pk].employees_total]
    return CampaignProgress(
        campaign=campaign,
        visited=visited,
        not_visited=[e for e in targets if e.pk not in latest],
        resumption=Rate(len(working), len(visited), working),
        return_rate=Rate(
            sum(latest[e.pk].employees_on_duty for e in counted),
            sum(latest[e.pk].employees_total for e in counted),
            counted,
        ),
        findings=latest,
    )


def _not_cancelled(user):
    return Visit.objects.visible_to(user).exclude(status=VisitStatus.CANCELLED)


def _in_days(start: date, end: date) -> Q:
    return Q(visited_on__range=(start, end)) | Q(visited_on__isnull=True, planned_on__range=(start, end))


def visit_calendar(user, enterprise: Enterprise, around_date: date) -> list[Visit]:
    """Every unit's visits (planned or done) to one enterprise within a week either side of a day."""
    enterprise = Enterprise.objects.visible_to(user).get(pk=enterprise.pk)
    start, end = around_date - timedelta(days=CALENDAR_DAYS), around_date + timedelta(days=CALENDAR_DAYS)
    visits = _not_cancelled(user).filter(_in_days(start, end), enterprise=enterprise).select_related("unit")
    return sorted(visits, key=lambda v: (v.day, v.pk))


@dataclass
class CrowdedWeek:
    """An enterprise visited by several units in one ISO week (三个部门一周走访同一企业)."""

    enterprise: Enterprise
    year: int
    week: int
    units: list[Unit]
    visits: list[Visit]


def crowded_weeks(user, unit: Unit) -> list[CrowdedWeek]:
    """Enterprises of a unit visited by three or more different units within one ISO week."""
    unit = Unit.objects.visible_to(user).get(pk=unit.pk)
    visits = _not_cancelled(user).filter(enterprise__unit__path__startswith=unit.path)
    visits = visits.select_related("enterprise", "unit")
    weeks: dict[tuple, list[Visit]] = defaultdict(list)
    for visit in visits:
        year, week, _day = visit.day.isocalendar()
        weeks[(visit.enterprise_id, year, week)].append(visit)
    out = []
    for (_pk, year, week), group in weeks.items():
        units = {v.unit_id: v.unit for v in group}
        if len(units) >= CROWDED_UNITS:
            group.sort(key=lambda v: (v.day, v.pk))
            out.append(CrowdedWeek(group[0].enterprise, year, week, list(units.values()), group))
    return sorted(out, key=lambda c: (c.year, c.week, c.enterprise.pk))


@dataclass
class RiskEnterprise:
    """An enterprise whose latest done visit flags a plan to expand, relocate or downsize."""

    enterprise: Enterprise
    visit: Visit

    @property
    def flags(self) -> list[str]:
        names = ("plans_to_expand", "plans_to_relocate", "plans_to_downsize")
        return [name for name in names if getattr(self.visit, name)]


def risk_enterprises(user, unit: Unit) -> list[RiskEnterprise]:
    """Enterprises of a unit whose latest done visit flags expansion, relocation or downsizing."""
    unit = Unit.objects.visible_to(user).get(pk=unit.pk)
    done = (
        Visit.objects.visible_to(user)
        .filter(status=VisitStatus.DONE, enterprise__unit__path__startswith=unit.path)
        .select_related("enterprise")
        .order_by("enterprise_id", "-visited_on", "-pk")
    )
    latest: dict[int, Visit] = {}
    for visit in done:
        latest.setdefault(visit.enterprise_id, visit)
    return [RiskEnterprise(v.enterprise, v) for v in latest.values() if v.has_risk]
