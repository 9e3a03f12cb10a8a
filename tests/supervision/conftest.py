import pytest
from django.db import transaction

from zonedesk.supervision.services import configure_channel, enqueue

from .robot_server import RobotServer

SECRET = "SECd3adb33f5ecre7ForTheRobot0123456789abcdef"


@pytest.fixture
def robots():
    with RobotServer(SECRET) as server:
        yield server


@pytest.fixture
def channel_for(zone_a, admin_a, robots):
    def make(kind: str, path: str, secret: str | None = SECRET):
        return configure_channel(zone_a, kind, webhook_url=robots.url + path, secret=secret, by=admin_a)

    return make


def notify(channel, key: str = "milestone_overdue:1:2025-02-07", **extra):
    """What another service does inside its transaction."""
    with transaction.atomic():
        enqueue(channel=channel, subject="时间节点逾期", body="开工许可已逾期 2 个工作日", dedup_key=key, **extra)
