"""A job fair's Word report: the title, the figures the articles quote against the records, the participants table in
the order they joined with totals equal to the sums, organiser, date and place; its Event, its scope, literal text."""

import io
import re
from datetime import date

import pytest
from docx import Document

from zonedesk.orgs.models import Event
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.models import FairParticipant
from zonedesk.recruitment.states import FairKind

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .conftest import posting_data

JAN_30 = date(2025, 1, 30)


@pytest.fixture
def held(officer_a, fair, enterprise, other_enterprise, third_enterprise, on_day):
    """Three enterprises at the fair (普工 50 and 焊工 10, 技术员 20, none), held, its results recorded."""
    p1 = services.publish_posting(officer_a, enterprise, posting_data(position="普工", count=50, salary_max=7000))
    p2 = services.publish_posting(officer_a, enterprise, posting_data(position="焊工", count=10, salary_max=25000))
    p3 = services.publish_posting(officer_a, other_enterprise, posting_data(position="技术员", count=20))
    fairs.add_participant(officer_a, fair, enterprise, postings=[p1, p2])
    fairs.add_participant(officer_a, fair, other_enterprise, postings=[p3])
    fairs.add_participant(officer_a, fair, third_enterprise)
    on_day(JAN_30)
    fair = fairs.mark_held(officer_a, fair, version=fair.version)
    results = [
        {"enterprise": enterprise, "applications": 200, "intents": 80, "hires": 30},
        {"enterprise": other_enterprise, "applications": 150, "intents": 60, "hires": 12},
        {"enterprise": third_enterprise, "applications": 40, "intents": 10, "hires": None},
    ]
    return fairs.record_results(officer_a, fair, views=51000, visitors=300, results=results)


def download(client, fair):
    resp = client.get(f"/recruitment/fairs/{fair.pk}/report.docx")
    assert resp.status_code == 200
    assert "attachment" in resp["Content-Disposition"]
    return Document(io.BytesIO(b"".join(resp.streaming_content)))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture
def report(held, officer_a):
    return download(client_for(officer_a), held)


def test_the_title_names_the_fair(report, held):
    assert report.paragraphs[0].text == "2025年新春直播招聘会情况报告" == f"{held.name}情况报告"


def test_the_paragraph_quotes_the_figures_of_the_records(report, held):
    text = next(p for p in texts(report) if p.startswith("参会企业"))
    participants = FairParticipant.objects.filter(fair=held)
    sums = {k: sum(getattr(p, k) or 0 for p in participants) for k in ("applications", "intents", "hires")}
    expected = {
        "参会企业": participants.count(),
        "发布岗位": 50 + 10 + 20,
        "点击量": held.views,
        "收到简历": sums["applications"],
        "求职人数": held.visitors,
        "达成初步意向": sums["intents"],
        "录用": sums["hires"],
    }
    for words, value in expected.items():
        found = re.search(rf"{words}(\d+)", text)
        assert found and int(found.group(1)) == value, words
    assert text == (
        "参会企业3家，发布岗位80个（涉及3个工种），点击量51000人次，收到简历390份，求职人数300人次，"
        "达成初步意向150人，录用42人。最高岗位月薪25000元。"
    )


def test_the_opening_names_the_organiser_date_and_place(report):
    assert (
        "2025年1月29日，晶硅光伏产业链党建联盟举办2025年新春直播招聘会，以网络直播形式进行，直播地点为县融媒体中心直播间。"
        in texts(report)
    )
    facts = texts(report)
    assert "主办单位：晶硅光伏产业链党建联盟（射阳经济开发区登记）" in facts
    assert "举办日期：2025年1月29日" in facts and "举办形式：直播" in facts


def test_the_participants_table_is_in_joining_order_and_its_totals_are_the_sums(
    report, enterprise, other_enterprise, third_enterprise
):
    table = rows(report.tables[0])
    assert table[0] == ["序号", "企业", "展示岗位（人数）", "岗位数", "收到简历", "初步意向", "录用"]
    assert [r[1] for r in table[1:-1]] == [enterprise.name, other_enterprise.name, third_enterprise.name]
    assert table[1][2:] == ["普工（50人）、焊工（10人）", "60", "200", "80", "30"]
    assert table[3][2:] == ["—", "0", "40", "10", "—"]
    total = table[-1]
    assert total[:3] == ["合计", "3家", "3个工种"]
    for column in range(3, 7):
        assert int(total[column]) == sum(int(r[column]) for r in table[1:-1] if r[column] != "—"), table[0][column]


def test_a_fair_not_yet_held_reports_who_signed_up(officer_a, fair, enterprise):
    p1 = services.publish_posting(officer_a, enterprise, posting_data(position="普工", count=50))
    fairs.add_participant(officer_a, fair, enterprise, postings=[p1])
    doc = download(client_for(officer_a), fair)
    assert "目前已有1家企业报名参会，发布岗位50个。" in texts(doc)
    assert (
        "晶硅光伏产业链党建联盟计划于2025年1月29日举办2025年新春直播招聘会，以网络直播形式进行，"
        "直播地点为县融媒体中心直播间。"
    ) in texts(doc)


def test_a_kind_of_work_shown_by_two_enterprises_counts_once(officer_a, fair, enterprise, other_enterprise):
    for ent, count in ((enterprise, 30), (other_enterprise, 20)):
        posting = services.publish_posting(officer_a, ent, posting_data(position="普工", count=count))
        fairs.add_participant(officer_a, fair, ent, postings=[posting])
    doc = download(client_for(officer_a), fair)
    assert rows(doc.tables[0])[-1][:4] == ["合计", "2家", "1个工种", "50"]


def test_a_cancelled_fair_says_so(officer_a, fair, enterprise):
    fairs.add_participant(officer_a, fair, enterprise)
    fair = fairs.cancel_fair(officer_a, fair, "暴雪天气")
    doc = download(client_for(officer_a), fair)
    assert any(t.endswith("该招聘会已取消（原因：暴雪天气）。") for t in texts(doc))
    assert "招聘会已取消。" in texts(doc)


def test_the_export_is_an_event_on_the_fair(report, held, officer_a):
    event = Event.objects.get(verb="fair.report_exported")
    assert event.actor == officer_a.user and event.object_id == str(held.pk)
    assert event.after == {}
    page = client_for(officer_a).get(f"/recruitment/fairs/{held.pk}/")  # the fair's timeline reads it
    assert page.status_code == 200 and "导出了招聘会情况报告（Word）" in page.content.decode()


def test_the_fair_page_offers_the_report(held, officer_a):
    page = client_for(officer_a).get(f"/recruitment/fairs/{held.pk}/").content.decode()
    assert f'href="/recruitment/fairs/{held.pk}/report.docx"' in page


def test_another_zone_and_an_enterprise_user_find_no_report(held, officer_b, enterprise_user):
    for actor in (officer_b, enterprise_user):
        assert client_for(actor).get(f"/recruitment/fairs/{held.pk}/report.docx").status_code == 404
    assert client_for(officer_b).get("/recruitment/fairs/999999/report.docx").status_code == 404


def test_text_the_users_typed_stays_literal(officer_a, zone_a, on_day):
    on_day(date(2025, 1, 20))
    fair = fairs.create_fair(
        officer_a,
        {
            "unit": zone_a,
            "name": "<b>春风</b> & 招聘",
            "kind": FairKind.ON_SITE,
            "held_on": "2025-01-29",
            "place": "A<B",
        },
    )
    odd = EnterpriseFactory(name="<i>A&B</i> 纺织", unit=zone_a)
    posting = services.publish_posting(officer_a, odd, posting_data(position="<挡车工>&", count=5))
    fairs.add_participant(officer_a, fair, odd, postings=[posting])
    doc = download(client_for(officer_a), fair)
    assert doc.paragraphs[0].text == "<b>春风</b> & 招聘情况报告"
    assert rows(doc.tables[0])[1][1:3] == ["<i>A&B</i> 纺织", "<挡车工>&（5人）"]
    assert "举办地点：A<B" in texts(doc)
