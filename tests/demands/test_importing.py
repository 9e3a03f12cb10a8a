"""The Excel import of an existing demand list through the page: all or nothing, every problem by row and column."""

import io
from datetime import date, timedelta

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zonedesk.common.excel import read_rows
from zonedesk.demands.models import Demand, DemandMove
from zonedesk.demands.services import submit_demand
from zonedesk.demands.states import Level, Source, State
from zonedesk.orgs.models import Event

from ..conftest import client_for

HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "诉求类别",
    "诉求标题",
    "诉求内容",
    "来源",
    "工单号",
    "提出日期",
    "层级",
]


def _upload(rows: list[list], header: list[str] = HEADER) -> SimpleUploadedFile:
    """A sheet as officers keep it: a title row above the header, then the rows."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet("诉求清单")
    ws.write_row(0, 0, ["射阳经济开发区企业诉求清单（2026年）"])
    ws.write_row(1, 0, header)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for index, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(index, col, value, dates)
            elif value not in (None, ""):
                ws.write(index, col, value)
    book.close()
    return SimpleUploadedFile("诉求清单.xlsx", out.getvalue())


def _post(actor, rows, header=HEADER):
    return client_for(actor).post(reverse("demand_io:import"), {"file": _upload(rows, header)})


def test_importing_a_list_records_each_demand_with_its_date_source_and_level(
    officer_a, enterprise, other_enterprise, category
):
    rows = [
        [1, "", enterprise.uscc, "用工", "春节后普工缺口30人", "请协助招聘", "走访", "", date(2026, 1, 5), "园区"],
        [2, other_enterprise.name, "", "融资", "流动资金贷款", "", "12345热线", 20260108001, "2026/1/8", "县区"],
        [3, enterprise.name, enterprise.uscc, "用地", "二期用地指标", "", "会议", "", "2026年1月9日", ""],
    ]
    response = _post(officer_a, rows)
    assert response.status_code == 302
    demands = list(Demand.objects.order_by("pk"))
    assert [(d.enterprise, d.title) for d in demands] == [
        (enterprise, "春节后普工缺口30人"),
        (other_enterprise, "流动资金贷款"),
        (enterprise, "二期用地指标"),
    ]
    assert [d.submitted_on for d in demands] == [date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 9)]
    assert [d.source for d in demands] == [Source.VISIT, Source.HOTLINE, Source.MEETING]
    assert [d.level for d in demands] == [Level.ZONE, Level.COUNTY, Level.ZONE]
    assert demands[1].reference == "20260108001"  # a number cell, read back as the ticket number
    assert demands[1].handling_unit == enterprise.unit.parent
    assert {d.state for d in demands} == {State.SUBMITTED}
    moves = DemandMove.objects.order_by("demand_id")
    assert [m.on for m in moves] == [date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 9)]
    submitted = Event.objects.filter(verb="demand.submitted")
    assert submitted.count() == 3 and set(submitted.values_list("channel", flat=True)) == {"import"}
    assert Event.objects.get(verb="demand.imported").after == {"created": 3}


def _errors(response) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in response.context["errors"]}


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(officer_a, enterprise, enterprise_b, category):
    tomorrow = timezone.localdate() + timedelta(days=1)
    good = ["", "", enterprise.uscc, "用工", "招工难", "", "走访", "", "2026-01-05", ""]
    rows = [
        good,  # row 3: fine
        ["", "不存在的公司", "", "用工", "招工难", "", "走访", "", "2026-01-05", ""],  # 4
        ["", "", enterprise_b.uscc, "用工", "招工难", "", "走访", "", "2026-01-05", ""],  # 5: another zone
        ["", "", enterprise.uscc, "外星人", "招工难", "", "走访", "", "2026-01-05", ""],  # 6
        ["", "", enterprise.uscc, "用工", "", "只有内容", "走访", "", "2026-01-05", ""],  # 7
        ["", "", enterprise.uscc, "用工", "招工难", "", "微信", "", "2026-01-05", ""],  # 8
        ["", "", enterprise.uscc, "用工", "招工难", "", "12345热线", "", "2026-01-05", ""],  # 9
        ["", "", enterprise.uscc, "用工", "招工难", "", "走访", "", tomorrow, ""],  # 10
        ["", "", enterprise.uscc, "用工", "招工难", "", "走访", "", "上周", ""],  # 11
        ["", "", enterprise.uscc, "用工", "招工难", "", "走访", "", "2026-01-05", "省"],  # 12
        ["", "", enterprise.uscc, "用工", "招工难", "", "12345热线", "A-1", "2026-01-05", ""],  # 13
        ["", "", enterprise.uscc, "用工", "招工难", "", "12345热线", "A-1", "2026-01-05", ""],  # 14: same ticket
        ["", "射阳科阳5G通信科技有限公司", enterprise.uscc, "用工", "招工难", "", "走访", "", "2026-01-05", ""],  # 15
    ]
    response = _post(officer_a, rows)
    assert response.status_code == 422
    assert _errors(response) == {
        (4, "企业名称"),
        (5, "统一社会信用代码"),
        (6, "诉求类别"),
        (7, "诉求标题"),
        (8, "来源"),
        (9, "工单号"),
        (10, "提出日期"),
        (11, "提出日期"),
        (12, "层级"),
        (14, "工单号"),
        (15, "企业名称"),
    }
    assert not Demand.objects.exists()
    assert not Event.objects.filter(verb__startswith="demand.").exists()


def test_a_ticket_number_already_recorded_is_refused(officer_a, enterprise, category):
    submit_demand(officer_a, enterprise, category=category, title="路灯不亮", source=Source.HOTLINE, reference="T-9")
    rows = [["", "", enterprise.uscc, "用工", "招工难", "", "12345热线", "T-9", "2026-01-05", ""]]
    response = _post(officer_a, rows)
    assert response.status_code == 422
    assert _errors(response) == {(3, "工单号")}
    assert Demand.objects.count() == 1


def test_a_sheet_without_the_needed_headers_is_refused(officer_a, enterprise):
    response = _post(officer_a, [["", "x", "y"]], header=["序号", "名称", "备注"])
    assert response.status_code == 422
    assert "诉求标题" in response.content.decode()
    assert not Demand.objects.exists()


def test_the_template_has_the_headers_the_import_reads(officer_a):
    response = client_for(officer_a).get(reverse("demand_io:import_template"))
    assert response.status_code == 200
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert [str(h).rstrip("*") for h in rows[1]] == HEADER


@pytest.mark.parametrize("who", ["handler", "enterprise_user", "supervisor"])
def test_only_importers_open_the_import_page(request, who):
    actor = request.getfixturevalue(who)
    client = client_for(actor)
    assert client.get(reverse("demand_io:import")).status_code == 404
    assert client.get(reverse("demand_io:import_template")).status_code == 404


def test_zone_b_officer_cannot_import_demands_of_a_zone_a_enterprise(officer_b, enterprise, category):
    rows = [["", enterprise.name, "", "用工", "招工难", "", "走访", "", "2026-01-05", ""]]
    response = _post(officer_b, rows)
    assert response.status_code == 422
    assert _errors(response) == {(3, "企业名称")}
    assert not Demand.objects.exists()
