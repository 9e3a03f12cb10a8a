"""Each promise's status on the boundaries of its dates and amounts: the day before, of and after a promised day;
an amount exactly equal and one 万元 below; the lag rule of the investment; the year the at-capacity figures are
compared in. Pure functions: plain objects, no database."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from zonedesk.commitments.status import (
    ALERT_DAYS,
    Item,
    Status,
    amount_status,
    date_status,
    evaluate,
    per_mu,
    worst,
    yearly_status,
)

DUE = date(2026, 6, 30)

PROMISES = dict.fromkeys(
    [
        "total_investment_wan",
        "fixed_asset_investment_wan",
        "land_mu",
        "intensity_wan_per_mu",
        "start_by",
        "produce_by",
        "capacity_by",
        "annual_output_wan",
        "annual_tax_wan",
        "tax_per_mu_wan",
        "jobs",
    ]
)


def agreement(**promises):
    return SimpleNamespace(**{**PROMISES, "signed_on": date(2025, 3, 1), **promises})


def project(**values):
    base = {"started_on": None, "producing_on": None, "at_capacity_on": None, "investment_completed_wan": Decimal(0)}
    return SimpleNamespace(**{**base, **values})


def year(**figures):
    base = dict.fromkeys(["output_wan", "tax_wan", "employees", "fixed_asset_investment_wan"])
    return SimpleNamespace(**{**base, **figures})


def by_item(results) -> dict:
    return {r.item: r for r in results}


@pytest.mark.parametrize(
    ("reached", "expected"),
    [(DUE - timedelta(days=1), Status.MET), (DUE, Status.MET), (DUE + timedelta(days=1), Status.MISSED)],
)
def test_a_date_reached_the_day_before_or_of_is_met_and_the_day_after_missed(reached, expected):
    assert date_status(DUE, reached, today=date(2026, 12, 1)) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DUE - timedelta(days=ALERT_DAYS + 1), Status.ON_TRACK),
        (DUE - timedelta(days=ALERT_DAYS), Status.AT_RISK),
        (DUE - timedelta(days=1), Status.AT_RISK),
        (DUE, Status.AT_RISK),
        (DUE + timedelta(days=1), Status.MISSED),
    ],
)
def test_a_date_not_reached_is_at_risk_30_days_before_and_missed_the_day_after(today, expected):
    assert date_status(DUE, None, today) == expected


def test_the_start_of_construction_reads_the_projects_start_date():
    a = agreement(start_by=DUE, produce_by=date(2027, 6, 30))
    on_time = by_item(evaluate(a, project(started_on=DUE), {}, date(2026, 8, 1)))
    late = by_item(evaluate(a, project(started_on=DUE + timedelta(days=1)), {}, date(2026, 8, 1)))
    assert on_time[Item.START].status == Status.MET and on_time[Item.START].actual == DUE
    assert late[Item.START].status == Status.MISSED
    assert on_time[Item.PRODUCE].status == Status.ON_TRACK


def test_an_amount_exactly_equal_is_met_and_one_wan_below_is_missed_after_its_day():
    promised = Decimal("300000.00")
    after = DUE + timedelta(days=1)
    assert amount_status(promised, promised, start=date(2025, 3, 1), due=DUE, today=after) == Status.MET
    below = promised - 1
    assert amount_status(promised, below, start=date(2025, 3, 1), due=DUE, today=after) == Status.MISSED
    assert amount_status(promised, below, start=date(2025, 3, 1), due=DUE, today=DUE) == Status.AT_RISK


def test_the_investment_is_at_risk_when_its_share_lags_time_by_more_than_20_points():
    # 100 days from signing to capacity; on day 50, half the time has gone.
    signed, capacity = date(2026, 1, 1), date(2026, 4, 11)
    today = signed + timedelta(days=50)
    promised = Decimal(10000)
    assert amount_status(promised, Decimal(3000), start=signed, due=capacity, today=today) == Status.ON_TRACK  # 20
    assert amount_status(promised, Decimal(2999), start=signed, due=capacity, today=today) == Status.AT_RISK  # 20.01


def test_the_investment_compares_the_projects_investment_completed_by_capacity():
    a = agreement(total_investment_wan=Decimal(10000), signed_on=date(2026, 1, 1), capacity_by=date(2026, 4, 11))
    result = by_item(evaluate(a, project(investment_completed_wan=Decimal(9999)), {}, date(2026, 4, 12)))
    assert result[Item.INVESTMENT].status == Status.MISSED
    assert result[Item.INVESTMENT].actual == Decimal(9999) and result[Item.INVESTMENT].due_on == date(2026, 4, 11)
    met = by_item(evaluate(a, project(investment_completed_wan=Decimal(10000)), {}, date(2026, 4, 12)))
    assert met[Item.INVESTMENT].status == Status.MET


def test_at_capacity_figures_are_compared_in_the_first_full_year_after_capacity():
    a = agreement(capacity_by=date(2024, 6, 30), annual_output_wan=Decimal(50000), jobs=300)
    years = {2025: year(output_wan=Decimal(50000), employees=299), 2024: year(output_wan=Decimal(90000))}
    during = by_item(evaluate(a, project(), years, date(2025, 12, 31)))
    assert during[Item.OUTPUT].status == Status.NOT_DUE and during[Item.OUTPUT].due_on == date(2025, 12, 31)
    after = by_item(evaluate(a, project(), years, date(2026, 1, 1)))
    assert after[Item.OUTPUT].status == Status.MET and after[Item.OUTPUT].actual == Decimal(50000)
    assert after[Item.JOBS].status == Status.MISSED and after[Item.JOBS].actual == 299


def test_a_year_without_figures_awaits_them():
    a = agreement(capacity_by=date(2024, 6, 30), annual_tax_wan=Decimal(3000))
    assert by_item(evaluate(a, project(), {}, date(2026, 1, 1)))[Item.TAX].status == Status.AWAITING
    assert yearly_status(Decimal(3000), Decimal("2999.99"), year=2025, today=date(2026, 1, 1)) == Status.MISSED


def test_tax_per_mu_is_the_years_tax_over_the_land():
    a = agreement(capacity_by=date(2024, 6, 30), land_mu=Decimal(100), tax_per_mu_wan=Decimal(30))
    exact = by_item(evaluate(a, project(), {2025: year(tax_wan=Decimal(3000))}, date(2026, 3, 1)))
    assert exact[Item.TAX_PER_MU].actual == Decimal("30.00") and exact[Item.TAX_PER_MU].status == Status.MET
    below = by_item(evaluate(a, project(), {2025: year(tax_wan=Decimal(2999))}, date(2026, 3, 1)))
    assert below[Item.TAX_PER_MU].actual == Decimal("29.99") and below[Item.TAX_PER_MU].status == Status.MISSED


def test_fixed_assets_add_up_from_the_signing_year_and_give_the_intensity():
    a = agreement(
        signed_on=date(2024, 5, 1),
        capacity_by=date(2025, 12, 31),
        land_mu=Decimal(50),
        fixed_asset_investment_wan=Decimal(20000),
        intensity_wan_per_mu=Decimal(400),
    )
    years = {
        2023: year(fixed_asset_investment_wan=Decimal(9000)),  # before signing: not this project's
        2024: year(fixed_asset_investment_wan=Decimal(12000)),
        2025: year(fixed_asset_investment_wan=Decimal(7999)),
    }
    result = by_item(evaluate(a, project(), years, date(2026, 3, 1)))
    assert result[Item.FIXED_ASSETS].actual == Decimal(19999) and result[Item.FIXED_ASSETS].status == Status.MISSED
    assert result[Item.INTENSITY].actual == Decimal("399.98") and result[Item.INTENSITY].status == Status.MISSED
    years[2025] = year(fixed_asset_investment_wan=Decimal(8000))
    result = by_item(evaluate(a, project(), years, date(2026, 3, 1)))
    assert result[Item.FIXED_ASSETS].status == Status.MET and result[Item.INTENSITY].status == Status.MET


def test_fixed_assets_past_their_day_await_the_figures_of_that_year():
    a = agreement(signed_on=date(2024, 5, 1), capacity_by=date(2025, 12, 31), fixed_asset_investment_wan=Decimal(1))
    years = {2024: year(fixed_asset_investment_wan=Decimal(0))}
    assert by_item(evaluate(a, project(), years, date(2026, 1, 5)))[Item.FIXED_ASSETS].status == Status.AWAITING


def test_blank_promises_are_not_assessed_and_the_worst_status_leads():
    a = agreement(start_by=date(2025, 9, 30), produce_by=date(2026, 12, 31))
    results = evaluate(a, project(), {}, date(2026, 6, 15))
    assert [r.item for r in results] == [Item.START, Item.PRODUCE]
    assert worst(results) == Status.MISSED
    assert worst([]) is None
    assert per_mu(None, Decimal(10)) is None and per_mu(Decimal(1), None) is None
