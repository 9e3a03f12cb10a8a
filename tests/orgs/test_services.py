import pytest
from django.test import RequestFactory

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs import services
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import ApiToken, Event, Unit, UnitKind, User, hash_token
from zonedesk.orgs.permissions import can

from ..factories import PASSWORD


def test_a_unit_admin_creates_a_user_of_their_zone_with_one_event(admin_a, zone_a):
    user = services.create_user(
        username="zhang", password="Strong#Pass1", full_name="张伟", unit=zone_a, role="service_officer", by=admin_a
    )
    assert user.check_password("Strong#Pass1")
    assert user.memberships.get().unit == zone_a
    events = Event.objects.filter(verb="user.created")
    assert events.count() == 1
    assert "password" not in str(events.get().after)


@pytest.mark.parametrize(
    "password",
    ["Ab1!", "alllowercase1", "ALLUPPER!!!!", "zhang#Pass123"],  # short, 2 classes, 2 classes, has username
)
def test_weak_passwords_are_refused_on_the_password_field(admin_a, zone_a, password):
    with pytest.raises(Rejected) as exc:
        services.create_user(
            username="zhang", password=password, full_name="张伟", unit=zone_a, role="handler", by=admin_a
        )
    assert exc.value.field == "password"
    assert not User.objects.filter(username="zhang").exists()


def test_an_officer_cannot_create_users(officer_a, zone_a):
    with pytest.raises(Forbidden):
        services.create_user(
            username="li", password="Strong#Pass1", full_name="李", unit=zone_a, role="handler", by=officer_a
        )


def test_an_admin_of_zone_a_cannot_reach_zone_b(admin_a, zone_b):
    with pytest.raises(Unit.DoesNotExist):
        services.create_user(
            username="li", password="Strong#Pass1", full_name="李", unit=zone_b, role="handler", by=admin_a
        )


def test_units_form_a_tree_and_memberships_cover_everything_below(admin_a, zone_a, zone_b):
    dept = services.create_unit(name="招商局", kind=UnitKind.DEPARTMENT, parent=zone_a, by=admin_a)
    assert dept.path == f"{zone_a.path}{dept.pk}/"
    visible = set(Unit.objects.visible_to(admin_a.user))
    assert {zone_a, dept} <= visible
    assert zone_b not in visible
    assert can(admin_a.user, "unit.manage", dept)


def test_a_zone_cannot_hold_a_region(admin_a, zone_a):
    with pytest.raises(Rejected) as exc:
        services.create_unit(name="某市", kind=UnitKind.REGION, parent=zone_a, by=admin_a)
    assert exc.value.field == "kind"


def test_api_tokens_are_stored_hashed_and_revoked_once(officer_a):
    token, raw = services.create_api_token(name="报表脚本", by=officer_a)
    assert raw.startswith("zd_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hash_token(raw) and raw not in stored.digest
    services.revoke_api_token(token, by=officer_a)
    with pytest.raises(Conflict):
        services.revoke_api_token(token, by=officer_a)
    assert Event.objects.filter(verb="api_token.revoked").count() == 1


def test_another_user_cannot_revoke_my_token(officer_a, officer_b):
    token, _raw = services.create_api_token(name="x", by=officer_a)
    with pytest.raises(Conflict):
        services.revoke_api_token(token, by=officer_b)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_deactivating_a_user_archives_them_instead_of_deleting(admin_a, officer_a):
    services.set_active(officer_a.user, is_active=False, by=admin_a)
    assert User.objects.get(pk=officer_a.user.pk).is_active is False
    with pytest.raises(Conflict):
        services.set_active(officer_a.user, is_active=False, by=admin_a)


def test_changing_my_password_needs_the_current_one(officer_a):
    with pytest.raises(Rejected) as exc:
        services.change_own_password(old_password="wrong", new_password="New#Pass2026", by=officer_a)
    assert exc.value.field == "old_password"
    services.change_own_password(old_password=PASSWORD, new_password="New#Pass2026", by=officer_a)
    assert User.objects.get(pk=officer_a.user.pk).check_password("New#Pass2026")


def test_system_actor_is_not_an_anonymous_actor():
    request = RequestFactory().post("/accounts/login/")
    assert Actor.system("digest").is_system
    assert not Actor.anonymous(request, "someone").is_system


def test_the_timeline_reads_keys_that_name_a_reverse_relation(admin_a, zone_a):
    """A service may record a key such as "memberships" or "children" that is a reverse relation, not a field."""
    from django.db import transaction

    from zonedesk.orgs.audit import record
    from zonedesk.orgs.timeline import describe

    with transaction.atomic():
        event = record(admin_a, "unit.created", zone_a, after={"children": 2, "on": "2026-01-01", "name": "x"})
    labels = [c["label"] for c in describe([event])[0]["changes"]]
    assert labels[0] == "children" and labels[2] == str(Unit._meta.get_field("name").verbose_name)
