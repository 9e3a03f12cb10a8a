"""The Excel import of yearly figures: every row created or updated, all or nothing with each bad cell named by row
and column, the same file again changes nothing, a changed figure updates with an Event."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from zonedesk.commitments.importing_years import import_years, template_file
from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import read_rows
from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.orgs.models import Event

from ..conftest import client_for

HEADER = [
    "序号",
    "统一社会信用代码",
    "企业名称",
    "年度",
    "产值（万元）",
    "税收（万元）",
    "年末从业人员",
    "固定资产投资（万元）",
]


def sheet(rows: list[list]) -> bytes:
    """A yearly statistics sheet as zones keep it: a title row, the header, the rows."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    ws = book.add_worksheet("企业年度数据")
    ws.write_row(0, 0, ["射阳经济开发区规上企业年度主要指标"])
    ws.write_row(1, 0, HEADER)
    for index, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            if isinstance(value, str) and value:
                ws.write_string(index, col, value)
            elif value not in (None, ""):
                ws.write(index, col, value)
    book.close()
    return out.getvalue()


@pytest.fixture
def rows(enterprise, other_enterprise):
    return [
        [1, enterprise.uscc, enterprise.name, 2025, 52000, "3100", 860, 12000],
        [2, "", other_enterprise.name, "2024年", "4.2亿", 2500.5, "420", ""],
    ]


def test_a_good_sheet_creates_every_row(rows, enterprise, other_enterprise, officer_a, today):
    result = import_years(io.BytesIO(sheet(rows)), by=officer_a)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    guoyang = EnterpriseYear.objects.get(enterprise=enterprise, year=2025)
    assert (guoyang.output_wan, guoyang.tax_wan, guoyang.employees) == (Decimal(52000), Decimal(3100), 860)
    keyang = EnterpriseYear.objects.get(enterprise=other_enterprise, year=2024)
    assert keyang.output_wan == Decimal(42000) and keyang.fixed_asset_investment_wan is None
    assert Event.objects.filter(verb="enterprise_year.recorded", channel="import").count() == 2
    assert Event.objects.filter(verb="enterprise_year.import_completed").count() == 1


def test_the_same_sheet_again_changes_nothing(rows, officer_a, today):
    import_years(io.BytesIO(sheet(rows)), by=officer_a)
    events = Event.objects.count()
    versions = list(EnterpriseYear.objects.order_by("pk").values_list("version", flat=True))
    result = import_years(io.BytesIO(sheet(rows)), by=officer_a)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Event.objects.count() == events
    assert list(EnterpriseYear.objects.order_by("pk").values_list("version", flat=True)) == versions


def test_a_changed_figure_updates_with_an_event_and_a_blank_cell_keeps_the_figure(rows, enterprise, officer_a, today):
    import_years(io.BytesIO(sheet(rows)), by=officer_a)
    rows[0][5] = 3300  # tax corrected
    rows[0][7] = ""  # fixed-asset investment left blank: kept
    result = import_years(io.BytesIO(sheet(rows)), by=officer_a)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    row = EnterpriseYear.objects.get(enterprise=enterprise, year=2025)
    assert row.tax_wan == Decimal(3300) and row.fixed_asset_investment_wan == Decimal(12000) and row.version == 2
    [event] = Event.objects.filter(verb="enterprise_year.updated")
    assert event.before == {"tax_wan": "3100.00"} and event.after == {"year": 2025, "tax_wan": "3300.00"}


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_written(rows, enterprise, enterprise_b, officer_a, today):
    bad = [
        *rows,
        [3, "91320924MA00000001", "", 2025, 100, 1, 1, 1],  # a wrong check digit
        [4, enterprise.uscc, enterprise.name, 2024, "数亿元", "", "", ""],
        [5, "", "射阳不存在的公司", 2025, 1, 1, 1, 1],
        [6, enterprise.uscc, enterprise.name, 2027, 1, 1, 1, 1],  # a year to come
        [7, enterprise_b.uscc, "", 2025, 1, 1, 1, 1],  # another zone's enterprise
    ]
    with pytest.raises(Rejected) as caught:
        import_years(io.BytesIO(sheet(bad)), by=officer_a)
    found = {(e["row"], e["column"]) for e in caught.value.errors}
    assert found == {
        (5, "统一社会信用代码"),
        (6, "产值（万元）"),
        (7, "企业名称"),
        (8, "年度"),
        (9, "统一社会信用代码"),
    }
    messages = {e["row"]: e["message"] for e in caught.value.errors}
    assert "数亿元" in messages[6] and "2027" in messages[8]
    assert not EnterpriseYear.objects.exists() and not Event.objects.filter(verb__startswith="enterprise_year").exists()


def test_the_same_enterprise_and_year_twice_is_named(rows, officer_a, today):
    with pytest.raises(Rejected) as caught:
        import_years(io.BytesIO(sheet([*rows, rows[0]])), by=officer_a)
    assert [(e["row"], e["column"]) for e in caught.value.errors] == [(5, "年度")]


def test_a_leader_may_not_import(rows, leader, today):
    with pytest.raises(Forbidden):
        import_years(io.BytesIO(sheet(rows)), by=leader)


def test_the_template_reads_back_as_a_good_header(today):
    header = read_rows(template_file())[1]
    assert header[1:] == [
        "统一社会信用代码",
        "企业名称",
        "年度*",
        "产值（万元）",
        "税收（万元）",
        "年末从业人员",
        "固定资产投资（万元）",
    ]


def test_the_import_page_lists_the_bad_rows_and_imports_a_good_sheet(rows, officer_a, leader, today):
    client = client_for(officer_a)
    assert client.get("/commitments/years/import/").status_code == 200
    bad = SimpleUploadedFile("y.xlsx", sheet([[1, "", "无此企业", 2025, 1, 1, 1, 1]]))
    page = client.post("/commitments/years/import/", {"file": bad})
    assert page.status_code == 422 and "无此企业" in page.content.decode()
    good = SimpleUploadedFile("y.xlsx", sheet(rows))
    assert client.post("/commitments/years/import/", {"file": good}).status_code == 302
    assert EnterpriseYear.objects.count() == 2
    assert client_for(leader).get("/commitments/years/import/").status_code == 404
