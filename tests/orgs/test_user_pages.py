import io

import pytest

from zonedesk.common.excel import read_rows
from zonedesk.orgs import services
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Membership, Unit, User

from ..conftest import client_for


def test_a_unit_admin_creates_a_user_from_the_page(admin_a, zone_a):
    response = client_for(admin_a).post(
        "/users/new/",
        {
            "username": "wang",
            "full_name": "王强",
            "mobile": "",
            "unit": zone_a.pk,
            "role": "handler",
            "password": "Strong#Pass1",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="wang").memberships.get().role == "handler"


def test_a_weak_password_shows_on_the_field_and_creates_nobody(admin_a, zone_a):
    response = client_for(admin_a).post(
        "/users/new/",
        {"username": "wang", "full_name": "王强", "unit": zone_a.pk, "role": "handler", "password": "short"},
    )
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode() and "is-invalid" in response.content.decode()
    assert not User.objects.filter(username="wang").exists()


def test_an_admin_grants_and_removes_a_role_and_disables_an_account(admin_a, officer_a, department_a):
    client = client_for(admin_a)
    url = f"/users/{officer_a.user.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"grant": "1", "unit": department_a.pk, "role": "handler"})
    added = Membership.objects.get(user=officer_a.user, role="handler")
    client.post(f"{url}roles/{added.pk}/remove/")
    assert Membership.objects.get(pk=added.pk).revoked_at is not None  # ended, not deleted
    assert "handler" not in officer_a.user.__class__.objects.get(pk=officer_a.user.pk).roles
    client.post(f"{url}active/", {"active": "0"})
    assert User.objects.get(pk=officer_a.user.pk).is_active is False
    verbs = list(Event.objects.filter(verb__startswith="user.").order_by("pk").values_list("verb", flat=True))
    assert verbs == ["user.role_granted", "user.role_revoked", "user.deactivated"]


def test_an_admin_resets_a_password_without_it_being_logged(admin_a, officer_a):
    client_for(admin_a).post(f"/users/{officer_a.user.pk}/", {"reset": "1", "new_password": "Reset#Pass2026"})
    assert User.objects.get(pk=officer_a.user.pk).check_password("Reset#Pass2026")
    event = Event.objects.get(verb="user.password_reset")
    assert "Reset#Pass2026" not in str(event.before) + str(event.after)


@pytest.mark.parametrize("path", ["/users/{pk}/", "/users/{pk}/active/"])
def test_an_admin_of_zone_a_cannot_reach_a_zone_b_user(admin_a, officer_b, path):
    client = client_for(admin_a)
    url = path.format(pk=officer_b.user.pk)
    response = client.post(url, {"active": "0"}) if url.endswith("active/") else client.get(url)
    assert response.status_code == 404
    assert User.objects.get(pk=officer_b.user.pk).is_active


def test_an_officer_cannot_open_user_management(officer_a, admin_a):
    assert client_for(officer_a).get(f"/users/{admin_a.user.pk}/").status_code == 404


def test_an_admin_adds_a_department_under_their_zone(admin_a, zone_a):
    response = client_for(admin_a).post("/units/", {"name": "经济发展局", "kind": "department", "parent": zone_a.pk})
    assert response.status_code == 302
    unit = Unit.objects.get(name="经济发展局")
    assert unit.parent == zone_a and unit.path == f"{zone_a.path}{unit.pk}/"
    assert Event.objects.filter(verb="unit.created", unit=unit).count() == 1


def test_an_admin_cannot_put_a_unit_under_another_zone(admin_a, zone_b):
    response = client_for(admin_a).post("/units/", {"name": "经济发展局", "kind": "department", "parent": zone_b.pk})
    assert response.status_code == 200  # zone B is not among the choices: a field error
    assert not Unit.objects.filter(name="经济发展局").exists()


def test_an_officer_sees_units_but_cannot_create_them(officer_a, zone_a):
    client = client_for(officer_a)
    assert client.get("/units/").status_code == 200
    assert client.post("/units/", {"name": "x", "kind": "department", "parent": zone_a.pk}).status_code == 404
    assert not Unit.objects.filter(name="x").exists()


def test_the_audit_log_exports_what_the_filter_shows_in_scope(admin_a, officer_b, zone_a, zone_b):
    services.create_unit(name="招商局", kind="department", parent=zone_a, by=admin_a)
    services.create_unit(name="海河招商局", kind="department", parent=zone_b, by=Actor.system("test"))
    response = client_for(admin_a).get("/events/export.xlsx", {"verb": "unit."})
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert rows[0][0] == "时间"
    assert [r[5] for r in rows[1:]] == ["招商局"]
    assert Event.objects.filter(verb="event.exported", actor=admin_a.user).count() == 1


def test_roles_without_the_audit_log_cannot_export_it(enterprise_user, handler):
    assert client_for(enterprise_user).get("/events/export.xlsx").status_code == 404
