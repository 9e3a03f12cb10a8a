"""Recording, voiding and target setting through the services: who may, where (404 outside scope, 403 without the
permission), bad input naming its field and writing nothing, a stale version a Conflict, and one Event each."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.training import services
from zonedesk.training.models import TrainingRecord, TrainingTarget

from .conftest import session

pytestmark = pytest.mark.django_db


def test_a_staff_member_records_their_own_session_in_their_unit(officer_a, zone_a):
    row = session(officer_a, "3", title="安全生产法培训", organiser="县应急管理局")
    assert (row.user, row.unit, row.recorded_by) == (officer_a.user, zone_a, officer_a.user)
    assert (row.title, row.kind, row.hours, row.on, row.version) == (
        "安全生产法培训",
        "theory",
        Decimal("3.0"),
        date(2025, 3, 1),
        1,
    )
    event = Event.objects.get(verb="training.recorded")
    assert (event.object_id, event.unit_id, event.after["hours"]) == (str(row.pk), zone_a.pk, "3.0")


def test_a_department_handler_records_for_their_department(handler, department_a):
    assert session(handler, 2, kind="practice", title="驻企服务").unit == department_a


def test_a_leader_records_for_a_colleague_of_their_zone(leader, handler, department_a):
    row = session(leader, "8", kind="practice", title="重大项目一线跟班", user=handler.user.pk)
    assert (row.user, row.unit, row.recorded_by) == (handler.user, department_a, leader.user)


def test_a_service_officer_may_not_record_for_a_colleague(officer_a, investment_a):
    with pytest.raises(Forbidden):
        session(officer_a, 2, user=investment_a.user)
    assert not TrainingRecord.objects.exists()


def test_a_person_of_another_zone_does_not_exist_for_the_leader(leader, officer_b):
    with pytest.raises(User.DoesNotExist):
        session(leader, 2, user=officer_b.user)


def test_an_enterprise_user_keeps_no_ledger(enterprise_user):
    with pytest.raises(Forbidden):
        session(enterprise_user, 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": "三小时"}, "hours"),
        ({"hours": 0}, "hours"),
        ({"hours": "25"}, "hours"),
        ({"hours": "-2"}, "hours"),
        ({"hours": "1.3"}, "hours"),
        ({"hours": float("nan")}, "hours"),
        ({"title": "  "}, "title"),
        ({"kind": "lecture"}, "kind"),
        ({"on": "2025年13月1日"}, "on"),
        ({"on": ""}, "on"),
        ({"organiser": "局" * 101}, "organiser"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(officer_a, changes, field):
    data = {"on": date(2025, 3, 1), "title": "招商引资政策解读", "kind": "theory", "hours": "2", **changes}
    with pytest.raises(Rejected) as caught:
        services.record_training(officer_a, **data)
    assert caught.value.field == field
    assert not TrainingRecord.objects.exists() and not Event.objects.filter(verb="training.recorded").exists()


def test_a_session_cannot_be_recorded_before_it_happens(officer_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(Rejected) as caught:
        session(officer_a, 2, on=tomorrow)
    assert caught.value.field == "on"
    assert session(officer_a, 2, on=timezone.localdate()).on == timezone.localdate()


def test_hours_are_read_as_officers_type_them(officer_a):
    assert session(officer_a, "２.５小时").hours == Decimal("2.5")
    assert session(officer_a, "24").hours == Decimal("24.0")
    assert session(officer_a, Decimal("0.5"), on="2025/3/2").on == date(2025, 3, 2)


def test_the_owner_voids_a_wrong_record_with_the_reason(officer_a):
    row = session(officer_a, 12)
    voided = services.void_record(officer_a, row, version=1, reason="学时录入错误")
    assert voided.is_void and voided.voided_by == officer_a.user and voided.version == 2
    assert TrainingRecord.objects.filter(pk=row.pk).exists()  # never deleted
    event = Event.objects.get(verb="training.voided")
    assert event.before == {"voided_at": None} and event.after["voided_reason"] == "学时录入错误"


def test_voiding_with_a_stale_version_is_a_conflict(officer_a):
    row = session(officer_a, 12)
    services.void_record(officer_a, row, version=1, reason="录错了")
    with pytest.raises(Conflict):
        services.void_record(officer_a, row, version=1, reason="录错了")
    assert Event.objects.filter(verb="training.voided").count() == 1


def test_voiding_needs_a_reason(officer_a):
    row = session(officer_a, 2)
    with pytest.raises(Rejected) as caught:
        services.void_record(officer_a, row, version=1, reason=" ")
    assert caught.value.field == "reason" and not TrainingRecord.objects.get(pk=row.pk).is_void


def test_a_leader_voids_a_colleagues_record_and_others_cannot_see_it(officer_a, investment_a, officer_b, leader):
    row = session(officer_a, 2)
    with pytest.raises(TrainingRecord.DoesNotExist):
        services.void_record(investment_a, row, version=1, reason="不对")
    with pytest.raises(TrainingRecord.DoesNotExist):
        services.void_record(officer_b, row, version=1, reason="不对")
    assert services.void_record(leader, row, version=1, reason="重复登记").voided_by == leader.user


def test_a_leader_sets_and_changes_the_zones_target(leader, zone_a):
    first = services.set_target(leader, unit=zone_a, year=2026, theory_hours="120", practice_hours=30, note="全年")
    again = services.set_target(leader, unit=zone_a, year=2026, theory_hours=110, practice_hours=30, note="全年")
    assert again.pk == first.pk and again.version == 2 and again.theory_hours == Decimal("110.0")
    events = Event.objects.filter(verb="training.target_set").order_by("pk")
    assert [e.after.get("theory_hours") for e in events] == ["120.0", "110.0"]
    assert events[1].before == {"theory_hours": "120.0"}
    services.set_target(leader, unit=zone_a, year=2026, theory_hours=110, practice_hours=30, note="全年")
    assert events.count() == 2  # nothing changed, nothing recorded
    assert TrainingTarget.objects.count() == 1


def test_setting_targets_needs_training_manage_within_scope(officer_a, leader, zone_a, zone_b):
    with pytest.raises(Forbidden):
        services.set_target(officer_a, unit=zone_a, year=2026, theory_hours=120, practice_hours=30)
    with pytest.raises(Unit.DoesNotExist):
        services.set_target(leader, unit=zone_b, year=2026, theory_hours=120, practice_hours=30)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"theory_hours": "一百二十"}, "theory_hours"),
        ({"practice_hours": -1}, "practice_hours"),
        ({"year": 1999}, "year"),
    ],
)
def test_a_bad_target_names_its_field(leader, zone_a, changes, field):
    data = {"unit": zone_a, "year": 2026, "theory_hours": 120, "practice_hours": 30, **changes}
    with pytest.raises(Rejected) as caught:
        services.set_target(leader, **data)
    assert caught.value.field == field and not TrainingTarget.objects.exists()
