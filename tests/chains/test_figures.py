"""A chain's figures against hand-computed values: projects by link and stage at the year's end, enterprises and
their output, the chain's totals (each project once), and the links filled in the year on both sides of 1 January."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonedesk.chains import services
from zonedesk.chains.figures import chain_figures, checked_year
from zonedesk.chains.models import ProjectLink
from zonedesk.common.errors import Rejected
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.projects.models import Project
from zonedesk.projects.services import create_facility
from zonedesk.projects.services.lifecycle import create_project

from ..factories import EnterpriseFactory

NOW = timezone.make_aware(datetime(2026, 12, 3, 12, 0))


def at(*parts) -> datetime:
    return timezone.make_aware(datetime(*parts))


def day(text: str) -> date:
    return date.fromisoformat(text)


def project(by, zone, name: str, links: list, **dates) -> Project:
    """A project on links whose stage and stage dates are as given."""
    made = create_project({"name": name, "unit": zone}, by=by)
    for link in links:
        services.map_project(by, link, made)
    Project.objects.filter(pk=made.pk).update(**{k: day(v) if k.endswith("_on") else v for k, v in dates.items()})
    return made


@pytest.fixture
def history(chain, links, investment_a, zone_a):
    """A: 正极材料, B: 电解液, C: 电芯, D: 储能系统, E: 隔膜, F: 外壳, G: PACK (see each line). Everything is put on
    its link today: the history is in the records' own dates."""
    by = investment_a
    for name in ("隔膜", "外壳", "PACK"):
        links[name] = services.add_link(by, chain, name=name, position="upstream")
    e = {n: EnterpriseFactory(name=n, unit=zone_a) for n in ("e1", "e2", "e3", "e4")}
    for name, link in (("e1", "正极材料"), ("e2", "电芯"), ("e3", "储能系统"), ("e4", "外壳")):
        services.map_enterprise(by, links[link], e[name])
    Enterprise.objects.filter(pk=e["e1"].pk).update(established_on=day("2025-06-01"))
    # founding unknown: its record was made at midnight on 1 January, this year's
    Enterprise.objects.filter(pk=e["e2"].pk).update(established_on=None, created_at=at(2026, 1, 1, 0, 0, 0))
    Enterprise.objects.filter(pk=e["e3"].pk).update(established_on=day("2025-12-31"))  # the day before: last year's
    Enterprise.objects.filter(pk=e["e4"].pk).update(established_on=day("2026-02-01"), is_archived=True)
    # P1 on 电解液 since 2025: a lead then, signed now
    project(
        by, zone_a, "P1", [links["电解液"]],
        stage="signed", lead_on="2025-11-01", negotiating_on="2026-03-01", signed_on="2026-06-01",
    )  # fmt: skip
    # P2 on 正极材料: a lead of this year
    project(by, zone_a, "P2", [links["正极材料"]], stage="lead", lead_on="2026-02-01")
    # P3 on 电解液: a lead in 2025, dropped in 2026
    project(by, zone_a, "P3", [links["电解液"]], stage="lead", lead_on="2025-05-01")
    Project.objects.filter(name="P3").update(stage="dropped", dropped_on=day("2026-04-01"), dropped_from="lead")
    # P4 on 储能系统 and 正极材料: a lead of 2024, building then, producing since October 2025
    project(
        by, zone_a, "P4", [links["储能系统"], links["正极材料"]],
        stage="producing", lead_on="2024-01-01", negotiating_on="2024-03-01", signed_on="2024-06-01",
        started_on="2024-09-01", producing_on="2025-10-01",
    )  # fmt: skip
    # P5 on 隔膜: a lead since 1 January, negotiating now
    project(
        by, zone_a, "P5", [links["隔膜"]], stage="negotiating", lead_on="2026-01-01", negotiating_on="2026-02-01"
    )  # fmt: skip
    # P6 on 外壳: a lead of March, dropped in August
    project(by, zone_a, "P6", [links["外壳"]], stage="lead", lead_on="2026-03-01")
    Project.objects.filter(name="P6").update(stage="dropped", dropped_on=day("2026-08-01"), dropped_from="lead")
    # P7 on PACK: a lead since 31 December 2025
    project(by, zone_a, "P7", [links["PACK"]], stage="lead", lead_on="2025-12-31")
    # the zone's own 质检中心 on 外壳 counts nowhere: a facility is no investment project
    facility = create_facility(by, unit=zone_a, name="质检中心", planned_on="2025-03-01")
    ProjectLink.objects.create(link=links["外壳"], project=facility)  # the services refuse it; an old row may be there
    EnterpriseYear.objects.create(enterprise=e["e1"], year=2024, output_wan=Decimal("800"))
    EnterpriseYear.objects.create(enterprise=e["e1"], year=2025, output_wan=Decimal("1000.50"))
    EnterpriseYear.objects.create(enterprise=e["e3"], year=2025, output_wan=Decimal("200"))
    EnterpriseYear.objects.create(enterprise=e["e2"], year=2026, output_wan=None, employees=30)
    return links


def table(figures) -> dict:
    """link name -> (lead, negotiating, signed, started, producing, at capacity, enterprises, output, filled)."""
    return {
        row.link.name: (*row.stages.values(), len(row.enterprises), row.output_wan, row.filled_this_year)
        for row in figures.links
    }


def test_this_year_as_at_today(history, chain, investment_a):
    f = chain_figures(investment_a.user, chain, year=2026, now=NOW)
    assert (f.year, f.as_of, f.output_year) == (2026, date(2026, 12, 3), 2025)
    assert table(f) == {
        "正极材料": (1, 0, 0, 0, 1, 0, 1, Decimal("1000.50"), False),
        "电解液": (0, 0, 1, 0, 0, 0, 0, Decimal(0), False),
        "隔膜": (0, 1, 0, 0, 0, 0, 0, Decimal(0), True),  # P5 a lead since 1 January
        "外壳": (0, 0, 0, 0, 0, 0, 0, Decimal(0), False),  # P6 dropped, e4 archived, a facility
        "PACK": (1, 0, 0, 0, 0, 0, 0, Decimal(0), False),  # P7 a lead since 31 December
        "电芯": (0, 0, 0, 0, 0, 0, 1, Decimal(0), True),  # e2's record from midnight on 1 January
        "储能系统": (0, 0, 0, 0, 1, 0, 1, Decimal("200"), False),  # e3 founded on 31 December
    }
    assert f.stages == {
        "lead": 2, "negotiating": 1, "signed": 1, "started": 0, "producing": 1, "at_capacity": 0,
    }  # fmt: skip
    assert (f.project_count, f.enterprise_count, f.output_wan) == (5, 3, Decimal("1200.50"))  # P4 once
    assert {row.link.name: row.arrivals for row in f.filled} == {"隔膜": ["P5"], "电芯": ["e2"]}


def test_last_year_as_at_its_end(history, chain, investment_a):
    f = chain_figures(investment_a.user, chain, year=2025, now=NOW)
    assert (f.as_of, f.output_year) == (date(2025, 12, 31), 2025)
    assert table(f) == {
        "正极材料": (0, 0, 0, 0, 1, 0, 1, Decimal("1000.50"), False),  # P4 there since 2024
        "电解液": (2, 0, 0, 0, 0, 0, 0, Decimal(0), True),  # P1 still a lead, P3 not yet dropped
        "隔膜": (0, 0, 0, 0, 0, 0, 0, Decimal(0), False),
        "外壳": (0, 0, 0, 0, 0, 0, 0, Decimal(0), False),
        "PACK": (1, 0, 0, 0, 0, 0, 0, Decimal(0), True),
        "电芯": (0, 0, 0, 0, 0, 0, 0, Decimal(0), False),  # e2 came at midnight on 1 January 2026
        "储能系统": (0, 0, 0, 0, 1, 0, 1, Decimal("200"), False),
    }
    assert (f.project_count, f.enterprise_count, f.output_wan) == (4, 2, Decimal("1200.50"))
    assert sorted(row.link.name for row in f.filled) == ["PACK", "电解液"]


def test_output_is_of_the_latest_year_with_figures(history, chain, investment_a):
    f = chain_figures(investment_a.user, chain, year=2024, now=NOW)
    # at the end of 2024: P4 building on two links, no enterprise founded yet
    assert (f.output_year, f.enterprise_count, f.project_count, f.stages["started"]) == (None, 0, 1, 1)
    assert sorted(row.link.name for row in f.filled) == ["储能系统", "正极材料"]
    EnterpriseYear.objects.filter(year=2025).delete()
    assert chain_figures(investment_a.user, chain, year=2026, now=NOW).output_wan == Decimal("800")


def test_a_zone_officer_counts_what_their_zone_holds(county_chain, county_investment, zone_a, zone_b, officer_a):
    cell = county_chain.links.get(name="电芯")
    for zone, name in ((zone_a, "A"), (zone_b, "B")):
        services.map_enterprise(county_investment, cell, EnterpriseFactory(name=f"{name}区电芯", unit=zone))
        made = create_project({"name": f"{name}区电芯项目", "unit": zone}, by=county_investment)
        services.map_project(county_investment, cell, made)
    mine = chain_figures(officer_a.user, county_chain)
    everything = chain_figures(county_investment.user, county_chain)
    assert (mine.enterprise_count, mine.project_count, mine.stages["lead"]) == (1, 1, 1)
    assert (everything.enterprise_count, everything.project_count, everything.stages["lead"]) == (2, 2, 2)


@pytest.mark.parametrize("value", ["1999", "2027", "二〇二六", "2026.5"])
def test_a_year_outside_2000_to_this_year_is_refused(value):
    with pytest.raises(Rejected) as caught:
        checked_year(value, date(2026, 12, 3))
    assert caught.value.field == "year"


def test_the_figures_cost_the_same_queries_however_many_rows(history, chain, links, investment_a, zone_a):
    user = investment_a.user
    chain_figures(user, chain, year=2026, now=NOW)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            chain_figures(user, chain, year=2026, now=NOW)
        return len(captured.captured_queries)

    few = count()
    for i in range(5):
        enterprise = EnterpriseFactory(unit=zone_a)
        services.map_enterprise(investment_a, links["电解液"], enterprise)
        EnterpriseYear.objects.create(enterprise=enterprise, year=2025, output_wan=Decimal(i))
        project(investment_a, zone_a, f"新项目{i}", [links["外壳"]], stage="lead")
    assert count() == few
