"""一月一过堂: the monthly review of a zone, as a page and as a Word document."""

import io
from datetime import date, timedelta

import docx
import pytest
from django.utils import timezone
from docx.oxml.ns import qn

from zonedesk.orgs.models import Event
from zonedesk.projects import services
from zonedesk.projects.models import Project
from zonedesk.projects.review import monthly_review
from zonedesk.projects.stages import Stage

from ..conftest import client_for

Y = timezone.localdate().year - 1
TITLE = "射阳经济开发区 {y}年3月 招商项目过堂材料"


@pytest.fixture
def march(investment_a, investment_b, leader, zone_a, zone_b):
    """In March: a new lead and a project signed; earlier: a project that stopped moving, with a note."""
    a = investment_a
    services.create_project(
        {"name": "岩象装备", "unit": zone_a, "investment": "5000万元", "lead_on": date(Y, 3, 5)}, by=a
    )
    moved = services.create_project(
        {
            "name": "科创新材料产业园",
            "unit": zone_a,
            "investment": "8亿元",
            "lead_on": date(Y, 1, 10),
            "next_steps": "4月上旬完成土地挂牌",
        },
        by=a,
    )
    moved = services.advance_stage(moved, Stage.NEGOTIATING, by=a, on=date(Y, 3, 10))
    services.advance_stage(moved, Stage.SIGNED, by=a, on=date(Y, 3, 20), contracted_investment="8亿元")
    stuck = services.create_project({"name": "海贡机械", "unit": zone_a, "lead_on": date(Y, 1, 2)}, by=a)
    services.update_project(stuck, {"next_steps": "约谈董事长，确认投资意向"}, by=a)
    Project.objects.filter(pk=stuck.pk).update(last_moved_at=timezone.now() - timedelta(days=90))
    # Another officer's project and another zone's project, each in March.
    services.create_project({"name": "朗道新能源一期", "unit": zone_a, "lead_on": date(Y, 3, 8)}, by=leader)
    services.create_project({"name": "海河精密", "unit": zone_b, "lead_on": date(Y, 3, 6)}, by=investment_b)


def test_the_review_groups_the_month_by_responsible_officer(march, investment_a, leader, zone_a):
    review = monthly_review(investment_a.user, zone_a, Y, 3)
    assert review["title"] == TITLE.format(y=Y)
    by_officer = {o["officer"]: o for o in review["officers"]}
    assert set(by_officer) == {investment_a.user, leader.user}
    mine = by_officer[investment_a.user]
    assert [p.name for p in mine["leads"]] == ["岩象装备"]
    assert [(m["project"].name, m["from"], m["to"], m["on"]) for m in mine["moves"]] == [
        ("科创新材料产业园", "lead", "negotiating", date(Y, 3, 10)),
        ("科创新材料产业园", "negotiating", "signed", date(Y, 3, 20)),
    ]
    # Stalled is as of today: every March project has not moved for more than 30 days since.
    stalled = {s["project"].name: s for s in mine["stalled"]}
    assert set(stalled) == {"海贡机械", "岩象装备", "科创新材料产业园"}
    assert stalled["海贡机械"]["note"]["text"] == "约谈董事长，确认投资意向"
    assert {p.name for p in mine["next_steps"]} == {"科创新材料产业园", "海贡机械"}
    assert [p.name for p in by_officer[leader.user]["leads"]] == ["朗道新能源一期"]
    assert review["totals"]["leads"] == 2  # zone B's lead is not in zone A's review


def test_another_month_has_none_of_march(march, investment_a, zone_a):
    review = monthly_review(investment_a.user, zone_a, Y, 4)
    assert review["totals"]["leads"] == review["totals"]["moves"] == 0
    assert review["totals"]["stalled"] == 4  # stalled is as of today, whichever month is reviewed


def test_the_review_page_shows_each_officer_with_leads_moves_and_stalled_projects(march, investment_a, zone_a):
    resp = client_for(investment_a).get("/figures/review/", {"unit": zone_a.pk, "year": Y, "month": 3})
    assert resp.status_code == 200
    page = resp.content.decode()
    assert TITLE.format(y=Y) in page
    assert investment_a.user.full_name in page
    for text in [
        "岩象装备",
        "科创新材料产业园",
        "海贡机械",
        "约谈董事长，确认投资意向",
        "4月上旬完成土地挂牌",
        f"{Y}-03-20",
    ]:
        assert text in page, text
    assert "海河精密" not in page
    assert f"/figures/review.docx?unit={zone_a.pk}&year={Y}&month=3" in page


def test_the_review_defaults_to_the_users_zone_and_this_month(march, investment_a, zone_a):
    resp = client_for(investment_a).get("/figures/review/")
    today = timezone.localdate()
    assert resp.status_code == 200
    assert f"{zone_a.name} {today.year}年{today.month}月 招商项目过堂材料" in resp.content.decode()


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_word_document_carries_the_title_the_officers_and_the_projects(march, investment_a, zone_a):
    resp = client_for(investment_a).get("/figures/review.docx", {"unit": zone_a.pk, "year": Y, "month": 3})
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in resp["Content-Disposition"]
    document = docx.Document(io.BytesIO(b"".join(resp.streaming_content)))
    text = _text(document)
    assert document.paragraphs[0].text == TITLE.format(y=Y)
    for expected in [
        investment_a.user.full_name,
        "岩象装备",
        "科创新材料产业园",
        "海贡机械",
        "约谈董事长，确认投资意向",
        "朗道新能源一期",
        "在谈",
        "签约",
    ]:
        assert expected in text, expected
    assert "海河精密" not in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert any(investment_a.user.full_name in h for h in headings)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"


def test_exporting_the_review_is_an_event(march, investment_a, zone_a):
    client_for(investment_a).get("/figures/review.docx", {"unit": zone_a.pk, "year": Y, "month": 3})
    event = Event.objects.get(verb="project.review_exported")
    assert (event.actor, event.unit, event.after) == (
        investment_a.user,
        zone_a,
        {"unit": zone_a.pk, "year": Y, "month": 3},
    )


def test_an_empty_month_still_makes_a_document(investment_a, zone_a):
    resp = client_for(investment_a).get("/figures/review.docx", {"unit": zone_a.pk, "year": Y, "month": 7})
    document = docx.Document(io.BytesIO(b"".join(resp.streaming_content)))
    assert "本月无新增线索" in _text(document)


def test_a_supervisor_of_the_county_reviews_a_zone_below(march, supervisor, zone_a):
    resp = client_for(supervisor).get("/figures/review/", {"unit": zone_a.pk, "year": Y, "month": 3})
    assert resp.status_code == 200 and "岩象装备" in resp.content.decode()


def test_zone_b_gets_no_review_of_zone_a(march, investment_b, zone_a):
    client = client_for(investment_b)
    for path in ("/figures/review/", "/figures/review.docx"):
        assert client.get(path, {"unit": zone_a.pk, "year": Y, "month": 3}).status_code == 404
    assert not Event.objects.filter(verb="project.review_exported").exists()
