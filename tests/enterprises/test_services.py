import pytest

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.enterprises import services
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Unit

VALID = "91110000600037341L"


def _data(unit, **extra):
    return {"name": "江苏国阳智能装备有限公司", "uscc": VALID, "unit": unit, **extra}


def test_registering_an_enterprise_writes_one_event_with_its_fields(officer_a, zone_a):
    enterprise = services.create_enterprise(_data(zone_a, employees=120), by=officer_a)
    assert enterprise.name_initials == "jsgyznzbyxgs"
    event = Event.objects.get(verb="enterprise.created")
    assert event.actor == officer_a.user and event.ip == "10.0.0.1"
    assert event.after["uscc"] == VALID and event.after["employees"] == 120
    assert event.unit == zone_a and event.enterprise_id == enterprise.pk


def test_the_code_is_normalised_before_it_is_checked_and_stored(officer_a, zone_a):
    enterprise = services.create_enterprise(_data(zone_a, uscc=" ９１１１００００６０００３７３４１ｌ "), by=officer_a)
    assert enterprise.uscc == VALID


def test_a_corrupted_code_is_refused_on_the_uscc_field(officer_a, zone_a):
    with pytest.raises(Rejected) as exc:
        services.create_enterprise(_data(zone_a, uscc="91110000600037341M"), by=officer_a)
    assert exc.value.field == "uscc"
    assert not Enterprise.objects.exists() and not Event.objects.exists()


def test_a_pilot_code_can_be_confirmed_explicitly_and_is_flagged(officer_a, zone_a):
    enterprise = services.create_enterprise(_data(zone_a, uscc="91110000600037341M", confirm_uscc=True), by=officer_a)
    assert enterprise.is_uscc_confirmed
    assert Event.objects.filter(verb="enterprise.uscc_confirmed", enterprise_id=enterprise.pk).count() == 1


def test_confirming_does_not_let_a_code_of_the_wrong_length_through(officer_a, zone_a):
    with pytest.raises(Rejected):
        services.create_enterprise(_data(zone_a, uscc="9111000060003734", confirm_uscc=True), by=officer_a)


def test_the_same_code_cannot_be_registered_twice(officer_a, zone_a, zone_b, officer_b):
    services.create_enterprise(_data(zone_a), by=officer_a)
    with pytest.raises(Rejected) as exc:
        services.create_enterprise(_data(zone_b, name="另一家公司"), by=officer_b)
    assert exc.value.field == "uscc"


def test_an_officer_cannot_register_into_another_zone(officer_a, zone_b):
    with pytest.raises(Rejected) as exc:
        services.create_enterprise(_data(zone_b), by=officer_a)
    assert exc.value.field == "unit"


def test_a_handler_cannot_register_enterprises(handler, zone_a, department_a):
    with pytest.raises((Forbidden, Rejected)):
        services.create_enterprise(_data(zone_a), by=handler)
    assert not Enterprise.objects.exists()


def test_an_unknown_industry_code_is_refused(officer_a, zone_a):
    with pytest.raises(Rejected) as exc:
        services.create_enterprise(_data(zone_a, industry="9999"), by=officer_a)
    assert exc.value.field == "industry"


def test_editing_records_only_the_changed_fields_and_bumps_the_version(officer_a, enterprise):
    services.update_enterprise(enterprise, {"employees": 250, "name": enterprise.name}, by=officer_a, version=1)
    event = Event.objects.get(verb="enterprise.updated")
    assert event.before == {"employees": 100} and event.after == {"employees": 250}
    enterprise.refresh_from_db()
    assert enterprise.version == 2


def test_a_stale_edit_is_a_conflict_and_changes_nothing(officer_a, leader, enterprise):
    services.update_enterprise(enterprise, {"employees": 250}, by=leader, version=1)
    with pytest.raises(Conflict):
        services.update_enterprise(enterprise, {"employees": 300}, by=officer_a, version=1)
    enterprise.refresh_from_db()
    assert enterprise.employees == 250
    assert Event.objects.filter(verb="enterprise.updated").count() == 1


def test_zone_b_officer_cannot_see_zone_a_enterprise(officer_b, enterprise):
    with pytest.raises(Enterprise.DoesNotExist):
        services.update_enterprise(enterprise, {"employees": 1}, by=officer_b)
    with pytest.raises(Enterprise.DoesNotExist):
        services.set_archived(enterprise, archived=True, by=officer_b)


def test_an_enterprise_user_cannot_edit_the_registry_record(enterprise_user, enterprise):
    with pytest.raises(Forbidden):
        services.update_enterprise(enterprise, {"employees": 1}, by=enterprise_user)


def test_archiving_keeps_the_row_and_can_be_undone(leader, enterprise):
    services.set_archived(enterprise, archived=True, by=leader)
    assert Enterprise.objects.filter(pk=enterprise.pk, is_archived=True).exists()
    with pytest.raises(Conflict):
        services.set_archived(enterprise, archived=True, by=leader)
    services.set_archived(enterprise, archived=False, by=leader)
    assert [e.verb for e in Event.objects.order_by("pk")] == ["enterprise.archived", "enterprise.restored"]


def test_an_officer_may_not_archive(officer_a, enterprise):
    with pytest.raises(Forbidden):
        services.set_archived(enterprise, archived=True, by=officer_a)


def test_the_enterprise_user_adds_a_contact_to_their_own_enterprise_only(enterprise_user, enterprise, other_enterprise):
    services.add_contact(
        enterprise, {"name": "王会计", "mobile": "139 1234 5678", "is_primary": True}, by=enterprise_user
    )
    assert Contact.objects.get(enterprise=enterprise).mobile == "13912345678"
    with pytest.raises(Enterprise.DoesNotExist):
        services.add_contact(other_enterprise, {"name": "x"}, by=enterprise_user)


def test_a_bad_mobile_is_refused(officer_a, enterprise):
    with pytest.raises(Rejected) as exc:
        services.add_contact(enterprise, {"name": "王", "mobile": "call me"}, by=officer_a)
    assert exc.value.field == "mobile"


def test_archiving_a_contact_keeps_it_in_the_database(officer_a, contact):
    services.archive_contact(contact, by=officer_a)
    assert Contact.objects.filter(pk=contact.pk, is_archived=True).exists()
    with pytest.raises(Conflict):
        services.archive_contact(contact, by=officer_a)


def test_visible_to_scopes_by_unit_subtree(officer_a, supervisor, enterprise, enterprise_b):
    assert list(Enterprise.objects.visible_to(officer_a.user)) == [enterprise]
    assert set(Enterprise.objects.visible_to(supervisor.user)) == {enterprise, enterprise_b}
    assert not Unit.objects.visible_to(None).exists()


def test_the_system_actor_can_act_on_any_enterprise(enterprise):
    system = Actor.system("demo")
    services.add_contact(enterprise, {"name": "系统联系人"}, by=system)
    services.update_enterprise(enterprise, {"employees": 7}, by=system)
    assert Event.objects.filter(actor_label="system:demo").count() == 2


def test_contact_events_sit_on_the_enterprise_timeline_with_the_mobile_masked(officer_a, enterprise):
    contact = services.add_contact(enterprise, {"name": "王会计", "mobile": "13912345678"}, by=officer_a)
    event = Event.objects.about(enterprise).get(verb="enterprise.contact_added")
    assert event.object_id == str(contact.pk) and event.enterprise_id == enterprise.pk
    assert event.after["mobile"] == "139****5678"
