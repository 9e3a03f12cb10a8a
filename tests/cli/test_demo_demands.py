"""The demo's demands and visit campaign: every state, overdue and escalated, scored, raised at visits, loaded once."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_demands import load_demands
from zonedesk.demands.models import Demand, DemandMove
from zonedesk.demands.queries import DeadlineStatus, deadline_status, demand_list, monthly_trend
from zonedesk.demands.states import Level, Source, State
from zonedesk.orgs.models import Event, User
from zonedesk.visits.models import Visit, VisitCampaign, VisitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    load_demo()
    return load_demands()


def test_demands_in_every_state_over_the_year(demo):
    assert 250 <= demo == Demand.objects.count() <= 400
    assert set(Demand.objects.values_list("state", flat=True)) == set(State.values)
    today = timezone.localdate()
    assert not Demand.objects.filter(submitted_on__gt=today).exists()
    assert not DemandMove.objects.filter(on__gt=today).exists()
    assert not Event.objects.filter(at__gt=timezone.now()).exists()  # nothing happened later than now
    supervisor = User.objects.get(username="supervisor")
    first = date(today.year - 1, today.month, 1) + timedelta(days=31)
    trend = monthly_trend(supervisor, first=first.replace(day=1), last=today)
    assert len(trend) == 12 and sum(month["submitted"] > 0 for month in trend) >= 10
    for month in trend:  # every month of the year has demands submitted somewhere
        year, number = map(int, month["month"].split("-"))
        assert Demand.objects.filter(submitted_on__year=year, submitted_on__month=number).exists()
    assert sum(month["confirmed"] for month in trend) > 20  # the supervisor of 射阳县
    _each_demand_has_its_history()
    _deadlines_and_escalations()


def _each_demand_has_its_history():
    """One Event per move and one DemandMove per Event, dated as the demand's own dates."""
    moves = DemandMove.objects.count()
    verbs = [v for v in Event.objects.filter(verb__startswith="demand.").values_list("verb", flat=True)]
    kept = {"demand.routed", "demand.escalated", "demand.dissatisfied"}
    assert moves == len([v for v in verbs if v not in kept])
    for demand in Demand.objects.all()[:400]:
        days = [m.on for m in demand.moves.order_by("pk")]
        assert days[0] == demand.submitted_on and days == sorted(days)
        if demand.state == State.CONFIRMED:
            assert demand.confirmed_on == days[-1] >= demand.resolved_on >= demand.assigned_on


def _deadlines_and_escalations():
    today = timezone.localdate()
    statuses = {deadline_status(d, today) for d in Demand.objects.filter(state=State.ASSIGNED)}
    assert statuses == {DeadlineStatus.ON_TRACK, DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE}
    overdue = Demand.objects.filter(state=State.ASSIGNED, deadline__lt=today)
    assert overdue.count() >= 10
    assert overdue.filter(escalation_level__gt=0).count() == overdue.count()
    assert Event.objects.filter(verb="demand.escalated").count() == overdue.count()
    leader = User.objects.get(username="leader")
    assert leader.inbox.exists()


def test_answers_scores_and_channels(demo):
    confirmed = Demand.objects.filter(state=State.CONFIRMED)
    assert set(confirmed.filter(confirmed_auto=False).values_list("satisfaction", flat=True)) == {1, 2, 3, 4, 5}
    assert confirmed.filter(confirmed_auto=True, satisfaction__isnull=True).count() >= 20
    assert Demand.objects.filter(is_dissatisfied=True, satisfaction__lte=2).exists()
    assert Demand.objects.filter(is_dissatisfied=True, confirmed_auto=True).exists()
    assert Demand.objects.filter(moves__to_state=State.REOPENED).distinct().count() >= 10
    county = Demand.objects.filter(level=Level.COUNTY)
    assert county.exists() and all(d.handling_unit.kind == "region" for d in county)
    assert county.filter(assigned_department__parent__kind="region").exists()
    hotline = Demand.objects.filter(source=Source.HOTLINE)
    assert hotline.count() >= 3 and not hotline.filter(reference="").exists()
    assert len(set(hotline.values_list("reference", flat=True))) == hotline.count()
    assert Demand.objects.values("unit").distinct().count() >= 8
    assert Demand.objects.values("category").distinct().count() >= 10
    _the_visit_campaign()


def _the_visit_campaign():
    campaigns = VisitCampaign.objects.filter(name="2026年春节后复工复产走访")
    assert campaigns.values("unit").distinct().count() == campaigns.count() >= 8  # each zone runs its own
    visits = Visit.objects.filter(campaign__in=campaigns)
    assert visits.count() == 80 and visits.values("unit").distinct().count() == campaigns.count()
    assert all(c.targets.count() >= c.visits.count() > 0 for c in campaigns)
    leader = User.objects.get(username="leader")  # 射阳's leader sees 射阳's campaign
    assert list(VisitCampaign.objects.visible_to(leader)) == [campaigns.get(unit=leader.home_unit)]
    done = visits.filter(status=VisitStatus.DONE)
    assert done.count() >= 60
    assert not done.filter(employees_total__isnull=True).exists()
    assert not done.filter(capacity_in_use_percent__isnull=True).exists()
    assert done.filter(plans_to_expand=True).exists() and done.exclude(risk_note="").exists()
    assert done.exclude(key_suppliers_outside="").exists()
    assert visits.filter(status=VisitStatus.CANCELLED).exists() and visits.filter(status=VisitStatus.PLANNED).exists()
    raised = Demand.objects.filter(visit__campaign__in=campaigns)
    assert raised.count() >= 20 and not raised.exclude(source=Source.VISIT).exists()
    assert all(d.submitted_on == d.visit.visited_on for d in raised.select_related("visit"))
    assert Event.objects.filter(verb="visit.recorded").count() == done.count()


def test_the_demo_enterprise_user_has_demands_in_several_states(demo):
    user = User.objects.get(username="enterprise")
    mine = demand_list(user)
    states = set(mine.values_list("state", flat=True))
    assert {State.SUBMITTED, State.RETURNED, State.ASSIGNED, State.RESOLVED, State.CONFIRMED} <= states
    assert State.REOPENED in states
    assert mine.filter(state=State.RESOLVED, resolved_on__gte=timezone.localdate() - timedelta(days=7)).exists()
    assert mine.filter(source=Source.PORTAL, submitted_by=user).exists()
    assert not demand_list(user).exclude(enterprise=user.enterprise).exists()

    # Loading again changes nothing.
    events = Event.objects.count()
    assert load_demands() == demo
    assert Event.objects.count() == events
