import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from zonedesk.orgs.models import Event
from zonedesk.supervision.delivery import claim, deliver_due
from zonedesk.supervision.jobs import start_worker
from zonedesk.supervision.models import InboxMessage, OutboxMessage, Status
from zonedesk.supervision.services import enqueue
from zonedesk.supervision.transport import send

from .conftest import SECRET, notify

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """The worker process dies (SIGKILL, OOM) at this point."""


def test_a_dingtalk_message_is_signed_so_the_robot_accepts_it(channel_for, robots):
    notify(channel_for("dingtalk", "/dingtalk?access_token=tok123"))
    assert deliver_due(timezone.now()) == {"sent": 1, "retried": 0, "failed": 0}
    [got] = robots.received
    assert got["path"] == "/dingtalk"
    assert "时间节点逾期" in got["body"]["text"]["content"]
    assert OutboxMessage.objects.get().status == Status.SENT


def test_a_wrong_dingtalk_secret_is_refused_and_retried(channel_for, robots):
    notify(channel_for("dingtalk", "/dingtalk?access_token=tok123", secret="not-the-secret"))
    assert deliver_due(timezone.now())["retried"] == 1
    assert robots.refused and not robots.received
    row = OutboxMessage.objects.get()
    assert row.status == Status.PENDING
    assert "310000" in row.last_error
    assert "tok123" not in row.last_error and "not-the-secret" not in row.last_error


def test_a_feishu_message_carries_its_signature_in_the_body(channel_for, robots):
    notify(channel_for("feishu", "/feishu"))
    assert deliver_due(timezone.now())["sent"] == 1
    [got] = robots.received
    assert got["body"]["msg_type"] == "text" and got["body"]["timestamp"]


def test_a_wrong_feishu_secret_is_refused(channel_for, robots):
    notify(channel_for("feishu", "/feishu", secret="wrong"))
    assert deliver_due(timezone.now())["retried"] == 1
    assert "19021" in OutboxMessage.objects.get().last_error


def test_a_wecom_robot_gets_plain_json(channel_for, robots):
    notify(channel_for("wecom", "/wecom?key=k-123", secret=None))
    assert deliver_due(timezone.now())["sent"] == 1
    [got] = robots.received
    assert got["body"] == {"msgtype": "text", "text": {"content": "时间节点逾期\n开工许可已逾期 2 个工作日"}}


def test_enqueueing_the_same_reminder_twice_keeps_one_row(channel_for, officer_a):
    channel = channel_for("wecom", "/wecom")
    for _ in range(2):
        notify(channel, recipients=[officer_a.user])
    assert OutboxMessage.objects.count() == 1
    assert InboxMessage.objects.count() == 1


def test_delivering_twice_sends_once(channel_for, robots):
    notify(channel_for("wecom", "/wecom"))
    now = timezone.now()
    deliver_due(now)
    assert deliver_due(now + timedelta(minutes=30)) == {"sent": 0, "retried": 0, "failed": 0}
    assert len(robots.received) == 1


def test_a_row_claimed_by_one_worker_is_not_claimed_by_another(channel_for):
    notify(channel_for("wecom", "/wecom"))
    now = timezone.now()
    assert len(claim(now, 100)) == 1
    assert claim(now, 100) == []


def test_a_run_killed_between_send_and_mark_resends_with_the_same_message_id(channel_for, robots):
    notify(channel_for("dingtalk", "/dingtalk?access_token=tok123"))
    now = timezone.now()

    def send_then_die(message):
        send(message)
        raise Killed

    with pytest.raises(Killed):
        deliver_due(now, transport=send_then_die)
    assert OutboxMessage.objects.get().status == Status.SENDING
    assert deliver_due(now + timedelta(minutes=5))["sent"] == 0  # another worker may still be on it
    assert deliver_due(now + timedelta(minutes=11))["sent"] == 1
    assert len(robots.received) == 2
    assert robots.received[0]["message_id"] == robots.received[1]["message_id"]
    assert len(robots.delivered) == 1
    assert OutboxMessage.objects.get().status == Status.SENT


def test_a_run_killed_before_sending_is_retried(channel_for, robots):
    notify(channel_for("feishu", "/feishu"))
    now = timezone.now()

    def die(message):
        raise Killed

    with pytest.raises(Killed):
        deliver_due(now, transport=die)
    assert deliver_due(now + timedelta(minutes=11))["sent"] == 1
    assert len(robots.received) == 1


def test_a_failing_endpoint_is_retried_with_backoff_then_given_up(channel_for, robots):
    notify(channel_for("wecom", "/fail"))
    now = timezone.now()
    waits = []
    for _ in range(5):
        assert deliver_due(now)["retried"] == 1
        row = OutboxMessage.objects.get()
        waits.append(round((row.next_attempt_at - now).total_seconds() / 60))
        assert deliver_due(row.next_attempt_at - timedelta(seconds=1))["retried"] == 0
        now = row.next_attempt_at
    assert waits == [1, 2, 4, 8, 16]
    assert deliver_due(now)["failed"] == 1
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (Status.FAILED, 6)
    assert "HTTP 500" in row.last_error
    assert deliver_due(now + timedelta(days=1)) == {"sent": 0, "retried": 0, "failed": 0}


def test_the_secret_and_signed_address_never_show_in_events_errors_or_logs(channel_for, robots, caplog):
    caplog.set_level(logging.DEBUG)
    channel = channel_for("dingtalk", "/fail?access_token=tok123")
    notify(channel)
    deliver_due(timezone.now())
    event = Event.objects.get(verb="channel.configured")
    assert event.after["secret_set"] is True
    row = OutboxMessage.objects.get()
    for text in (str(event.after), str(event.before), row.last_error, caplog.text):
        assert SECRET not in text
        assert "tok123" not in text and "sign=" not in text
    assert "failed" in caplog.text


def test_the_supervise_command_can_run_twice_in_a_row(channel_for, robots, capsys):
    notify(channel_for("wecom", "/wecom"))
    call_command("supervise")
    call_command("supervise")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("sent=1") and out[1].startswith("sent=0")
    assert len(robots.received) == 1


def test_a_user_gets_an_email_with_the_message_id(officer_a):
    officer_a.user.email = "officer@example.cn"
    officer_a.user.save()
    enqueue(recipients=[officer_a.user], subject="周调度未报", body="本周周调度尚未填报", dedup_key="k:1", email=True)
    assert deliver_due(timezone.now())["sent"] == 1
    [sent] = mail.outbox
    row = OutboxMessage.objects.get()
    assert sent.to == ["officer@example.cn"]
    assert sent.extra_headers["Message-ID"] == f"<{row.message_id}@zonedesk>"
    assert InboxMessage.objects.filter(user=officer_a.user).count() == 1


def test_a_switched_off_channel_is_not_posted_to(channel_for, robots, zone_a, admin_a):
    channel = channel_for("wecom", "/wecom")
    notify(channel)
    channel.is_active = False
    channel.save()
    assert deliver_due(timezone.now())["retried"] == 1
    assert not robots.received


def test_supervise_every_keeps_running_until_interrupted(channel_for, robots, capsys, monkeypatch):
    notify(channel_for("wecom", "/wecom"))
    naps = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("zonedesk.supervision.management.commands.supervise.time.sleep", nap)
    call_command("supervise", every=60)
    assert naps == [60, 60]
    assert capsys.readouterr().out.splitlines() == ["sent=1 retried=0 failed=0"]  # idle runs stay quiet


def test_the_demo_worker_is_supervise_every_minute_in_a_child_process(monkeypatch):
    started = []
    monkeypatch.setattr("zonedesk.supervision.jobs.subprocess.Popen", lambda args: started.append(args))
    start_worker(every=60)
    assert started[0][1:] == ["-m", "zonedesk", "supervise", "--every", "60"]


def test_robot_messages_link_to_the_site_address(channel_for, robots, settings):
    settings.SITE_URL = "https://zonedesk.example.gov.cn"
    notify(channel_for("wecom", "/wecom"), link="/projects/7/")
    deliver_due(timezone.now())
    assert robots.received[0]["body"]["text"]["content"].endswith("\nhttps://zonedesk.example.gov.cn/projects/7/")


def test_a_run_takes_at_most_its_limit_and_the_next_run_the_rest(channel_for, robots):
    channel = channel_for("wecom", "/wecom")
    for n in range(3):
        notify(channel, key=f"k:{n}")
    now = timezone.now()
    assert deliver_due(now, limit=2)["sent"] == 2
    assert deliver_due(now, limit=2)["sent"] == 1
    assert len({r["message_id"] for r in robots.received}) == 3
