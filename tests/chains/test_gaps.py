"""The gap list of a chain from hand-built data: empty and weak links, suppliers outside the zone read from the
visits' free text, expansion flags, and candidates already targeted not repeated."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.chains import services, targets
from zonedesk.chains.gaps import WEAK_BELOW, Supplier, gap_list, parse_suppliers
from zonedesk.chains.models import ProjectLink, TargetSource
from zonedesk.projects.services import advance_stage, create_facility
from zonedesk.projects.services.lifecycle import create_project
from zonedesk.visits.services import log_visit

from ..factories import EnterpriseFactory


def visit(by, enterprise, day: date, **findings):
    if findings.get("plans_to_expand"):
        findings.setdefault("risk_note", "拟扩建二期厂房")
    return log_visit(enterprise, unit=enterprise.unit, findings={"visited_on": day, **findings}, by=by)


@pytest.fixture
def placed(links, investment_a, zone_a, project_a):
    """正极材料: two enterprises (not weak); 电芯: one (weak); 储能系统: a project only (weak); 电解液: a dropped
    project, an archived enterprise and a facility of the zone only (empty)."""
    made = {
        name: EnterpriseFactory(name=name, unit=zone_a) for name in ["华正正极", "宏源正极", "海阳电芯", "旧电解液"]
    }
    services.map_enterprise(investment_a, links["正极材料"], made["华正正极"])
    services.map_enterprise(investment_a, links["正极材料"], made["宏源正极"])
    services.map_enterprise(investment_a, links["电芯"], made["海阳电芯"])
    services.map_enterprise(investment_a, links["电解液"], made["旧电解液"])
    made["旧电解液"].is_archived = True
    made["旧电解液"].save(update_fields=["is_archived"])
    services.map_project(investment_a, links["储能系统"], project_a)
    dropped = create_project({"name": "某电解液项目", "unit": zone_a}, by=investment_a)
    services.map_project(investment_a, links["电解液"], dropped)
    advance_stage(dropped, "dropped", by=investment_a, reason="投资方放弃")
    facility = create_facility(investment_a, unit=zone_a, name="电解液仓储中心")  # the zone's own: fills no link
    ProjectLink.objects.create(
        link=links["电解液"], project=facility
    )  # the services refuse it; an old row may be there
    return made


def test_weak_means_fewer_than_two_enterprises():
    assert WEAK_BELOW == 2


def test_suppliers_are_read_one_a_line_or_between_list_marks():
    text = "天赐材料（广州）—电解液；星源材质（深圳）—隔膜\n宁德新材料、 无 ;恩捷股份：隔膜，天赐材料(广州)"
    assert parse_suppliers(text) == [
        Supplier("天赐材料（广州）", "电解液"),
        Supplier("星源材质（深圳）", "隔膜"),
        Supplier("宁德新材料"),
        Supplier("恩捷股份", "隔膜"),
    ]
    assert parse_suppliers("") == [] and parse_suppliers("暂无") == []


def test_a_sentence_names_no_supplier_and_is_kept_whole():
    text = "铸件主要来自浙江台州，运输周期约3天。\n电子元器件依赖深圳、东莞供应商。\n天赐材料（广州）—电解液。"
    assert parse_suppliers(text) == [
        Supplier("", note="铸件主要来自浙江台州，运输周期约3天"),
        Supplier("", note="电子元器件依赖深圳、东莞供应商"),
        Supplier("天赐材料（广州）", "电解液"),
    ]


def test_empty_and_weak_links(placed, chain, links, investment_a):
    found = gap_list(investment_a.user, chain)
    assert [(c.link.name, c.enterprises, c.projects) for c in found.empty] == [("电解液", 0, 0)]
    assert [(c.link.name, c.enterprises, c.projects) for c in found.weak] == [("电芯", 1, 0), ("储能系统", 0, 1)]
    assert all(c.source == TargetSource.GAP and c.company == "" for c in found.empty + found.weak)
    assert found.empty[0].is_empty and not found.weak[1].is_empty
    assert found.suppliers == [] and found.expansions == []


def test_an_empty_chain_lists_every_link_as_empty(chain, links, investment_a):
    found = gap_list(investment_a.user, chain)
    assert [c.link.name for c in found.empty] == ["正极材料", "电解液", "电芯", "储能系统"]
    assert found.weak == []


def test_suppliers_outside_the_zone_come_from_the_latest_visit_that_named_them(placed, chain, links, officer_a):
    cell = placed["海阳电芯"]
    visit(officer_a, cell, date(2026, 9, 1), key_suppliers_outside="老供应商（苏州）")
    visit(
        officer_a, cell, date(2026, 10, 8), key_suppliers_outside="天赐材料（广州）—电解液；星源材质（深圳）—隔膜\n无"
    )
    visit(officer_a, cell, date(2026, 11, 2), summary="例行走访，未记供应商")
    visit(officer_a, placed["华正正极"], date(2026, 10, 9), key_suppliers_outside="天赐材料(广州)—电解液")
    prose = "电解液添加剂主要来自广州，交期较长。"
    visit(officer_a, placed["宏源正极"], date(2026, 10, 1), key_suppliers_outside=prose)
    found = gap_list(officer_a.user, chain)
    rows = [
        (c.company, c.link.name, [(b.enterprise.name, b.link.name, b.product) for b in c.buyers])
        for c in found.suppliers
    ]
    assert rows == [
        # named 电解液: the target goes on the chain's 电解液 link; both buyers buy it (the newest visit first)
        ("天赐材料(广州)", "电解液", [("华正正极", "正极材料", "电解液"), ("海阳电芯", "电芯", "电解液")]),
        # 隔膜 is no link of this chain: on the buyer's own link
        ("星源材质（深圳）", "电芯", [("海阳电芯", "电芯", "隔膜")]),
        # a sentence naming no supplier: what is bought outside, on the link it names, its company to be typed
        ("", "电解液", [("宏源正极", "正极材料", "电解液添加剂主要来自广州，交期较长")]),
    ]
    assert found.suppliers[2].note == "电解液添加剂主要来自广州，交期较长"
    supplier = found.suppliers[0]
    assert supplier.source == TargetSource.OUTSIDE_SUPPLIER and supplier.enterprise == placed["华正正极"]
    assert "海阳电芯" in supplier.reason and "2026-10-08" in supplier.reason and "2026-10-09" in supplier.reason


def test_an_enterprise_off_the_chain_or_out_of_scope_names_no_supplier(placed, chain, officer_a, officer_b, zone_b):
    elsewhere = EnterpriseFactory(name="链外企业", unit=placed["海阳电芯"].unit)
    visit(officer_a, elsewhere, date(2026, 10, 1), key_suppliers_outside="天赐材料（广州）—电解液")
    assert gap_list(officer_a.user, chain).suppliers == []


def test_expansion_flags_of_the_latest_done_visit(placed, chain, officer_a):
    visit(officer_a, placed["海阳电芯"], date(2026, 11, 20), plans_to_expand=True, risk_note="拟投资8亿元扩建二期")
    visit(officer_a, placed["华正正极"], date(2026, 9, 1), plans_to_expand=True)
    visit(officer_a, placed["华正正极"], date(2026, 11, 1), summary="扩产计划已搁置")
    found = gap_list(officer_a.user, chain)
    assert [(c.company, c.link.name, c.enterprise) for c in found.expansions] == [
        ("海阳电芯", "电芯", placed["海阳电芯"])
    ]
    assert "拟投资8亿元扩建二期" in found.expansions[0].reason and "2026-11-20" in found.expansions[0].reason


def test_candidates_already_targeted_are_not_repeated(placed, chain, links, officer_a, investment_a):
    visit(
        officer_a,
        placed["海阳电芯"],
        date(2026, 11, 20),
        key_suppliers_outside="天赐材料（广州）—电解液；星源材质（深圳）—隔膜",
        plans_to_expand=True,
    )
    first = gap_list(investment_a.user, chain)
    assert len(first.suppliers) == 2 and len(first.expansions) == 1
    # the same company in other brackets is the same target
    targets.add_target(investment_a, link=links["电解液"], company="天赐材料(广州)", source="outside_supplier")
    expanding = targets.add_target(
        investment_a, link=links["电芯"], company="海阳电芯", source="expansion", enterprise=placed["海阳电芯"]
    )
    gap = targets.add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap")
    second = gap_list(investment_a.user, chain)
    assert [c.company for c in second.suppliers] == ["星源材质（深圳）"]
    assert second.expansions == []
    # an empty link stays listed while it is empty, with its open targets counted
    assert [(c.link.name, c.open_targets) for c in second.empty] == [("电解液", 2)]
    # a converted target still counts; a dismissed one brings the candidate back
    targets.target_to_lead(investment_a, expanding, version=1)
    targets.dismiss_target(investment_a, gap, version=1, reason="已在外地落户")
    third = gap_list(investment_a.user, chain)
    assert third.expansions == [] and [(c.link.name, c.open_targets) for c in third.weak][:1] == [("电芯", 0)]
    assert [(c.link.name, c.open_targets) for c in third.empty] == [("电解液", 1)]


def test_a_zone_officer_sees_the_county_chain_with_its_own_enterprises_only(
    county_chain, county_investment, zone_a, zone_b, officer_a, officer_b
):
    cell = county_chain.links.get(name="电芯")
    ours, theirs = EnterpriseFactory(name="A区电芯", unit=zone_a), EnterpriseFactory(name="B区电芯", unit=zone_b)
    services.map_enterprise(county_investment, cell, ours)
    services.map_enterprise(county_investment, cell, theirs)
    visit(officer_a, ours, date(2026, 11, 1), key_suppliers_outside="甲供应商")
    visit(officer_b, theirs, date(2026, 11, 1), key_suppliers_outside="乙供应商", plans_to_expand=True)
    mine = gap_list(officer_a.user, county_chain)
    assert [c.company for c in mine.suppliers] == ["甲供应商"] and mine.expansions == []
    assert mine.empty == [] and mine.weak == []  # two enterprises on the link, whoever sees them
    county = gap_list(county_investment.user, county_chain)
    assert sorted(c.company for c in county.suppliers) == ["乙供应商", "甲供应商"]
    assert [c.company for c in county.expansions] == ["B区电芯"]


def _queries(user, chain) -> int:
    with CaptureQueriesContext(connection) as captured:
        gap_list(user, chain)
    return len(captured.captured_queries)


def test_the_gap_list_costs_the_same_queries_however_many_rows(chain, links, investment_a, officer_a, zone_a):
    user = officer_a.user

    def add_enterprise(i: int) -> None:
        enterprise = EnterpriseFactory(unit=zone_a)
        services.map_enterprise(investment_a, links["电芯" if i % 2 else "正极材料"], enterprise)
        visit(officer_a, enterprise, date(2026, 11, 1), key_suppliers_outside=f"供应商{i}—电解液", plans_to_expand=True)

    add_enterprise(0)
    gap_list(user, chain)  # the user's memberships are read once
    few = _queries(user, chain)
    for i in range(1, 7):
        add_enterprise(i)
    for name in ["隔膜", "外壳", "PACK"]:
        services.add_link(investment_a, chain, name=name, position="upstream")
    many = gap_list(user, chain)
    assert len(many.suppliers) == 7 and len(many.expansions) == 7
    assert _queries(user, chain) == few
