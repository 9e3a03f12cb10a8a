"""The targeted-investment pages: a chain's gap list with its one-click forms, the target list with its filters,
export and actions, and a chain's figures; who sees them (404 outside scope) and who may act (403)."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from zonedesk.chains import services
from zonedesk.chains.models import InvestmentTarget, ProjectLink, TargetStatus
from zonedesk.chains.targets import add_target
from zonedesk.projects.models import Project
from zonedesk.visits.services import log_visit

from ..conftest import client_for
from ..factories import EnterpriseFactory


@pytest.fixture
def cell(links, investment_a, officer_a, zone_a):
    enterprise = EnterpriseFactory(name="海阳电芯", unit=zone_a)
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    findings = {"visited_on": date(2026, 11, 20), "key_suppliers_outside": "天赐材料（广州）—电解液"}
    log_visit(enterprise, unit=zone_a, findings=findings, by=officer_a)
    return enterprise


def test_the_gap_page_lists_the_candidates_with_their_forms(chain, links, cell, investment_a):
    page = client_for(investment_a).get(f"/chains/{chain.pk}/gaps/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'data-link="{links["电解液"].pk}"' in text and "天赐材料（广州）" in text and "海阳电芯" in text
    assert [c.link.name for c in page.context["gaps"].empty] == ["正极材料", "电解液", "储能系统"]
    assert text.count("data-add-form=") == 5  # three empty links, one weak, one supplier


def test_a_service_officer_reads_the_gap_list_without_the_forms(chain, links, cell, officer_a):
    page = client_for(officer_a).get(f"/chains/{chain.pk}/gaps/")
    assert page.status_code == 200 and "data-add-form=" not in page.content.decode()
    answer = client_for(officer_a).post(
        f"/chains/{chain.pk}/gaps/target/", {"link": links["电解液"].pk, "company": "新宙邦", "source": "gap"}
    )
    assert answer.status_code == 403 and not InvestmentTarget.objects.exists()


def test_another_zone_and_an_enterprise_user_get_404(chain, links, investment_a, investment_b, enterprise_user):
    target = add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap")
    for actor in (investment_b, enterprise_user):
        client = client_for(actor)
        assert client.get(f"/chains/{chain.pk}/gaps/").status_code == 404
        assert client.get(f"/chains/{chain.pk}/figures/").status_code == 404
        assert client.post(f"/chains/targets/{target.pk}/lead/", {"version": 1}).status_code == 404
        assert client.post(f"/chains/targets/{target.pk}/dismiss/", {"version": 1, "reason": "x"}).status_code == 404
    assert client_for(enterprise_user).get("/chains/targets/").status_code == 404
    assert client_for(investment_b).get("/chains/targets/").context["rows"] == []


def test_listing_a_supplier_in_one_click(chain, links, cell, investment_a, zone_a):
    client = client_for(investment_a)
    candidate = client.get(f"/chains/{chain.pk}/gaps/").context["gaps"].suppliers[0]
    data = {
        "back": "gaps",
        "source": candidate.source,
        "reason": candidate.reason,
        "enterprise": candidate.enterprise.pk,
        "company": candidate.company,
        "link": candidate.link.pk,
    }
    answer = client.post(f"/chains/{chain.pk}/gaps/target/", data)
    assert answer.status_code == 302 and answer["Location"].endswith(f"/chains/{chain.pk}/gaps/#targets")
    target = InvestmentTarget.objects.get()
    assert (target.company, target.link, target.enterprise, target.unit) == (
        "天赐材料（广州）",
        links["电解液"],
        cell,
        zone_a,
    )
    after = client.get(f"/chains/{chain.pk}/gaps/")
    assert after.context["gaps"].suppliers == [] and f'data-target="{target.pk}"' in after.content.decode()


def test_a_link_to_fill_needs_the_company_typed_in(chain, links, investment_a):
    client = client_for(investment_a)
    data = {"back": "gaps", "source": "gap", "link": links["电解液"].pk, "company": " ", "reason": "空白"}
    answer = client.post(f"/chains/{chain.pk}/gaps/target/", data)
    assert answer.status_code == 422 and not InvestmentTarget.objects.exists()
    assert "chains/gaps.html" in [t.name for t in answer.templates]
    foreign = client.post(f"/chains/{chain.pk}/gaps/target/", {**data, "link": 999999, "company": "新宙邦"})
    assert foreign.status_code == 404


def test_turning_a_target_into_a_lead_from_the_page(chain, links, investment_a, zone_a):
    target = add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap", reason="电解液空白")
    client = client_for(investment_a)
    answer = client.post(f"/chains/targets/{target.pk}/lead/", {"version": 1, "back": "gaps"})
    project = Project.objects.get()
    assert answer.status_code == 302 and answer["Location"] == project.get_absolute_url()
    assert project.stage == "lead" and project.unit == zone_a
    assert ProjectLink.objects.get(project=project).link == links["电解液"]
    landed = client.get(answer["Location"])
    assert landed.status_code == 200 and "电解液" in " ".join(str(m) for m in landed.context["messages"])
    again = client.post(f"/chains/targets/{target.pk}/lead/", {"version": 1, "back": "gaps"})
    assert again.status_code == 409 and Project.objects.count() == 1


def test_a_county_target_is_led_by_the_zone_chosen_on_the_page(county_chain, county_leader, zone_a, zone_b):
    target = add_target(county_leader, link=county_chain.links.get(name="电芯"), company="宁德时代", source="gap")
    client = client_for(county_leader)
    page = client.get(f"/chains/{county_chain.pk}/gaps/")
    [row] = page.context["targets"]
    assert [u.pk for u in row["lead_units"]] == [zone_a.pk, zone_b.pk]
    answer = client.post(f"/chains/targets/{target.pk}/lead/", {"version": 1, "unit": zone_b.pk, "back": "gaps"})
    assert answer.status_code == 302 and Project.objects.get().unit == zone_b


def test_dismissing_from_the_target_list(links, investment_a):
    target = add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap")
    client = client_for(investment_a)
    empty = client.post(f"/chains/targets/{target.pk}/dismiss/", {"version": 1, "reason": ""})
    assert empty.status_code == 422
    answer = client.post(f"/chains/targets/{target.pk}/dismiss/", {"version": 1, "reason": "已在外地落户"})
    assert answer.status_code == 302 and answer["Location"] == "/chains/targets/"
    target.refresh_from_db()
    assert target.status == TargetStatus.DISMISSED


def test_the_target_list_filters_and_exports_what_it_shows(chain, links, investment_a):
    first = add_target(investment_a, link=links["电解液"], company="新宙邦", source="gap")
    add_target(investment_a, link=links["电芯"], company="宁德时代", source="other")
    client = client_for(investment_a)
    page = client.get("/chains/targets/", {"link": links["电解液"].pk})
    assert [row["t"].pk for row in page.context["rows"]] == [first.pk]
    assert len(client.get("/chains/targets/", {"chain": chain.pk}).context["rows"]) == 2
    export = client.get("/chains/targets/export.xlsx", {"source": "gap"})
    assert export.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(0)
    rows = rows.to_python()[2:]  # the title, the headers, then exactly the filtered rows
    assert [(r[1], r[2]) for r in rows] == [("电解液", "新宙邦")]


def test_the_target_list_costs_the_same_queries_for_one_row_as_for_twenty(links, investment_a):
    client = client_for(investment_a)
    add_target(investment_a, link=links["电解液"], company="公司0", source="gap")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/chains/targets/").status_code == 200
        return len(captured.captured_queries)

    one = count()
    for i in range(1, 20):
        add_target(investment_a, link=links["电芯" if i % 2 else "电解液"], company=f"公司{i}", source="other")
    assert count() == one


def test_the_figures_page(chain, links, cell, investment_a):
    client = client_for(investment_a)
    page = client.get(f"/chains/{chain.pk}/figures/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-figure="enterprises">1<' in text and 'data-filled="' in text and "chart-links" in text
    bad = client.get(f"/chains/{chain.pk}/figures/", {"year": "1999"})
    assert bad.status_code == 422 and bad.context["f"].year == page.context["f"].year
