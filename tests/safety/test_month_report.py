"""The month's safety report in Word: its title, the figures in its sentences against the records, the ratings
tables and their change, the zones side by side, the lists of major and overdue hazards, its Event and its scope."""

import io
import re
from datetime import date

import pytest
from docx import Document

from zonedesk.orgs.models import Event
from zonedesk.safety import services
from zonedesk.safety.models import Hazard, Inspection
from zonedesk.safety.states import OPEN, HazardLevel

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .conftest import hazard_row
from .winter import MARCH, TODAY, winter  # noqa: F401


def download(client, **params):
    resp = client.get("/safety/figures/report.docx", params)
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in resp["Content-Disposition"]
    return Document(io.BytesIO(b"".join(resp.streaming_content)))


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def number_after(text: str, words: str) -> int:
    found = re.search(rf"{words}(\d+)", text)
    assert found, (words, text)
    return int(found.group(1))


@pytest.fixture
def report(winter, safety_officer, zone_a):  # noqa: F811
    return download(client_for(safety_officer), unit=zone_a.pk, **MARCH)


def test_the_title_names_the_zone_and_the_month(report, zone_a):
    assert report.paragraphs[0].text == f"{zone_a.name} 2025年3月安全生产工作情况"
    assert report.paragraphs[0].style.name == "Title"
    assert "（2025年3月1日至2025年3月31日）" in paragraphs(report)


def test_the_sentences_give_the_months_figures_from_the_records(report, zone_a):
    text = next(p for p in paragraphs(report) if p.startswith("本月共检查企业"))
    march = {"found_on__gte": date(2025, 3, 1), "found_on__lte": date(2025, 3, 31), "unit": zone_a}
    inspected = Inspection.objects.filter(
        unit=zone_a, inspected_on__gte=date(2025, 3, 1), inspected_on__lte=date(2025, 3, 31)
    )
    assert number_after(text, "本月共检查企业") == inspected.count() == 2
    assert number_after(text, "发现隐患") == Hazard.objects.filter(**march).count() == 2
    assert number_after(text, "其中重大隐患") == Hazard.objects.filter(**march, level=HazardLevel.MAJOR).count()
    assert number_after(text, "已整改验收") == 0
    assert number_after(text, "按期整改") == 0 and number_after(text, "逾期") == 1 and "按期整改率0%" in text
    overdue = Hazard.objects.filter(unit=zone_a, state__in=OPEN, deadline__lt=TODAY).count()
    assert number_after(text, "逾期未整改隐患") == overdue == 1
    major = Hazard.objects.filter(unit=zone_a, state__in=OPEN, level=HazardLevel.MAJOR).count()
    assert number_after(text, "未整改重大隐患") == major == 2
    assert "截至2025年4月10日" in text


def test_the_ratings_read_against_the_month_before(report):
    text = next(p for p in paragraphs(report) if "五星五色" in p and p.startswith("截至"))
    assert text.startswith("截至2025年3月31日，已评定“五星五色”等级企业2家。")
    assert "红色0家、橙色0家、黄色1家、蓝色0家、绿色1家" in text
    assert "与上月末（2025年2月28日）相比，评定企业增加1家；黄色企业增加1家；三星企业增加1家。" in text
    colours, stars = report.tables[0], report.tables[1]
    assert rows(colours)[0] == ["风险颜色", "上月末（02-28）", "本月末（03-31）", "增减"]
    assert [r[0] for r in rows(colours)[1:]] == ["红色", "橙色", "黄色", "蓝色", "绿色", "合计"]
    assert rows(colours)[3] == ["黄色", "0", "1", "▲1"] and rows(colours)[-1] == ["合计", "1", "2", "▲1"]
    assert [r[1:] for r in rows(stars)[1:]] == [
        ["0", "0", "—"],
        ["0", "0", "—"],
        ["0", "1", "▲1"],
        ["1", "1", "—"],
        ["0", "0", "—"],
        ["1", "2", "▲1"],
    ]
    for table in (colours, stars):  # the total is the sum of the rows
        body = rows(table)[1:-1]
        assert sum(int(r[2]) for r in body) == int(rows(table)[-1][2])


def test_the_lists_name_the_major_and_the_overdue_hazards_in_deadline_order(report, enterprise, other_enterprise):
    heads = paragraphs(report)
    assert "三、重大隐患未整改清单" in heads and "四、逾期未整改隐患清单" in heads
    major, overdue = report.tables[2], report.tables[3]
    assert rows(major)[0] == ["序号", "企业", "隐患描述", "等级", "整改期限", "状态"]
    assert [[*r[:3], r[4]] for r in rows(major)[1:]] == [
        ["1", enterprise.name, "除尘器未定期清灰", "2025-03-05"],
        ["2", other_enterprise.name, "液氨储罐区未设置泄漏报警", "2025-04-30"],
    ]
    assert rows(overdue)[1] == ["1", enterprise.name, "除尘器未定期清灰", "重大", "2025-03-05", "36天"]
    assert len(rows(overdue)) == 2


def test_a_county_report_has_its_zones_side_by_side(winter, supervisor, county, zone_a, zone_b):  # noqa: F811
    doc = download(client_for(supervisor), unit=county.pk, **MARCH)
    assert doc.paragraphs[0].text == f"{county.name} 2025年3月安全生产工作情况"
    assert "三、各园区情况" in paragraphs(doc)
    zones = rows(doc.tables[2])
    assert [r[0] for r in zones[1:]] == [zone_a.name, zone_b.name, "合计"]
    for column in range(1, 6):
        assert int(zones[-1][column]) == int(zones[1][column]) + int(zones[2][column]), zones[0][column]
    text = next(p for p in paragraphs(doc) if p.startswith("本月共检查企业"))
    assert number_after(text, "本月共检查企业") == 3 and number_after(text, "发现隐患") == 3


def test_the_export_is_an_event(report, safety_officer, zone_a):
    event = Event.objects.get(verb="safety.report_exported")
    assert event.actor == safety_officer.user and event.unit == zone_a
    assert event.after == {"unit": zone_a.pk, "year": 2025, "month": 3, "format": "docx"}


def test_a_month_to_come_has_no_report(winter, safety_officer, zone_a):  # noqa: F811
    resp = client_for(safety_officer).get("/safety/figures/report.docx", {"unit": zone_a.pk, "year": 2025, "month": 5})
    assert resp.status_code == 404


def test_text_the_users_typed_stays_literal(winter, safety_officer, zone_a, on_day):  # noqa: F811
    odd = EnterpriseFactory(name="<b>A&B</b> 化工", unit=zone_a)
    on_day(date(2025, 3, 10))
    services.record_inspection(
        safety_officer,
        odd,
        findings="检查",
        hazards=[hazard_row(level=HazardLevel.MAJOR, description='储罐 <script>alert("x")</script> & 阀门')],
    )
    on_day(TODAY)
    doc = download(client_for(safety_officer), unit=zone_a.pk, **MARCH)
    names = [r[1:3] for r in rows(doc.tables[2])]
    assert ["<b>A&B</b> 化工", '储罐 <script>alert("x")</script> & 阀门'] in names
