"""The Excel import of job postings: each row published with the service's checks and Event; all or nothing, every
problem named by row and column."""

import io
from datetime import date

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event
from zonedesk.recruitment import importing
from zonedesk.recruitment.importing import import_postings, salary_range
from zonedesk.recruitment.models import JobPosting
from zonedesk.recruitment.services import publish_posting
from zonedesk.recruitment.states import PostingStatus

from ..conftest import client_for
from .conftest import posting_data

TODAY = date(2025, 2, 10)
HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "岗位",
    "人数",
    "薪资下限",
    "薪资上限",
    "任职要求",
    "联系人",
    "联系电话",
    "截止日期",
]


def _sheet(rows: list[list], header: list[str] = HEADER) -> bytes:
    """A list of postings as zones keep it: a title row, the header, the rows."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    ws = book.add_worksheet("招聘岗位")
    ws.write_row(0, 0, ["射阳经济开发区2025年春季企业用工需求"])
    ws.write_row(1, 0, header)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for index, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(index, col, value, dates)
            elif isinstance(value, str) and value:
                ws.write_string(index, col, value)
            elif value not in (None, ""):
                ws.write(index, col, value)
    book.close()
    return out.getvalue()


def _post(actor, rows, header=HEADER, **kwargs):
    upload = SimpleUploadedFile("招聘岗位.xlsx", _sheet(rows, header))
    return client_for(actor).post(reverse("recruitment_io:import"), {"file": upload}, **kwargs)


def _errors(response) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in response.context["errors"]}


def _counts() -> tuple[int, int]:
    # Signing the test client in writes its own Event: not the import's.
    return JobPosting.objects.count(), Event.objects.exclude(verb__startswith="auth.").count()


@pytest.fixture
def today(on_day):
    return on_day(TODAY)


def _row(ent, **changes) -> list:
    values = {
        "enterprise": ent.name,
        "uscc": "",
        "position": "普工",
        "count": 30,
        "salary_min": 5000,
        "salary_max": 7000,
        "requirements": "18-45周岁",
        "contact_name": "王经理",
        "contact_mobile": "13812348000",
        "closes_on": "",
    } | changes
    return ["", *values.values()]


def test_each_row_is_published_for_its_enterprise_with_its_event(today, officer_a, enterprise, other_enterprise):
    rows = [
        _row(enterprise, count="30人", closes_on=date(2025, 3, 31), contact_mobile=13812348000),
        _row(
            enterprise, enterprise="", uscc=enterprise.uscc, position="电工", count=2, salary_min="6千", salary_max=""
        ),
        _row(other_enterprise, position="质检员", count="5名", salary_min="", salary_max="", closes_on="2025年2月10日"),
    ]
    response = _post(officer_a, rows)
    assert response.status_code == 302
    postings = list(JobPosting.objects.order_by("pk"))
    assert [(p.enterprise, p.position, p.count) for p in postings] == [
        (enterprise, "普工", 30),
        (enterprise, "电工", 2),
        (other_enterprise, "质检员", 5),
    ]
    assert [(p.salary_min, p.salary_max) for p in postings] == [(5000, 7000), (6000, None), (None, None)]
    assert [p.closes_on for p in postings] == [date(2025, 3, 31), None, TODAY]  # today is not yet past
    assert postings[0].contact_mobile == "13812348000"  # a number cell read back as the mobile
    assert {(p.status, p.published_on, p.unit_id) for p in postings} == {
        (PostingStatus.OPEN, TODAY, enterprise.unit_id)
    }
    published = Event.objects.filter(verb="posting.published")
    assert published.count() == 3 and set(published.values_list("channel", flat=True)) == {"import"}
    assert published.first().after["contact_mobile"] == "138****8000"  # masked in the audit log, as publishing does
    assert Event.objects.get(verb="posting.import_completed").after == {"created": 3}


def test_one_pay_column_reads_ranges_and_negotiable_pay(today, officer_a, enterprise):
    header = ["企业名称", "岗位名称", "招聘人数", "薪资待遇", "联系人", "联系方式"]
    rows = [
        [enterprise.name, "普工", 30, "5000-7000元/月", "王经理", "0515-88881234"],
        [enterprise.name, "焊工", 4, "面议", "王经理", "13812348000"],
        [enterprise.name, "技术员", 2, "6k～8k", "王经理", "13812348000"],
        [enterprise.name, "仓管", 1, "4500以上", "王经理", "13812348000"],
    ]
    assert _post(officer_a, rows, header).status_code == 302
    pay = list(JobPosting.objects.order_by("pk").values_list("salary_min", "salary_max", "contact_mobile"))
    assert pay == [
        (5000, 7000, "051588881234"),
        (None, None, "13812348000"),
        (6000, 8000, "13812348000"),
        (4500, None, "13812348000"),
    ]


@pytest.mark.parametrize("typed", ["数千", "5000-", "5千-", "1000000000", "五千"])
def test_a_pay_no_one_can_read_is_refused(typed):
    with pytest.raises(ValueError):
        salary_range(typed)


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(today, officer_a, enterprise, enterprise_b):
    publish_posting(officer_a, enterprise, posting_data(position="叉车司机"))
    rows = [
        _row(enterprise),  # row 3: fine
        _row(enterprise, enterprise="", uscc="91110000600037341M", position="a"),  # 4: the check digit is wrong
        _row(enterprise, enterprise="", uscc=enterprise_b.uscc, position="b"),  # 5: another zone's enterprise
        _row(enterprise, position="c", count="数十人"),  # 6
        _row(enterprise, position="d", closes_on="2025-02-09"),  # 7: in the past
        _row(enterprise, position="e", closes_on="2025-02-30"),  # 8: no such day
        _row(enterprise, position="f", contact_mobile="1381234800"),  # 9: a mobile short of a digit
        _row(enterprise, position="g", salary_min="数千"),  # 10
        _row(enterprise, position="h", salary_min=8000, salary_max=6000),  # 11
        _row(enterprise, position=""),  # 12
        _row(enterprise, position="i", contact_name=""),  # 13
        _row(enterprise),  # 14: row 3 again
        _row(enterprise, position="叉车司机"),  # 15: the enterprise recruits for it already
        _row(enterprise, position="j", count=0),  # 16
    ]
    before = _counts()
    response = _post(officer_a, rows)
    assert response.status_code == 422
    assert _errors(response) == {
        (4, "统一社会信用代码"),
        (5, "统一社会信用代码"),
        (6, "人数"),
        (7, "截止日期"),
        (8, "截止日期"),
        (9, "联系电话"),
        (10, "薪资下限"),
        (11, "薪资上限"),
        (12, "岗位"),
        (13, "联系人"),
        (14, "岗位"),
        (15, "岗位"),
        (16, "人数"),
    }
    assert _counts() == before


def test_pay_given_twice_is_refused(today, officer_a, enterprise):
    header = [*HEADER, "薪资"]
    before = _counts()
    response = _post(officer_a, [[*_row(enterprise), "5000-7000"]], header)
    assert response.status_code == 422
    assert _errors(response) == {(3, "薪资")}
    assert _counts() == before


def test_a_missing_required_column_is_named(today, officer_a, enterprise):
    header = [h for h in HEADER if h != "人数"]
    row = _row(enterprise)
    del row[4]
    before = _counts()
    response = _post(officer_a, [row], header)
    assert response.status_code == 422
    assert _errors(response) == {(2, "人数")}
    assert _counts() == before


def test_a_text_file_and_an_empty_sheet_are_refused(today, officer_a):
    client = client_for(officer_a)
    before = _counts()
    text = SimpleUploadedFile("招聘岗位.xlsx", "岗位,人数\n普工,30\n".encode())
    response = client.post(reverse("recruitment_io:import"), {"file": text})
    assert response.status_code == 200 and "xlsx" in response.content.decode()
    with pytest.raises(Rejected):
        import_postings(io.BytesIO(b"PK\x03\x04" + b"\x00" * 64), by=officer_a)
    empty = io.BytesIO()
    xlsxwriter.Workbook(empty, {"in_memory": True}).close()
    response = client.post(reverse("recruitment_io:import"), {"file": SimpleUploadedFile("空.xlsx", empty.getvalue())})
    assert response.status_code == 422 and "岗位" in response.content.decode()
    assert _counts() == before


def test_a_formula_typed_as_text_is_kept_as_text(today, officer_a, enterprise):
    link = '=HYPERLINK("http://example.com/jd","岗位说明")'
    assert _post(officer_a, [_row(enterprise, requirements=link)]).status_code == 302
    assert JobPosting.objects.get().requirements == link
    exported = client_for(officer_a).get(reverse("recruitment:export"))
    cells = [c for row in read_rows(io.BytesIO(b"".join(exported.streaming_content))) for c in row]
    assert "'" + link in cells  # and never a live formula in the export


def test_the_template_has_the_headers_the_import_reads(officer_a):
    response = client_for(officer_a).get(reverse("recruitment_io:import_template"))
    assert response.status_code == 200
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert [str(h).rstrip("*") for h in rows[1]] == HEADER


def test_the_template_imports_once_its_example_names_an_enterprise(today, officer_a, enterprise):
    rows = read_rows(
        io.BytesIO(b"".join(client_for(officer_a).get(reverse("recruitment_io:import_template")).streaming_content))
    )
    example = [*rows[2]]
    example[1], example[2] = enterprise.name, ""
    assert _post(officer_a, [example[1:]], HEADER[1:]).status_code == 302
    assert JobPosting.objects.get().position == "普工"


def test_the_page_lists_the_rows_to_fix_then_imports_the_fixed_sheet(today, officer_a, enterprise):
    client = client_for(officer_a)
    page = client.get(reverse("recruitment_io:import"))
    assert page.status_code == 200 and reverse("recruitment_io:import_template") in page.content.decode()
    bad = SimpleUploadedFile("a.xlsx", _sheet([_row(enterprise, count="若干")]))
    response = client.post(reverse("recruitment_io:import"), {"file": bad})
    assert response.status_code == 422 and 'id="import-errors"' in response.content.decode()
    assert not JobPosting.objects.exists()
    good = SimpleUploadedFile("a.xlsx", _sheet([_row(enterprise)]))
    response = client.post(reverse("recruitment_io:import"), {"file": good}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("recruitment:postings")
    assert len(list(response.context["messages"])) == 1
    assert JobPosting.objects.get().position == "普工"


def test_another_zones_officer_cannot_import_for_this_zones_enterprises(today, officer_b, enterprise):
    before = _counts()
    response = _post(officer_b, [_row(enterprise), _row(enterprise, enterprise="", uscc=enterprise.uscc)])
    assert response.status_code == 422
    assert _errors(response) == {(3, "企业名称"), (4, "统一社会信用代码")}
    assert _counts() == before


@pytest.mark.parametrize("who", ["enterprise_user", "leader", "handler"])
def test_only_staff_who_publish_open_the_import(request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("recruitment_io:import")).status_code == 404
    assert client.get(reverse("recruitment_io:import_template")).status_code == 404


def test_an_enterprise_user_cannot_import_even_its_own_postings(today, enterprise_user, enterprise):
    with pytest.raises(Forbidden):
        import_postings(io.BytesIO(_sheet([_row(enterprise)])), by=enterprise_user)
    assert not JobPosting.objects.exists()


def test_the_menu_offers_the_import_to_officers_only(officer_a, enterprise_user):
    url = reverse("recruitment_io:import")
    assert url in client_for(officer_a).get("/").content.decode()
    assert url not in client_for(enterprise_user).get("/my/").content.decode()


def test_a_posting_published_between_the_check_and_the_write_stops_the_import(
    today, monkeypatch, officer_a, enterprise
):
    real = importing._Checker.check_open
    calls = []

    def published_meanwhile(checker):
        real(checker)
        if not calls:  # someone publishes the same position just after the first look
            publish_posting(officer_a, enterprise, posting_data(position="普工"))
        calls.append(1)

    monkeypatch.setattr(importing._Checker, "check_open", published_meanwhile)
    with pytest.raises(Rejected) as refused:
        import_postings(io.BytesIO(_sheet([_row(enterprise, position="电工"), _row(enterprise)])), by=officer_a)
    assert [(e["row"], e["column"]) for e in refused.value.errors] == [(4, "岗位")]
    assert list(JobPosting.objects.values_list("position", flat=True)) == ["普工"]
