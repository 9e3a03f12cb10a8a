"""Publishing, changing, closing and filling a posting: the rules, the refusals, the scope and the Events."""

from datetime import date

import pytest

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event
from zonedesk.recruitment import services
from zonedesk.recruitment.models import JobPosting, PostingHire
from zonedesk.recruitment.queries import posting_list, with_shown_mobiles
from zonedesk.recruitment.states import PostingStatus

from .conftest import posting_data

FEB_3 = date(2025, 2, 3)


def test_an_officer_publishes_a_posting_for_an_enterprise_of_the_zone(officer_a, enterprise, on_day):
    on_day(FEB_3)
    posting = services.publish_posting(officer_a, enterprise, posting_data(count="３０", closes_on="2025/2/28"))
    assert (posting.unit, posting.count, posting.status) == (enterprise.unit, 30, PostingStatus.OPEN)
    assert (posting.published_on, posting.closes_on) == (FEB_3, date(2025, 2, 28))
    assert posting.requirements == "18-45周岁\n能适应两班倒"
    event = Event.objects.get(verb="posting.published", object_id=str(posting.pk))
    assert event.enterprise_id == enterprise.pk and event.after["count"] == 30
    # The audit log is read by roles that may not see the mobile.
    assert event.after["contact_mobile"] == "138****8000"


def test_an_enterprise_user_publishes_for_their_own_enterprise(enterprise_user, enterprise):
    posting = services.publish_posting(enterprise_user, enterprise, posting_data())
    assert posting.enterprise == enterprise and posting.published_by == enterprise_user.user


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"count": 0}, "count"),
        ({"count": "十"}, "count"),
        ({"count": 2.5}, "count"),
        ({"salary_min": 8000, "salary_max": 6000}, "salary_max"),
        ({"salary_min": -1}, "salary_min"),
        ({"closes_on": "2025-02-02"}, "closes_on"),
        ({"closes_on": "二月底"}, "closes_on"),
        ({"position": "  "}, "position"),
        ({"contact_mobile": "138-abc"}, "contact_mobile"),
        ({"contact_name": ""}, "contact_name"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(officer_a, enterprise, on_day, changes, field):
    on_day(FEB_3)
    with pytest.raises(Rejected) as refused:
        services.publish_posting(officer_a, enterprise, posting_data(**changes))
    assert refused.value.field == field
    assert not JobPosting.objects.exists()
    assert not Event.objects.filter(verb__startswith="posting.").exists()


def test_a_salary_range_may_be_left_open_at_either_end(officer_a, enterprise):
    posting = services.publish_posting(officer_a, enterprise, posting_data(salary_min="", salary_max=None))
    assert (posting.salary_min, posting.salary_max) == (None, None)
    posting = services.publish_posting(officer_a, enterprise, posting_data(salary_min="6000", salary_max=""))
    assert (posting.salary_min, posting.salary_max) == (6000, None)


def test_an_enterprise_user_cannot_reach_another_enterprises_postings(
    enterprise_user, officer_a, enterprise, other_enterprise
):
    other = services.publish_posting(officer_a, other_enterprise, posting_data(position="焊工"))
    with pytest.raises(Enterprise.DoesNotExist):
        services.publish_posting(enterprise_user, other_enterprise, posting_data())
    for write in (
        lambda: services.update_posting(enterprise_user, other, {"count": 5}),
        lambda: services.close_posting(enterprise_user, other),
        lambda: services.record_hires(enterprise_user, other, 1),
    ):
        with pytest.raises(JobPosting.DoesNotExist):
            write()
    assert JobPosting.objects.get(pk=other.pk).version == 1


def test_an_enterprise_user_sees_only_their_own_postings(enterprise_user, officer_a, enterprise, other_enterprise):
    own = services.publish_posting(officer_a, enterprise, posting_data())
    services.publish_posting(officer_a, other_enterprise, posting_data(position="焊工"))
    assert list(posting_list(enterprise_user.user)) == [own]
    assert posting_list(officer_a.user).count() == 2


def test_a_zone_b_officer_neither_sees_nor_changes_zone_a_postings(officer_a, officer_b, enterprise, enterprise_b):
    posting = services.publish_posting(officer_a, enterprise, posting_data())
    theirs = services.publish_posting(officer_b, enterprise_b, posting_data(position="装配工"))
    assert list(posting_list(officer_b.user)) == [theirs]
    with pytest.raises(JobPosting.DoesNotExist):
        services.close_posting(officer_b, posting)
    with pytest.raises(Enterprise.DoesNotExist):
        services.publish_posting(officer_b, enterprise, posting_data())


def test_a_leader_reads_postings_but_does_not_publish(leader, officer_a, enterprise):
    services.publish_posting(officer_a, enterprise, posting_data())
    assert posting_list(leader.user).count() == 1
    with pytest.raises(Forbidden):
        services.publish_posting(leader, enterprise, posting_data())


def test_mobiles_show_in_clear_only_to_those_who_call_enterprises(officer_a, investment_a, enterprise_user, enterprise):
    services.publish_posting(officer_a, enterprise, posting_data())
    shown = {
        actor.user.username: with_shown_mobiles(actor.user, posting_list(actor.user))[0].shown_mobile
        for actor in (officer_a, investment_a, enterprise_user)
    }
    assert shown == {"officer_a": "13812348000", "investment_a": "138****8000", "ent_user": "13812348000"}


def test_an_update_changes_the_fields_and_records_only_what_changed(officer_a, enterprise, on_day):
    on_day(FEB_3)
    posting = services.publish_posting(officer_a, enterprise, posting_data())
    posting = services.update_posting(officer_a, posting, {"count": 12, "salary_max": 7500}, version=1)
    assert (posting.count, posting.salary_max, posting.version) == (12, 7500, 2)
    event = Event.objects.get(verb="posting.updated")
    assert (event.before, event.after) == ({"count": 10, "salary_max": 7000}, {"count": 12, "salary_max": 7500})


def test_a_stale_update_is_a_conflict_and_changes_nothing(officer_a, enterprise_user, enterprise):
    posting = services.publish_posting(officer_a, enterprise, posting_data())
    read_version = posting.version
    services.update_posting(enterprise_user, posting, {"count": 12}, version=read_version)
    with pytest.raises(Conflict):
        services.update_posting(officer_a, posting, {"count": 20}, version=read_version)
    assert JobPosting.objects.get(pk=posting.pk).count == 12
    assert Event.objects.filter(verb="posting.updated").count() == 1


def test_an_update_is_checked_like_a_publication(officer_a, enterprise, on_day):
    on_day(FEB_3)
    posting = services.publish_posting(officer_a, enterprise, posting_data(salary_min=5000, salary_max=7000))
    with pytest.raises(Rejected) as refused:
        services.update_posting(officer_a, posting, {"salary_min": 9000})
    assert refused.value.field == "salary_max"
    with pytest.raises(Rejected) as refused:
        services.update_posting(officer_a, posting, {"closes_on": date(2025, 1, 31)})
    assert refused.value.field == "closes_on"
    assert JobPosting.objects.get(pk=posting.pk).version == 1


def test_an_expired_closing_date_does_not_block_other_changes(officer_a, enterprise, on_day):
    on_day(FEB_3)
    posting = services.publish_posting(officer_a, enterprise, posting_data(closes_on=date(2025, 2, 10)))
    on_day(date(2025, 2, 20))
    posting = services.update_posting(officer_a, posting, {"requirements": "有电焊证优先"})
    assert posting.closes_on == date(2025, 2, 10) and posting.requirements == "有电焊证优先"


def test_hires_fill_the_posting_and_each_is_a_record(officer_a, enterprise, on_day):
    on_day(FEB_3)
    posting = services.publish_posting(officer_a, enterprise, posting_data(count=10))
    on_day(date(2025, 2, 20))
    posting, _hire = services.record_hires(officer_a, posting, 6, on="2025-02-10")
    assert (posting.filled, posting.status, posting.remaining) == (6, PostingStatus.OPEN, 4)
    with pytest.raises(Rejected) as refused:
        services.record_hires(officer_a, posting, 5)
    assert refused.value.field == "count"
    posting, _hire = services.record_hires(officer_a, posting, 4)
    assert (posting.filled, posting.status, posting.filled_on) == (10, PostingStatus.FILLED, date(2025, 2, 20))
    assert list(PostingHire.objects.values_list("count", "hired_on")) == [
        (6, date(2025, 2, 10)),
        (4, date(2025, 2, 20)),
    ]
    assert Event.objects.filter(verb="posting.hires_recorded").count() == 2
    with pytest.raises(Rejected):
        services.record_hires(officer_a, posting, 1)


@pytest.mark.parametrize(("on", "field"), [("2025-02-21", "hired_on"), ("2025-02-02", "hired_on")])
def test_hires_are_dated_between_publication_and_today(officer_a, enterprise, on_day, on, field):
    on_day(FEB_3)
    posting = services.publish_posting(officer_a, enterprise, posting_data())
    on_day(date(2025, 2, 20))
    with pytest.raises(Rejected) as refused:
        services.record_hires(officer_a, posting, 1, on=on)
    assert refused.value.field == field
    assert not PostingHire.objects.exists() and JobPosting.objects.get(pk=posting.pk).filled == 0


def test_the_count_cannot_drop_below_the_people_hired(officer_a, enterprise):
    posting = services.publish_posting(officer_a, enterprise, posting_data(count=10))
    posting, _hire = services.record_hires(officer_a, posting, 6)
    with pytest.raises(Rejected) as refused:
        services.update_posting(officer_a, posting, {"count": 5})
    assert refused.value.field == "count"
    posting = services.update_posting(officer_a, posting, {"count": 6})
    assert posting.status == PostingStatus.FILLED


def test_closing_stops_a_posting_once(officer_a, enterprise, on_day):
    on_day(FEB_3)
    posting = services.publish_posting(officer_a, enterprise, posting_data())
    posting = services.close_posting(officer_a, posting, "岗位已取消", version=1)
    assert (posting.status, posting.closed_on, posting.close_reason) == (PostingStatus.CLOSED, FEB_3, "岗位已取消")
    for write in (
        lambda: services.close_posting(officer_a, posting),
        lambda: services.update_posting(officer_a, posting, {"count": 3}),
        lambda: services.record_hires(officer_a, posting, 1),
    ):
        with pytest.raises(Rejected):
            write()
    assert Event.objects.filter(verb="posting.closed").count() == 1


def test_an_archived_enterprise_publishes_nothing(officer_a, enterprise):
    Enterprise.objects.filter(pk=enterprise.pk).update(is_archived=True)
    with pytest.raises(Rejected) as refused:
        services.publish_posting(officer_a, enterprise, posting_data())
    assert refused.value.field == "enterprise"
