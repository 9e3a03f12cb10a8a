"""Commitments fixtures: a fixed today, a started project of zone A with its enterprise and officer, and what the
agreement form or API sends."""

from datetime import date

import pytest
from django.utils import timezone

from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage

TODAY = date(2026, 6, 15)


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` answer a fixed day (call again to move on)."""

    def fix(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


@pytest.fixture
def today(on_day) -> date:
    return on_day(TODAY)


def make_project(unit, *, name="新能源动力电池项目", stage=Stage.SIGNED, enterprise=None, officer=None, **dates):
    values = {"lead_on": date(2024, 10, 1), "negotiating_on": date(2024, 12, 1), "signed_on": date(2025, 3, 1)}
    values.update(dates)
    return Project.objects.create(
        name=name,
        unit=unit,
        stage=stage,
        investor_name="盐城锂航新能源有限公司",
        enterprise=enterprise,
        officer=officer,
        contracted_investment_wan=500000,
        **values,
    )


@pytest.fixture
def project(zone_a, enterprise, investment_a, today):
    """Signed 2025-03-01, not started; its local enterprise is 国阳 and its officer investment_a."""
    return make_project(zone_a, enterprise=enterprise, officer=investment_a.user)


@pytest.fixture
def project_b(zone_b, enterprise_b, investment_b, today):
    return make_project(zone_b, name="海河镇精密机械项目", enterprise=enterprise_b, officer=investment_b.user)


def agreement_data(**changes) -> dict:
    """What the form or API sends for an agreement (as officers type it)."""
    data = {
        "number": "SYKFQ-2025-018",
        "signed_on": "2025-03-01",
        "total_investment_wan": "50亿",
        "fixed_asset_investment_wan": "400000",
        "land_mu": "500亩",
        "intensity_wan_per_mu": "800",
        "start_by": "2025年9月30日",
        "produce_by": "2026-12-31",
        "capacity_by": "2027-12-31",
        "annual_output_wan": "1000000",
        "annual_tax_wan": "50000",
        "tax_per_mu_wan": "100",
        "jobs": "1500",
        "note": "分两期建设",
    }
    return {**data, **changes}
