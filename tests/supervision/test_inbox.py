import pytest

from zonedesk.supervision.models import InboxMessage
from zonedesk.supervision.services import enqueue

from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(officer_a):
    enqueue(recipients=[officer_a.user], subject="我的提醒", body="", dedup_key="a", link="/projects/")
    return InboxMessage.objects.get(user=officer_a.user)


@pytest.fixture
def theirs(officer_b):
    enqueue(recipients=[officer_b.user], subject="别人的提醒", body="", dedup_key="b")
    return InboxMessage.objects.get(user=officer_b.user)


def test_the_inbox_lists_only_my_messages(officer_a, mine, theirs):
    page = client_for(officer_a).get("/inbox/").content.decode()
    assert "我的提醒" in page and "别人的提醒" not in page
    assert 'href="/inbox/"' in page


def test_opening_a_message_marks_it_read_and_follows_its_link(officer_a, mine):
    response = client_for(officer_a).post(f"/inbox/{mine.pk}/read/", {"open": "1"})
    assert response.url == "/projects/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_marking_another_users_message_read_is_not_found(officer_a, theirs):
    assert client_for(officer_a).post(f"/inbox/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_my_messages(officer_a, mine, theirs):
    client_for(officer_a).post("/inbox/read-all/")
    assert InboxMessage.objects.filter(read_at__isnull=True).get() == theirs
