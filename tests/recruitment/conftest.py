"""Recruitment fixtures: a fixed today, posting input, industries and a third enterprise of zone A."""

from datetime import date

import pytest
from django.utils import timezone

from zonedesk.common.models import Industry

from ..factories import EnterpriseFactory


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` answer a fixed day (call again to move on)."""

    def fix(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


def posting_data(**changes) -> dict:
    """What a form or the API sends to publish a posting."""
    data = {
        "position": "普工",
        "count": 10,
        "salary_min": 5000,
        "salary_max": 7000,
        "requirements": "18-45周岁\n能适应两班倒",
        "contact_name": "王经理",
        "contact_mobile": "13812348000",
    }
    return {**data, **changes}


@pytest.fixture
def machinery(db):
    return Industry.objects.get(code="34")  # 通用设备制造业


@pytest.fixture
def electronics(db):
    return Industry.objects.get(code="39")  # 计算机、通信和其他电子设备制造业


@pytest.fixture
def third_enterprise(zone_a):
    """An enterprise of zone A with no industry recorded."""
    return EnterpriseFactory(name="射阳康源纺织有限公司", unit=zone_a, industry=None)
