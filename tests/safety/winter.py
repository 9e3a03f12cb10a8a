"""A winter of safety work in zones A and B, built through the services, for the figures page and the month's report.

Zone A: enterprise rated 2★ red (2024-12-01), then 4★ green (2025-02-01); other_enterprise 3★ yellow (2025-03-01).
Hazards of zone A: one found in December and accepted on 2025-01-03; one accepted on time in January; one accepted
late in February; in March a major one past its deadline (still being rectified) and a major one not yet due.
Zone B: enterprise_b 1★ red (2025-02-10); a hazard open past its deadline since February and one found in March.
"""

from datetime import date

import pytest

from zonedesk.safety import hazards, services
from zonedesk.safety.states import HazardLevel, SafetyColour

from .conftest import PNG, hazard_row

TODAY = date(2025, 4, 10)
Q1 = {"year": 2025, "quarter": 1}
MARCH = {"year": 2025, "month": 3}


@pytest.fixture
def winter(on_day, safety_officer, safety_officer_b, enterprise_user, enterprise, other_enterprise, enterprise_b):
    def found(day, ent=enterprise, by=safety_officer, **fields):
        on_day(day)
        return services.record_inspection(by, ent, findings="检查", hazards=[hazard_row(**fields)]).hazards.get()

    def rectified(hazard, submitted, accepted):
        on_day(submitted)
        hazard = hazards.start_rectification(enterprise_user, hazard)
        hazard = hazards.submit_rectification(enterprise_user, hazard, "已整改", [("a.png", PNG)])
        on_day(accepted)
        return hazards.accept_rectification(safety_officer, hazard)

    def rate(day, ent, stars, colour, by=safety_officer):
        on_day(day)
        services.rate(by, ent, stars=stars, colour=colour, reason="评定")

    rate(date(2024, 12, 1), enterprise, 2, SafetyColour.RED)
    rectified(found(date(2024, 12, 20), deadline_days=5), date(2024, 12, 26), date(2025, 1, 3))
    rectified(found(date(2025, 1, 6), deadline_days=5), date(2025, 1, 10), date(2025, 1, 14))  # on time
    rate(date(2025, 2, 1), enterprise, 4, SafetyColour.GREEN)
    late = found(date(2025, 2, 10), deadline_days=3, description="消防通道堵塞")  # due 2-13
    found(date(2025, 2, 10), ent=enterprise_b, by=safety_officer_b, deadline_days=1, description="海河镇隐患")
    rate(date(2025, 2, 10), enterprise_b, 1, SafetyColour.RED, by=safety_officer_b)
    rectified(late, date(2025, 2, 17), date(2025, 2, 18))  # late
    rate(date(2025, 3, 1), other_enterprise, 3, SafetyColour.YELLOW)
    major = found(date(2025, 3, 3), level=HazardLevel.MAJOR, deadline_days=2, description="除尘器未定期清灰")  # 3-5
    on_day(date(2025, 3, 4))
    hazards.start_rectification(enterprise_user, major)
    found(
        date(2025, 3, 24),
        ent=other_enterprise,
        level=HazardLevel.MAJOR,
        deadline=date(2025, 4, 30),
        description="液氨储罐区未设置泄漏报警",
    )
    found(date(2025, 3, 12), ent=enterprise_b, by=safety_officer_b, description="海河镇三月隐患")
    on_day(TODAY)
