"""What people type into a demand is kept as typed: Chinese punctuation everywhere, line breaks in long text."""

from datetime import date

from zonedesk.demands import services
from zonedesk.demands.models import Demand
from zonedesk.demands.states import Outcome, State

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .test_importing import _post

NOTE = "一、已对接人社局，\r\n二、专场招聘会定于３月２日！\r\n\r\n\r\n\r\n  备注：  企业（二号车间）需提前报名。  "


def test_a_handlers_note_keeps_its_lines_and_its_chinese_punctuation(make_demand, handler, officer_a):
    demand = make_demand(State.ASSIGNED, title="招工难：缺普工50人（二号车间）！")
    assert demand.title == "招工难：缺普工50人（二号车间）！"
    demand = services.resolve(handler, demand, Outcome.SOLVED, NOTE)
    assert (
        demand.outcome_note == "一、已对接人社局，\n二、专场招聘会定于3月2日！\n\n备注： 企业（二号车间）需提前报名。"
    )
    page = client_for(officer_a).get(demand.get_absolute_url()).content.decode()
    assert "一、已对接人社局，<br>二、专场招聘会定于3月2日！<br><br>备注" in page


def test_a_reason_and_the_enterprises_comment_keep_their_lines(make_demand, officer_a, enterprise_user):
    returned = make_demand(State.RETURNED)
    demand = services.resubmit(officer_a, returned, description="缺口：\r\n普工30人；\r\n电工5人？")
    assert demand.description == "缺口：\n普工30人；\n电工5人？"
    confirmed = services.confirm(enterprise_user, make_demand(State.RESOLVED), 4, "很及时，\n\n\n谢谢！")
    assert confirmed.comment == "很及时，\n\n谢谢！"
    reopened = services.reopen(enterprise_user, make_demand(State.RESOLVED), "第一条：仍缺普工；\n第二条：电工未到位。")
    assert reopened.reason == "第一条：仍缺普工；\n第二条：电工未到位。"
    assert reopened.moves.order_by("pk").last().reason == reopened.reason
    page = client_for(officer_a).get(reopened.get_absolute_url()).content.decode()
    assert "第一条：仍缺普工；<br>第二条：电工未到位。" in page


def test_a_sheets_name_with_half_width_brackets_finds_the_enterprise_stored_with_full_width_ones(
    officer_a, zone_a, category
):
    stored = EnterpriseFactory(unit=zone_a, name="创维LED（射阳）科技有限公司")
    rows = [
        [
            1,
            "创维LED(射阳)科技有限公司",
            "",
            "用工",
            "普工缺口",
            "一、普工\n二、电工",
            "走访",
            "",
            date(2026, 1, 5),
            "",
        ],
        [2, "创维LED(射阳)科技有限公司", stored.uscc, "用工", "电工缺口", "", "走访", "", date(2026, 1, 6), ""],
    ]
    response = _post(officer_a, rows)
    assert response.status_code == 302, response.content.decode()[:2000]
    demands = list(Demand.objects.order_by("pk"))
    assert [d.enterprise for d in demands] == [stored, stored]
    assert demands[0].description == "一、普工\n二、电工"
