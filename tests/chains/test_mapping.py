"""Placing enterprises and projects on links: who may, twice, outside the chain's unit, one Event each."""

import pytest

from zonedesk.chains import services
from zonedesk.chains.models import ChainLink, EnterpriseLink, ProjectLink
from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project
from zonedesk.projects.services.lifecycle import create_project

from ..factories import EnterpriseFactory


def test_mapping_an_enterprise_writes_one_event_on_the_chain_and_the_enterprise(links, investment_a, enterprise):
    mapped = services.map_enterprise(investment_a, links["电芯"], enterprise, note="主要产品: 磷酸铁锂电芯")
    assert mapped.note == "主要产品: 磷酸铁锂电芯"
    event = Event.objects.get(verb="chain.enterprise_mapped")
    assert (event.unit, event.enterprise_id) == (links["电芯"].chain.unit, enterprise.pk)
    assert event.after["link_name"] == "电芯"
    assert Event.objects.about(enterprise).filter(verb="chain.enterprise_mapped").count() == 1


def test_an_enterprise_can_sit_on_several_links_but_not_twice_on_one(links, investment_a, enterprise):
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    services.map_enterprise(investment_a, links["储能系统"], enterprise)
    with pytest.raises(Rejected) as caught:
        services.map_enterprise(investment_a, links["电芯"], enterprise)
    assert caught.value.field == "enterprise"
    assert EnterpriseLink.objects.filter(enterprise=enterprise).count() == 2
    assert Event.objects.filter(verb="chain.enterprise_mapped").count() == 2


def test_unmapping_takes_the_enterprise_off_and_says_so(links, investment_a, enterprise):
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    services.unmap_enterprise(investment_a, links["电芯"], enterprise)
    assert not EnterpriseLink.objects.exists()
    assert Event.objects.get(verb="chain.enterprise_unmapped").before["enterprise"] == enterprise.pk
    with pytest.raises(Rejected):
        services.unmap_enterprise(investment_a, links["电芯"], enterprise)


def test_an_enterprise_of_another_zone_does_not_exist_for_the_zone_officer(links, investment_a, enterprise_b):
    with pytest.raises(Enterprise.DoesNotExist):
        services.map_enterprise(investment_a, links["电芯"], enterprise_b)


def test_an_enterprise_outside_the_chains_unit_is_refused(links, county_investment, enterprise_b):
    # The county officer sees zone B's enterprise, but the chain is zone A's.
    with pytest.raises(Rejected) as caught:
        services.map_enterprise(county_investment, links["电芯"], enterprise_b)
    assert caught.value.field == "enterprise"
    assert not EnterpriseLink.objects.exists()


def test_an_archived_enterprise_is_refused(links, investment_a, zone_a):
    closed = EnterpriseFactory(unit=zone_a, is_archived=True)
    with pytest.raises(Rejected):
        services.map_enterprise(investment_a, links["电芯"], closed)


def test_a_zone_officer_maps_their_own_enterprise_onto_the_countys_chain(county_chain, investment_a, enterprise):
    cell = ChainLink.objects.get(chain=county_chain, name="电芯")
    services.map_enterprise(investment_a, cell, enterprise)
    assert EnterpriseLink.objects.filter(link=cell, enterprise=enterprise).exists()
    services.unmap_enterprise(investment_a, cell, enterprise)
    assert not EnterpriseLink.objects.exists()


def test_a_zone_officer_cannot_map_a_sibling_zones_enterprise_on_the_countys_chain(
    county_chain, investment_b, enterprise
):
    cell = ChainLink.objects.get(chain=county_chain, name="电芯")
    with pytest.raises(Enterprise.DoesNotExist):
        services.map_enterprise(investment_b, cell, enterprise)


def test_the_county_officer_maps_any_zones_enterprise_on_the_countys_chain(
    county_chain, county_investment, enterprise, enterprise_b
):
    cell = ChainLink.objects.get(chain=county_chain, name="电芯")
    services.map_enterprise(county_investment, cell, enterprise)
    services.map_enterprise(county_investment, cell, enterprise_b)
    assert EnterpriseLink.objects.filter(link=cell).count() == 2


def test_a_service_officer_cannot_map(links, officer_a, enterprise, county_chain):
    with pytest.raises(Forbidden):
        services.map_enterprise(officer_a, links["电芯"], enterprise)
    with pytest.raises(Forbidden):
        services.map_enterprise(officer_a, ChainLink.objects.get(chain=county_chain), enterprise)


def test_an_enterprise_user_does_not_find_the_link(links, enterprise_user, enterprise):
    with pytest.raises(ChainLink.DoesNotExist):
        services.map_enterprise(enterprise_user, links["电芯"], enterprise)


def test_mapping_a_project_and_twice(links, investment_a, project_a):
    services.map_project(investment_a, links["正极材料"], project_a)
    with pytest.raises(Rejected) as caught:
        services.map_project(investment_a, links["正极材料"], project_a)
    assert caught.value.field == "project"
    event = Event.objects.get(verb="chain.project_mapped")
    assert event.after["project"] == project_a.pk
    services.unmap_project(investment_a, links["正极材料"], project_a)
    assert not ProjectLink.objects.exists()
    assert Event.objects.filter(verb="chain.project_unmapped").count() == 1


def test_a_project_of_another_zone_does_not_exist_for_the_zone_officer(links, investment_b, zone_b, investment_a):
    project = create_project({"name": "海河镇储能项目", "unit": zone_b}, by=investment_b)
    with pytest.raises(Project.DoesNotExist):
        services.map_project(investment_a, links["储能系统"], project)


def test_a_zone_officer_maps_their_own_project_onto_the_countys_chain(county_chain, investment_a, project_a):
    cell = ChainLink.objects.get(chain=county_chain, name="电芯")
    services.map_project(investment_a, cell, project_a)
    assert ProjectLink.objects.filter(link=cell, project=project_a).exists()


def test_a_zone_facility_is_not_put_on_a_chain_nor_counted_on_its_page(links, investment_a, zone_a, project_a):
    from zonedesk.chains.queries import project_rows
    from zonedesk.projects.services.facilities import create_facility

    facility = create_facility(investment_a, unit=zone_a, name="电子信息产业园人才公寓")
    with pytest.raises(Rejected) as refused:
        services.map_project(investment_a, links["电芯"], facility)
    assert refused.value.field == "project"
    ProjectLink.objects.create(link=links["电芯"], project=facility)  # one put there before the rule, by hand
    services.map_project(investment_a, links["电芯"], project_a)
    assert [row.project_id for row in project_rows(investment_a.user, links["电芯"].chain)] == [project_a.pk]
