"""Recruitment fixtures: a fixed today, posting input, industries, a third enterprise and a planned fair of zone A."""

from datetime import date

import pytest
from django.utils import timezone

from zonedesk.common.models import Industry
from zonedesk.recruitment import fairs
from zonedesk.recruitment.states import FairKind

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


@pytest.fixture
def fair(officer_a, zone_a, on_day):
    on_day(date(2025, 1, 20))
    return fairs.create_fair(
        officer_a,
        {
            "unit": zone_a,
            "name": "2025年新春直播招聘会",
            "kind": FairKind.LIVE,
            "held_on": "2025年1月29日",
            "place": "县融媒体中心直播间",
            "alliance": "晶硅光伏产业链党建联盟",
        },
    )
