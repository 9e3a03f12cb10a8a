"""Figures per chain: on each link, the investment projects by stage (线索 在谈 签约 开工 投产 达产; dropped ones and
the zone's own facilities left out), the local enterprises and their output; the chain's totals (a project or an
enterprise on several links counted once); and the links filled in the year.

A year's figures are as at its end (today for the current year), on the chain's links as they are now: a project
counts at the stage its stage dates put it in on that day (from its lead date, not once dropped), an enterprise from
its founding (established_on; when unknown, from its record) or from when it was put on the link if that was earlier.
The day a record was put on a link is when someone classified it, not when it came: a zone that defines its chain
this year puts every enterprise it has on it this year, and those links were not filled this year. "Filled in the
year": a link with no enterprise and no active project before 1 January that has one at the year's end. Output is
the enterprises' yearly output of the latest year up to the chosen one that has figures. Everything counts what the
reader sees (visible_to); archived enterprises and projects are left out. Five queries however many links,
enterprises and projects.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.projects.models import Project
from zonedesk.projects.stages import DATE_FIELD, LIFE, Stage

from .models import Chain, ChainLink, EnterpriseLink, Position, ProjectLink

POSITIONS = [Position.UPSTREAM, Position.CORE, Position.DOWNSTREAM]
FIRST_YEAR = 2000
# The chart's three groups of stages: in the pipeline, signed (building), producing.
STAGE_GROUPS = {
    "pipeline": (Stage.LEAD, Stage.NEGOTIATING),
    "signed": (Stage.SIGNED, Stage.STARTED),
    "producing": (Stage.PRODUCING, Stage.AT_CAPACITY),
}


def stage_on(project: Project, day: date, today: date) -> str | None:
    """The stage a project was at on `day` by its stage dates (its stage itself from today on); None before it was a
    lead."""
    if day >= today:
        return project.stage
    if project.dropped_on is not None and project.dropped_on <= day:
        return Stage.DROPPED
    if project.lead_on is None or project.lead_on > day:
        return None
    reached = [stage for stage in LIFE if (getattr(project, DATE_FIELD[stage]) or date.max) <= day]
    return reached[-1] if reached else Stage.LEAD


def _existed(enterprise: Enterprise, moment: datetime, day: date) -> bool:
    """Whether the enterprise was there by `day` (its founding), or by `moment` when its founding is unknown."""
    if enterprise.established_on is not None:
        return enterprise.established_on <= day
    return enterprise.created_at < moment


@dataclass
class LinkFigures:
    """One link's figures at the year's end."""

    link: ChainLink
    depth: int = 0
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LIFE, 0))
    projects: list[tuple[Project, str]] = field(default_factory=list)  # (project, its stage at the year's end)
    enterprises: list[Enterprise] = field(default_factory=list)
    output_wan: Decimal = Decimal(0)
    was_present: bool = False  # before 1 January
    arrivals: list[str] = field(default_factory=list)  # what came on the link in the year

    @property
    def project_count(self) -> int:
        return len(self.projects)

    @property
    def filled_this_year(self) -> bool:
        return not self.was_present and bool(self.projects or self.enterprises)

    def group(self, key: str) -> int:
        return sum(self.stages[stage] for stage in STAGE_GROUPS[key])


@dataclass
class ChainFigures:
    """A chain's figures for a year."""

    chain: Chain
    year: int
    as_of: date
    output_year: int | None
    links: list[LinkFigures]
    stages: dict[str, int]
    project_count: int
    enterprise_count: int
    output_wan: Decimal

    @property
    def filled(self) -> list[LinkFigures]:
        return [row for row in self.links if row.filled_this_year]


def checked_year(value, today: date | None = None) -> int:
    """A year to read figures for: from 2000 to this year (Rejected otherwise)."""
    today = today or timezone.localdate()
    if value in (None, ""):
        return today.year
    try:
        year = int(str(value).strip())
    except ValueError:
        raise Rejected("year", _("Enter a year such as %(year)d.") % {"year": today.year}) from None
    if not FIRST_YEAR <= year <= today.year:
        raise Rejected(
            "year", _("Choose a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": today.year}
        )
    return year


def _ordered(chain: Chain) -> list[tuple[ChainLink, int]]:
    """The chain's links upstream, core, downstream, each tree depth-first in its order, with its depth."""
    links = list(ChainLink.objects.filter(chain=chain).order_by("order", "name", "pk"))
    children: dict[int | None, list[ChainLink]] = {}
    for link in links:
        children.setdefault(link.parent_id, []).append(link)
    out: list[tuple[ChainLink, int]] = []
    for position in POSITIONS:
        stack = [(link, 0) for link in reversed(children.get(None, [])) if link.position == position]
        while stack:
            link, depth = stack.pop()
            out.append((link, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(link.pk, [])))
    return out


def chain_figures(user, chain: Chain, *, year: int | None = None, now: datetime | None = None) -> ChainFigures:
    """The chain's figures for a year, as the user sees them (the caller has read `chain` through visible_to)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    year = checked_year(year, today)
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = now if year == today.year else timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    first_day, last_day = date(year, 1, 1), min(date(year, 12, 31), today)
    rows = {link.pk: LinkFigures(link, depth) for link, depth in _ordered(chain)}

    placed = (
        EnterpriseLink.objects.filter(link__chain=chain, enterprise__is_archived=False)
        .filter(enterprise__in=Enterprise.objects.visible_to(user))
        .select_related("enterprise")
        .order_by("enterprise__name", "pk")
    )
    enterprises: dict[int, Enterprise] = {}
    for row in placed:
        figures, enterprise = rows[row.link_id], row.enterprise
        if not (row.created_at < end or _existed(enterprise, end, last_day)):
            continue
        figures.enterprises.append(enterprise)
        enterprises[enterprise.pk] = enterprise
        if row.created_at < start or _existed(enterprise, start, first_day - date.resolution):
            figures.was_present = True
        else:
            figures.arrivals.append(enterprise.name)

    mapped = (
        ProjectLink.objects.filter(link__chain=chain, project__is_archived=False)
        .filter(project__in=Project.objects.visible_to(user).investments())
        .select_related("project")
        .order_by("project__name", "pk")
    )
    stages: dict[int, str] = {}
    for row in mapped:
        figures, project = rows[row.link_id], row.project
        stage = stage_on(project, last_day, today)
        if stage is None or stage == Stage.DROPPED:
            continue
        figures.projects.append((project, stage))
        figures.stages[stage] += 1
        stages[project.pk] = stage
        if stage_on(project, first_day - date.resolution, today) not in (None, Stage.DROPPED):
            figures.was_present = True
        else:
            figures.arrivals.append(project.name)

    output_year = (
        EnterpriseYear.objects.filter(
            enterprise_id__in=list(enterprises), year__lte=year, output_wan__isnull=False
        ).aggregate(latest=Max("year"))["latest"]
        if enterprises
        else None
    )
    output = {}
    if output_year is not None:
        output = dict(
            EnterpriseYear.objects.filter(enterprise_id__in=list(enterprises), year=output_year)
            .exclude(output_wan=None)
            .values_list("enterprise_id", "output_wan")
        )
    for figures in rows.values():
        figures.output_wan = sum((output.get(e.pk, Decimal(0)) for e in figures.enterprises), Decimal(0))
    totals = dict.fromkeys(LIFE, 0)
    for stage in stages.values():
        totals[stage] += 1
    return ChainFigures(
        chain=chain,
        year=year,
        as_of=last_day,
        output_year=output_year,
        links=list(rows.values()),
        stages=totals,
        project_count=len(stages),
        enterprise_count=len(enterprises),
        output_wan=sum(output.values(), Decimal(0)),
    )


def links_chart(figures: ChainFigures) -> dict:
    """The bar chart of the projects on each link by group of stages (the dashboards' charts.js draws it); a bar
    opens its link's row of projects below the chart."""
    labels = {
        "pipeline": (_("Leads and negotiating"), "#2f6fbf"),
        "signed": (_("Signed and building"), "#e08a1e"),
        "producing": (_("Producing"), "#2e9d5b"),
    }
    rows = figures.links
    return {
        "id": "chart-links",
        "kind": "bar",
        "stacked": True,
        "x": [row.link.name for row in rows],
        "series": [
            {
                "name": str(name),
                "y": [row.group(key) for row in rows],
                "links": [f"#link-{row.link.pk}" for row in rows],
                "color": color,
            }
            for key, (name, color) in labels.items()
        ],
    }
