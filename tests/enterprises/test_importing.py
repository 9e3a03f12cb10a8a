import io
from datetime import date

import pytest
import xlsxwriter

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import read_rows
from zonedesk.common.uscc import make_uscc
from zonedesk.enterprises.importing import import_enterprises, template_file
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.orgs.models import Event

from ..conftest import client_for

HEADER = [
    "序号",
    "企业名称*",
    "统一社会信用代码",
    "所属园区",
    "行业代码",
    "成立日期",
    "注册资本（万元）",
    "从业人数",
    "规上企业",
    "联系人",
    "联系人手机",
]


def sheet(rows, *, title="射阳经济开发区企业名录（2025年）", header=HEADER, serial_dates=()):
    """A workbook like the ones zones keep: a title row, then the header, then data."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    ws = book.add_worksheet("名录")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    start = 0
    if title:
        ws.write(0, 0, title)
        start = 1
    ws.write_row(start, 0, header)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, value, date_format)
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    buffer.seek(0)
    return buffer


def code(n: int) -> str:
    return make_uscc(f"91320924MA{n:07d}")


def good_rows():
    # fmt: off
    return [
        [1, "江苏国阳智能装备有限公司", code(1), "射阳经济开发区", "3491", "2019年3月5日", "5000", 320, "是", "张总", "13800138000"],
        [2, "  射阳科阳５Ｇ通信科技有限公司 ", code(2).lower(), "射阳经开区", 3922, date(2020, 6, 1), 1200.5, "86", "否", "", ""],
        [3, "创维LED（射阳）科技有限公司", f" {code(3)} ", "", "", "2021/7/9", "", "", "", "", ""],
    ]
    # fmt: on


def test_a_real_looking_sheet_imports_every_row(officer_a, zone_a):
    result = import_enterprises(sheet(good_rows()), by=officer_a, default_zone=zone_a)
    assert result.created == 3
    guoyang = Enterprise.objects.get(uscc=code(1))
    assert guoyang.established_on == date(2019, 3, 5) and guoyang.employees == 320 and guoyang.is_above_scale
    assert guoyang.name_initials == "jsgyznzbyxgs"
    keyang = Enterprise.objects.get(uscc=code(2))
    assert keyang.name == "射阳科阳5G通信科技有限公司"  # full-width folded, spaces trimmed
    assert (
        keyang.established_on == date(2020, 6, 1) and keyang.industry_id == "392"
    )  # the 小类 3922 files under its 中类
    assert str(keyang.registered_capital_wan) == "1200.50"
    assert Enterprise.objects.get(uscc=code(3)).unit == zone_a  # empty zone column: the chosen zone
    assert Contact.objects.get(enterprise=guoyang).mobile == "13800138000"
    assert Event.objects.filter(verb="enterprise.imported").count() == 3
    assert Event.objects.filter(verb="enterprise.import_completed").get().after == {"created": 3}


def test_a_sheet_with_one_bad_row_writes_nothing_and_names_every_problem(officer_a, zone_a, zone_b):
    rows = [
        *good_rows(),
        [4, "", code(4), "", "", "", "", "", "", "", ""],
        [5, "坏代码公司", "91110000600037341M", "", "", "", "", "", "", "", ""],
        [6, "外区公司", code(6), "海河镇", "", "", "", "", "", "", ""],
        [7, "日期错公司", code(7), "", "", "2025-13-45", "数亿元", "很多", "也许", "", "12345"],
        [8, "重复公司", code(1), "", "", "", "", "", "", "", ""],
    ]
    with pytest.raises(Rejected) as exc:
        import_enterprises(sheet(rows), by=officer_a, default_zone=zone_a)
    problems = {(e["row"], e["field"]) for e in exc.value.errors}
    # Row numbers are the sheet's own (title row 1, header row 2, data from row 3).
    assert problems == {
        (6, "name"),
        (7, "uscc"),
        (8, "zone"),
        (9, "established_on"),
        (9, "registered_capital_wan"),
        (9, "employees"),
        (9, "is_above_scale"),
        (9, "contact_mobile"),
        (10, "uscc"),
    }
    assert not Enterprise.objects.exists() and not Event.objects.exists() and not Contact.objects.exists()


def test_a_code_already_registered_is_reported_with_its_row(officer_a, zone_a, enterprise):
    rows = [[1, "新公司", enterprise.uscc, "", "", "", "", "", "", "", ""]]
    with pytest.raises(Rejected) as exc:
        import_enterprises(sheet(rows), by=officer_a, default_zone=zone_a)
    assert exc.value.errors[0]["row"] == 3 and exc.value.errors[0]["field"] == "uscc"
    assert Enterprise.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused(officer_a, zone_a):
    with pytest.raises(Rejected) as exc:
        import_enterprises(io.BytesIO(b"name,uscc\nfoo,bar\n"), by=officer_a, default_zone=zone_a)
    assert exc.value.field == "file"


def test_a_sheet_without_the_required_headers_is_refused(officer_a, zone_a):
    with pytest.raises(Rejected) as exc:
        import_enterprises(sheet([["a", "b"]], header=["名称", "地址"]), by=officer_a, default_zone=zone_a)
    assert "统一社会信用代码" in str(exc.value.message)


def test_an_enterprise_user_cannot_import(enterprise_user, zone_a):
    with pytest.raises(Forbidden):
        import_enterprises(sheet(good_rows()), by=enterprise_user, default_zone=zone_a)


def test_the_template_has_chinese_headers_and_imports_after_the_example_is_replaced(officer_a, zone_a):
    rows = read_rows(template_file())
    assert rows[1][:3] == ["序号", "企业名称*", "统一社会信用代码*"]
    buffer = template_file()
    result = import_enterprises(buffer, by=officer_a, default_zone=zone_a)  # the example row is a valid row
    assert result.created == 1


def test_the_import_page_shows_the_rows_to_fix(officer_a, zone_a):
    rows = [[1, "坏代码公司", "91110000600037341M", "", "", "", "", "", "", "", ""]]
    upload = sheet(rows)
    upload.name = "名录.xlsx"
    response = client_for(officer_a).post("/enterprises/import/", {"file": upload, "unit": zone_a.pk})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="import-errors"' in page and "91110000600037341M" in page
    assert not Enterprise.objects.exists()


def test_the_import_page_checks_the_content_not_the_name(officer_a, zone_a):
    upload = io.BytesIO(b"<html>not a workbook</html>")
    upload.name = "enterprises.xlsx"
    response = client_for(officer_a).post("/enterprises/import/", {"file": upload, "unit": zone_a.pk})
    assert response.status_code == 200
    assert "xlsx" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_the_import_page_imports_and_redirects(officer_a, zone_a):
    upload = sheet(good_rows())
    upload.name = "名录.xlsx"
    response = client_for(officer_a).post("/enterprises/import/", {"file": upload, "unit": zone_a.pk})
    assert response.status_code == 302
    assert Enterprise.objects.count() == 3


def test_zone_b_officer_cannot_open_the_import_template_of_an_enterprise_user(enterprise_user):
    assert client_for(enterprise_user).get("/enterprises/import/template.xlsx").status_code == 404
