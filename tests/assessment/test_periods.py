"""The periods a scheme is scored over: which day starts one, the one before, and the closed ones."""

from datetime import date

import pytest

from zonedesk.assessment.periods import closed_periods, last_closed, period_starting, previous


@pytest.mark.parametrize(
    ("kind", "start", "end", "label"),
    [
        ("month", date(2026, 2, 1), date(2026, 2, 28), "2026年2月"),
        ("month", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        ("quarter", date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度"),
        ("year", date(2025, 1, 1), date(2025, 12, 31), "2025年"),
    ],
)
def test_a_first_day_starts_its_period(kind, start, end, label):
    period = period_starting(kind, start)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    ("kind", "day"),
    [
        ("month", date(2026, 2, 2)),
        ("quarter", date(2026, 2, 1)),
        ("year", date(2026, 4, 1)),
        ("week", date(2026, 1, 1)),
    ],
)
def test_another_day_starts_no_period(kind, day):
    with pytest.raises(ValueError):
        period_starting(kind, day)


@pytest.mark.parametrize(
    ("kind", "start", "before"),
    [
        ("month", date(2026, 1, 1), date(2025, 12, 1)),
        ("month", date(2026, 3, 1), date(2026, 2, 1)),
        ("quarter", date(2026, 1, 1), date(2025, 10, 1)),
        ("quarter", date(2026, 7, 1), date(2026, 4, 1)),
        ("year", date(2026, 1, 1), date(2025, 1, 1)),
    ],
)
def test_the_period_before(kind, start, before):
    assert previous(kind, period_starting(kind, start)).start == before


def test_the_last_closed_period_ended_before_today():
    today = date(2026, 10, 1)
    assert last_closed("month", today).start == date(2026, 9, 1)
    assert last_closed("quarter", today).start == date(2026, 7, 1)
    assert last_closed("year", today).start == date(2025, 1, 1)
    assert last_closed("quarter", date(2026, 9, 30)).start == date(2026, 4, 1)  # Q3 has not ended on its last day


def test_closed_periods_go_back_latest_first():
    starts = [p.start for p in closed_periods("quarter", 5, date(2026, 2, 10))]
    assert starts == [date(2025, 10, 1), date(2025, 7, 1), date(2025, 4, 1), date(2025, 1, 1), date(2024, 10, 1)]
