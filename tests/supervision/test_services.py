import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.orgs.models import Event, Unit
from zonedesk.supervision.models import Channel, InboxMessage, OutboxMessage
from zonedesk.supervision.services import configure_channel, enqueue

from .conftest import SECRET

pytestmark = pytest.mark.django_db

HOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc123"


def test_an_admin_configures_a_robot_and_one_event_is_written(zone_a, admin_a):
    channel = configure_channel(zone_a, "dingtalk", webhook_url=HOOK, secret=SECRET, by=admin_a)
    assert channel.secret == SECRET
    [event] = Event.objects.filter(verb="channel.configured")
    assert event.after["secret_set"] is True
    assert SECRET not in str(event.after) and "abc123" not in str(event.after)
    assert channel.masked_secret == "****" + SECRET[-4:]


def test_reconfiguring_without_a_secret_keeps_the_stored_one(zone_a, admin_a):
    configure_channel(zone_a, "dingtalk", webhook_url=HOOK, secret=SECRET, by=admin_a)
    configure_channel(zone_a, "dingtalk", webhook_url=HOOK, is_active=False, by=admin_a)
    channel = Channel.objects.get()
    assert (channel.secret, channel.is_active) == (SECRET, False)
    assert Event.objects.filter(verb="channel.configured").last().after == {"kind": "dingtalk", "is_active": False}


def test_an_officer_may_not_configure_channels(zone_a, officer_a):
    with pytest.raises(Forbidden):
        configure_channel(zone_a, "wecom", webhook_url=HOOK, by=officer_a)


def test_another_zone_is_out_of_scope(zone_b, admin_a):
    with pytest.raises(Unit.DoesNotExist):
        configure_channel(zone_b, "wecom", webhook_url=HOOK, by=admin_a)


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("wecom", {"webhook_url": "not a url"}, "webhook_url"),
        ("email", {"email_to": "nobody"}, "email_to"),
        ("pager", {}, "kind"),
    ],
)
def test_bad_channel_settings_are_rejected(zone_a, admin_a, kind, fields, field):
    with pytest.raises(Rejected) as exc:
        configure_channel(zone_a, kind, by=admin_a, **fields)
    assert exc.value.field == field


def test_an_inbox_channel_reaches_every_member_of_the_unit(zone_a, admin_a, officer_a, officer_b):
    channel = configure_channel(zone_a, "inbox", by=admin_a)
    enqueue(channel=channel, subject="周调度", body="", dedup_key="weekly:2025-W06")
    assert set(InboxMessage.objects.values_list("user__username", flat=True)) == {"admin_a", "officer_a"}
    assert not OutboxMessage.objects.exists()


def test_the_admin_site_shows_a_channel_masked_and_read_only(client, zone_a, admin_a, django_user_model):
    channel = configure_channel(zone_a, "dingtalk", webhook_url=HOOK, secret=SECRET, by=admin_a)
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.cn", "x"))
    page = client.get(f"/admin/supervision/channel/{channel.pk}/change/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode() and "abc123" not in page.content.decode()
    assert SECRET[-4:] in page.content.decode()
