"""Enterprise pages: list filters, pagination, htmx partial, Excel export, forms, detail, tenancy and roles."""

import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from python_calamine import CalamineWorkbook

from zonedesk.common.errors import Forbidden
from zonedesk.enterprises import services
from zonedesk.enterprises.exporting import HEADERS, export_enterprises
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.enterprises.queries import EnterpriseFilter
from zonedesk.orgs import verbs
from zonedesk.orgs.models import Event

from ..conftest import client_for
from ..factories import ContactFactory, EnterpriseFactory, MembershipFactory, next_uscc

NAME, MOBILE = HEADERS.index("企业名称"), HEADERS.index("联系人手机")


def enterprise_events():
    """Events of the registry (signing in writes its own `auth.` events)."""
    return Event.objects.filter(verb__startswith="enterprise.")


def linked_ids(resp) -> list[int]:
    """The enterprises a rendered page links to, in page order."""
    assert resp.status_code == 200
    return [int(pk) for pk in re.findall(r'href="/enterprises/(\d+)/"', resp.content.decode())]


def listed(client: Client, **params) -> list[int]:
    return linked_ids(client.get("/enterprises/", params))


def exported(resp) -> list[list]:
    """The rows of the first sheet of a streamed .xlsx response, header first."""
    assert resp.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(resp.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


# --- list filters and pagination --------------------------------------------------------------


def test_keyword_filters_by_name_and_by_uscc(officer_a, enterprise, other_enterprise):
    client = client_for(officer_a)
    assert listed(client, q="国阳") == [enterprise.pk]
    assert listed(client, q=other_enterprise.uscc) == [other_enterprise.pk]
    assert listed(client, q=other_enterprise.uscc.lower()) == [other_enterprise.pk]


def test_keyword_filters_by_pinyin_initials(officer_a, zone_a, other_enterprise):
    found = services.create_enterprise(
        {"name": "江苏国阳智能装备有限公司", "uscc": next_uscc(), "unit": zone_a}, by=officer_a
    )
    assert listed(client_for(officer_a), q="jsgy") == [found.pk]


def test_unit_filter_narrows_to_one_zone(supervisor, enterprise, enterprise_b):
    client = client_for(supervisor)
    assert set(listed(client)) == {enterprise.pk, enterprise_b.pk}
    assert listed(client, unit=enterprise.unit_id) == [enterprise.pk]


def test_industry_section_covers_codes_below_it(officer_a, zone_a):
    general_equipment = EnterpriseFactory(unit=zone_a, industry_id="34")
    computers = EnterpriseFactory(unit=zone_a, industry_id="391")
    EnterpriseFactory(unit=zone_a, industry_id="65")
    client = client_for(officer_a)
    assert set(listed(client, industry="C")) == {general_equipment.pk, computers.pk}
    assert set(listed(client, industry="c")) == {general_equipment.pk, computers.pk}


@pytest.mark.parametrize("flag", ["is_above_scale", "is_high_tech", "is_specialized"])
def test_each_flag_filters_both_ways(officer_a, zone_a, flag):
    flagged = EnterpriseFactory(unit=zone_a, **{flag: True})
    plain = EnterpriseFactory(unit=zone_a)
    client = client_for(officer_a)
    assert listed(client, **{flag: "1"}) == [flagged.pk]
    assert listed(client, **{flag: "0"}) == [plain.pk]


def test_thirty_enterprises_make_a_page_of_25_and_a_page_of_5(officer_a, zone_a):
    EnterpriseFactory.create_batch(30, unit=zone_a)
    client = client_for(officer_a)
    first, second = listed(client), listed(client, page=2)
    assert (len(first), len(second)) == (25, 5)
    assert set(first) | set(second) == set(Enterprise.objects.values_list("pk", flat=True))


def test_the_pager_keeps_the_filter(officer_a, zone_a):
    EnterpriseFactory.create_batch(26, unit=zone_a, is_high_tech=True)
    html = client_for(officer_a).get("/enterprises/", {"is_high_tech": "1"}).content.decode()
    assert 'href="?is_high_tech=1&page=2"' in html


def test_the_list_page_runs_as_many_queries_for_30_rows_as_for_1(officer_a, leader, zone_a):
    people = {"unit": zone_a, "industry_id": "34", "service_officer": officer_a.user, "linked_leader": leader.user}
    client = client_for(officer_a)
    EnterpriseFactory(**people)
    client.get("/enterprises/")  # the first request of a session loads a few things once
    with CaptureQueriesContext(connection) as one:
        assert len(listed(client)) == 1
    EnterpriseFactory.create_batch(29, **people)
    with CaptureQueriesContext(connection) as thirty:
        assert len(listed(client)) == 25
    assert len(thirty) == len(one)


def test_an_htmx_request_gets_only_the_table(officer_a, enterprise):
    client = client_for(officer_a)
    full = client.get("/enterprises/")
    partial = client.get("/enterprises/", HTTP_HX_REQUEST="true")
    assert "<html" in full.content.decode()
    html = partial.content.decode()
    assert "<table" in html
    assert "<html" not in html
    assert "zd-filters" not in html
    assert linked_ids(partial) == [enterprise.pk]


# --- Excel export -----------------------------------------------------------------------------


def test_the_export_holds_exactly_the_filtered_rows(officer_a, zone_a, enterprise, other_enterprise):
    EnterpriseFactory(unit=zone_a, name="江苏国阳新材料有限公司")
    rows = exported(client_for(officer_a).get("/enterprises/export.xlsx", {"q": "国阳"}))
    assert rows[0] == HEADERS
    assert sorted(r[NAME] for r in rows[1:]) == ["江苏国阳新材料有限公司", "江苏国阳智能装备有限公司"]


def test_the_export_leaves_out_other_zones(officer_b, enterprise, enterprise_b):
    rows = exported(client_for(officer_b).get("/enterprises/export.xlsx"))
    assert [r[NAME] for r in rows[1:]] == [enterprise_b.name]


@pytest.mark.parametrize(("actor_name", "mobile"), [("investment_a", "138****8000"), ("officer_a", "13812348000")])
def test_the_export_masks_mobiles_for_roles_that_do_not_call_enterprises(request, contact, actor_name, mobile):
    actor = request.getfixturevalue(actor_name)
    rows = exported(client_for(actor).get("/enterprises/export.xlsx"))
    assert [r[MOBILE] for r in rows[1:]] == [mobile]


def test_the_export_neutralises_formulas(officer_a, zone_a):
    EnterpriseFactory(unit=zone_a, name='=HYPERLINK("x")')
    rows = exported(client_for(officer_a).get("/enterprises/export.xlsx"))
    assert [r[NAME] for r in rows[1:]] == ['\'=HYPERLINK("x")']


def test_exporting_writes_an_event(investment_a, enterprise, other_enterprise, contact):
    resp = client_for(investment_a).get("/enterprises/export.xlsx", {"q": "国阳"})
    assert len(exported(resp)) == 2
    event = Event.objects.get(verb="enterprise.exported")
    assert event.actor == investment_a.user
    assert event.after["rows"] == 1
    assert event.after["mobiles_in_clear"] == 0  # how many rows showed a mobile in clear
    assert event.after["filter"]["q"] == "国阳"


def test_the_export_service_refuses_an_enterprise_user(enterprise_user):
    with pytest.raises(Forbidden):
        export_enterprises(EnterpriseFilter(), by=enterprise_user)


# --- create and edit forms --------------------------------------------------------------------


def form_data(enterprise_or_unit, **fields) -> dict:
    if isinstance(enterprise_or_unit, Enterprise):
        e = enterprise_or_unit
        data = {"name": e.name, "uscc": e.uscc, "unit": e.unit_id, "version": e.version}
    else:
        data = {"name": "盐城蓝海新能源科技有限公司", "uscc": next_uscc(), "unit": enterprise_or_unit.pk}
    return {**data, **fields}


def test_a_valid_create_form_redirects_to_the_new_enterprise(officer_a, zone_a):
    resp = client_for(officer_a).post("/enterprises/new/", form_data(zone_a, industry="391", employees="120"))
    created = Enterprise.objects.get(name="盐城蓝海新能源科技有限公司")
    assert resp.status_code == 302
    assert resp["Location"] == f"/enterprises/{created.pk}/"
    assert (created.industry_id, created.employees) == ("391", 120)
    event = Event.objects.get(verb="enterprise.created")
    assert (event.object_id, event.channel) == (str(created.pk), "web")


def test_an_invalid_uscc_is_shown_on_its_field_and_nothing_is_written(officer_a, zone_a):
    resp = client_for(officer_a).post("/enterprises/new/", form_data(zone_a, uscc="91320924MA1234"))
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert list(errors) == ["uscc"]
    assert escape(errors["uscc"][0]) in resp.content.decode()
    assert not Enterprise.objects.exists()
    assert not enterprise_events().exists()


def test_the_edit_form_saves_and_increments_the_version(officer_a, enterprise):
    resp = client_for(officer_a).post(f"/enterprises/{enterprise.pk}/edit/", form_data(enterprise, address="黄海路8号"))
    assert resp.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.version) == ("黄海路8号", 2)


def test_the_edit_form_with_a_stale_version_shows_the_conflict(officer_a, enterprise):
    data = form_data(enterprise, address="后到")
    services.update_enterprise(enterprise, {"address": "先保存的地址"}, by=officer_a)
    resp = client_for(officer_a).post(f"/enterprises/{enterprise.pk}/edit/", data)
    assert resp.status_code == 409
    conflict = resp.context["form"].non_field_errors()
    assert len(conflict) == 1
    assert escape(conflict[0]) in resp.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.address == "先保存的地址"


# --- detail page ------------------------------------------------------------------------------


def test_the_detail_page_shows_the_timeline(officer_a, zone_a):
    created = services.create_enterprise(
        {"name": "盐城蓝海新能源科技有限公司", "uscc": next_uscc(), "unit": zone_a}, by=officer_a
    )
    html = client_for(officer_a).get(f"/enterprises/{created.pk}/").content.decode()
    timeline = html[html.index("zd-timeline") :]
    assert str(verbs.label("enterprise.created")) in timeline  # the verb as a reader says it
    assert str(officer_a.user) in timeline


@pytest.mark.parametrize(
    ("actor_name", "shown", "hidden"),
    [
        ("investment_a", "138****8000", "13812348000"),
        ("officer_a", "13812348000", "138****8000"),
        ("enterprise_user", "13812348000", "138****8000"),
    ],
)
def test_the_detail_page_masks_mobiles_by_role(request, enterprise, contact, actor_name, shown, hidden):
    actor = request.getfixturevalue(actor_name)
    html = client_for(actor).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert shown in html
    assert hidden not in html


# --- tenancy and roles ------------------------------------------------------------------------

PAGES = {
    "detail": ("get", "/enterprises/{pk}/", {}),
    "edit": ("get", "/enterprises/{pk}/edit/", {}),
    "archive": ("post", "/enterprises/{pk}/archive/", {"archived": "1"}),
    "contacts": ("post", "/enterprises/{pk}/contacts/", {"name": "王主任", "mobile": "13900001111"}),
}
OUT_OF_SCOPE = dict.fromkeys(PAGES, (404, False))
# (actor, record) -> page -> (status, whether an enterprise Event was written).
PAGE_MATRIX = {
    ("officer_a", "enterprise"): dict(
        detail=(200, False), edit=(200, False), archive=(302, False), contacts=(302, True)
    ),
    ("investment_a", "enterprise"): dict(
        detail=(200, False), edit=(200, False), archive=(302, False), contacts=(302, False)
    ),
    ("leader", "enterprise"): dict(detail=(200, False), edit=(200, False), archive=(302, True), contacts=(302, False)),
    ("admin_a", "enterprise"): dict(detail=(200, False), edit=(200, False), archive=(302, True), contacts=(302, True)),
    ("supervisor", "enterprise"): dict(
        detail=(200, False), edit=(404, False), archive=(302, False), contacts=(302, False)
    ),
    ("enterprise_user", "enterprise"): dict(
        detail=(200, False), edit=(404, False), archive=(302, False), contacts=(302, True)
    ),
    ("officer_b", "enterprise"): OUT_OF_SCOPE,
    ("handler", "enterprise"): OUT_OF_SCOPE,  # a department membership does not reach the zone above it
    ("officer_a", "enterprise_b"): OUT_OF_SCOPE,
    ("enterprise_user", "other_enterprise"): OUT_OF_SCOPE,  # same zone, another enterprise
    ("enterprise_user", "enterprise_b"): OUT_OF_SCOPE,
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("actor_name", "record_name"), PAGE_MATRIX)
def test_role_by_record_page_matrix(request, actor_name, record_name, page):
    actor = request.getfixturevalue(actor_name)
    record = request.getfixturevalue(record_name)
    method, path, data = PAGES[page]
    resp = getattr(client_for(actor), method)(path.format(pk=record.pk), data)
    status, wrote = PAGE_MATRIX[(actor_name, record_name)][page]
    assert resp.status_code == status
    if status == 302:
        assert resp["Location"] == f"/enterprises/{record.pk}/"
    assert enterprise_events().exists() == wrote
    after = Enterprise.objects.get(pk=record.pk)
    assert after.is_archived == (page == "archive" and wrote)
    assert Contact.objects.filter(enterprise=record).exists() == (page == "contacts" and wrote)


@pytest.mark.parametrize(
    ("actor_name", "create", "export"),
    [
        ("officer_a", 200, 200),
        ("investment_a", 200, 200),
        ("leader", 200, 200),
        ("admin_a", 200, 200),
        ("supervisor", 404, 200),
        ("handler", 404, 200),
        ("enterprise_user", 404, 404),
    ],
)
def test_role_matrix_for_the_create_page_and_the_export(request, enterprise, actor_name, create, export):
    client = client_for(request.getfixturevalue(actor_name))
    assert client.get("/enterprises/new/").status_code == create
    assert client.get("/enterprises/export.xlsx").status_code == export
    assert Event.objects.filter(verb="enterprise.exported").exists() == (export == 200)


def test_zone_b_officer_does_not_list_zone_a_enterprises(officer_b, enterprise, other_enterprise, enterprise_b):
    assert listed(client_for(officer_b)) == [enterprise_b.pk]


def test_the_handler_lists_no_zone_enterprise(handler, enterprise, other_enterprise):
    assert listed(client_for(handler)) == []


def test_the_enterprise_user_lists_exactly_their_own_enterprise(
    enterprise_user, enterprise, other_enterprise, enterprise_b
):
    assert listed(client_for(enterprise_user)) == [enterprise.pk]


def test_the_enterprise_user_sees_the_mobile_of_their_own_contact(enterprise_user, enterprise):
    ContactFactory(enterprise=enterprise, mobile="13655551234")
    html = client_for(enterprise_user).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "13655551234" in html


def test_zone_b_officer_cannot_remove_a_contact_of_zone_a(officer_b, enterprise, contact):
    resp = client_for(officer_b).post(f"/enterprises/{enterprise.pk}/contacts/{contact.pk}/archive/")
    assert resp.status_code == 404
    contact.refresh_from_db()
    assert contact.is_archived is False


def test_a_contact_cannot_be_removed_through_another_enterprise(officer_a, other_enterprise, contact):
    resp = client_for(officer_a).post(f"/enterprises/{other_enterprise.pk}/contacts/{contact.pk}/archive/")
    assert resp.status_code == 404
    contact.refresh_from_db()
    assert contact.is_archived is False


def test_a_service_officer_removes_a_contact(officer_a, enterprise, contact):
    resp = client_for(officer_a).post(f"/enterprises/{enterprise.pk}/contacts/{contact.pk}/archive/")
    assert resp.status_code == 302
    contact.refresh_from_db()
    assert contact.is_archived is True
    assert Event.objects.filter(verb="enterprise.contact_archived").count() == 1


def test_export_masks_mobiles_in_zones_where_the_user_may_not_read_them(investment_a, zone_b, contact, enterprise_b):
    # Service officer in zone B, investment officer (no clear mobiles) in zone A: decided per row.
    MembershipFactory(user=investment_a.user, unit=zone_b, role="service_officer")
    ContactFactory(enterprise=enterprise_b, mobile="13700001111")
    rows = exported(client_for(investment_a).get("/enterprises/export.xlsx"))
    mobile = HEADERS.index("联系人手机")
    by_name = {r[0]: r[mobile] for r in rows[1:]}
    assert by_name == {contact.enterprise.name: "138****8000", enterprise_b.name: "13700001111"}
    assert Event.objects.get(verb="enterprise.exported").after["mobiles_in_clear"] == 1
