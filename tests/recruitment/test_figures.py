"""The labour gap and the recruitment figures of a zone for February 2025, against hand-computed values."""

from datetime import date

import pytest

from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.figures import gap_by_enterprise, gap_by_industry, labour_gap, recruitment_figures
from zonedesk.recruitment.queries import fair_list, open_positions_of, posting_list
from zonedesk.recruitment.states import FairKind
from zonedesk.visits.services import log_visit

from .conftest import posting_data

FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))


def _visit(by, enterprise, unit, day, on_duty, total):
    findings = {"visited_on": day, "employees_on_duty": on_duty, "employees_total": total}
    return log_visit(enterprise, unit=unit, findings=findings, by=by)


@pytest.fixture
def february(
    officer_a, officer_b, enterprise, other_enterprise, third_enterprise, enterprise_b, machinery, electronics, on_day
):
    """Postings, hires, closings and visits of zone A (and one of zone B) around February 2025."""
    enterprise.industry, other_enterprise.industry, enterprise_b.industry = machinery, electronics, machinery
    for e in (enterprise, other_enterprise, enterprise_b):
        e.save(update_fields=["industry"])
    zone_a, zone_b = enterprise.unit, enterprise_b.unit
    on_day(date(2025, 2, 3))
    p1 = services.publish_posting(officer_a, enterprise, posting_data(position="普工", count=50))
    # Applications close before the month ends: not recruiting on the 28th.
    services.publish_posting(officer_a, enterprise, posting_data(position="焊工", count=10, closes_on="2025-02-20"))
    p3 = services.publish_posting(officer_a, other_enterprise, posting_data(position="技术员", count=20))
    services.publish_posting(officer_b, enterprise_b, posting_data(position="装配工", count=30))
    on_day(date(2025, 2, 12))
    p4 = services.publish_posting(officer_a, enterprise, posting_data(position="叉车工", count=8))
    on_day(date(2025, 2, 15))
    services.close_posting(officer_a, p4, "改为外包")
    on_day(date(2025, 3, 2))
    services.publish_posting(officer_a, other_enterprise, posting_data(position="质检员", count=5))
    on_day(date(2025, 3, 10))
    services.record_hires(officer_a, p1, 15, on="2025-02-10")
    services.record_hires(officer_a, p3, 20, on="2025-02-10")  # filled on the 10th
    services.record_hires(officer_a, p1, 5, on="2025-03-05")  # after the month
    _visit(officer_a, enterprise, zone_a, date(2025, 2, 5), 240, 300)
    _visit(officer_a, enterprise, zone_a, date(2025, 2, 20), 280, 300)  # the latest in February counts
    _visit(officer_a, enterprise, zone_a, date(2025, 3, 3), 300, 300)
    _visit(officer_a, other_enterprise, zone_a, date(2025, 1, 20), 50, 100)
    _visit(officer_a, other_enterprise, zone_a, date(2025, 2, 25), 110, 120)
    _visit(officer_a, third_enterprise, zone_a, date(2025, 2, 14), 70, 80)
    _visit(officer_b, enterprise_b, zone_b, date(2025, 2, 14), 10, 90)
    return p1


def test_the_gap_per_enterprise_adds_open_positions_and_the_return_to_work_gap(officer_a, february, zone_a):
    # By hand on 2025-02-28: 国阳 50 − 15 hired = 35 open + (300 − 280) = 55; 科阳 technicians filled, 120 − 110 = 10;
    # 康源 80 − 70 = 10. Zone B's enterprise is not in zone A.
    rows = {
        r["name"]: (r["open_positions"], r["return_gap"], r["gap"])
        for r in gap_by_enterprise(officer_a.user, unit=zone_a, period=FEBRUARY)
    }
    assert rows == {
        "江苏国阳智能装备有限公司": (35, 20, 55),
        "射阳科阳5G通信科技有限公司": (0, 10, 10),
        "射阳康源纺织有限公司": (0, 10, 10),
    }


def test_the_gap_per_industry_is_one_row_per_industry(officer_a, february, zone_a):
    rows = gap_by_industry(officer_a.user, unit=zone_a, period=FEBRUARY)
    assert [(r["key"], r["enterprises"], r["open_positions"], r["return_gap"], r["gap"]) for r in rows] == [
        ("34", 1, 35, 20, 55),
        ("39", 1, 0, 10, 10),
        (None, 1, 0, 10, 10),
    ]
    for row in rows:  # each row's filter lists the enterprises whose gaps add up to it
        listed = labour_gap(officer_a.user, **row["filter"])
        assert sum(e.gap for e in listed) == row["gap"] and listed.count() == row["enterprises"]


def test_an_enterprises_open_positions_are_the_sum_of_its_recruiting_postings(officer_a, february, enterprise):
    rows = posting_list(officer_a.user, enterprise=enterprise, open_on=FEBRUARY[1])
    assert [(p.position, p.open_positions) for p in rows] == [("普工", 35)]
    assert open_positions_of(officer_a.user, date(2025, 3, 31), enterprise=enterprise) == 30


def test_the_gap_of_another_period_reads_that_periods_visits(officer_a, february, zone_a):
    march = (date(2025, 3, 1), date(2025, 3, 31))
    rows = {r["name"]: r["gap"] for r in gap_by_enterprise(officer_a.user, unit=zone_a, period=march)}
    # 国阳: 50 − 20 hired, nobody missing on 3 March; 科阳: 质检员 5 open, no visit in March.
    assert rows == {"江苏国阳智能装备有限公司": 30, "射阳科阳5G通信科技有限公司": 5}


def test_the_zone_figures_of_a_period_count_its_records(officer_a, officer_b, february, zone_a, zone_b, on_day):
    figures = recruitment_figures(officer_a.user, unit=zone_a, period=FEBRUARY)
    values = {k: v["value"] for k, v in figures.items() if k != "gap_by_industry"}
    # Published in February in zone A: 50 + 10 + 20 + 8 positions; hired in February: 15 + 20.
    assert values == {
        "postings": 4,
        "positions": 88,
        "posting_hires": 35,
        "fairs_held": 0,
        "fair_positions": 0,
        "views": 0,
        "visitors": 0,
        "applications": 0,
        "intents": 0,
        "fair_hires": 0,
        "open_positions": 35,
        "return_gap": 40,
        "gap": 75,
    }
    listed = posting_list(officer_a.user, **figures["positions"]["filter"])
    assert listed.count() == 4 and sum(p.count for p in listed) == 88
    hired = posting_list(officer_a.user, **figures["posting_hires"]["filter"])
    assert sum(p.hires_in_period for p in hired) == 35
    assert [r["gap"] for r in figures["gap_by_industry"]] == [55, 10, 10]
    zone_b_figures = recruitment_figures(officer_b.user, unit=zone_b, period=FEBRUARY)
    assert (zone_b_figures["positions"]["value"], zone_b_figures["gap"]["value"]) == (30, 30 + 80)


def test_the_fair_figures_of_a_period_add_up_the_held_fairs(officer_a, officer_b, february, zone_a, zone_b, on_day):
    enterprise = february.enterprise
    on_day(date(2025, 2, 1))
    live = {"kind": FairKind.LIVE, "place": "直播间", "held_on": "2025-02-05"}
    held = fairs.create_fair(officer_a, {"unit": zone_a, "name": "新春直播招聘会", **live})
    cancelled = fairs.create_fair(officer_a, {"unit": zone_a, "name": "取消的专场", **live})
    theirs = fairs.create_fair(officer_b, {"unit": zone_b, "name": "海河镇专场", **live})
    fairs.add_participant(officer_a, held, enterprise, postings=[february])
    fairs.add_participant(officer_b, theirs, february_b := theirs.unit.enterprises.get())
    fairs.cancel_fair(officer_a, cancelled, "天气原因")
    on_day(date(2025, 2, 6))
    for fair, by, who in ((held, officer_a, enterprise), (theirs, officer_b, february_b)):
        fairs.mark_held(by, fair)
        results = [{"enterprise": who, "applications": 120, "intents": 45, "hires": 9}]
        fairs.record_results(by, fair, views=8000, visitors=260, results=results)
    figures = recruitment_figures(officer_a.user, unit=zone_a, period=FEBRUARY)
    values = {k: figures[k]["value"] for k in ("fairs_held", "fair_positions", "views", "visitors")}
    assert values == {"fairs_held": 1, "fair_positions": 50, "views": 8000, "visitors": 260}
    assert [figures[k]["value"] for k in ("applications", "intents", "fair_hires")] == [120, 45, 9]
    assert list(fair_list(officer_a.user, **figures["fairs_held"]["filter"])) == [held]
    march = recruitment_figures(officer_a.user, unit=zone_a, period=(date(2025, 3, 1), date(2025, 3, 31)))
    assert [march[k]["value"] for k in ("fairs_held", "applications", "intents", "fair_hires")] == [0, 0, 0, 0]
