"""Recording an agreement and the zone's promises: only for signed projects, the investment office and leaders of
the zone (403 for others in scope, not found outside it), amounts and dates read as typed, one Event each."""

from datetime import date
from decimal import Decimal

import pytest

from zonedesk.commitments import services
from zonedesk.commitments.models import Agreement, PromiseKind, ZonePromise
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage

from .conftest import agreement_data, make_project


def test_an_agreement_records_the_promises_as_typed_with_one_event(project, investment_a):
    agreement = services.record_agreement(project, agreement_data(), by=investment_a)
    assert agreement.unit == project.unit and agreement.number == "SYKFQ-2025-018"
    assert agreement.total_investment_wan == Decimal("500000.00")  # 50亿
    assert agreement.land_mu == Decimal("500.00") and agreement.jobs == 1500
    assert agreement.start_by == date(2025, 9, 30)
    [event] = Event.objects.filter(verb="agreement.recorded")
    assert event.after["total_investment_wan"] == "500000.00" and event.unit == project.unit


def test_the_signing_day_defaults_to_the_projects(project, leader):
    data = agreement_data()
    del data["signed_on"]
    assert services.record_agreement(project, data, by=leader).signed_on == date(2025, 3, 1)


@pytest.mark.parametrize("stage", [Stage.LEAD, Stage.NEGOTIATING, Stage.DROPPED])
def test_only_a_signed_project_has_an_agreement(zone_a, investment_a, today, stage):
    project = make_project(zone_a, stage=stage, signed_on=None)
    with pytest.raises(Rejected) as caught:
        services.record_agreement(project, agreement_data(), by=investment_a)
    assert caught.value.field == "project"
    assert not Agreement.objects.exists()


def test_a_project_has_one_agreement(project, investment_a):
    services.record_agreement(project, agreement_data(), by=investment_a)
    with pytest.raises(Rejected):
        services.record_agreement(project, agreement_data(number="another"), by=investment_a)
    assert Agreement.objects.count() == 1


def test_a_service_officer_of_the_zone_may_not_record_it(project, officer_a, pm_a):
    for actor in (officer_a, pm_a):
        with pytest.raises(Forbidden):
            services.record_agreement(project, agreement_data(), by=actor)
    assert not Agreement.objects.exists()


def test_another_zones_officer_and_a_department_handler_do_not_find_the_project(project, investment_b, handler):
    for actor in (investment_b, handler):
        with pytest.raises(Project.DoesNotExist):
            services.record_agreement(project, agreement_data(), by=actor)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("total_investment_wan", "数亿元"),
        ("land_mu", "很多"),
        ("jobs", "1500.5"),
        ("start_by", "明年"),
        ("start_by", "2025-02-01"),  # before the signing
        ("capacity_by", "2026-06-30"),  # before the start of production
        ("fixed_asset_investment_wan", "60亿"),  # more than the total
        ("signed_on", "2026-06-16"),  # tomorrow
    ],
)
def test_a_bad_value_names_its_field_and_writes_nothing(project, investment_a, field, value):
    with pytest.raises(Rejected) as caught:
        services.record_agreement(project, agreement_data(**{field: value}), by=investment_a)
    assert caught.value.field == field
    assert not Agreement.objects.exists() and not Event.objects.filter(verb="agreement.recorded").exists()


def test_a_change_with_a_stale_version_conflicts(project, investment_a, leader):
    agreement = services.record_agreement(project, agreement_data(), by=investment_a)
    services.update_agreement(agreement, {"jobs": "1600"}, by=leader, version=1)
    with pytest.raises(Conflict):
        services.update_agreement(agreement, {"jobs": "1700"}, by=investment_a, version=1)
    agreement.refresh_from_db()
    assert agreement.jobs == 1600 and agreement.version == 2
    [event] = Event.objects.filter(verb="agreement.updated")
    assert event.before == {"jobs": 1500} and event.after == {"jobs": 1600}


def test_a_change_that_changes_nothing_writes_nothing(project, investment_a):
    agreement = services.record_agreement(project, agreement_data(), by=investment_a)
    services.update_agreement(agreement, {"total_investment_wan": "500000"}, by=investment_a, version=1)
    assert not Event.objects.filter(verb="agreement.updated").exists()


def test_a_blank_promise_clears_it(project, investment_a):
    agreement = services.record_agreement(project, agreement_data(), by=investment_a)
    agreement = services.update_agreement(agreement, {"annual_tax_wan": ""}, by=investment_a)
    assert agreement.annual_tax_wan is None


def test_the_zones_promise_is_added_and_done_with_events(project, investment_a, officer_a):
    agreement = services.record_agreement(project, agreement_data(), by=investment_a)
    data = {"kind": PromiseKind.LAND, "description": "交付净地500亩", "due_on": "2025-06-30"}
    promise = services.add_zone_promise(agreement, data, by=investment_a)
    assert promise.due_on == date(2025, 6, 30) and promise.done_on is None
    with pytest.raises(Forbidden):
        services.update_zone_promise(promise, {"done_on": "2025-06-20"}, by=officer_a, version=1)
    services.update_zone_promise(promise, {"done_on": "2025-06-20"}, by=investment_a, version=1)
    promise.refresh_from_db()
    assert promise.done_on == date(2025, 6, 20) and promise.version == 2
    with pytest.raises(Conflict):
        services.update_zone_promise(promise, {"note": "x"}, by=investment_a, version=1)
    verbs = list(Event.objects.filter(verb__startswith="zone_promise.").values_list("verb", flat=True))
    assert verbs == ["zone_promise.added", "zone_promise.updated"]


def test_a_zones_promise_needs_its_kind_and_day(project, investment_a, investment_b):
    agreement = services.record_agreement(project, agreement_data(), by=investment_a)
    with pytest.raises(Rejected) as caught:
        services.add_zone_promise(
            agreement, {"kind": "gift", "description": "x", "due_on": "2025-06-30"}, by=investment_a
        )
    assert caught.value.field == "kind"
    with pytest.raises(Rejected) as caught:
        services.add_zone_promise(agreement, {"kind": "utilities", "description": "通电"}, by=investment_a)
    assert caught.value.field == "due_on"
    with pytest.raises(Agreement.DoesNotExist):
        services.add_zone_promise(
            agreement, {"kind": "other", "description": "x", "due_on": "2025-01-01"}, by=investment_b
        )
    assert not ZonePromise.objects.exists()
