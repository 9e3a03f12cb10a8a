"""Targets through the services: added (the unit they are filed under, the refusals), dismissed, and turned into a
lead that keeps the link, once only."""

import pytest

from zonedesk.chains import services
from zonedesk.chains.models import ChainLink, InvestmentTarget, ProjectLink, TargetStatus
from zonedesk.chains.targets import add_target, dismiss_target, target_to_lead
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project, Source, StageMove

from ..factories import EnterpriseFactory, UnitFactory


@pytest.fixture
def target(links, investment_a):
    return add_target(
        investment_a, link=links["电解液"], company="天赐材料（广州）", source="gap", reason="电解液为空白环节"
    )


def test_adding_a_target_files_it_under_the_chain_unit_with_one_event(target, links, zone_a, investment_a):
    assert (target.unit, target.link, target.status, target.version) == (zone_a, links["电解液"], "open", 1)
    assert target.created_by == investment_a.user
    event = Event.objects.get(verb="chain_target.added")
    assert (
        event.unit == zone_a and event.after["company"] == "天赐材料（广州）" and event.after["link_name"] == "电解液"
    )


def test_a_target_from_a_visit_is_filed_under_the_enterprise_zone(county_chain, county_investment, zone_a):
    cell = county_chain.links.get(name="电芯")
    enterprise = EnterpriseFactory(name="海阳电芯", unit=zone_a)
    expanding = add_target(county_investment, link=cell, company="海阳电芯", source="expansion", enterprise=enterprise)
    gap = add_target(county_investment, link=cell, company="宁德时代", source="gap")
    assert expanding.unit == zone_a and gap.unit == county_chain.unit
    # the enterprise's own users must not read the zone's targets on its timeline
    assert not Event.objects.filter(verb="chain_target.added", enterprise=enterprise).exists()


def test_a_zone_officer_files_a_target_of_the_county_chain_under_their_zone(county_chain, investment_a, zone_a):
    target = add_target(investment_a, link=county_chain.links.get(name="电芯"), company="宁德时代", source="gap")
    assert target.unit == zone_a


def test_a_unit_outside_the_scope_or_the_chain_is_refused(links, county_leader, investment_a, zone_b):
    with pytest.raises(Rejected) as caught:
        add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap", unit=zone_b)
    assert caught.value.field == "unit"
    with pytest.raises(Rejected) as caught:  # the county leader sees zone B, but the chain is zone A's
        add_target(county_leader, link=links["电解液"], company="新宙邦", source="gap", unit=zone_b)
    assert caught.value.field == "unit"
    assert not InvestmentTarget.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"company": "  "}, "company"),
        ({"company": "公" * 201}, "company"),
        ({"source": "rumour"}, "source"),
        ({"source": "expansion"}, "enterprise"),
        ({"reason": "长" * 2001}, "reason"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(links, investment_a, values, field):
    data = {"link": links["电解液"], "company": "新宙邦", "source": "gap", **values}
    with pytest.raises(Rejected) as caught:
        add_target(investment_a, **data)
    assert caught.value.field == field
    assert not InvestmentTarget.objects.exists() and not Event.objects.filter(verb="chain_target.added").exists()


def test_an_enterprise_out_of_scope_is_refused(links, investment_a, enterprise_b):
    with pytest.raises(Rejected) as caught:
        add_target(investment_a, link=links["电芯"], company="x", source="expansion", enterprise=enterprise_b)
    assert caught.value.field == "enterprise"


def test_the_same_company_twice_on_a_link_is_refused_until_dismissed(target, links, investment_a):
    with pytest.raises(Rejected) as caught:
        add_target(investment_a, link=links["电解液"], company=" 天赐材料(广州) ", source="outside_supplier")
    assert caught.value.field == "company"
    # on another link it is another target
    add_target(investment_a, link=links["正极材料"], company="天赐材料（广州）", source="other")
    dismiss_target(investment_a, target, version=1, reason="对方无投资意向")
    again = add_target(investment_a, link=links["电解液"], company="天赐材料（广州）", source="gap")
    assert again.status == TargetStatus.OPEN


def test_a_service_officer_may_not_add_targets(links, officer_a):
    with pytest.raises(Forbidden):
        add_target(officer_a, link=links["电解液"], company="新宙邦", source="gap")


def test_another_zone_and_an_enterprise_user_do_not_see_the_link(links, investment_b, enterprise_user):
    for actor in (investment_b, enterprise_user):
        with pytest.raises(ChainLink.DoesNotExist):
            add_target(actor, link=links["电解液"], company="新宙邦", source="gap")
    assert not InvestmentTarget.objects.exists()


def test_a_target_becomes_a_lead_on_its_link_in_its_unit(target, links, zone_a, investment_a):
    project = target_to_lead(investment_a, target, version=1)
    assert (project.stage, project.unit, project.investor_name) == ("lead", zone_a, "天赐材料（广州）")
    # named after the company and the link (天赐材料（广州）电解液项目 once the messages are compiled)
    assert project.name.startswith("天赐材料（广州）") and "电解液" in project.name
    assert project.description == "电解液为空白环节"
    assert project.source == Source.OWN and project.officer == investment_a.user
    assert list(ProjectLink.objects.filter(project=project).values_list("link", flat=True)) == [links["电解液"].pk]
    target.refresh_from_db()
    assert (target.status, target.project, target.version) == (TargetStatus.CONVERTED, project, 2)
    assert StageMove.objects.filter(project=project, to_stage="lead").count() == 1
    assert Event.objects.filter(verb="project.created", object_id=str(project.pk)).count() == 1
    converted = Event.objects.get(verb="chain_target.converted")
    assert converted.after["project"] == project.pk and converted.unit == zone_a


def test_an_expansion_becomes_the_enterprise_own_project(links, investment_a, zone_a):
    enterprise = EnterpriseFactory(name="海阳电芯", unit=zone_a, industry_id="384")
    target = add_target(
        investment_a, link=links["电芯"], company="海阳电芯", source="expansion", enterprise=enterprise, reason="扩产"
    )
    project = target_to_lead(investment_a, target, version=1)
    assert (project.source, project.enterprise, project.industry_id) == (Source.ENTERPRISE, enterprise, "384")


def test_a_second_attempt_is_a_conflict_and_never_two_leads(target, investment_a, leader):
    target_to_lead(investment_a, target, version=1)
    for by, version in ((investment_a, 1), (leader, 2)):  # the stale form, and one read after the first lead
        with pytest.raises(Conflict):
            target_to_lead(by, target, version=version)
    assert Project.objects.count() == 1 and ProjectLink.objects.count() == 1
    assert Event.objects.filter(verb="chain_target.converted").count() == 1


def test_a_stale_version_is_a_conflict(target, investment_a):
    dismiss_target(investment_a, target, version=1, reason="已在外地落户")
    with pytest.raises(Conflict):
        target_to_lead(investment_a, target, version=1)
    with pytest.raises(Rejected) as caught:
        target_to_lead(investment_a, target, version=2)
    assert caught.value.field == "status" and not Project.objects.exists()


def test_a_failed_lead_leaves_the_target_open(target, investment_a):
    with pytest.raises(Rejected) as caught:
        target_to_lead(investment_a, target, version=1, officer=999999)
    assert caught.value.field == "officer"
    target.refresh_from_db()
    assert target.status == TargetStatus.OPEN and target.version == 1
    assert not Project.objects.exists() and not ProjectLink.objects.exists()


def test_a_region_target_names_the_zone_that_follows_the_lead(county_chain, county_leader, zone_a, zone_b):
    target = add_target(county_leader, link=county_chain.links.get(name="电芯"), company="宁德时代", source="gap")
    with pytest.raises(Rejected) as caught:
        target_to_lead(county_leader, target, version=1)
    assert caught.value.field == "unit"
    other = UnitFactory(name="外县开发区", parent=UnitFactory(name="外县", kind="region"))
    with pytest.raises(Rejected):
        target_to_lead(county_leader, target, version=1, unit=other)
    project = target_to_lead(county_leader, target, version=1, unit=zone_b)
    assert project.unit == zone_b and project.stage == "lead"
    assert ProjectLink.objects.get(project=project).link.name == "电芯"


def test_who_may_turn_a_target_into_a_lead(target, officer_a, investment_b, enterprise_user):
    with pytest.raises(Forbidden):
        target_to_lead(officer_a, target, version=1)
    for actor in (investment_b, enterprise_user):
        with pytest.raises(InvestmentTarget.DoesNotExist):
            target_to_lead(actor, target, version=1)
    assert not Project.objects.exists()


def test_dismissing_needs_a_reason_and_the_current_version(target, investment_a, officer_a):
    with pytest.raises(Rejected) as caught:
        dismiss_target(investment_a, target, version=1, reason=" ")
    assert caught.value.field == "reason"
    with pytest.raises(Forbidden):
        dismiss_target(officer_a, target, version=1, reason="不跟了")
    dismissed = dismiss_target(investment_a, target, version=1, reason="已在外地落户")
    assert (dismissed.status, dismissed.dismissed_reason, dismissed.version) == ("dismissed", "已在外地落户", 2)
    with pytest.raises(Conflict):
        dismiss_target(investment_a, target, version=1, reason="再次")
    with pytest.raises(Rejected):
        dismiss_target(investment_a, target, version=2, reason="再次")
    assert Event.objects.filter(verb="chain_target.dismissed").count() == 1


def test_an_archived_chain_takes_no_new_target(chain, links, investment_a):
    chain.refresh_from_db()
    services.archive_chain(investment_a, chain, version=chain.version)
    with pytest.raises(Rejected) as caught:
        add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap")
    assert caught.value.field == "link"
