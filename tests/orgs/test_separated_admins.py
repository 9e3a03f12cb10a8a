"""The three separated administrators of 等保 (三员): system, security and audit administrator, with no business
rights, no permission in common, one role each; and no account exists before someone creates it."""

import pytest
from django.test import Client

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.orgs import services
from zonedesk.orgs.audit import record
from zonedesk.orgs.models import Event, Membership, User
from zonedesk.orgs.permissions import can
from zonedesk.orgs.roles import PERMISSIONS, SEPARATED_ADMINS, Role

from ..conftest import _actor, client_for
from ..factories import PASSWORD

# What administering the system is; every other permission is business.
SYSTEM_PERMISSIONS = {
    "unit.view",
    "unit.manage",
    "user.manage",
    "security.manage",
    "event.view",
    "audit.verify",
    "calendar.manage",
    "channel.manage",
}


def test_the_separated_administrators_hold_no_business_permission():
    for perm, roles in PERMISSIONS.items():
        if perm not in SYSTEM_PERMISSIONS:
            assert not roles & SEPARATED_ADMINS, perm


def test_the_three_hold_no_permission_in_common():
    held = {role: {perm for perm, roles in PERMISSIONS.items() if role in roles} for role in SEPARATED_ADMINS}
    assert all(held.values())
    system, security, audit = (held[r] for r in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN))
    assert not system & security and not system & audit and not security & audit


@pytest.fixture
def system_admin(zone_a):
    return _actor(zone_a, Role.SYSTEM_ADMIN, username="sys_admin")


@pytest.fixture
def security_admin(zone_a):
    return _actor(zone_a, Role.SECURITY_ADMIN, username="sec_admin")


@pytest.fixture
def audit_admin(zone_a):
    return _actor(zone_a, Role.AUDIT_ADMIN, username="audit_admin")


def test_the_system_administrator_manages_accounts_but_sees_no_enterprise(system_admin, zone_a, enterprise):
    client = client_for(system_admin)
    assert client.get("/users/").status_code == 200
    assert client.get("/units/").status_code == 200
    response = client.post(
        "/users/new/",
        {
            "username": "new_officer",
            "password": "Initial#2026",
            "full_name": "新同事",
            "unit": zone_a.pk,
            "role": Role.SERVICE_OFFICER,
        },
    )
    assert response.status_code == 302 and User.objects.filter(username="new_officer").exists()
    assert client.get("/enterprises/").status_code == 404
    assert client.get(f"/enterprises/{enterprise.pk}/").status_code == 404
    assert client.get("/projects/").status_code == 404
    assert client.get("/api/v1/enterprises").json().get("count", 0) == 0
    assert client.get("/events/").status_code == 404  # the audit log is the audit administrator's


def test_the_audit_administrator_reads_the_log_and_nothing_else(audit_admin, officer_a, zone_a, enterprise):
    record(officer_a, "enterprise.updated", enterprise, unit=zone_a)
    client = client_for(audit_admin)
    page = client.get("/events/")
    assert (page.status_code == 200 and "enterprise.updated" in page.content.decode()) or enterprise.name in (
        page.content.decode()
    )
    assert client.get("/audit/check/").status_code == 200
    assert client.get("/users/").status_code == 404
    assert client.get(f"/enterprises/{enterprise.pk}/").status_code == 404
    assert not can(audit_admin.user, "user.manage") and can(audit_admin.user, "audit.verify")


def test_the_security_administrator_lifts_a_lock_out(security_admin, officer_a):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "officer_a", "password": "Wrong#pass1"})
    assert client.post("/accounts/login/", {"username": "officer_a", "password": PASSWORD}).status_code == 429
    admin = client_for(security_admin)
    assert "officer_a" in admin.get("/security/lockouts/").content.decode()
    assert admin.post("/security/unlock/", {"username": "officer_a"}).status_code == 302
    assert Event.objects.filter(verb="auth.unlocked", actor=security_admin.user).count() == 1
    assert Client().post("/accounts/login/", {"username": "officer_a", "password": PASSWORD}).status_code == 302
    with pytest.raises(Conflict):
        services.unlock("officer_a", by=security_admin)
    assert client_for(officer_a).get("/security/lockouts/").status_code == 404


def test_a_separated_administrator_holds_one_role_only(admin_a, zone_a, officer_a, system_admin):
    with pytest.raises(Rejected) as refused:
        services.add_membership(officer_a.user, unit=zone_a, role=Role.AUDIT_ADMIN, by=admin_a)
    assert refused.value.field == "role"
    with pytest.raises(Rejected):
        services.add_membership(system_admin.user, unit=zone_a, role=Role.LEADER, by=admin_a)
    assert not Membership.objects.filter(user=officer_a.user, role=Role.AUDIT_ADMIN).exists()
    services.add_membership(officer_a.user, unit=zone_a, role=Role.LEADER, by=admin_a)  # business roles still combine


def test_no_account_exists_until_someone_creates_one(db):
    assert User.objects.count() == 0  # migrations create no default or administrator account


def test_an_administrators_password_expires_too(system_admin):
    from zonedesk.orgs.accounts import password_reason

    User.objects.filter(pk=system_admin.user.pk).update(password_changed_at=None)
    assert password_reason(User.objects.get(pk=system_admin.user.pk))
