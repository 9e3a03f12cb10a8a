"""The enterprise JSON API at /api/v1/: filters, pagination, writes, tokens, tenancy and roles."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zonedesk.common.uscc import CHARSET
from zonedesk.enterprises import services
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.orgs.models import Event

from ..conftest import client_for
from ..factories import ContactFactory, EnterpriseFactory, next_uscc

API = "/api/v1"


def call(client: Client, method: str, path: str, body: dict | None = None):
    if body is None:
        return getattr(client, method)(API + path)
    return getattr(client, method)(API + path, data=json.dumps(body), content_type="application/json")


def listed(client: Client, **params) -> list[int]:
    resp = client.get(f"{API}/enterprises", params)
    assert resp.status_code == 200, resp.content
    return [item["id"] for item in resp.json()["items"]]


def enterprise_events():
    """Events of the registry (signing in writes its own `auth.` events)."""
    return Event.objects.filter(verb__startswith="enterprise.")


def wrong_check_digit(code: str) -> str:
    return code[:17] + CHARSET[(CHARSET.index(code[17]) + 1) % len(CHARSET)]


def new_enterprise(unit, **fields) -> dict:
    return {"name": "盐城蓝海新能源科技有限公司", "uscc": next_uscc(), "unit_id": unit.pk, **fields}


# --- list and filters -------------------------------------------------------------------------


def test_keyword_finds_an_enterprise_by_part_of_its_name(officer_a, enterprise, other_enterprise):
    assert listed(client_for(officer_a), q="国阳") == [enterprise.pk]


def test_keyword_finds_an_enterprise_by_its_uscc(officer_a, enterprise, other_enterprise):
    assert listed(client_for(officer_a), q=enterprise.uscc) == [enterprise.pk]


def test_keyword_finds_an_enterprise_by_the_pinyin_initials_of_its_name(officer_a, zone_a, other_enterprise):
    # Registered through the service, which computes the initials (the factory does not).
    found = services.create_enterprise(
        {"name": "江苏国阳智能装备有限公司", "uscc": next_uscc(), "unit": zone_a}, by=officer_a
    )
    assert listed(client_for(officer_a), q="jsgy") == [found.pk]
    assert listed(client_for(officer_a), q="JSGY") == [found.pk]


def test_unit_filter_narrows_the_list_to_one_zone(supervisor, enterprise, enterprise_b):
    client = client_for(supervisor)
    assert set(listed(client)) == {enterprise.pk, enterprise_b.pk}
    assert listed(client, unit=enterprise_b.unit_id) == [enterprise_b.pk]


def test_unit_filter_outside_the_users_scope_finds_nothing(officer_a, enterprise, enterprise_b):
    assert listed(client_for(officer_a), unit=enterprise_b.unit_id) == []


def test_industry_section_covers_the_divisions_and_groups_below_it(officer_a, zone_a):
    general_equipment = EnterpriseFactory(unit=zone_a, industry_id="34")
    computers = EnterpriseFactory(unit=zone_a, industry_id="391")
    software = EnterpriseFactory(unit=zone_a, industry_id="65")
    EnterpriseFactory(unit=zone_a, industry=None)
    client = client_for(officer_a)
    assert set(listed(client, industry="C")) == {general_equipment.pk, computers.pk}
    assert listed(client, industry="34") == [general_equipment.pk]
    assert listed(client, industry="I") == [software.pk]


def test_the_api_normalises_the_filter_as_the_page_does(officer_a, zone_a, enterprise):
    general_equipment = EnterpriseFactory(unit=zone_a, industry_id="34")
    client = client_for(officer_a)
    assert listed(client, industry="c") == [general_equipment.pk]
    assert listed(client, q="  国阳\u3000") == [enterprise.pk]  # stray and full-width spaces
    full_width = enterprise.uscc.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert listed(client, q=full_width) == [enterprise.pk]  # as pasted from a Chinese document


@pytest.mark.parametrize("flag", ["is_above_scale", "is_high_tech", "is_specialized"])
def test_each_flag_filters_both_ways(officer_a, zone_a, flag):
    flagged = EnterpriseFactory(unit=zone_a, **{flag: True})
    plain = EnterpriseFactory(unit=zone_a)
    client = client_for(officer_a)
    assert listed(client, **{flag: "true"}) == [flagged.pk]
    assert listed(client, **{flag: "false"}) == [plain.pk]


def test_the_list_pages_by_25_with_items_and_count(officer_a, zone_a):
    EnterpriseFactory.create_batch(30, unit=zone_a)
    client = client_for(officer_a)
    first = client.get(f"{API}/enterprises").json()
    second = client.get(f"{API}/enterprises", {"page": 2}).json()
    assert set(first) == {"items", "count"}
    assert first["count"] == 30
    assert len(first["items"]) == 25
    assert len(second["items"]) == 5
    assert {i["id"] for i in first["items"]} | {i["id"] for i in second["items"]} == set(
        Enterprise.objects.filter(unit=zone_a).values_list("pk", flat=True)
    )


def test_the_list_runs_as_many_queries_for_30_rows_as_for_1(officer_a, leader, zone_a):
    people = {"unit": zone_a, "industry_id": "34", "service_officer": officer_a.user, "linked_leader": leader.user}
    client = client_for(officer_a)
    EnterpriseFactory(**people)
    with CaptureQueriesContext(connection) as one:
        assert len(listed(client)) == 1
    EnterpriseFactory.create_batch(29, **people)
    with CaptureQueriesContext(connection) as thirty:
        assert len(listed(client)) == 25
    assert len(thirty) == len(one)


def test_archived_enterprises_leave_the_list_unless_asked_for(officer_a, enterprise, other_enterprise):
    Enterprise.objects.filter(pk=other_enterprise.pk).update(is_archived=True)
    client = client_for(officer_a)
    assert listed(client) == [enterprise.pk]
    assert listed(client, archived="true") == [other_enterprise.pk]


# --- detail -----------------------------------------------------------------------------------


def test_detail_shows_the_enterprise_with_its_contacts(officer_a, enterprise, contact):
    resp = call(client_for(officer_a), "get", f"/enterprises/{enterprise.pk}")
    assert resp.status_code == 200
    body = resp.json()
    assert body["name"] == "江苏国阳智能装备有限公司"
    assert body["uscc"] == enterprise.uscc
    assert body["unit_name"] == enterprise.unit.name
    assert body["industry_code"] is None
    assert [c["id"] for c in body["contacts"]] == [contact.pk]


# --- create -----------------------------------------------------------------------------------


def test_creating_answers_201_and_writes_an_event(officer_a, zone_a):
    resp = call(client_for(officer_a), "post", "/enterprises", new_enterprise(zone_a, industry_code="34"))
    assert resp.status_code == 201, resp.content
    assert (resp.json()["industry_code"], resp.json()["unit_name"]) == ("34", zone_a.name)
    created = Enterprise.objects.get(pk=resp.json()["id"])
    assert created.name == "盐城蓝海新能源科技有限公司"
    assert created.unit == zone_a
    assert created.industry_id == "34"
    event = Event.objects.get(verb="enterprise.created")
    assert event.object_id == str(created.pk)
    assert event.actor == officer_a.user
    assert event.channel == "api"


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(lambda code: code[:-1], id="too-short"),
        pytest.param(lambda code: code[:10] + "I" + code[11:], id="forbidden-letter"),
        pytest.param(lambda code: "8" + code[1:], id="unknown-authority"),
    ],
)
def test_a_corrupted_uscc_is_rejected_naming_the_field(officer_a, zone_a, corrupt):
    body = new_enterprise(zone_a)
    body["uscc"] = corrupt(body["uscc"])
    resp = call(client_for(officer_a), "post", "/enterprises", body)
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == ["uscc"]
    assert not Enterprise.objects.exists()
    assert not enterprise_events().exists()


def test_a_wrong_check_digit_is_rejected_without_confirmation(officer_a, zone_a):
    body = new_enterprise(zone_a)
    body["uscc"] = wrong_check_digit(body["uscc"])
    resp = call(client_for(officer_a), "post", "/enterprises", body)
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == ["uscc"]
    assert not Enterprise.objects.exists()


def test_a_wrong_check_digit_is_kept_when_confirmed(officer_a, zone_a):
    body = new_enterprise(zone_a, confirm_uscc=True)
    body["uscc"] = wrong_check_digit(body["uscc"])
    resp = call(client_for(officer_a), "post", "/enterprises", body)
    assert resp.status_code == 201, resp.content
    assert resp.json()["is_uscc_confirmed"] is True
    assert resp.json()["uscc"] == body["uscc"]
    confirmed = Event.objects.get(verb="enterprise.uscc_confirmed")
    assert confirmed.after == {"uscc": body["uscc"]}


def test_a_uscc_already_registered_is_rejected(officer_a, enterprise):
    body = new_enterprise(enterprise.unit)
    body["uscc"] = enterprise.uscc
    resp = call(client_for(officer_a), "post", "/enterprises", body)
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == ["uscc"]
    assert Enterprise.objects.count() == 1


# --- update, archive, contacts ----------------------------------------------------------------


def test_patching_changes_the_field_and_increments_the_version(officer_a, enterprise):
    before = enterprise.version
    resp = call(
        client_for(officer_a), "patch", f"/enterprises/{enterprise.pk}", {"version": before, "address": "黄海路8号"}
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["address"] == "黄海路8号"
    assert resp.json()["version"] == before + 1
    enterprise.refresh_from_db()
    assert enterprise.version == before + 1
    assert Event.objects.get(verb="enterprise.updated").after == {"address": "黄海路8号"}


def test_patching_with_a_stale_version_is_a_conflict(officer_a, enterprise):
    services.update_enterprise(enterprise, {"address": "先保存的地址"}, by=officer_a)
    stale = enterprise.version  # the in-memory row still holds the version read before the save
    resp = call(client_for(officer_a), "patch", f"/enterprises/{enterprise.pk}", {"version": stale, "address": "后到"})
    assert resp.status_code == 409
    enterprise.refresh_from_db()
    assert enterprise.address == "先保存的地址"
    assert enterprise.version == stale + 1


def test_archiving_and_restoring(leader, enterprise):
    client = client_for(leader)
    archived = call(client, "post", f"/enterprises/{enterprise.pk}/archive")
    assert archived.status_code == 200
    assert archived.json()["is_archived"] is True
    assert call(client, "post", f"/enterprises/{enterprise.pk}/archive").status_code == 409
    restored = call(client, "post", f"/enterprises/{enterprise.pk}/restore")
    assert restored.status_code == 200
    assert restored.json()["is_archived"] is False
    verbs = list(enterprise_events().order_by("pk").values_list("verb", flat=True))
    assert verbs == ["enterprise.archived", "enterprise.restored"]


def test_adding_a_contact(officer_a, enterprise):
    resp = call(
        client_for(officer_a),
        "post",
        f"/enterprises/{enterprise.pk}/contacts",
        {"name": "王主任", "title": "办公室主任", "mobile": "139 0000 1111", "is_primary": True},
    )
    assert resp.status_code == 201, resp.content
    added = Contact.objects.get(enterprise=enterprise)
    assert (added.name, added.mobile, added.is_primary) == ("王主任", "13900001111", True)
    assert [c["id"] for c in resp.json()["contacts"]] == [added.pk]
    assert Event.objects.filter(verb="enterprise.contact_added").count() == 1


def test_the_events_endpoint_lists_the_timeline(officer_a, enterprise):
    services.update_enterprise(enterprise, {"address": "黄海路8号"}, by=officer_a)
    resp = call(client_for(officer_a), "get", f"/enterprises/{enterprise.pk}/events")
    assert resp.status_code == 200
    assert [(e["verb"], e["actor"]) for e in resp.json()] == [("enterprise.updated", "officer_a")]


# --- authentication ---------------------------------------------------------------------------


def test_a_bearer_token_authenticates_an_anonymous_client(officer_a, enterprise):
    created = call(client_for(officer_a), "post", "/tokens", {"name": "数据同步脚本"})
    assert created.status_code == 201
    raw = created.json()["token"]
    resp = Client().get(f"{API}/enterprises", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert resp.status_code == 200
    assert [i["id"] for i in resp.json()["items"]] == [enterprise.pk]


def test_a_revoked_token_is_refused(officer_a, enterprise):
    session = client_for(officer_a)
    created = call(session, "post", "/tokens", {"name": "旧脚本"}).json()
    assert call(session, "post", f"/tokens/{created['id']}/revoke").status_code == 200
    resp = Client().get(f"{API}/enterprises", HTTP_AUTHORIZATION=f"Bearer {created['token']}")
    assert resp.status_code == 401


def test_an_unknown_token_is_refused(officer_a, enterprise):
    resp = Client().get(f"{API}/enterprises", HTTP_AUTHORIZATION="Bearer zd_not-a-token")
    assert resp.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/enterprises", "/me", "/units", "/tokens"])
def test_an_anonymous_client_is_refused(path):
    assert Client().get(API + path).status_code == 401


# --- tenancy and roles ------------------------------------------------------------------------

RECORD_ENDPOINTS = {
    "detail": ("get", "/enterprises/{pk}", None),
    "patch": ("patch", "/enterprises/{pk}", {"address": "黄海路8号"}),
    "archive": ("post", "/enterprises/{pk}/archive", None),
    "restore": ("post", "/enterprises/{pk}/restore", None),
    "contacts": ("post", "/enterprises/{pk}/contacts", {"name": "王主任", "mobile": "13900001111"}),
    "events": ("get", "/enterprises/{pk}/events", None),
}
NOT_FOUND = dict.fromkeys(RECORD_ENDPOINTS, 404)
# (actor, record) -> endpoint -> status. restore runs on an archived record; outsiders get 404 everywhere.
RECORD_MATRIX = {
    ("officer_a", "enterprise"): dict(detail=200, patch=200, archive=403, restore=403, contacts=201, events=200),
    ("investment_a", "enterprise"): dict(detail=200, patch=200, archive=403, restore=403, contacts=403, events=200),
    ("leader", "enterprise"): dict(detail=200, patch=200, archive=200, restore=200, contacts=403, events=200),
    ("admin_a", "enterprise"): dict(detail=200, patch=200, archive=200, restore=200, contacts=201, events=200),
    ("supervisor", "enterprise"): dict(detail=200, patch=403, archive=403, restore=403, contacts=403, events=200),
    ("enterprise_user", "enterprise"): dict(detail=200, patch=403, archive=403, restore=403, contacts=201, events=200),
    ("officer_b", "enterprise"): NOT_FOUND,
    ("handler", "enterprise"): NOT_FOUND,  # a department membership does not reach the zone above it
    ("officer_a", "enterprise_b"): NOT_FOUND,
    ("enterprise_user", "other_enterprise"): NOT_FOUND,  # same zone, another enterprise
    ("enterprise_user", "enterprise_b"): NOT_FOUND,
}


@pytest.mark.parametrize("endpoint", RECORD_ENDPOINTS)
@pytest.mark.parametrize(("actor_name", "record_name"), RECORD_MATRIX)
def test_role_by_record_endpoint_matrix(request, actor_name, record_name, endpoint):
    actor = request.getfixturevalue(actor_name)
    record = request.getfixturevalue(record_name)
    if endpoint == "restore":
        Enterprise.objects.filter(pk=record.pk).update(is_archived=True)
    record.refresh_from_db()
    method, path, body = RECORD_ENDPOINTS[endpoint]
    resp = call(client_for(actor), method, path.format(pk=record.pk), body)
    expected = RECORD_MATRIX[(actor_name, record_name)][endpoint]
    assert resp.status_code == expected, resp.content
    if expected >= 400:
        assert "message" in resp.json()
    wrote = method != "get" and expected < 300
    assert enterprise_events().exists() == wrote
    after = Enterprise.objects.get(pk=record.pk)
    assert (after.version == record.version) == (not wrote or endpoint == "contacts")


@pytest.mark.parametrize(
    ("actor_name", "expected"),
    [
        ("officer_a", 201),
        ("investment_a", 201),
        ("leader", 201),
        ("admin_a", 201),
        ("supervisor", 403),
        ("handler", 403),
        ("enterprise_user", 403),
    ],
)
def test_role_matrix_for_creating_in_zone_a(request, zone_a, actor_name, expected):
    actor = request.getfixturevalue(actor_name)
    resp = call(client_for(actor), "post", "/enterprises", new_enterprise(zone_a))
    assert resp.status_code == expected, resp.content
    assert Enterprise.objects.filter(name="盐城蓝海新能源科技有限公司").exists() == (expected == 201)


def test_an_officer_of_zone_b_cannot_register_into_zone_a(officer_b, zone_a):
    resp = call(client_for(officer_b), "post", "/enterprises", new_enterprise(zone_a))
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == ["unit"]
    assert not Enterprise.objects.exists()


def test_zone_b_officer_does_not_list_zone_a_enterprises(officer_b, enterprise, other_enterprise, enterprise_b):
    assert listed(client_for(officer_b)) == [enterprise_b.pk]


def test_the_handler_of_a_department_lists_no_zone_enterprise(handler, enterprise, other_enterprise):
    assert listed(client_for(handler)) == []


def test_the_enterprise_user_lists_exactly_their_own_enterprise(
    enterprise_user, enterprise, other_enterprise, enterprise_b
):
    assert listed(client_for(enterprise_user)) == [enterprise.pk]


# --- personal data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_name", "mobile"),
    [
        ("investment_a", "138****8000"),
        ("supervisor", "138****8000"),
        ("officer_a", "13812348000"),
        ("leader", "13812348000"),
        ("enterprise_user", "13812348000"),
    ],
)
def test_contact_mobiles_are_masked_for_roles_that_do_not_call_enterprises(
    request, enterprise, contact, actor_name, mobile
):
    actor = request.getfixturevalue(actor_name)
    resp = call(client_for(actor), "get", f"/enterprises/{enterprise.pk}")
    assert [c["mobile"] for c in resp.json()["contacts"]] == [mobile]


def test_archived_contacts_are_not_listed(officer_a, enterprise, contact):
    ContactFactory(enterprise=enterprise, name="已离职", is_archived=True, is_primary=False)
    resp = call(client_for(officer_a), "get", f"/enterprises/{enterprise.pk}")
    assert [c["id"] for c in resp.json()["contacts"]] == [contact.pk]
