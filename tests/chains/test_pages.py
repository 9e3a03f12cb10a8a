"""The chain pages as officers use them: the list, a chain's page with its empty links and figures, the keepers'
forms, and who finds what (another zone: 404; no permission: 403)."""

import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from zonedesk.chains import services
from zonedesk.chains.models import Chain, ChainLink, EnterpriseLink, ProjectLink
from zonedesk.common.excel import read_rows
from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.projects.models import Project
from zonedesk.projects.services.lifecycle import create_project

from ..conftest import client_for
from ..factories import EnterpriseFactory


def year(enterprise, on: int, output: str, employees: int | None):
    return EnterpriseYear.objects.create(
        enterprise=enterprise, year=on, output_wan=Decimal(output), tax_wan=Decimal("10"), employees=employees
    )


def card(text: str, name: str) -> str:
    """The HTML of one link's card on the chain page."""
    start = text.index(f'data-link="{name}"')
    end = text.find('class="zd-card zd-link-card', start)
    return text[start : end if end != -1 else len(text)]


def test_the_officer_reads_the_chain_and_its_empty_links(chain, links, investment_a, enterprise):
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    response = client_for(investment_a).get(f"/chains/{chain.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert _("Empty link") in card(text, "电解液")
    assert 'data-link="电解液" data-empty="1"' in text
    assert _("Empty link") not in card(text, "电芯")
    assert 'data-empty-link="电解液"' in text and 'data-empty-link="电芯"' not in text
    assert enterprise.name in card(text, "电芯")


def test_each_enterprise_shows_its_latest_output_and_employees_and_the_link_sums_them(
    chain, links, investment_a, zone_a
):
    first = EnterpriseFactory(name="江苏海阳新能源动力电池有限公司", unit=zone_a, employees=900)
    second = EnterpriseFactory(name="射阳储能科技有限公司", unit=zone_a, employees=120)
    year(first, 2024, "50000", 800)
    year(first, 2025, "62000.50", None)  # no head count for 2025: the enterprise's own figure
    year(second, 2025, "8000", 130)
    for enterprise in (first, second):
        services.map_enterprise(investment_a, links["电芯"], enterprise)
    text = client_for(investment_a).get(f"/chains/{chain.pk}/").content.decode()
    cell = card(text, "电芯")
    assert ">62,001<" in cell  # 62000.50 shown to the 万元, half up
    sums = cell[cell.index(f'data-sums="{links["电芯"].pk}"') :]
    # 62000.50 + 8000 = 70000.50 万元; 900 (the enterprise's own) + 130 = 1030 people.
    assert ">70,001<" in sums
    assert ">1,030<" in sums
    assert 'data-figure="enterprises">2<' in text


def test_a_dropped_project_does_not_show_and_the_link_is_empty(chain, links, investment_a, zone_a):
    project = create_project({"name": "电解液项目", "unit": zone_a, "investment": "3亿元"}, by=investment_a)
    services.map_project(investment_a, links["电解液"], project)
    client = client_for(investment_a)
    assert "电解液项目" in card(client.get(f"/chains/{chain.pk}/").content.decode(), "电解液")
    Project.objects.filter(pk=project.pk).update(stage="dropped")
    text = client.get(f"/chains/{chain.pk}/").content.decode()
    assert "电解液项目" not in card(text, "电解液")
    assert 'data-link="电解液" data-empty="1"' in text


def test_a_zone_reads_its_countys_chain_with_other_zones_enterprises_counted_not_named(
    county_chain, county_investment, investment_a, enterprise, enterprise_b
):
    cell = ChainLink.objects.get(chain=county_chain, name="电芯")
    services.map_enterprise(county_investment, cell, enterprise)
    services.map_enterprise(county_investment, cell, enterprise_b)
    text = client_for(investment_a).get(f"/chains/{county_chain.pk}/").content.decode()
    assert enterprise.name in text and enterprise_b.name not in text
    assert 'data-link="电芯" data-empty' not in text
    county_text = client_for(county_investment).get(f"/chains/{county_chain.pk}/").content.decode()
    assert enterprise_b.name in county_text


def test_another_zones_officer_and_an_enterprise_user_find_no_chain(chain, links, investment_b, enterprise_user):
    assert client_for(investment_b).get(f"/chains/{chain.pk}/").status_code == 404
    other = client_for(investment_b).post(f"/chains/links/{links['电芯'].pk}/edit/", {"name": "x"})
    assert other.status_code == 404
    assert client_for(enterprise_user).get("/chains/").status_code == 404
    assert client_for(enterprise_user).get(f"/chains/{chain.pk}/").status_code == 404


def test_the_list_shows_the_counts_and_links_the_empty_ones(chain, links, investment_a, enterprise, county_chain):
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    response = client_for(investment_a).get("/chains/")
    assert response.status_code == 200
    text = response.content.decode()
    row = text[text.index(f'data-chain="{chain.pk}"') :]
    row = row[: row.index("</tr>")]
    # 4 links, 1 enterprise, 3 links empty (正极材料, 电解液, 储能系统).
    cells = [part.split("<")[0] for part in row.split('class="text-end"')[1:]]
    assert cells[:2] == [">4", ">1"]
    assert 'data-empty="3"' in row
    assert f'data-chain="{county_chain.pk}"' in text  # the county's chain, read by the zone
    assert 'id="form-create"' in text


def test_a_service_officer_reads_the_list_without_the_create_form(chain, officer_a):
    text = client_for(officer_a).get("/chains/").content.decode()
    assert chain.name in text and 'id="form-create"' not in text


def test_an_officer_defines_a_chain_on_the_list_page(investment_a, zone_a):
    client = client_for(investment_a)
    response = client.post("/chains/", {"unit": zone_a.pk, "name": "晶硅光伏", "description": ""})
    chain = Chain.objects.get(name="晶硅光伏")
    assert response.status_code == 302 and response["Location"] == f"/chains/{chain.pk}/"
    again = client.post("/chains/", {"unit": zone_a.pk, "name": "晶硅光伏"})
    assert again.status_code == 422
    assert Chain.objects.count() == 1


def test_the_keeper_adds_moves_and_removes_links_on_the_page(chain, links, investment_a):
    client = client_for(investment_a)
    added = client.post(f"/chains/{chain.pk}/links/", {"name": "磷酸铁锂", "parent": links["正极材料"].pk})
    child = ChainLink.objects.get(name="磷酸铁锂")
    assert added.status_code == 302 and added["Location"].endswith(f"#link-{child.pk}")
    assert child.position == "upstream"
    # Moved under 电芯 with the old position still selected in the form: it takes its new parent's.
    moved = client.post(
        f"/chains/links/{child.pk}/edit/",
        {"name": "磷酸铁锂", "parent": links["电芯"].pk, "position": "upstream", "order": "1", "note": ""},
    )
    assert moved.status_code == 302
    child.refresh_from_db()
    assert (child.parent_id, child.position) == (links["电芯"].pk, "core")
    cycle = client.post(
        f"/chains/links/{links['电芯'].pk}/edit/", {"name": "电芯", "parent": child.pk, "position": "core"}
    )
    assert cycle.status_code == 422
    refused = client.post(f"/chains/links/{links['电芯'].pk}/remove/")
    assert refused.status_code == 422
    assert client.post(f"/chains/links/{child.pk}/remove/").status_code == 302
    assert not ChainLink.objects.filter(pk=child.pk).exists()


def test_a_blank_link_name_is_a_form_error_and_writes_nothing(chain, investment_a):
    response = client_for(investment_a).post(f"/chains/{chain.pk}/links/", {"name": "", "position": "core"})
    assert response.status_code == 422
    assert not ChainLink.objects.exists()


def test_a_handler_gets_403_on_the_keepers_forms(chain, links, handler):
    client = client_for(handler)
    assert client.get(f"/chains/{chain.pk}/").status_code == 200
    assert client.post(f"/chains/{chain.pk}/links/", {"name": "隔膜", "position": "upstream"}).status_code == 403
    assert client.post(f"/chains/links/{links['电芯'].pk}/remove/").status_code == 403
    assert ChainLink.objects.count() == 4


def test_enterprises_go_on_a_link_by_name_or_credit_code_and_come_off(chain, links, investment_a, enterprise, zone_a):
    client = client_for(investment_a)
    cell = links["电芯"]
    by_name = client.post(f"/chains/links/{cell.pk}/enterprises/", {"enterprise": enterprise.name, "note": "电芯"})
    assert by_name.status_code == 302
    other = EnterpriseFactory(name="射阳新能源科技有限公司", unit=zone_a)
    by_code = client.post(f"/chains/links/{cell.pk}/enterprises/", {"enterprise": other.uscc.lower()})
    assert by_code.status_code == 302
    assert set(EnterpriseLink.objects.values_list("enterprise_id", flat=True)) == {enterprise.pk, other.pk}
    unknown = client.post(f"/chains/links/{cell.pk}/enterprises/", {"enterprise": "不存在的公司"})
    assert unknown.status_code == 422
    off = client.post(f"/chains/links/{cell.pk}/enterprises/{other.pk}/remove/")
    assert off.status_code == 302
    assert list(EnterpriseLink.objects.values_list("enterprise_id", flat=True)) == [enterprise.pk]


def test_the_suggestions_list_the_chains_enterprises_the_reader_sees(chain, investment_a, enterprise, enterprise_b):
    response = client_for(investment_a).get(f"/chains/{chain.pk}/enterprise-options/", {"enterprise": "有限公司"})
    assert enterprise.name in response.content.decode()
    assert enterprise_b.name not in response.content.decode()


def test_a_project_goes_on_a_link_from_its_suggestion(chain, links, investment_a, project_a):
    client = client_for(investment_a)
    options = client.get(f"/chains/{chain.pk}/project-options/", {"project": "海阳"}).content.decode()
    assert f"海阳动力电池二期 #{project_a.pk}" in options
    response = client.post(
        f"/chains/links/{links['电芯'].pk}/projects/", {"project": f"海阳动力电池二期 #{project_a.pk}"}
    )
    assert response.status_code == 302
    assert ProjectLink.objects.get().project == project_a
    assert "海阳动力电池二期" in card(client.get(f"/chains/{chain.pk}/").content.decode(), "电芯")


def test_the_chain_page_costs_the_same_queries_for_3_and_30_links(investment_a, zone_a, django_assert_max_num_queries):
    def build(name: str, count: int) -> Chain:
        chain = services.create_chain(investment_a, unit=zone_a, name=name)
        for i in range(count):
            link = services.add_link(investment_a, chain, name=f"{name}环节{i}", position=["upstream", "core"][i % 2])
            for j in range(2):
                enterprise = EnterpriseFactory(unit=zone_a)
                year(enterprise, 2025, "100", 10 + j)
                services.map_enterprise(investment_a, link, enterprise)
        return chain

    small, large = build("小链", 3), build("大链", 30)
    client = client_for(investment_a)
    client.get(f"/chains/{small.pk}/")  # sessions and caches warm
    with CaptureQueriesContext(connection) as small_run:
        assert client.get(f"/chains/{small.pk}/").status_code == 200
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        response = client.get(f"/chains/{large.pk}/")
    assert response.content.decode().count('class="zd-card zd-link-card') == 30


def test_the_enterprise_page_shows_the_links_it_sits_on(chain, links, investment_a, enterprise, enterprise_user):
    services.map_enterprise(investment_a, links["电芯"], enterprise)
    text = client_for(investment_a).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert 'id="chain-links"' in text and f"/chains/{chain.pk}/#link-{links['电芯'].pk}" in text
    own = client_for(enterprise_user).get(f"/enterprises/{enterprise.pk}/")
    assert own.status_code == 200 and 'id="chain-links"' not in own.content.decode()


def test_the_list_filters_and_exports_what_it_shows(chain, links, county_chain, investment_a, zone_a):
    client = client_for(investment_a)
    own = client.get("/chains/", {"unit": zone_a.pk}).content.decode()
    assert f'data-chain="{chain.pk}"' in own and f'data-chain="{county_chain.pk}"' not in own
    by_link = client.get("/chains/", {"q": "电解液"}).content.decode()
    assert f'data-chain="{chain.pk}"' in by_link and f'data-chain="{county_chain.pk}"' not in by_link
    response = client.get("/chains/export.xlsx", {"unit": zone_a.pk})
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert rows[1][:3] == ["产业链", "所属单位", "环节数"]
    # One chain: its 4 links, no enterprise, all 4 empty, named in the chain's order.
    assert rows[2][:6] == ["新能源动力电池", "射阳经济开发区", 4, 0, 4, "正极材料、电解液、电芯、储能系统"]
    assert len(rows) == 3
    assert client.get("/chains/", {"unit": "x"}).status_code == 404
