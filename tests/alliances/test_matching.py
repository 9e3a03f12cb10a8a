"""Supplier-buyer matching between members and its outcome."""

from decimal import Decimal

import pytest

from zonedesk.alliances import matching
from zonedesk.alliances.models import Matching
from zonedesk.alliances.queries import matching_totals, matchings_of
from zonedesk.alliances.states import MatchingOutcome
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event


@pytest.fixture
def introduced(officer_a, alliance, members):
    return matching.introduce(
        officer_a,
        alliance,
        {
            "supplier": members["jingao"],
            "buyer": members["guoyang"],
            "product": "光伏压延玻璃",
            "introduced_on": "2026-03-02",
        },
    )


def test_introducing_a_supplier_to_a_buyer_is_pending_with_one_event(introduced, members):
    assert (introduced.supplier, introduced.buyer) == (members["jingao"], members["guoyang"])
    assert introduced.outcome == MatchingOutcome.PENDING and introduced.amount_wan is None
    event = Event.objects.get(verb="alliance.matching_introduced")
    assert event.after["supplier"] == members["jingao"].pk and event.after["product"] == "光伏压延玻璃"


def test_supplier_and_buyer_are_two_member_enterprises(officer_a, alliance, members):
    data = {"supplier": members["guoyang"], "buyer": members["guoyang"], "product": "电池片"}
    with pytest.raises(Rejected) as refused:
        matching.introduce(officer_a, alliance, data)
    assert refused.value.field == "buyer"
    with pytest.raises(Rejected) as refused:
        matching.introduce(officer_a, alliance, {**data, "supplier": members["association"]})
    assert refused.value.field == "supplier"
    assert not Matching.objects.exists()


def test_a_deal_records_its_amount_in_wan(officer_a, introduced):
    done = matching.record_outcome(
        officer_a, introduced, outcome=MatchingOutcome.DEAL, amount_wan="1.2亿", outcome_on="2026-03-09", version=1
    )
    assert (done.outcome, done.amount_wan, done.version) == (MatchingOutcome.DEAL, Decimal("12000.00"), 2)
    event = Event.objects.get(verb="alliance.matching_outcome_recorded")
    assert event.before["outcome"] == "pending"
    assert event.after == {"outcome": "deal", "amount_wan": "12000.00", "outcome_on": "2026-03-09", "note": ""}


def test_recording_an_outcome_with_a_stale_version_is_a_conflict(officer_a, introduced):
    matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.NO_DEAL, version=1)
    with pytest.raises(Conflict):
        matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.DEAL, amount_wan="500", version=1)
    assert Matching.objects.get(pk=introduced.pk).outcome == MatchingOutcome.NO_DEAL


def test_an_outcome_is_recorded_once(officer_a, introduced):
    matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.NO_DEAL, version=1)
    with pytest.raises(Rejected) as refused:
        matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.DEAL, version=2)
    assert refused.value.field == "outcome"


def test_only_a_deal_has_an_amount_and_it_is_a_plain_amount(officer_a, introduced):
    with pytest.raises(Rejected) as refused:
        matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.NO_DEAL, amount_wan="300")
    assert refused.value.field == "amount_wan"
    with pytest.raises(Rejected) as refused:
        matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.DEAL, amount_wan="数亿元")
    assert refused.value.field == "amount_wan"
    with pytest.raises(Rejected) as refused:
        matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.DEAL, outcome_on="2026-03-01")
    assert refused.value.field == "outcome_on"
    assert Matching.objects.get(pk=introduced.pk).version == 1


def test_the_totals_count_deals_and_sum_only_known_amounts(officer_a, alliance, members, introduced):
    second = matching.introduce(
        officer_a, alliance, {"supplier": members["keyang"], "buyer": members["guoyang"], "product": "逆变器"}
    )
    third = matching.introduce(
        officer_a, alliance, {"supplier": members["keyang"], "buyer": members["jingao"], "product": "线缆"}
    )
    matching.record_outcome(officer_a, introduced, outcome=MatchingOutcome.DEAL, amount_wan="800")
    matching.record_outcome(officer_a, second, outcome=MatchingOutcome.DEAL)
    assert third.outcome == MatchingOutcome.PENDING
    totals = matching_totals(matchings_of(alliance))
    assert totals == {"introduced": 3, "deals": 2, "no_deals": 0, "pending": 1, "amount_wan": Decimal("800.00")}


def test_a_role_without_alliance_manage_cannot_record_an_outcome(pm_a, introduced):
    with pytest.raises(Forbidden):
        matching.record_outcome(pm_a, introduced, outcome=MatchingOutcome.DEAL, version=1)


def test_another_zones_officer_does_not_reach_the_matching(officer_b, introduced):
    with pytest.raises(Matching.DoesNotExist):
        matching.record_outcome(officer_b, introduced, outcome=MatchingOutcome.DEAL, version=1)
