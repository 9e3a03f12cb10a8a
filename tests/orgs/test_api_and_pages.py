"""Units, users, audit log and API tokens through the API and the pages; the OpenAPI schema and docs."""

import hashlib
import json
import re

import pytest
from django.test import Client

from zonedesk.enterprises import services as enterprise_services
from zonedesk.enterprises.api import router as enterprises_router
from zonedesk.orgs.api import router as orgs_router
from zonedesk.orgs.models import ApiToken, Event

from ..conftest import client_for
from ..factories import MembershipFactory, next_uscc

API = "/api/v1"


# --- /api/v1/me and units ---------------------------------------------------------------------


def test_me_returns_the_users_roles(officer_a, zone_b):
    MembershipFactory(user=officer_a.user, unit=zone_b, role="leader")
    body = client_for(officer_a).get(f"{API}/me").json()
    assert body["username"] == "officer_a"
    assert body["roles"] == ["leader", "service_officer"]
    assert body["enterprise_id"] is None


def test_me_names_the_enterprise_of_an_enterprise_user(enterprise_user, enterprise):
    body = client_for(enterprise_user).get(f"{API}/me").json()
    assert (body["roles"], body["enterprise_id"]) == (["enterprise"], enterprise.pk)


def test_units_of_zone_b_officer_leave_out_zone_a(officer_b, zone_a, zone_b, department_a):
    body = client_for(officer_b).get(f"{API}/units").json()
    assert body["count"] == 1
    assert [u["id"] for u in body["items"]] == [zone_b.pk]


def test_units_cover_the_users_unit_and_everything_below_it(officer_a, zone_a, zone_b, department_a):
    body = client_for(officer_a).get(f"{API}/units").json()
    assert [u["id"] for u in body["items"]] == [zone_a.pk, department_a.pk]


@pytest.mark.parametrize(
    ("actor_name", "list_status", "zone_a_status"),
    [
        ("officer_a", 200, 200),
        ("supervisor", 200, 200),
        ("officer_b", 200, 404),
        ("handler", 200, 404),
        ("enterprise_user", 403, 404),
    ],
)
def test_role_matrix_for_the_units_api(request, zone_a, actor_name, list_status, zone_a_status):
    client = client_for(request.getfixturevalue(actor_name))
    assert client.get(f"{API}/units").status_code == list_status
    one = client.get(f"{API}/units/{zone_a.pk}")
    assert one.status_code == zone_a_status
    if zone_a_status == 200:
        assert one.json()["name"] == zone_a.name


# --- pages: units, users, audit log -----------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_name", "shown", "hidden"),
    [("officer_b", "海河镇", "射阳经济开发区"), ("officer_a", "射阳经济开发区", "海河镇")],
)
def test_the_units_page_shows_only_units_in_scope(request, zone_a, zone_b, actor_name, shown, hidden):
    resp = client_for(request.getfixturevalue(actor_name)).get("/units/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert shown in html
    assert hidden not in html


def test_the_units_page_does_not_exist_for_an_enterprise_user(enterprise_user):
    assert client_for(enterprise_user).get("/units/").status_code == 404


@pytest.mark.parametrize(
    ("actor_name", "status"),
    [("officer_a", 404), ("leader", 404), ("supervisor", 404), ("enterprise_user", 404), ("admin_a", 200)],
)
def test_the_users_page_needs_user_manage(request, actor_name, status):
    client = client_for(request.getfixturevalue(actor_name))
    assert client.get("/users/").status_code == status
    assert client.get("/users/new/").status_code == status


def test_an_admin_sees_the_users_of_their_zone_only(admin_a, officer_a, handler, officer_b, supervisor):
    html = client_for(admin_a).get("/users/").content.decode()
    usernames = set(re.findall(r'<td class="zd-mono">(?:<a [^>]*>)?([^<]+)<', html))
    assert usernames == {"admin_a", "officer_a", "handler_a"}


def test_the_audit_log_of_zone_b_leaves_out_zone_a(officer_a, officer_b, zone_a, zone_b):
    enterprise_services.create_enterprise(
        {"name": "射阳甲公司有限公司", "uscc": next_uscc(), "unit": zone_a}, by=officer_a
    )
    enterprise_services.create_enterprise(
        {"name": "海河乙公司有限公司", "uscc": next_uscc(), "unit": zone_b}, by=officer_b
    )
    page_b = client_for(officer_b).get("/events/")
    page_a = client_for(officer_a).get("/events/")
    assert page_b.status_code == page_a.status_code == 200
    assert "海河乙公司有限公司" in page_b.content.decode()
    assert "射阳甲公司有限公司" not in page_b.content.decode()
    assert "射阳甲公司有限公司" in page_a.content.decode()
    assert "海河乙公司有限公司" not in page_a.content.decode()


def test_the_audit_log_does_not_exist_for_an_enterprise_user(enterprise_user):
    assert client_for(enterprise_user).get("/events/").status_code == 404


# --- API tokens -------------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_only_its_sha256_is_stored(officer_a, enterprise):
    client = client_for(officer_a)
    created = client.post("/api-tokens/", {"name": "数据同步脚本"})
    assert created.status_code == 200
    shown = re.findall(r'id="new-token">([^<]+)</code>', created.content.decode())
    assert len(shown) == 1
    raw = shown[0]
    token = ApiToken.objects.get(user=officer_a.user)
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert token.digest != raw
    assert raw not in (token.name, token.prefix)
    assert raw not in client.get("/api-tokens/").content.decode()
    assert not any(raw in json.dumps([e.before, e.after]) for e in Event.objects.all())
    # The token shown is the one that works.
    assert Client().get(f"{API}/enterprises", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_token_created_through_the_api_is_returned_once(officer_a):
    client = client_for(officer_a)
    created = client.post(f"{API}/tokens", json.dumps({"name": "脚本"}), content_type="application/json")
    assert created.status_code == 201
    raw = created.json()["token"]
    listed = client.get(f"{API}/tokens")
    assert [t["id"] for t in listed.json()] == [created.json()["id"]]
    assert raw not in listed.content.decode()
    assert ApiToken.objects.get().digest == hashlib.sha256(raw.encode()).hexdigest()


def test_revoking_a_token_from_the_page(officer_a):
    client = client_for(officer_a)
    client.post("/api-tokens/", {"name": "旧脚本"})
    token = ApiToken.objects.get()
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_user_cannot_revoke_another_users_token(officer_a, officer_b):
    client_for(officer_a).post("/api-tokens/", {"name": "脚本"})
    token = ApiToken.objects.get()
    assert client_for(officer_b).post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    assert client_for(officer_b).post(f"{API}/tokens/{token.pk}/revoke").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# --- the OpenAPI schema and docs --------------------------------------------------------------

ROUTES = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/units"),
    ("get", "/api/v1/units/{unit_id}"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("post", "/api/v1/tokens/{token_id}/revoke"),
    ("get", "/api/v1/enterprises"),
    ("post", "/api/v1/enterprises"),
    ("get", "/api/v1/enterprises/{enterprise_id}"),
    ("patch", "/api/v1/enterprises/{enterprise_id}"),
    ("post", "/api/v1/enterprises/{enterprise_id}/archive"),
    ("post", "/api/v1/enterprises/{enterprise_id}/restore"),
    ("post", "/api/v1/enterprises/{enterprise_id}/contacts"),
    ("get", "/api/v1/enterprises/{enterprise_id}/events"),
}


def router_routes(router) -> set[tuple[str, str]]:
    return {
        (method.lower(), API + path)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }


@pytest.mark.django_db
def test_the_openapi_schema_lists_every_route():
    resp = Client().get(f"{API}/openapi.json")
    assert resp.status_code == 200
    in_schema = {(method, path) for path, item in resp.json()["paths"].items() for method in item}
    assert router_routes(orgs_router) | router_routes(enterprises_router) == ROUTES
    assert in_schema >= ROUTES


@pytest.mark.django_db
def test_the_api_docs_load_only_local_files():
    resp = Client().get(f"{API}/docs")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "cdn" not in html.lower()
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert any(url.endswith(".js") for url in urls)
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
