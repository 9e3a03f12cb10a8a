"""A labour demand (用工) answered by inviting its enterprise to a fair: the participant, the link and the Events."""

from datetime import date

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.demands import services as demand_services
from zonedesk.demands.models import Demand, DemandCategory
from zonedesk.demands.states import State
from zonedesk.orgs.models import Event
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.models import FairInvitation, FairParticipant, JobFair

from .conftest import posting_data


@pytest.fixture
def labour(db):
    return DemandCategory.objects.get(unit=None, name="用工")


@pytest.fixture
def demand(officer_a, enterprise, labour, fair):
    return demand_services.submit_demand(officer_a, enterprise, category=labour, title="春节后普工缺口约80人")


def test_inviting_from_a_labour_demand_adds_the_participant_and_tells_the_demands_timeline(
    officer_a, demand, fair, enterprise
):
    posting = services.publish_posting(officer_a, enterprise, posting_data(count=80))
    invitation = fairs.invite_to_fair(officer_a, demand, fair, postings=[posting])
    participant = FairParticipant.objects.get(fair=fair, enterprise=enterprise)
    assert (invitation.demand, invitation.fair, invitation.participant) == (demand, fair, participant)
    assert list(participant.postings.all()) == [posting]
    timeline = Event.objects.about(demand)
    assert [e.verb for e in timeline] == ["demand.invited_to_fair", "demand.submitted"]
    assert invitation.event == timeline[0] and timeline[0].after["fair"] == fair.pk
    added = Event.objects.about(fair).get(verb="fair.participant_added")
    assert added.after == {"enterprise": enterprise.pk, "postings": [posting.pk], "demand": demand.pk}
    # The demand's closed loop does not move: the department still answers and the enterprise confirms.
    assert Demand.objects.filter(pk=demand.pk, state=State.SUBMITTED, version=1).exists()


def test_a_category_a_region_set_up_under_labour_counts_as_labour(officer_a, enterprise, labour, fair):
    skilled = DemandCategory.objects.create(name="技工短缺", parent=labour)
    demand = demand_services.submit_demand(officer_a, enterprise, category=skilled, title="缺数控操作工")
    assert fairs.invite_to_fair(officer_a, demand, fair).participant.enterprise == enterprise


def test_a_demand_of_another_category_is_refused_and_nothing_is_written(officer_a, enterprise, fair):
    finance = DemandCategory.objects.get(unit=None, name="融资")
    demand = demand_services.submit_demand(officer_a, enterprise, category=finance, title="流动资金贷款")
    with pytest.raises(Rejected) as refused:
        fairs.invite_to_fair(officer_a, demand, fair)
    assert refused.value.field == "demand"
    assert not FairParticipant.objects.exists() and not FairInvitation.objects.exists()
    assert not Event.objects.filter(verb__in=["demand.invited_to_fair", "fair.participant_added"]).exists()


def test_a_cancelled_or_held_fair_takes_no_invitation(officer_a, demand, fair, on_day, zone_a):
    fairs.cancel_fair(officer_a, fair, "场地冲突")
    with pytest.raises(Rejected) as refused:
        fairs.invite_to_fair(officer_a, demand, fair)
    assert refused.value.field == "fair"
    on_day(date(2025, 2, 10))
    past = fairs.create_fair(
        officer_a, {"unit": zone_a, "name": "春风行动", "kind": "on_site", "held_on": "2025-02-05", "place": "人才市场"}
    )
    fairs.mark_held(officer_a, past)
    with pytest.raises(Rejected) as refused:
        fairs.invite_to_fair(officer_a, demand, past)
    assert refused.value.field == "fair"
    assert not FairInvitation.objects.exists() and not FairParticipant.objects.exists()


def test_a_rejected_demand_takes_no_invitation(officer_a, demand, fair):
    demand = demand_services.reject(officer_a, demand, "重复提交")
    with pytest.raises(Rejected) as refused:
        fairs.invite_to_fair(officer_a, demand, fair)
    assert refused.value.field == "demand"


def test_a_demand_is_invited_to_a_fair_once_and_an_enterprise_there_is_not_added_twice(
    officer_a, demand, fair, enterprise, labour
):
    fairs.add_participant(officer_a, fair, enterprise)
    fairs.invite_to_fair(officer_a, demand, fair)
    with pytest.raises(Rejected):
        fairs.invite_to_fair(officer_a, demand, fair)
    second = demand_services.submit_demand(officer_a, enterprise, category=labour, title="还缺焊工")
    fairs.invite_to_fair(officer_a, second, fair)
    assert FairParticipant.objects.filter(fair=fair).count() == 1
    assert FairInvitation.objects.filter(participant__fair=fair).count() == 2
    assert Event.objects.filter(verb="fair.participant_added").count() == 1
    assert Event.objects.filter(verb="demand.invited_to_fair").count() == 2


def test_only_fair_organisers_invite_and_outsiders_find_nothing(officer_b, investment_a, enterprise_user, demand, fair):
    with pytest.raises(Forbidden):
        fairs.invite_to_fair(investment_a, demand, fair)
    with pytest.raises(JobFair.DoesNotExist):
        fairs.invite_to_fair(enterprise_user, demand, fair)
    with pytest.raises(Demand.DoesNotExist):
        fairs.invite_to_fair(officer_b, demand, fair)
    assert not FairInvitation.objects.exists()
