"""A visit's summary and notes keep their lines and their Chinese punctuation."""

from zonedesk.visits.services import record_visit

from ..conftest import client_for

FINDINGS = {"employees_on_duty": 80, "employees_total": 100, "capacity_in_use_percent": 75}


def test_the_summary_and_the_risk_note_keep_their_lines_and_punctuation(planned, officer_a):
    findings = {
        **FINDINGS,
        "summary": "一、已复工，产能恢复７５％；\r\n\r\n\r\n二、缺普工（二号车间）！  ",
        "plans_to_relocate": True,
        "risk_note": "拟于明年迁往南通：\n  原因：用地不足。",
    }
    visit = record_visit(planned, findings, by=officer_a)
    visit.refresh_from_db()
    assert visit.summary == "一、已复工，产能恢复75％；\n\n二、缺普工（二号车间）！"
    assert visit.risk_note == "拟于明年迁往南通：\n原因：用地不足。"
    page = client_for(officer_a).get(f"/visits/{visit.pk}/").content.decode()
    assert "二、缺普工（二号车间）！" in page
