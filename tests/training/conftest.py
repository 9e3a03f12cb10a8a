"""Training fixtures: a fixed today, a helper to record sessions, and zone A's 2025 target of 120 + 30 hours."""

from datetime import date

import pytest
from django.utils import timezone

from zonedesk.orgs.audit import Actor
from zonedesk.training import services


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` answer a fixed day."""

    def fix(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


def session(by: Actor, hours, *, on=date(2025, 3, 1), kind="theory", title="招商引资政策解读", user=None, **extra):
    """Record one session through the service (the actor's own unless `user` is given)."""
    return services.record_training(by, user=user, on=on, title=title, kind=kind, hours=hours, **extra)


@pytest.fixture
def target_2025(zone_a, leader):
    return services.set_target(leader, unit=zone_a, year=2025, theory_hours=120, practice_hours=30)
