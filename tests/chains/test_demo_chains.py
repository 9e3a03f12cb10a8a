"""The demo's chains: 射阳县's battery chain with its empty 电解液 and weak 隔膜, 启东市's 晶硅光伏 chain, loaded once.
One test: the demo's units, enterprises and projects take a while to load."""

from io import StringIO

import pytest

from zonedesk.chains.models import Chain, ChainLink, EnterpriseLink, ProjectLink
from zonedesk.chains.queries import chain_page, empty_links
from zonedesk.cli.demo_chains import load_chains
from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_projects import load_projects
from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.orgs.models import Event, User

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    models = (Chain, ChainLink, EnterpriseLink, ProjectLink, EnterpriseYear, Event)
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_chains_load_once_with_the_empty_electrolyte_link():
    load_demo()
    load_projects()
    out = StringIO()
    load_chains(stdout=out)
    assert out.getvalue().count("\n") == 1 and "电解液" in out.getvalue()
    before = counts()
    load_chains(stdout=out)
    assert counts() == before

    battery = Chain.objects.get(unit__name="盐城市射阳县", name="新能源动力电池")
    assert list(empty_links(battery).values_list("name", flat=True)) == ["电解液"]
    on = {
        name: list(
            EnterpriseLink.objects.filter(link__chain=battery, link__name=name).values_list(
                "enterprise__name", flat=True
            )
        )
        for name in ("电芯", "隔膜", "电解液")
    }
    assert "江苏海阳新能源动力电池有限公司" in on["电芯"]
    assert len(on["隔膜"]) == 1 and on["电解液"] == []
    assert not ProjectLink.objects.filter(link__chain=battery, link__name="电解液").exists()
    assert ProjectLink.objects.filter(link__chain=battery, project__name="新能源动力电池项目").exists()
    # Every enterprise on the battery chain is one of 射阳经开区's, and has its 2024 and 2025 figures.
    placed = EnterpriseLink.objects.filter(link__chain=battery)
    assert set(placed.values_list("enterprise__unit__name", flat=True)) == {"射阳经济开发区"}
    for enterprise_id in placed.values_list("enterprise_id", flat=True):
        years = set(EnterpriseYear.objects.filter(enterprise_id=enterprise_id).values_list("year", flat=True))
        assert {2024, 2025} <= years

    # The county leader reads it, with the empty link marked and every enterprise named.
    leader = User.objects.get(username="sheyang_leader")
    page = chain_page(leader, battery)
    assert [node.link.name for node in page.empty_nodes] == ["电解液"]
    assert page.enterprise_count == placed.values("enterprise").distinct().count()

    pv = Chain.objects.get(unit__name="南通市启东市", name="晶硅光伏")
    pv_zones = set(EnterpriseLink.objects.filter(link__chain=pv).values_list("enterprise__unit__name", flat=True))
    assert pv_zones and pv_zones <= {"汇龙镇", "吕四港经济开发区", "惠萍镇", "东海镇"}
    assert EnterpriseLink.objects.filter(link__chain=pv).count() >= 17
    assert Event.objects.filter(verb="chains.demo_loaded").count() == 1
