import json

import pytest

from zonedesk.supervision.models import Channel
from zonedesk.supervision.services import enqueue

from ..conftest import client_for
from .conftest import SECRET

pytestmark = pytest.mark.django_db

HOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc123"


def _put(client, body):
    return client.put("/api/v1/channels", json.dumps(body), content_type="application/json")


def test_an_admin_sets_a_robot_and_only_ever_sees_it_masked(zone_a, admin_a):
    client = client_for(admin_a)
    body = {"unit_id": zone_a.pk, "kind": "dingtalk", "webhook_url": HOOK, "secret": SECRET}
    response = _put(client, body)
    assert response.status_code == 200
    listed = client.get("/api/v1/channels").content.decode()
    for text in (response.content.decode(), listed):
        assert SECRET not in text and "abc123" not in text
    assert response.json()["secret"] == "****" + SECRET[-4:]
    assert Channel.objects.get().secret == SECRET


def test_a_bad_webhook_is_422_an_officer_403_and_another_zone_404(zone_a, zone_b, admin_a, officer_a):
    assert _put(client_for(admin_a), {"unit_id": zone_a.pk, "kind": "wecom", "webhook_url": "x"}).status_code == 422
    assert _put(client_for(officer_a), {"unit_id": zone_a.pk, "kind": "wecom", "webhook_url": HOOK}).status_code == 403
    assert client_for(officer_a).get("/api/v1/channels").status_code == 403
    assert _put(client_for(admin_a), {"unit_id": zone_b.pk, "kind": "wecom", "webhook_url": HOOK}).status_code == 404


def test_the_inbox_api_lists_and_reads_only_my_messages(officer_a, officer_b):
    enqueue(recipients=[officer_a.user], subject="我的提醒", body="", dedup_key="a")
    enqueue(recipients=[officer_b.user], subject="别人的提醒", body="", dedup_key="b")
    client = client_for(officer_a)
    [item] = client.get("/api/v1/inbox?unread=true").json()["items"]
    assert item["title"] == "我的提醒"
    assert client.post(f"/api/v1/inbox/{item['id']}/read").json()["read_at"]
    assert client.get("/api/v1/inbox?unread=true").json()["items"] == []
    others = client_for(officer_b).get("/api/v1/inbox").json()["items"]
    assert client.post(f"/api/v1/inbox/{others[0]['id']}/read").status_code == 404
