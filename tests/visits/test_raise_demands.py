"""A visit records the demands the enterprise raised, with itself and all or nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.demands.models import Demand, DemandCategory
from zonedesk.demands.states import Source, State
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.visits.models import Visit, VisitStatus
from zonedesk.visits.services import log_visit, record_visit

from ..factories import MembershipFactory, UserFactory

FINDINGS = {"employees_on_duty": 80, "employees_total": 100, "capacity_in_use_percent": 75, "summary": "复工正常"}


@pytest.fixture
def categories(db):
    return {c.name: c for c in DemandCategory.objects.filter(unit=None)}


def _rows(categories, second_title="用电增容"):
    return [
        {"category": categories["用工"].pk, "title": "招工难缺普工50人", "description": "春节后返岗不足"},
        {"category": categories["配套"], "title": second_title},
    ]


def test_recording_a_visit_raises_its_demands(planned, officer_a, categories, enterprise):
    visit = record_visit(planned, FINDINGS, by=officer_a, demands=_rows(categories))
    assert visit.status == VisitStatus.DONE and visit.employees_on_duty == 80
    demands = list(Demand.objects.filter(visit=visit).order_by("pk"))
    assert [d.title for d in demands] == ["招工难缺普工50人", "用电增容"]
    for demand in demands:
        assert demand.source == Source.VISIT and demand.state == State.SUBMITTED
        assert demand.enterprise == enterprise and demand.submitted_by == officer_a.user
    assert demands[0].description == "春节后返岗不足"
    assert set(visit.demands.all()) == set(demands)
    assert Event.objects.filter(verb="demand.submitted").count() == 2


def test_a_bad_row_names_itself_and_writes_nothing(planned, officer_a, categories):
    events = Event.objects.count()
    with pytest.raises(Rejected) as exc:
        record_visit(planned, FINDINGS, by=officer_a, demands=_rows(categories, second_title="  "))
    assert exc.value.field == "demands.2.title"
    assert "2" in str(exc.value.message)
    visit = Visit.objects.get(pk=planned.pk)
    assert visit.status == VisitStatus.PLANNED and visit.employees_on_duty is None and visit.version == planned.version
    assert not Demand.objects.exists()
    assert Event.objects.count() == events


def test_a_category_of_another_zone_is_refused_by_row(planned, officer_a, categories, zone_b):
    theirs = DemandCategory.objects.create(unit=zone_b, name="海河镇专项")
    rows = [{"category": theirs.pk, "title": "专项资金申报"}]
    with pytest.raises(Rejected) as exc:
        record_visit(planned, FINDINGS, by=officer_a, demands=rows)
    assert exc.value.field == "demands.1.category"
    assert not Demand.objects.exists()


def test_bad_findings_write_no_demand(planned, officer_a, categories):
    with pytest.raises(Rejected) as exc:
        record_visit(planned, {**FINDINGS, "employees_on_duty": 120}, by=officer_a, demands=_rows(categories))
    assert exc.value.field == "employees_on_duty"
    assert not Demand.objects.exists()


def test_a_handler_may_log_a_visit_but_not_raise_demands(enterprise, zone_a, categories):
    """Handlers record visits (visit.record) but do not submit demands: the whole visit is refused."""
    user = UserFactory(username="zone_handler")
    MembershipFactory(user=user, unit=zone_a, role="handler")
    zone_handler = Actor(user=user)
    with pytest.raises(Forbidden):
        log_visit(enterprise, unit=zone_a, findings=FINDINGS, by=zone_handler, demands=_rows(categories))
    assert not Visit.objects.exists() and not Demand.objects.exists()
    assert log_visit(enterprise, unit=zone_a, findings=FINDINGS, by=zone_handler).status == VisitStatus.DONE


def test_log_visit_in_one_step(officer_a, enterprise, zone_a, categories):
    yesterday = timezone.localdate() - timedelta(days=1)
    visit = log_visit(
        enterprise,
        unit=zone_a,
        findings={**FINDINGS, "visited_on": yesterday},
        by=officer_a,
        demands=_rows(categories),
    )
    assert visit.status == VisitStatus.DONE and visit.planned_on == yesterday == visit.visited_on
    assert list(visit.visitors.all()) == [officer_a.user]
    assert Demand.objects.filter(visit=visit, source=Source.VISIT).count() == 2
    assert {"visit.planned", "visit.recorded"} <= set(Event.objects.values_list("verb", flat=True))


def test_log_visit_with_a_bad_row_writes_no_visit(officer_a, enterprise, zone_a, categories):
    with pytest.raises(Rejected) as exc:
        log_visit(enterprise, unit=zone_a, findings=FINDINGS, by=officer_a, demands=_rows(categories, "  "))
    assert exc.value.field == "demands.2.title"
    assert not Visit.objects.exists() and not Demand.objects.exists() and not Event.objects.exists()


def test_zone_b_cannot_record_zone_a_visits(planned, officer_b, categories):
    with pytest.raises(Visit.DoesNotExist):
        record_visit(planned, FINDINGS, by=officer_b, demands=_rows(categories))
    assert not Demand.objects.exists()


def test_an_investment_officer_cannot_record(planned, investment_a, categories):
    with pytest.raises(Forbidden):
        record_visit(planned, FINDINGS, by=investment_a, demands=_rows(categories))
