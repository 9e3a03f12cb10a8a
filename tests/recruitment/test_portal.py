"""The enterprise's recruitment pages on its phone (/my/jobs/): only its own postings and fairs, publishing, a stale
change answered 409, closing, its own results at a fair, and the card on its home page."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from zonedesk.common.errors import Conflict
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.models import JobPosting
from zonedesk.recruitment.states import PostingStatus

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory
from .conftest import posting_data


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def ent(enterprise_user):
    return client_for(enterprise_user)


@pytest.fixture
def mine(enterprise_user, enterprise):
    return services.publish_posting(enterprise_user, enterprise, posting_data(position="普工", count=50))


@pytest.fixture
def theirs(officer_a, other_enterprise):
    return services.publish_posting(officer_a, other_enterprise, posting_data(position="技术员", count=20))


@pytest.fixture
def other_enterprise_user(zone_a, other_enterprise):
    user = UserFactory(username="other_ent", enterprise=other_enterprise)
    MembershipFactory(user=user, unit=zone_a, role="enterprise")
    return user


def test_the_enterprise_sees_only_its_own_postings(ent, mine, theirs):
    page = ent.get(reverse("recruitment_portal:home"))
    assert page.status_code == 200
    assert [r["p"] for r in page.context["rows"]] == [mine]
    assert "普工" in html(page) and "技术员" not in html(page)
    assert (page.context["open_count"], page.context["open_positions"]) == (1, 50)
    assert ent.get(reverse("recruitment_portal:posting", args=[mine.pk])).status_code == 200
    assert ent.get(reverse("recruitment_portal:posting", args=[theirs.pk])).status_code == 404
    close = reverse("recruitment_portal:close", args=[theirs.pk])
    assert ent.post(close, {"version": theirs.version}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == PostingStatus.OPEN


def test_staff_and_other_enterprises_find_no_phone_pages(officer_a, other_enterprise_user, mine):
    assert client_for(officer_a).get(reverse("recruitment_portal:home")).status_code == 404
    other = Client()
    other.force_login(other_enterprise_user)
    assert other.get(reverse("recruitment_portal:posting", args=[mine.pk])).status_code == 404


def test_the_enterprise_publishes_from_its_phone(ent, enterprise, enterprise_user):
    assert ent.get(reverse("recruitment_portal:new")).status_code == 200
    resp = ent.post(reverse("recruitment_portal:new"), posting_data(position="叉车工", count="３"))
    assert resp.status_code == 302 and resp.url == reverse("recruitment_portal:home")
    posting = JobPosting.objects.get()
    assert (posting.enterprise, posting.count, posting.published_by) == (enterprise, 3, enterprise_user.user)
    # The next posting starts from the same contact.
    form = ent.get(reverse("recruitment_portal:new")).context["form"]
    assert form.initial == {"contact_name": "王经理", "contact_mobile": "13812348000"}


def test_a_bad_mobile_is_named_and_nothing_is_published(ent):
    resp = ent.post(reverse("recruitment_portal:new"), posting_data(contact_mobile="打我电话"))
    assert resp.status_code == 422 and resp.context["form"].errors["contact_mobile"]
    assert not JobPosting.objects.exists()


def test_a_change_with_a_stale_version_is_a_409_and_keeps_the_other_save(ent, mine, officer_a):
    url = reverse("recruitment_portal:edit", args=[mine.pk])
    read = mine.version
    services.update_posting(officer_a, mine, {"count": 60}, version=read)
    resp = ent.post(url, {**posting_data(count=55), "version": read})
    assert resp.status_code == 409
    with translation.override("zh-hans"):
        assert str(Conflict().message) in html(resp)
    mine.refresh_from_db()
    assert mine.count == 60
    resp = ent.post(url, {**posting_data(count=55), "version": mine.version})
    assert resp.status_code == 302
    mine.refresh_from_db()
    assert mine.count == 55


def test_the_enterprise_records_hires_and_closes_its_posting(ent, mine):
    resp = ent.post(reverse("recruitment_portal:hires", args=[mine.pk]), {"count": "10", "version": mine.version})
    assert resp.status_code == 302
    mine.refresh_from_db()
    resp = ent.post(reverse("recruitment_portal:close", args=[mine.pk]), {"reason": "", "version": mine.version})
    assert resp.status_code == 302
    mine.refresh_from_db()
    assert (mine.filled, mine.status) == (10, PostingStatus.CLOSED)
    page = ent.get(reverse("recruitment_portal:posting", args=[mine.pk]))
    assert 'id="edit"' not in html(page)


def test_the_enterprise_sees_its_fairs_and_only_its_own_results(
    ent, officer_a, fair, mine, theirs, enterprise, other_enterprise, on_day
):
    fairs.add_participant(officer_a, fair, enterprise, postings=[mine])
    fairs.add_participant(officer_a, fair, other_enterprise, postings=[theirs])
    page = ent.get(reverse("recruitment_portal:home"))
    assert [pp.fair for pp in page.context["upcoming"]] == [fair]
    on_day(date(2025, 1, 30))
    fairs.mark_held(officer_a, fair)
    results = [
        {"enterprise": enterprise, "applications": 200, "intents": 80, "hires": 30},
        {"enterprise": other_enterprise, "applications": 150, "intents": 60, "hires": 12},
    ]
    fairs.record_results(officer_a, fair, views=50000, visitors=300, results=results)
    page = ent.get(reverse("recruitment_portal:fair", args=[fair.pk]))
    assert page.status_code == 200
    text = html(page)
    assert 'data-figure="hires">30<' in text and 'data-figure="applications">200<' in text
    assert "技术员" not in text and "150" not in text
    assert fair.name in text and "县融媒体中心直播间" in text


def test_a_fair_the_enterprise_is_not_at_is_404(ent, fair):
    assert ent.get(reverse("recruitment_portal:fair", args=[fair.pk])).status_code == 404


def test_the_home_page_has_a_postings_card_with_the_open_positions(ent, mine, enterprise_user):
    services.record_hires(enterprise_user, mine, 8)
    page = ent.get(reverse("portal:home"))
    assert 'id="posting-card"' in html(page)
    assert 'data-figure="positions" ' in html(page) and ">42</span>" in html(page)
