"""Setting up an alliance, its members joining and leaving, and who sees it."""

from datetime import date

import pytest

from zonedesk.alliances import services
from zonedesk.alliances.models import Alliance, AllianceMember
from zonedesk.alliances.states import AllianceKind, MemberKind, MemberRole
from zonedesk.chains.models import Chain
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event

from ..factories import EnterpriseFactory
from .conftest import join


def test_setting_up_an_alliance_writes_it_with_its_chain_and_one_event(alliance, chain, zone_a):
    assert (alliance.unit, alliance.chain, alliance.kind) == (zone_a, chain, AllianceKind.CHAIN_ALLIANCE)
    assert alliance.founded_on == date(2025, 6, 1) and alliance.lead == "射阳县发改委"
    event = Event.objects.get(verb="alliance.created")
    assert event.object_id == str(alliance.pk) and event.unit == zone_a
    assert event.after["chain"] == chain.pk and event.after["name"] == "晶硅光伏产业链党建联盟"


def test_an_alliance_needs_a_name_and_a_kind_and_writes_nothing_otherwise(officer_a, zone_a):
    with pytest.raises(Rejected) as refused:
        services.create_alliance(officer_a, {"unit": zone_a, "name": " ", "kind": AllianceKind.CHAMBER})
    assert refused.value.field == "name"
    with pytest.raises(Rejected) as refused:
        services.create_alliance(officer_a, {"unit": zone_a, "name": "射阳商会", "kind": "club"})
    assert refused.value.field == "kind"
    assert not Alliance.objects.exists() and not Event.objects.filter(verb="alliance.created").exists()


def test_a_chamber_needs_no_chain_but_a_chain_must_be_one_the_officer_sees(officer_a, zone_a, zone_b):
    chamber = services.create_alliance(officer_a, {"unit": zone_a, "name": "射阳商会", "kind": AllianceKind.CHAMBER})
    assert chamber.chain is None
    foreign = Chain.objects.create(unit=zone_b, name="海河镇机械")
    with pytest.raises(Rejected) as refused:
        services.create_alliance(
            officer_a, {"unit": zone_a, "name": "机械联盟", "kind": AllianceKind.CHAIN_ALLIANCE, "chain": foreign}
        )
    assert refused.value.field == "chain"


def test_changing_an_alliance_with_a_stale_version_is_a_conflict(officer_a, alliance):
    changed = services.update_alliance(officer_a, alliance, {"lead": "射阳县工信局"}, version=1)
    assert changed.version == 2 and changed.lead == "射阳县工信局"
    event = Event.objects.get(verb="alliance.updated")
    assert (event.before, event.after) == ({"lead": "射阳县发改委"}, {"lead": "射阳县工信局"})
    with pytest.raises(Conflict):
        services.update_alliance(officer_a, alliance, {"lead": "射阳县商务局"}, version=1)
    assert Alliance.objects.get(pk=alliance.pk).lead == "射阳县工信局"


def test_members_are_enterprises_departments_and_associations_each_with_an_event(members, alliance):
    rows = {m.pk: m for m in AllianceMember.objects.filter(alliance=alliance)}
    assert len(rows) == 5
    assert rows[members["guoyang"].pk].role == MemberRole.LEAD
    assert rows[members["department"].pk].display_name == "行政审批局"
    assert rows[members["association"].pk].display_name == "射阳县光伏行业协会"
    assert Event.objects.filter(verb="alliance.member_added").count() == 5


def test_an_enterprise_is_a_member_of_an_alliance_once(officer_a, alliance, members, enterprise):
    with pytest.raises(Rejected) as refused:
        join(officer_a, alliance, kind=MemberKind.ENTERPRISE, enterprise=enterprise)
    assert refused.value.field == "enterprise"
    assert AllianceMember.objects.filter(alliance=alliance, enterprise=enterprise).count() == 1


def test_a_member_that_left_can_join_again_and_keeps_its_history(officer_a, alliance, members, enterprise):
    services.leave(officer_a, members["guoyang"], left_on="2026-01-31")
    assert AllianceMember.objects.get(pk=members["guoyang"].pk).left_on == date(2026, 1, 31)
    with pytest.raises(Rejected):
        services.leave(officer_a, members["guoyang"])
    again = join(officer_a, alliance, kind=MemberKind.ENTERPRISE, enterprise=enterprise)
    assert AllianceMember.objects.filter(alliance=alliance, enterprise=enterprise).count() == 2
    assert again.left_on is None


def test_an_association_member_needs_its_name(officer_a, alliance):
    with pytest.raises(Rejected) as refused:
        join(officer_a, alliance, kind=MemberKind.ASSOCIATION, name="")
    assert refused.value.field == "name"


def test_another_zones_officer_does_not_see_the_alliance(officer_b, alliance, enterprise_b):
    assert not Alliance.objects.visible_to(officer_b.user).exists()
    with pytest.raises(Alliance.DoesNotExist):
        services.add_member(officer_b, alliance, {"kind": MemberKind.ENTERPRISE, "enterprise": enterprise_b})


def test_a_zone_whose_enterprise_is_a_member_reads_the_alliance_but_cannot_manage_it(
    county_officer, officer_b, alliance, zone_b, members
):
    member_b = EnterpriseFactory(name="海河镇光伏线缆有限公司", unit=zone_b)
    assert not Alliance.objects.visible_to(officer_b.user).exists()
    # The county's officer sees zone B's enterprise (zone A's does not) and adds it.
    join(county_officer, alliance, kind=MemberKind.ENTERPRISE, enterprise=member_b)
    assert list(Alliance.objects.visible_to(officer_b.user)) == [alliance]
    with pytest.raises(Forbidden):
        services.update_alliance(officer_b, alliance, {"lead": "海河镇"})


def test_a_role_without_alliance_manage_is_refused(pm_a, alliance, enterprise):
    with pytest.raises(Forbidden):
        services.add_member(pm_a, alliance, {"kind": MemberKind.ENTERPRISE, "enterprise": enterprise})
    assert not AllianceMember.objects.exists()


def test_an_enterprise_user_sees_no_alliance(enterprise_user, alliance, members):
    assert not Alliance.objects.visible_to(enterprise_user.user).exists()
