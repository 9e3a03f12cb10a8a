import io
from datetime import date
from decimal import Decimal

import pytest
import xlsxwriter
from django.utils import timezone

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event
from zonedesk.projects.importing import import_projects, template_file
from zonedesk.projects.models import Project, StageMove

from ..conftest import client_for

Y = timezone.localdate().year - 1
HEADER = [
    "序号",
    "项目名称",
    "所属园区",
    "投资方",
    "总投资",
    "当前阶段",
    "线索日期",
    "洽谈日期",
    "签约日期",
    "协议投资",
    "开工日期",
    "重点级别",
]


def sheet(rows):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    ws = book.add_worksheet()
    ws.write(0, 0, "射阳经济开发区重点项目推进表")
    ws.write_row(1, 0, HEADER)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, value, book.add_format({"num_format": "yyyy-mm-dd"}))
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    buffer.seek(0)
    buffer.name = "项目.xlsx"
    return buffer


def good_rows():
    return [
        [
            1,
            "国阳智能装备产业园",
            "射阳经开区",
            "江苏国阳",
            "30亿元",
            "开工",
            f"{Y}-01-05",
            f"{Y}/2/1",
            f"{Y}年3月18日",
            "28亿元",
            date(Y, 5, 1),
            "市重点",
        ],
        [2, "新能源电池项目", "", "", "超５０亿元", "在谈", f"{Y}-03-01", f"{Y}-04-01", "", "", "", ""],
        [3, "阿斯托特克", "", "", "三亿元", "线索", f"{Y}-06-01", "", "", "", "", "县重点"],
    ]


def test_a_project_list_imports_at_its_stages_with_its_moves(investment_a, zone_a):
    result = import_projects(sheet(good_rows()), by=investment_a, default_unit=zone_a)
    assert result.created == 3
    guoyang = Project.objects.get(name="国阳智能装备产业园")
    assert guoyang.stage == "started" and guoyang.key_level == "city"
    assert (guoyang.total_investment_wan, guoyang.contracted_investment_wan) == (
        Decimal("300000.00"),
        Decimal("280000.00"),
    )
    moves = list(StageMove.objects.filter(project=guoyang).values_list("to_stage", "on"))
    assert moves == [
        ("lead", date(Y, 1, 5)),
        ("negotiating", date(Y, 2, 1)),
        ("signed", date(Y, 3, 18)),
        ("started", date(Y, 5, 1)),
    ]
    battery = Project.objects.get(name="新能源电池项目")
    assert battery.investment_qualifier == "at_least" and battery.total_investment_wan == Decimal("500000.00")
    assert Project.objects.get(name="阿斯托特克").total_investment_wan == Decimal("30000.00")
    assert Event.objects.filter(verb="project.imported").count() == 3


def test_a_bad_row_writes_nothing_and_every_problem_is_named(investment_a, zone_a):
    rows = [
        *good_rows(),
        [4, "", "", "", "1亿元", "线索", "", "", "", "", "", ""],
        [5, "数亿项目", "", "", "数亿元", "线索", "", "", "", "", "", ""],
        [6, "签约缺日期", "", "", "2亿元", "签约", f"{Y}-01-01", f"{Y}-02-01", "", "", "", ""],
        [7, "外区项目", "海河镇", "", "2亿元", "线索", "", "", "", "", "", ""],
        [8, "日期倒序", "", "", "2亿元", "在谈", f"{Y}-05-01", f"{Y}-02-01", "", "", "", ""],
    ]
    with pytest.raises(Rejected) as exc:
        import_projects(sheet(rows), by=investment_a, default_unit=zone_a)
    problems = {(e["row"], e["field"]) for e in exc.value.errors}
    assert problems == {(6, "name"), (7, "investment"), (8, "signed_on"), (9, "unit"), (10, "signed_on")}
    assert not Project.objects.exists() and not StageMove.objects.exists() and not Event.objects.exists()


def test_only_importing_roles_may_import(officer_a, zone_a):
    with pytest.raises(Forbidden):
        import_projects(sheet(good_rows()), by=officer_a, default_unit=zone_a)


def test_the_template_imports_as_it_comes(investment_a, zone_a):
    assert read_rows(template_file())[1][1] == "项目名称*"
    assert import_projects(template_file(), by=investment_a, default_unit=zone_a).created == 1


def test_the_import_page_lists_rows_to_fix_then_imports(investment_a, zone_a):
    client = client_for(investment_a)
    bad = client.post(
        "/projects/import/", {"file": sheet([[1, "数亿项目", "", "", "数亿元", "线索"]]), "unit": zone_a.pk}
    )
    assert bad.status_code == 422 and "数亿元" in bad.content.decode()
    ok = client.post("/projects/import/", {"file": sheet(good_rows()), "unit": zone_a.pk})
    assert ok.status_code == 302 and Project.objects.count() == 3


@pytest.mark.parametrize("path", ["/projects/import/", "/projects/import/template.xlsx"])
def test_roles_without_the_import_get_404(officer_a, enterprise_user, path):
    assert client_for(officer_a).get(path).status_code == 404
    assert client_for(enterprise_user).get(path).status_code == 404
