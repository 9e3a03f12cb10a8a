"""Project pages: list filters and export, figure links, board, detail and its actions, forms, referrals, events."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from python_calamine import CalamineWorkbook

from zonedesk.orgs import verbs
from zonedesk.orgs.models import Event
from zonedesk.projects import figures, services
from zonedesk.projects.exporting import HEADERS
from zonedesk.projects.figures import Period
from zonedesk.projects.models import Project, PromotionEvent, Referral, StageMove
from zonedesk.projects.stages import LIFE, Stage

from ..conftest import client_for

TODAY = timezone.localdate()
DAY = timedelta(days=1)
LAST_YEAR = TODAY.year - 1
NAME = HEADERS.index("项目名称")


def new_project(by, unit, name="国阳智能装备产业园", investment="30亿元", **extra) -> Project:
    data = {"name": name, "unit": unit, "investment": investment, "lead_on": TODAY - 60 * DAY, **extra}
    return services.create_project(data, by=by)


def drive(project: Project, stage: str, by, *, start: date | None = None) -> Project:
    """Move a project forward to `stage`, a few days apart from `start`."""
    on = start or TODAY - 50 * DAY
    for step in LIFE[LIFE.index(project.stage) + 1 : LIFE.index(stage) + 1]:
        extra = {"contracted_investment": project.investment_text or "1亿元"} if step == Stage.SIGNED else {}
        project = services.advance_stage(project, step, by=by, on=on, **extra)
        on += 5 * DAY
    return project


def linked_ids(resp) -> list[int]:
    """The projects a rendered page links to, in page order."""
    assert resp.status_code == 200
    return [int(pk) for pk in re.findall(r'href="/projects/(\d+)/"', resp.content.decode())]


def listed(client, path="/projects/list/", **params) -> list[int]:
    return linked_ids(client.get(path, params))


def exported(resp) -> list[list]:
    assert resp.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(resp.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def fresh(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


@pytest.fixture
def project(investment_a, zone_a) -> Project:
    return new_project(investment_a, zone_a)


@pytest.mark.parametrize(
    "path",
    [
        "/projects/",
        "/projects/list/",
        "/projects/{pk}/",
        "/projects/new/",
        "/projects/{pk}/edit/",
        "/projects/referrals/",
        "/projects/events/",
    ],
)
def test_every_page_renders_for_an_investment_officer(investment_a, project, path):
    resp = client_for(investment_a).get(path.format(pk=project.pk))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert all(f'href="/projects/{m}"' in html for m in ("", "list/", "referrals/", "events/"))  # the left menu


def test_the_list_filters_by_keyword_stage_officer_source_and_key_level(investment_a, leader, zone_a):
    first = new_project(investment_a, zone_a, key_level="city")
    second = drive(
        new_project(
            investment_a,
            zone_a,
            name="巨衡机械",
            investment="5亿元",
            investor_name="巨衡集团",
            officer=leader.user,
            source="branch",
        ),
        Stage.NEGOTIATING,
        investment_a,
    )
    client = client_for(investment_a)
    assert set(listed(client)) == {first.pk, second.pk}
    assert listed(client, q="巨衡集团") == [second.pk]
    assert listed(client, stage="negotiating") == [second.pk]
    assert listed(client, officer=leader.user.pk) == [second.pk]
    assert listed(client, source="branch") == [second.pk]
    assert listed(client, key_level="city") == [first.pk]


def test_the_amount_band_filter_reads_the_total_investment(investment_a, zone_a):
    big = new_project(investment_a, zone_a, name="甲", investment="10亿元")
    mid = new_project(investment_a, zone_a, name="乙", investment="6亿元")
    small = new_project(investment_a, zone_a, name="丙", investment="1亿元")
    client = client_for(investment_a)
    assert listed(client, band="band1") == [big.pk]
    assert listed(client, band="band2") == [mid.pk]
    assert listed(client, band="band3") == [small.pk]
    assert set(listed(client, band="over2")) == {big.pk, mid.pk}
    html = client.get("/projects/list/").content.decode()
    for label in ("≥10亿", "5–10亿", "1–5亿", "≥5亿", "≥1亿"):
        assert label in html


def test_the_unit_filter_covers_a_branch_office_and_stalled_lists_projects_without_a_move(
    investment_a, zone_a, branch_a
):
    in_zone = new_project(investment_a, zone_a, name="甲")
    in_branch = new_project(investment_a, branch_a, name="乙")
    client = client_for(investment_a)
    assert set(listed(client, unit=zone_a.pk)) == {in_zone.pk, in_branch.pk}
    assert listed(client, unit=branch_a.pk) == [in_branch.pk]
    Project.objects.filter(pk=in_zone.pk).update(last_moved_at=timezone.now() - 60 * DAY)
    Project.objects.filter(pk=in_branch.pk).update(last_moved_at=timezone.now() - 2 * DAY)
    assert listed(client, stalled="1") == [in_zone.pk]


def test_thirty_projects_make_two_pages_with_constant_queries_and_an_htmx_table(investment_a, zone_a):
    client = client_for(investment_a)
    new_project(investment_a, zone_a, name="项目0")
    client.get("/projects/list/")
    with CaptureQueriesContext(connection) as one:
        assert len(listed(client)) == 1
    for i in range(1, 30):
        new_project(investment_a, zone_a, name=f"项目{i}", industry="34", key_level="county")
    with CaptureQueriesContext(connection) as thirty:
        assert len(listed(client)) == 25
    assert len(thirty) == len(one)
    assert len(listed(client, page=2)) == 5
    partial = client.get("/projects/list/", {"page": 2}, HTTP_HX_REQUEST="true")
    assert "<table" in partial.content.decode() and "zd-filters" not in partial.content.decode()
    assert len(linked_ids(partial)) == 5


def test_the_export_holds_exactly_the_filtered_rows_and_writes_one_event(investment_a, zone_a):
    new_project(investment_a, zone_a, name="国阳智能装备产业园", investor_name="国阳集团")
    new_project(investment_a, zone_a, name="国阳二期", investor_name="国阳集团", investment="8亿元")
    new_project(investment_a, zone_a, name="科创新材料产业园", investment="8亿元")
    client = client_for(investment_a)
    params = {"q": "国阳集团", "band": "band2"}
    rows = exported(client.get("/projects/list/export.xlsx", params))
    assert rows[0] == HEADERS
    shown = Project.objects.filter(pk__in=listed(client, **params))
    assert [r[NAME] for r in rows[1:]] == [p.name for p in shown] == ["国阳二期"]
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert (row["总投资"], row["总投资(万元)"], row["阶段"], row["所属单位"]) == ("8亿元", 80000, "线索", zone_a.name)
    event = Event.objects.get(verb="project.exported")
    assert event.after["rows"] == 1 and event.after["filter"]["band"] == "band2"
    new_project(investment_a, zone_a, name="=HYPERLINK(1)")
    rows = exported(client.get("/projects/list/export.xlsx", {"q": "HYPERLINK"}))
    assert [r[NAME] for r in rows[1:]] == ["'=HYPERLINK(1)"]  # neutralised


def test_figure_links_filter_the_list_to_exactly_the_counted_projects(investment_a, zone_a, branch_a):
    early = {"lead_on": date(LAST_YEAR - 2, 1, 1)}
    big = new_project(investment_a, zone_a, name="甲", investment="12亿元", **early)
    big = drive(big, Stage.SIGNED, investment_a, start=date(LAST_YEAR, 3, 1))
    mid = new_project(investment_a, branch_a, name="乙", investment="6亿元", **early)
    drive(mid, Stage.STARTED, investment_a, start=date(LAST_YEAR, 5, 1))
    before = new_project(investment_a, zone_a, name="丙", investment="20亿元", **early)
    drive(before, Stage.SIGNED, investment_a, start=date(LAST_YEAR - 1, 5, 1))  # the year before: not counted
    new_project(investment_a, zone_a, name="丁", investment="50亿元")
    client, period = client_for(investment_a), Period.year(LAST_YEAR)
    thresholds = figures.threshold_figures(investment_a.user, zone_a, period)
    rows = thresholds["bands"] + thresholds["cumulative"] + figures.stage_figures(investment_a.user, zone_a, period)
    assert sum(r["count"] for r in rows) > 0
    for row in rows:
        assert client.get(row["link"]).context["page"].paginator.count == row["count"], row["link"]
    link = (
        f"/projects/list/?moved_to=signed&since={LAST_YEAR}-01-01&until={LAST_YEAR}-12-31&band=band1&unit={zone_a.pk}"
    )
    resp = client.get(link)
    assert linked_ids(resp) == [big.pk]
    html = resp.content.decode()  # the filter form shows and keeps every parameter
    assert f'<option value="{zone_a.pk}" selected>' in html
    assert '<option value="band1" selected>' in html
    assert re.search(r'name="moved_to">.*?<option value="signed" selected>', html, re.S)
    assert f'name="since" value="{LAST_YEAR}-01-01"' in html and f'name="until" value="{LAST_YEAR}-12-31"' in html
    export = exported(client.get("/projects/list/export.xlsx" + link[link.index("?") :]))
    assert [r[NAME] for r in export[1:]] == ["甲"]


def test_the_board_counts_stages_filters_by_unit_and_leaves_out_zone_b(
    investment_a, investment_b, zone_a, zone_b, branch_a
):
    new_project(investment_a, zone_a, name="甲", investment="2亿元")
    new_project(investment_a, zone_a, name="乙", investment="3亿元")
    drive(new_project(investment_a, zone_a, name="丙", investment="10亿元"), Stage.SIGNED, investment_a)
    other = new_project(investment_b, zone_b, name="海河项目")
    resp = client_for(investment_a).get("/projects/")
    counts = {c["stage"]: (c["count"], c["investment_wan"]) for c in resp.context["columns"]}
    assert counts[Stage.LEAD] == (2, Decimal("50000.00"))
    assert counts[Stage.SIGNED] == (1, Decimal("100000.00"))
    assert counts[Stage.STARTED] == (0, Decimal(0))
    assert other.pk not in linked_ids(resp)
    assert len(linked_ids(resp)) == 3
    assert 'href="/projects/list/?stage=lead"' in resp.content.decode()
    assert 'href="/projects/new/"' in resp.content.decode()
    in_branch = new_project(investment_a, branch_a, name="丁")
    assert listed(client_for(investment_a), "/projects/", unit=branch_a.pk) == [in_branch.pk]


def test_the_detail_page_shows_the_stage_dates_money_and_timeline(investment_a, project):
    project = drive(project, Stage.STARTED, investment_a)
    services.record_funds(
        project, funds_in_place_wan=Decimal(50000), investment_completed_wan=Decimal(20000), by=investment_a
    )
    html = client_for(investment_a).get(f"/projects/{project.pk}/").content.decode()
    stepper = html[html.index('id="stage-stepper"') : html.index("</ol>", html.index('id="stage-stepper"'))]
    for field in ("lead_on", "negotiating_on", "signed_on", "started_on"):
        assert f"{getattr(project, field):%Y-%m-%d}" in stepper
    assert stepper.count('class="done') == 4
    money = html[html.index('id="money"') :]
    assert all(amount in money for amount in ("30.00亿元", "5.00亿元", "2.00亿元"))
    timeline = html[html.index("zd-timeline") :]
    assert str(verbs.label("project.created")) in timeline
    assert str(verbs.label("project.stage_advanced")) in timeline


def act(client, project, action, **data):
    """POST one action of the detail page with the project's current version."""
    return client.post(f"/projects/{project.pk}/{action}/", {"version": fresh(project).version, **data})


def test_an_officer_drives_a_lead_to_production_through_the_pages(investment_a, project):
    client = client_for(investment_a)
    signing_day = TODAY - 30 * DAY
    steps = [
        (Stage.NEGOTIATING, {"on": str(TODAY - 40 * DAY)}),
        (
            Stage.SIGNED,
            {"on": f"{signing_day.year}年{signing_day.month}月{signing_day.day}日", "contracted_investment": "28亿元"},
        ),
        (Stage.STARTED, {"on": (TODAY - 20 * DAY).strftime("%Y/%m/%d")}),
        (Stage.PRODUCING, {}),  # no date: today
    ]
    for stage, data in steps:
        if stage == Stage.SIGNED:  # first without the contracted investment: refused on its field
            refused = act(client, project, "move", to=stage, on=data["on"])
            assert refused.status_code == 200 and list(refused.context["forms"]["advance"].errors) == [
                "contracted_investment"
            ]
        resp = act(client, project, "move", to=stage, **data)
        assert resp.status_code == 302 and resp["Location"] == f"/projects/{project.pk}/"
        assert fresh(project).stage == stage
    done = fresh(project)
    assert done.contracted_investment_wan == Decimal("280000.00")
    assert (done.signed_on, done.producing_on) == (signing_day, TODAY)
    assert list(StageMove.objects.filter(project=done).values_list("to_stage", flat=True)) == LIFE[:5]
    assert Event.objects.filter(verb="project.stage_advanced", channel="web").count() == 4
    assert act(client, project, "resign", on=str(TODAY), note="上海推介会").status_code == 302  # counted once
    assert act(client, project, "funds", funds_in_place_wan="3亿", investment_completed_wan="8000").status_code == 302
    assert (fresh(project).funds_in_place_wan, fresh(project).investment_completed_wan) == (30000, 8000)
    assert Project.objects.count() == 1 and Event.objects.filter(verb="project.resigned").count() == 1


def test_dropping_needs_a_reason_and_the_page_shows_it(investment_a, project):
    client = client_for(investment_a)
    assert act(client, project, "move", to=Stage.DROPPED, reason="").status_code == 200
    assert fresh(project).stage == Stage.LEAD
    assert act(client, project, "move", to=Stage.DROPPED, reason="资金链断裂").status_code == 302
    assert (fresh(project).stage, fresh(project).dropped_reason) == (Stage.DROPPED, "资金链断裂")
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "资金链断裂" in html[html.index('id="dropped-reason"') :]


def test_the_leader_moves_back_and_reopens_but_the_officer_is_refused(investment_a, leader, project):
    project = drive(project, Stage.SIGNED, investment_a)
    refused = act(client_for(investment_a), project, "move-back", reason="签约未生效")
    assert refused.status_code == 403
    shown = [str(m) for m in refused.context["messages"]]
    assert len(shown) == 1 and escape(shown[0]) in refused.content.decode()
    assert fresh(project).stage == Stage.SIGNED
    resp = act(client_for(leader), project, "move-back", reason="签约未生效")
    assert resp.status_code == 302
    assert (fresh(project).stage, fresh(project).signed_on) == (Stage.NEGOTIATING, None)
    services.advance_stage(fresh(project), Stage.DROPPED, by=investment_a, reason="外迁")
    resp = act(client_for(leader), project, "reopen", reason="重新接洽")
    assert resp.status_code == 302 and fresh(project).stage == Stage.NEGOTIATING


def test_a_stale_version_answers_409_with_the_conflict(investment_a, project):
    stale = project.version
    services.advance_stage(project, Stage.NEGOTIATING, by=investment_a)
    resp = client_for(investment_a).post(
        f"/projects/{project.pk}/move/", {"to": Stage.SIGNED, "version": stale, "contracted_investment": "30亿元"}
    )
    assert resp.status_code == 409
    assert escape(str(next(iter(resp.context["messages"])))) in resp.content.decode()
    assert fresh(project).stage == Stage.NEGOTIATING


def test_the_create_form_records_a_lead_and_the_edit_form_guards_its_version(investment_a, zone_a):
    client = client_for(investment_a)
    data = {"name": "阿斯托特克", "unit": zone_a.pk, "investment": "数亿元", "source": "own", "lead_on": "2025/3/7"}
    resp = client.post("/projects/new/", data)
    assert resp.status_code == 200 and list(resp.context["form"].errors) == ["investment"]
    assert not Project.objects.exists()
    resp = client.post("/projects/new/", {**data, "investment": "超10亿元", "officer": investment_a.user.pk})
    project = Project.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/projects/{project.pk}/"
    assert (project.total_investment_wan, project.lead_on, project.investment_qualifier) == (
        100000,
        date(2025, 3, 7),
        "at_least",
    )
    edit = {**data, "investment": "超10亿元", "officer": investment_a.user.pk, "version": 1, "next_steps": "赴沪洽谈"}
    assert client.post(f"/projects/{project.pk}/edit/", edit).status_code == 302
    assert (fresh(project).next_steps, fresh(project).version) == ("赴沪洽谈", 2)
    assert Event.objects.get(verb="project.updated").after == {"next_steps": "赴沪洽谈"}  # the amount is not re-read
    resp = client.post(f"/projects/{project.pk}/edit/", {**edit, "next_steps": "后到"})
    assert resp.status_code == 409 and fresh(project).next_steps == "赴沪洽谈"


GETS = ["/projects/{pk}/", "/projects/{pk}/edit/"]
POSTS = {
    "move": {"to": "negotiating", "version": 1},
    "move-back": {"reason": "x", "version": 1},
    "reopen": {"reason": "x", "version": 1},
    "resign": {"on": "2025-01-01"},
    "funds": {"funds_in_place_wan": "1"},
    "refer": {"to_unit": 0},
}


def test_a_zone_b_officer_gets_404_on_every_page_and_action_of_zone_a(investment_b, zone_b, project):
    client = client_for(investment_b)
    for path in GETS:
        assert client.get(path.format(pk=project.pk)).status_code == 404
    for action, data in POSTS.items():
        data = {**data, "to_unit": zone_b.pk} if action == "refer" else data
        assert client.post(f"/projects/{project.pk}/{action}/", data).status_code == 404, action
    assert project.pk not in listed(client) and project.pk not in listed(client, "/projects/")
    assert exported(client.get("/projects/list/export.xlsx"))[1:] == []
    assert fresh(project).version == 1 and not Referral.objects.exists()


def test_the_enterprise_user_gets_404_on_every_project_page(enterprise_user, project):
    client = client_for(enterprise_user)
    pages = [
        "/projects/",
        "/projects/list/",
        "/projects/list/export.xlsx",
        "/projects/new/",
        "/projects/referrals/",
        "/projects/events/",
        *GETS,
    ]
    for path in pages:
        assert client.get(path.format(pk=project.pk)).status_code == 404, path
    for action, data in POSTS.items():
        assert client.post(f"/projects/{project.pk}/{action}/", data).status_code == 404, action
    assert "/projects/" not in client.get("/").content.decode()


def test_a_service_officer_reads_projects_but_cannot_create_or_edit(officer_a, project):
    client = client_for(officer_a)
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get("/projects/new/").status_code == 404
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 404
    resp = client.post(f"/projects/{project.pk}/move/", {"to": "negotiating", "version": 1})
    assert resp.status_code == 403 and fresh(project).stage == Stage.LEAD


def test_an_accepted_referral_moves_the_project_to_zone_b(investment_a, investment_b, zone_b, project):
    resp = client_for(investment_a).post(f"/projects/{project.pk}/refer/", {"to_unit": zone_b.pk, "note": "用地不足"})
    assert resp.status_code == 302
    referral = Referral.objects.get()
    receiving = client_for(investment_b)
    html = receiving.get("/projects/referrals/").content.decode()
    assert f"/projects/referrals/{referral.pk}/accept/" in html
    assert f"/projects/referrals/{referral.pk}/withdraw/" not in html
    resp = receiving.post(f"/projects/referrals/{referral.pk}/accept/")
    assert resp.status_code == 302 and resp["Location"] == f"/projects/{project.pk}/"
    moved = fresh(project)
    assert (moved.unit, moved.officer) == (zone_b, investment_b.user)
    assert listed(receiving) == [project.pk]
    sending = client_for(investment_a)
    assert sending.get(f"/projects/{project.pk}/").status_code == 404
    assert project.name in sending.get("/projects/referrals/").content.decode()  # both zones keep the referral


def test_a_referral_is_declined_with_a_reason_or_withdrawn(investment_a, investment_b, officer_b, zone_b, project):
    referral = services.offer_referral(project, to_unit=zone_b, by=investment_a)
    receiving = client_for(investment_b)
    assert receiving.post(f"/projects/referrals/{referral.pk}/decline/", {"reason": ""}).status_code == 302
    assert Referral.objects.get().status == Referral.Status.OFFERED
    assert client_for(officer_b).post(f"/projects/referrals/{referral.pk}/accept/").status_code == 403  # no role
    receiving.post(f"/projects/referrals/{referral.pk}/decline/", {"reason": "产业不符"})
    assert (Referral.objects.get().status, fresh(project).unit) == (Referral.Status.DECLINED, project.unit)
    assert receiving.post(f"/projects/referrals/{referral.pk}/accept/").status_code == 409
    again = services.offer_referral(project, to_unit=zone_b, by=investment_a)
    assert client_for(investment_a).post(f"/projects/referrals/{again.pk}/withdraw/").status_code == 302
    assert Referral.objects.get(pk=again.pk).status == Referral.Status.WITHDRAWN


def test_an_event_is_recorded_and_its_lead_count_links_to_its_leads(investment_a, zone_a):
    client = client_for(investment_a)
    resp = client.post(
        "/projects/events/",
        {"unit": zone_a.pk, "name": "上海专场推介会", "city": "上海", "held_on": str(TODAY - 10 * DAY)},
    )
    assert resp.status_code == 302
    event = PromotionEvent.objects.get()
    form = client.get(f"/projects/new/?promotion_event={event.pk}").context["form"]
    assert form.initial["promotion_event"] == event.pk
    leads = [new_project(investment_a, zone_a, name=f"线索{i}", promotion_event=event) for i in range(2)]
    new_project(investment_a, zone_a, name="其他")
    html = client.get("/projects/events/").content.decode()
    assert f'href="/projects/list/?promotion_event={event.pk}">2</a>' in html
    assert set(listed(client, promotion_event=event.pk)) == {p.pk for p in leads}
    rows = exported(client.get("/projects/list/export.xlsx", {"promotion_event": event.pk}))
    assert sorted(r[NAME] for r in rows[1:]) == ["线索0", "线索1"]
    resp = client.post("/projects/events/", {"unit": zone_a.pk, "name": "推介会", "city": "", "held_on": str(TODAY)})
    assert resp.status_code == 200 and list(resp.context["form"].errors) == ["city"]
    assert PromotionEvent.objects.count() == 1
