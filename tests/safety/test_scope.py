"""Who sees which safety records: an enterprise user its own, a zone its own, handlers not the zone's hazards."""

from datetime import date

import pytest

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event
from zonedesk.safety import hazards, services
from zonedesk.safety.models import Hazard, HazardMove, HazardPhoto, Inspection, Rating, SafetyProfile
from zonedesk.safety.photos import photo_for
from zonedesk.safety.queries import hazard_list, inspections_due, rating_list, safety_sheet
from zonedesk.safety.states import HazardState, SafetyColour

from .conftest import hazard_row


@pytest.fixture
def two_enterprises(make_hazard, officer_a, safety_officer, enterprise, other_enterprise):
    """A submitted hazard with a photo and a rating for each of two enterprises of zone A."""
    own = make_hazard(HazardState.SUBMITTED)
    other = make_hazard(HazardState.SUBMITTED, ent=other_enterprise, rectifier=officer_a)
    for ent in (enterprise, other_enterprise):
        services.rate(safety_officer, ent, stars=3, colour=SafetyColour.YELLOW, reason="年度评定")
    return own, other


def test_an_enterprise_sees_only_its_own_safety_records(two_enterprises, enterprise_user, enterprise):
    own, other = two_enterprises
    user = enterprise_user.user
    assert list(hazard_list(user)) == [own]
    assert set(Hazard.objects.visible_to(user)) == {own}
    assert set(HazardMove.objects.visible_to(user).values_list("hazard", flat=True)) == {own.pk}
    assert set(Inspection.objects.visible_to(user)) == {own.inspection}
    assert set(SafetyProfile.objects.visible_to(user).values_list("enterprise", flat=True)) == {enterprise.pk}
    assert set(Rating.objects.visible_to(user).values_list("enterprise", flat=True)) == {enterprise.pk}
    assert [r.enterprise_id for r in rating_list(user)] == [enterprise.pk]
    assert photo_for(user, own.photos.get().pk).hazard == own
    with pytest.raises(HazardPhoto.DoesNotExist):
        photo_for(user, other.photos.get().pk)
    with pytest.raises(Enterprise.DoesNotExist):
        safety_sheet(user, other.enterprise_id)
    with pytest.raises(Hazard.DoesNotExist):
        hazard_list(user).get(pk=other.pk)


def test_an_enterprise_cannot_act_on_another_enterprises_hazard(
    make_hazard, enterprise_user, other_enterprise, officer_a
):
    other = make_hazard(HazardState.FOUND, ent=other_enterprise)
    with pytest.raises(Hazard.DoesNotExist):
        hazards.start_rectification(enterprise_user, other)
    assert Hazard.objects.get(pk=other.pk).state == HazardState.FOUND


@pytest.mark.parametrize("who", ["handler", "officer_b", "safety_officer_b"])
def test_a_handler_or_another_zones_officer_sees_none_of_zone_as_hazards(who, request, two_enterprises, enterprise):
    user = request.getfixturevalue(who).user
    assert not hazard_list(user).exists()
    assert not Hazard.objects.visible_to(user).exists()
    assert not Inspection.objects.visible_to(user).exists()
    assert not Rating.objects.visible_to(user).exists()
    assert not inspections_due(user, date(2030, 1, 1)).exists()
    with pytest.raises(Enterprise.DoesNotExist):
        safety_sheet(user, enterprise.pk)


def test_another_zones_safety_officer_cannot_inspect_or_accept(two_enterprises, safety_officer_b, enterprise):
    own, _other = two_enterprises
    with pytest.raises(Enterprise.DoesNotExist):
        services.record_inspection(safety_officer_b, enterprise, findings="越区检查")
    with pytest.raises(Hazard.DoesNotExist):
        hazards.accept_rectification(safety_officer_b, own)
    assert Hazard.objects.get(pk=own.pk).state == HazardState.SUBMITTED


def test_the_county_supervisor_reads_both_zones(two_enterprises, supervisor, safety_officer_b, enterprise_b):
    inspection = services.record_inspection(safety_officer_b, enterprise_b, findings="例行检查", hazards=[hazard_row()])
    assert set(hazard_list(supervisor.user)) == {*two_enterprises, inspection.hazards.get()}
    assert set(hazard_list(safety_officer_b.user)) == {inspection.hazards.get()}


def test_the_responsible_mobile_is_masked_for_roles_that_do_not_call(safety_officer, officer_a, supervisor, enterprise):
    services.update_profile(safety_officer, enterprise, responsible_person="王安全", responsible_mobile="13912348000")
    assert safety_sheet(safety_officer.user, enterprise.pk)["responsible_mobile"] == "13912348000"
    assert safety_sheet(officer_a.user, enterprise.pk)["responsible_mobile"] == "13912348000"
    assert safety_sheet(supervisor.user, enterprise.pk)["responsible_mobile"] == "139****8000"
    # The audit log is read by roles that may not call: it keeps the mobile masked.
    assert Event.objects.get(verb="safety.profile_updated").after["responsible_mobile"] == "139****8000"
