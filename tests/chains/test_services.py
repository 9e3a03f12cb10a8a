"""Chain and link writes through the services: the tree, its edits, the refusals, one Event each."""

import pytest

from zonedesk.chains import services
from zonedesk.chains.models import Chain, ChainLink
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event

from ..factories import UnitFactory


def test_creating_a_chain_writes_one_event_under_its_unit(chain, zone_a):
    events = Event.objects.filter(verb="chain.created")
    assert events.count() == 1
    assert events.get().unit == zone_a
    assert chain.unit == zone_a and chain.version == 1


def test_a_chain_name_is_unique_in_its_unit(chain, investment_a, zone_a):
    with pytest.raises(Rejected) as caught:
        services.create_chain(investment_a, unit=zone_a, name=" 新能源动力电池 ")
    assert caught.value.field == "name"


def test_a_chain_needs_a_name(investment_a, zone_a):
    with pytest.raises(Rejected) as caught:
        services.create_chain(investment_a, unit=zone_a, name="  ")
    assert caught.value.field == "name"
    assert not Chain.objects.exists()


def test_a_department_cannot_own_a_chain(admin_a, department_a):
    with pytest.raises(Rejected) as caught:
        services.create_chain(admin_a, unit=department_a, name="新能源动力电池")
    assert caught.value.field == "unit"


def test_a_service_officer_cannot_create_a_chain(officer_a, zone_a):
    with pytest.raises(Forbidden):
        services.create_chain(officer_a, unit=zone_a, name="新能源动力电池")


def test_a_zone_officer_cannot_create_a_chain_of_another_zone(investment_b, zone_a):
    with pytest.raises(Exception) as caught:
        services.create_chain(investment_b, unit=zone_a, name="新能源动力电池")
    assert isinstance(caught.value, (Forbidden, type(zone_a).DoesNotExist))
    assert not Chain.objects.exists()


def test_renaming_with_a_stale_version_conflicts(chain, investment_a):
    services.update_chain(investment_a, chain, version=1, name="动力电池")
    with pytest.raises(Conflict):
        services.update_chain(investment_a, chain, version=1, description="旧版本")
    chain.refresh_from_db()
    assert (chain.name, chain.version, chain.description) == ("动力电池", 2, "射阳新能源汽车及零部件产业园")
    assert Event.objects.get(verb="chain.updated").after == {"name": "动力电池"}


def test_archiving_keeps_the_chain_out_of_further_edits(chain, investment_a):
    services.archive_chain(investment_a, chain, version=1)
    with pytest.raises(Rejected):
        services.add_link(investment_a, chain, name="正极材料", position="upstream")


def test_links_form_a_tree_and_sub_links_take_their_parents_position(chain, investment_a, links):
    child = services.add_link(investment_a, chain, name="磷酸铁锂", parent=links["正极材料"])
    assert child.position == "upstream" and child.parent == links["正极材料"]
    assert child.order == 1
    second = services.add_link(investment_a, chain, name="三元材料", parent=links["正极材料"].pk, position="上游")
    assert second.order == 2
    with pytest.raises(Rejected) as caught:
        services.add_link(investment_a, chain, name="锰酸锂", parent=links["正极材料"], position="core")
    assert caught.value.field == "position"
    assert Event.objects.filter(verb="chain.link_added").count() == 6


def test_a_root_link_needs_a_position(chain, investment_a):
    with pytest.raises(Rejected) as caught:
        services.add_link(investment_a, chain, name="正极材料", position=None)
    assert caught.value.field == "position"
    with pytest.raises(Rejected):
        services.add_link(investment_a, chain, name="正极材料", position="sideways")
    assert not ChainLink.objects.exists()


def test_link_names_are_unique_in_the_whole_chain(chain, investment_a, links):
    with pytest.raises(Rejected) as caught:
        services.add_link(investment_a, chain, name="电解液", parent=links["正极材料"])
    assert caught.value.field == "name"
    with pytest.raises(Rejected):
        services.update_link(investment_a, links["电芯"], name="储能系统")


def test_a_parent_from_another_chain_is_refused(chain, investment_a, zone_a, links):
    other = services.create_chain(investment_a, unit=zone_a, name="晶硅光伏")
    with pytest.raises(Rejected) as caught:
        services.add_link(investment_a, other, name="硅片", parent=links["正极材料"])
    assert caught.value.field == "parent"
    silicon = services.add_link(investment_a, other, name="硅片", position="upstream")
    with pytest.raises(Rejected):
        services.update_link(investment_a, links["电芯"], parent=silicon)


def test_renaming_and_moving_a_link(chain, investment_a, links):
    cathode = links["正极材料"]
    lfp = services.add_link(investment_a, chain, name="磷酸铁锂", parent=cathode)
    services.update_link(investment_a, lfp, name="磷酸铁锂材料", note="重点招引")
    lfp.refresh_from_db()
    assert (lfp.name, lfp.note) == ("磷酸铁锂材料", "重点招引")
    # Moved under the core 电芯: it and nothing else becomes core.
    services.update_link(investment_a, lfp, parent=links["电芯"])
    lfp.refresh_from_db()
    assert (lfp.parent_id, lfp.position) == (links["电芯"].pk, "core")
    # Back to the root, then downstream.
    services.update_link(investment_a, lfp, parent=None, position="downstream")
    lfp.refresh_from_db()
    assert (lfp.parent_id, lfp.position) == (None, "downstream")
    event = Event.objects.filter(verb="chain.link_updated").latest("pk")
    assert event.before == {"link": lfp.pk, "parent": links["电芯"].pk, "position": "core", "order": 1}
    assert event.after["parent"] is None and event.after["position"] == "downstream"


def test_a_roots_position_carries_its_sub_links(chain, investment_a, links):
    child = services.add_link(investment_a, chain, name="磷酸铁锂", parent=links["正极材料"])
    grandchild = services.add_link(investment_a, chain, name="前驱体", parent=child)
    services.update_link(investment_a, links["正极材料"], position="core")
    assert set(ChainLink.objects.filter(pk__in=[child.pk, grandchild.pk]).values_list("position", flat=True)) == {
        "core"
    }
    with pytest.raises(Rejected):
        services.update_link(investment_a, child, position="downstream")


def test_a_link_cannot_move_under_itself_or_its_descendants(chain, investment_a, links):
    cathode = links["正极材料"]
    child = services.add_link(investment_a, chain, name="磷酸铁锂", parent=cathode)
    grandchild = services.add_link(investment_a, chain, name="前驱体", parent=child)
    for target in (cathode, child, grandchild):
        with pytest.raises(Rejected) as caught:
            services.update_link(investment_a, cathode, parent=target)
        assert caught.value.field == "parent"
    cathode.refresh_from_db()
    assert cathode.parent_id is None
    assert not Event.objects.filter(verb="chain.link_updated").exists()


def test_removing_a_link_is_refused_while_it_has_sub_links(chain, investment_a, links):
    child = services.add_link(investment_a, chain, name="磷酸铁锂", parent=links["正极材料"])
    with pytest.raises(Rejected):
        services.remove_link(investment_a, links["正极材料"])
    services.remove_link(investment_a, child)
    services.remove_link(investment_a, links["正极材料"])
    assert not ChainLink.objects.filter(name__in=["正极材料", "磷酸铁锂"]).exists()
    removed = Event.objects.filter(verb="chain.link_removed").latest("pk")
    assert removed.before["name"] == "正极材料" and removed.unit == chain.unit


def test_removing_a_link_is_refused_while_enterprises_or_projects_sit_on_it(
    chain, investment_a, links, enterprise, project_a
):
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    services.map_project(investment_a, links["正极材料"], project_a)
    for name in ("电芯", "正极材料"):
        with pytest.raises(Rejected):
            services.remove_link(investment_a, links[name])
    services.unmap_enterprise(investment_a, links["电芯"], enterprise)
    services.remove_link(investment_a, links["电芯"])
    assert ChainLink.objects.filter(pk=links["正极材料"].pk).exists()


def test_a_handler_cannot_edit_links(chain, handler, links):
    with pytest.raises(Forbidden):
        services.add_link(handler, chain, name="隔膜", position="upstream")
    with pytest.raises(Forbidden):
        services.update_link(handler, links["电芯"], name="电芯制造")
    with pytest.raises(Forbidden):
        services.remove_link(handler, links["电芯"])


def test_another_zones_officer_does_not_find_the_chain(chain, investment_b, links):
    with pytest.raises(Chain.DoesNotExist):
        services.add_link(investment_b, chain, name="隔膜", position="upstream")
    with pytest.raises(ChainLink.DoesNotExist):
        services.update_link(investment_b, links["电芯"], name="电芯制造")


def test_a_zone_officer_reads_but_cannot_edit_the_countys_chain(county_chain, investment_a):
    assert Chain.objects.visible_to(investment_a.user).filter(pk=county_chain.pk).exists()
    with pytest.raises(Forbidden):
        services.add_link(investment_a, county_chain, name="隔膜", position="upstream")


def test_the_county_keeps_its_chain(county_chain, county_investment, county):
    sub = UnitFactory(name="射阳县发改委", kind="department", parent=county)
    assert sub.path.startswith(county.path)
    link = services.add_link(county_investment, county_chain, name="隔膜", position="upstream")
    assert link.chain == county_chain
