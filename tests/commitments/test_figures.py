"""The compliance figures against values computed by hand from four agreements of zone A (and one of zone B that
zone A's figures must not count), to date and for 2025; each figure's list has its length."""

from datetime import date
from decimal import Decimal

import pytest

from zonedesk.commitments import services
from zonedesk.commitments.figures import compliance
from zonedesk.commitments.queries import agreement_rows
from zonedesk.commitments.status import Item
from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.projects.stages import Stage

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .conftest import TODAY, make_project


@pytest.fixture
def book(zone_a, zone_b, investment_a, investment_b, today):
    """P1 started on time; P2 not started past its day; P3 started late and is 15 days from its production day;
    P4 started a day late, produced and reached capacity on time, and in 2025 made 1 万元 less output than promised
    while paying the tax and employing the people promised. Zone B's agreement missed its start."""

    def agreement(actor, project, **promises):
        return services.record_agreement(project, {"signed_on": project.signed_on, **promises}, by=actor)

    p1 = make_project(zone_a, name="P1", stage=Stage.STARTED, started_on=date(2025, 9, 20))
    agreement(investment_a, p1, start_by="2025-09-30", produce_by="2026-12-31")
    p2 = make_project(zone_a, name="P2")
    agreement(investment_a, p2, start_by="2025-12-31")
    p3 = make_project(zone_a, name="P3", stage=Stage.STARTED, started_on=date(2026, 2, 10))
    agreement(investment_a, p3, start_by="2026-01-31", produce_by="2026-06-30")
    factory = EnterpriseFactory(name="安旭智能机器人（射阳）有限公司", unit=zone_a)
    p4 = make_project(
        zone_a,
        name="P4",
        stage=Stage.AT_CAPACITY,
        enterprise=factory,
        lead_on=date(2023, 1, 5),
        negotiating_on=date(2023, 3, 1),
        signed_on=date(2023, 5, 1),
        started_on=date(2023, 10, 1),
        producing_on=date(2024, 6, 1),
        at_capacity_on=date(2024, 12, 1),
    )
    agreement(
        investment_a,
        p4,
        start_by="2023-09-30",
        produce_by="2024-06-30",
        capacity_by="2024-12-31",
        annual_output_wan="50000",
        annual_tax_wan="3000",
        jobs="300",
    )
    EnterpriseYear.objects.create(enterprise=factory, year=2025, output_wan=49999, tax_wan=3000, employees=310)
    pb = make_project(zone_b, name="PB")
    agreement(investment_b, pb, start_by="2025-12-31")
    return {"P1": p1, "P2": p2, "P3": p3, "P4": p4, "PB": pb}


def by_item(c) -> dict:
    return {i.item: (i.due.value, i.met.value, i.missed.value, i.share_met, i.at_risk.value) for i in c.items}


def test_zone_a_to_date(book, zone_a, investment_a):
    c = compliance(investment_a.user, unit=zone_a, today=TODAY)
    assert (c.in_scope.value, c.assessed.value, c.fully_met.value) == (4, 4, 1)
    assert c.share_fully_met == Decimal("25.0")
    assert by_item(c) == {
        Item.START: (4, 1, 3, Decimal("25.0"), 0),
        Item.PRODUCE: (1, 1, 0, Decimal("100.0"), 1),
        Item.CAPACITY: (1, 1, 0, Decimal("100.0"), 0),
        Item.OUTPUT: (1, 0, 1, Decimal("0.0"), 0),
        Item.TAX: (1, 1, 0, Decimal("100.0"), 0),
        Item.JOBS: (1, 1, 0, Decimal("100.0"), 0),
    }
    assert sorted(r.agreement.project.name for r in c.missed_start) == ["P2", "P3", "P4"]


def test_zone_a_in_2025(book, zone_a, investment_a):
    c = compliance(investment_a.user, unit=zone_a, year=2025, today=TODAY)
    # P1's start (met) and P2's (missed) fell due in 2025, and P4's at-capacity year 2025.
    assert (c.in_scope.value, c.assessed.value, c.fully_met.value) == (4, 3, 1)
    assert c.share_fully_met == Decimal("33.3")
    figures = by_item(c)
    assert figures[Item.START] == (2, 1, 1, Decimal("50.0"), 0)
    assert figures[Item.OUTPUT] == (1, 0, 1, Decimal("0.0"), 0)
    assert [r.agreement.project.name for r in c.missed_start] == ["P2"]


def test_every_figure_is_the_length_of_its_list(book, zone_a, investment_a):
    for year in (None, 2025):
        c = compliance(investment_a.user, unit=zone_a, year=year, today=TODAY)
        figures = [c.in_scope, c.assessed, c.fully_met]
        figures += [f for i in c.items for f in (i.due, i.met, i.missed, i.at_risk)]
        for figure in figures:
            assert len(agreement_rows(investment_a.user, TODAY, **figure.filter)) == figure.value


def test_the_county_supervisor_counts_both_zones_and_zone_b_only_its_own(book, county, supervisor, investment_b):
    whole = compliance(supervisor.user, unit=county, today=TODAY)
    assert (whole.in_scope.value, whole.assessed.value, whole.fully_met.value) == (5, 5, 1)
    assert by_item(whole)[Item.START][:3] == (5, 1, 4)
    own = compliance(investment_b.user, today=TODAY)
    assert (own.in_scope.value, own.fully_met.value, [r.agreement.project.name for r in own.missed_start]) == (
        1,
        0,
        ["PB"],
    )


def test_the_figures_page_links_each_number_to_its_list(book, zone_a, investment_a):
    client = client_for(investment_a)
    page = client.get("/commitments/figures/", {"unit": zone_a.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="compliance-share" data-value="25.0"' in text
    row = next(r for r in page.context["item_rows"] if r["f"].item == Item.START)
    listed = client.get(row["missed"].replace("&amp;", "&"))
    assert listed.context["page"].paginator.count == 3
    assert client.get("/commitments/figures/", {"unit": 999999}).status_code == 404
