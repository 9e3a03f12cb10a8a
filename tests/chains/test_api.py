"""The chains API: the same services and permissions as the pages (404 outside scope, 403 without the permission,
409 on a stale version, 422 naming the field)."""

from zonedesk.chains import services
from zonedesk.chains.models import Chain, ChainLink, EnterpriseLink, ProjectLink
from zonedesk.orgs.models import Event

from ..conftest import client_for


def send(client, method: str, url: str, body=None):
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def test_an_officer_builds_a_chain_through_the_api(investment_a, zone_a, enterprise, project_a):
    client = client_for(investment_a)
    created = send(client, "post", "/api/v1/chains", {"unit_id": zone_a.pk, "name": "新能源动力电池"})
    assert created.status_code == 201, created.content
    chain_id = created.json()["id"]
    cathode = send(client, "post", f"/api/v1/chains/{chain_id}/links", {"name": "正极材料", "position": "上游"})
    assert cathode.status_code == 201, cathode.content
    cathode_id = cathode.json()["id"]
    child = send(client, "post", f"/api/v1/chains/{chain_id}/links", {"name": "磷酸铁锂", "parent_id": cathode_id})
    assert child.json()["position"] == "upstream"
    cell = send(client, "post", f"/api/v1/chains/{chain_id}/links", {"name": "电芯", "position": "core"}).json()
    mapped = send(client, "post", f"/api/v1/chain-links/{cell['id']}/enterprises/{enterprise.pk}", {"note": "电芯"})
    assert mapped.status_code == 201, mapped.content
    assert send(client, "post", f"/api/v1/chain-links/{cathode_id}/projects/{project_a.pk}").status_code == 201

    detail = client.get(f"/api/v1/chains/{chain_id}").json()
    by_name = {link["name"]: link for link in detail["links"]}
    assert [link["name"] for link in detail["links"]] == ["正极材料", "磷酸铁锂", "电芯"]
    assert by_name["磷酸铁锂"]["depth"] == 1 and by_name["磷酸铁锂"]["parent_id"] == cathode_id
    assert (by_name["电芯"]["enterprise_count"], by_name["电芯"]["is_empty"]) == (1, False)
    assert by_name["电芯"]["enterprises"][0]["name"] == enterprise.name
    assert by_name["正极材料"]["project_count"] == 1
    assert by_name["磷酸铁锂"]["is_empty"] is True

    listed = client.get("/api/v1/chains").json()
    assert listed["count"] == 1
    assert listed["items"][0] | {} == listed["items"][0]
    assert (listed["items"][0]["link_count"], listed["items"][0]["enterprise_count"]) == (3, 1)
    assert listed["items"][0]["empty_link_count"] == 1


def test_renaming_a_chain_needs_the_version_read(chain, investment_a):
    client = client_for(investment_a)
    ok = send(client, "patch", f"/api/v1/chains/{chain.pk}", {"version": 1, "name": "动力电池"})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = send(client, "patch", f"/api/v1/chains/{chain.pk}", {"version": 1, "description": "旧"})
    assert stale.status_code == 409
    assert Chain.objects.get(pk=chain.pk).description == "射阳新能源汽车及零部件产业园"


def test_moving_a_link_under_its_own_sub_link_is_422(chain, links, investment_a):
    client = client_for(investment_a)
    child = services.add_link(investment_a, chain, name="磷酸铁锂", parent=links["正极材料"])
    response = send(client, "patch", f"/api/v1/chain-links/{links['正极材料'].pk}", {"parent_id": child.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent"
    # parent_id null: back to the root; absent: unchanged.
    moved = send(client, "patch", f"/api/v1/chain-links/{child.pk}", {"parent_id": None, "position": "core"})
    assert moved.status_code == 200 and (moved.json()["parent_id"], moved.json()["position"]) == (None, "core")
    renamed = send(client, "patch", f"/api/v1/chain-links/{child.pk}", {"name": "磷酸铁锂正极"})
    assert (renamed.json()["name"], renamed.json()["parent_id"]) == ("磷酸铁锂正极", None)


def test_a_blank_name_is_422_and_writes_nothing(chain, investment_a):
    response = send(
        client_for(investment_a), "post", f"/api/v1/chains/{chain.pk}/links", {"name": " ", "position": "core"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
    assert not ChainLink.objects.exists()


def test_deleting_a_link_in_use_is_refused_then_allowed(links, investment_a, enterprise):
    client = client_for(investment_a)
    cell = links["电芯"]
    send(client, "post", f"/api/v1/chain-links/{cell.pk}/enterprises/{enterprise.pk}")
    twice = send(client, "post", f"/api/v1/chain-links/{cell.pk}/enterprises/{enterprise.pk}")
    assert twice.status_code == 422
    assert client.delete(f"/api/v1/chain-links/{cell.pk}").status_code == 422
    assert client.delete(f"/api/v1/chain-links/{cell.pk}/enterprises/{enterprise.pk}").status_code == 204
    assert not EnterpriseLink.objects.exists()
    assert client.delete(f"/api/v1/chain-links/{cell.pk}").status_code == 204
    assert not ChainLink.objects.filter(pk=cell.pk).exists()


def test_projects_go_on_and_off_a_link(links, investment_a, project_a):
    client = client_for(investment_a)
    url = f"/api/v1/chain-links/{links['储能系统'].pk}/projects/{project_a.pk}"
    assert send(client, "post", url).json() == {
        "link_id": links["储能系统"].pk,
        "enterprise_id": None,
        "project_id": project_a.pk,
        "note": "",
    }
    assert client.delete(url).status_code == 204
    assert not ProjectLink.objects.exists()
    assert Event.objects.filter(verb__in=["chain.project_mapped", "chain.project_unmapped"]).count() == 2


def test_another_zone_gets_404_everywhere(chain, links, investment_b, enterprise_b, enterprise):
    client = client_for(investment_b)
    cell = links["电芯"].pk
    assert client.get(f"/api/v1/chains/{chain.pk}").status_code == 404
    assert send(client, "patch", f"/api/v1/chains/{chain.pk}", {"version": 1, "name": "x"}).status_code == 404
    assert (
        send(client, "post", f"/api/v1/chains/{chain.pk}/links", {"name": "隔膜", "position": "upstream"}).status_code
        == 404
    )
    assert send(client, "patch", f"/api/v1/chain-links/{cell}", {"name": "x"}).status_code == 404
    assert client.delete(f"/api/v1/chain-links/{cell}").status_code == 404
    assert send(client, "post", f"/api/v1/chain-links/{cell}/enterprises/{enterprise_b.pk}").status_code == 404
    assert client.get("/api/v1/chains").json()["count"] == 0


def test_the_zone_officer_cannot_map_an_enterprise_it_does_not_see(links, investment_a, enterprise_b):
    response = send(
        client_for(investment_a), "post", f"/api/v1/chain-links/{links['电芯'].pk}/enterprises/{enterprise_b.pk}"
    )
    assert response.status_code == 404


def test_a_handler_reads_but_gets_403_on_writes(chain, links, handler):
    client = client_for(handler)
    assert client.get(f"/api/v1/chains/{chain.pk}").status_code == 200
    assert send(client, "patch", f"/api/v1/chains/{chain.pk}", {"version": 1, "name": "x"}).status_code == 403
    assert (
        send(client, "post", f"/api/v1/chains/{chain.pk}/links", {"name": "隔膜", "position": "upstream"}).status_code
        == 403
    )
    assert client.delete(f"/api/v1/chain-links/{links['电芯'].pk}").status_code == 403


def test_an_enterprise_user_gets_no_chain(chain, enterprise_user):
    client = client_for(enterprise_user)
    assert client.get("/api/v1/chains").status_code == 403
    assert client.get(f"/api/v1/chains/{chain.pk}").status_code == 403


def test_a_zone_reads_the_countys_chain_and_maps_its_own_enterprise(county_chain, investment_a, enterprise):
    client = client_for(investment_a)
    detail = client.get(f"/api/v1/chains/{county_chain.pk}")
    assert detail.status_code == 200
    cell = detail.json()["links"][0]["id"]
    assert send(client, "post", f"/api/v1/chain-links/{cell}/enterprises/{enterprise.pk}").status_code == 201
    assert (
        send(
            client, "post", f"/api/v1/chains/{county_chain.pk}/links", {"name": "隔膜", "position": "upstream"}
        ).status_code
        == 403
    )


def test_archiving_through_the_api(chain, investment_a):
    client = client_for(investment_a)
    assert send(client, "post", f"/api/v1/chains/{chain.pk}/archive", {"version": 2}).status_code == 409
    response = send(client, "post", f"/api/v1/chains/{chain.pk}/archive", {"version": 1})
    assert response.status_code == 200 and response.json()["is_archived"] is True
    assert client.get("/api/v1/chains").json()["count"] == 0
