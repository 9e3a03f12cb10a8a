"""An enterprise's yearly figures: one row per enterprise and year, amounts read as typed, no future year, a stale
version 409, the staff of the enterprise's zone only."""

from decimal import Decimal

import pytest

from zonedesk.commitments.years import record_year, update_year, year_list
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.orgs.models import Event


def test_a_year_is_entered_once_with_an_event_on_the_enterprise(enterprise, officer_a, today):
    row = record_year(
        officer_a, enterprise, year="2025年", output_wan="5.2亿", tax_wan="3100", employees="860人",
        fixed_asset_investment_wan=None,
    )  # fmt: skip
    assert (row.year, row.output_wan, row.tax_wan, row.employees) == (2025, Decimal("52000.00"), Decimal(3100), 860)
    assert row.fixed_asset_investment_wan is None
    [event] = Event.objects.filter(verb="enterprise_year.recorded")
    assert event.enterprise_id == enterprise.pk and event.after["output_wan"] == "52000.00"
    with pytest.raises(Rejected) as caught:
        record_year(officer_a, enterprise, year=2025, output_wan="1")
    assert caught.value.field == "year"
    assert EnterpriseYear.objects.count() == 1


def test_a_year_not_begun_is_rejected(enterprise, officer_a, today):
    with pytest.raises(Rejected) as caught:
        record_year(officer_a, enterprise, year=2027, output_wan="100")
    assert caught.value.field == "year"
    record_year(officer_a, enterprise, year=2026, output_wan="100")  # the current year may be entered
    assert EnterpriseYear.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"), [("output_wan", "数亿元"), ("tax_wan", "-5"), ("employees", "八百"), ("employees", "12.5")]
)
def test_a_bad_figure_names_its_field(enterprise, officer_a, today, field, value):
    with pytest.raises(Rejected) as caught:
        record_year(officer_a, enterprise, year=2025, **{field: value})
    assert caught.value.field == field
    assert not EnterpriseYear.objects.exists()


def test_a_row_without_any_figure_is_rejected(enterprise, officer_a, today):
    with pytest.raises(Rejected):
        record_year(officer_a, enterprise, year=2025)


def test_a_change_with_a_stale_version_conflicts(enterprise, officer_a, investment_a, today):
    row = record_year(officer_a, enterprise, year=2025, output_wan="50000", tax_wan="3000")
    update_year(investment_a, row, {"tax_wan": "3200"}, version=1)
    with pytest.raises(Conflict):
        update_year(officer_a, row, {"tax_wan": "3300"}, version=1)
    row.refresh_from_db()
    assert row.tax_wan == Decimal(3200) and row.output_wan == Decimal(50000) and row.version == 2
    [event] = Event.objects.filter(verb="enterprise_year.updated")
    assert event.before == {"tax_wan": "3000.00"} and event.after == {"year": 2025, "tax_wan": "3200.00"}


def test_a_leader_may_read_but_not_enter_and_another_zone_finds_nothing(enterprise, leader, officer_b, today):
    with pytest.raises(Forbidden):
        record_year(leader, enterprise, year=2025, output_wan="1")
    with pytest.raises(Enterprise.DoesNotExist):
        record_year(officer_b, enterprise, year=2025, output_wan="1")
    assert not EnterpriseYear.objects.exists()


def test_the_list_shows_the_zones_figures_only_to_its_staff(enterprise, enterprise_b, officer_a, officer_b, today):
    record_year(officer_a, enterprise, year=2025, output_wan="1")
    record_year(officer_b, enterprise_b, year=2025, output_wan="2")
    assert [r.enterprise for r in year_list(officer_a.user)] == [enterprise]
    assert [r.enterprise for r in year_list(officer_b.user, q=enterprise_b.uscc)] == [enterprise_b]
    assert list(year_list(officer_a.user, year=2024)) == []
