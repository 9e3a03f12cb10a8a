"""The Excel import of a hazard ledger (隐患台账): each row a hazard at its state with its dated moves and their
Events, one imported inspection per enterprise and day; all or nothing, every problem named by row and column."""

import io
from datetime import date
from itertools import pairwise

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zonedesk.common.errors import Rejected
from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event
from zonedesk.safety import config, importing, services
from zonedesk.safety.importing import COLUMNS, import_hazards
from zonedesk.safety.ledger import LedgerRow
from zonedesk.safety.models import Hazard, HazardMove, Inspection, SafetyProfile
from zonedesk.safety.states import MOVES, HazardLevel, HazardState

from ..conftest import client_for
from .conftest import hazard_row

TODAY = date(2025, 6, 30)
HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "检查日期",
    "隐患描述",
    "隐患等级",
    "隐患类别",
    "整改责任人",
    "整改期限",
    "整改状态",
    "整改完成日期",
    "验收日期",
    "退回原因",
    "检查人员",
]


def _sheet(rows: list[list], header: list[str] = HEADER, *, formulas: dict | None = None) -> bytes:
    """A ledger as zones keep it: a title row, the header, the rows (dates as Excel dates or as typed)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    ws = book.add_worksheet("隐患台账")
    ws.write_row(0, 0, ["射阳经济开发区安全生产隐患排查台账（2025年）"])
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
    for (row, col), (formula, shown) in (formulas or {}).items():
        ws.write_formula(row, col, formula, None, shown)
    book.close()
    return out.getvalue()


def _post(actor, rows, header=HEADER, **kwargs):
    upload = SimpleUploadedFile("隐患台账.xlsx", _sheet(rows, header, **kwargs))
    return client_for(actor).post(reverse("safety_io:import"), {"file": upload})


def _errors(response) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in response.context["errors"]}


def _counts() -> tuple[int, ...]:
    return (
        Hazard.objects.count(),
        HazardMove.objects.count(),
        Inspection.objects.count(),
        Event.objects.exclude(verb__startswith="auth.").count(),  # signing the test client in is no import
        SafetyProfile.objects.count(),
    )


@pytest.fixture
def ledger_day(on_day):
    return on_day(TODAY)


def test_each_row_becomes_a_hazard_at_its_state_with_its_dated_moves_and_events(
    ledger_day, safety_officer, enterprise, other_enterprise, dust
):
    services.update_profile(safety_officer, enterprise, responsible_person="王安全")
    # fmt: off
    rows = [
        [1, enterprise.name, "", date(2025, 3, 3), "配电箱未接地", "一般", "", "李电工", "", "", "", "", "", "张三、李四"],
        [2, "", enterprise.uscc, "2025/3/3", "除尘器未定期清灰", "重大隐患", "涉爆粉尘", "", "2025-04-30", "整改中", "", "", "", "张三、王五"],
        [3, other_enterprise.name, "", "2025年3月5日", "消防通道堵塞", "一般隐患", "FC", "赵主任", "", "已提交验收", "2025-03-10", "", "", ""],
        [4, other_enterprise.name, "", "2025.3.5", "灭火器过期", "一般", "", "赵主任", "2025-03-20", "已验收", "2025-03-18", "2025-03-25", "", ""],
        [5, enterprise.name, "", date(2025, 4, 1), "气瓶未固定", "重大", "", "李电工", "2025-05-30", "已退回", "2025-04-20", "2025-04-22", "固定链条未安装", ""],
    ]
    # fmt: on
    response = _post(safety_officer, rows)
    assert response.status_code == 302
    hazards = list(Hazard.objects.order_by("pk"))
    assert [h.state for h in hazards] == [
        HazardState.FOUND,
        HazardState.RECTIFYING,
        HazardState.SUBMITTED,
        HazardState.ACCEPTED,
        HazardState.SENT_BACK,
    ]
    found, rectifying, submitted, accepted, sent_back = hazards
    assert found.responsible_person == "李电工" and rectifying.responsible_person == "王安全"  # the profile's
    assert [h.level for h in hazards] == ["general", "major", "general", "general", "major"]
    assert (found.category, rectifying.category, submitted.category) == (None, dust, dust)
    assert found.deadline == date(2025, 3, 17)  # 10 working days after Monday 3 March
    assert rectifying.deadline == date(2025, 4, 30)
    assert (accepted.submitted_on, accepted.accepted_on) == (date(2025, 3, 18), date(2025, 3, 25))
    assert (sent_back.submitted_on, sent_back.sent_back_on, sent_back.reason) == (
        date(2025, 4, 20),
        date(2025, 4, 22),
        "固定链条未安装",
    )
    assert {h.found_by for h in hazards} == {None}
    moves = [(m.from_state, m.to_state, m.on) for m in accepted.moves.order_by("pk")]
    assert moves == [
        ("", "found", date(2025, 3, 5)),
        ("found", "rectifying", date(2025, 3, 5)),
        ("rectifying", "submitted", date(2025, 3, 18)),
        ("submitted", "accepted", date(2025, 3, 25)),
    ]
    assert [m.to_state for m in sent_back.moves.order_by("pk")][-1] == "sent_back"
    assert HazardMove.objects.count() == 1 + 2 + 3 + 4 + 4
    for move in HazardMove.objects.select_related("event"):
        assert move.event.object_id == str(move.hazard_id) and move.event.channel == "import"
        assert move.event.after["state"] == move.to_state
    verbs = Event.objects.filter(channel="import")
    assert verbs.filter(verb="hazard.found").count() == 5
    assert verbs.filter(verb="hazard.accepted").count() == 1
    assert verbs.filter(verb="hazard.sent_back").get().after["reason"] == "固定链条未安装"
    # One imported inspection per enterprise and day, its inspectors kept in its findings.
    inspections = list(Inspection.objects.order_by("enterprise_id", "inspected_on"))
    assert [(i.enterprise, i.inspected_on, i.hazards.count()) for i in inspections] == [
        (enterprise, date(2025, 3, 3), 2),
        (enterprise, date(2025, 4, 1), 1),
        (other_enterprise, date(2025, 3, 5), 2),
    ]
    assert "张三、李四、张三、王五" in inspections[0].findings
    assert verbs.filter(verb="inspection.recorded").count() == 3
    assert SafetyProfile.objects.get(enterprise=enterprise).last_inspected_on == date(2025, 4, 1)
    assert Event.objects.get(verb="hazard.import_completed").after == {"created": 5, "inspections": 3}


def test_the_imported_path_follows_the_one_table_of_moves():
    for state in HazardState:
        path = LedgerRow(*[None] * 8, state, *[None] * 4).path()
        assert path[0] == HazardState.FOUND and path[-1] == state
        assert all(step in MOVES for step in pairwise(path))


# A good row to vary: every column but the one a test spoils is right.
def _row(ent, **changes) -> list:
    values = {
        "enterprise": ent.name,
        "uscc": "",
        "inspected_on": "2025-03-03",
        "description": "配电箱未接地",
        "level": "一般",
        "category": "",
        "responsible_person": "李电工",
        "deadline": "",
        "state": "",
        "submitted_on": "",
        "accepted_on": "",
        "reason": "",
        "inspectors": "",
    } | changes
    return ["", *values.values()]


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(
    ledger_day, safety_officer, enterprise, enterprise_b, dust
):
    spoilt = [
        {"enterprise": "", "uscc": "91110000600037341M"},  # 4: the check digit is wrong
        {"enterprise": "", "uscc": enterprise_b.uscc},  # 5: another zone's enterprise
        {"category": "涉氨制冷"},  # 6: not a category of the zone
        {"inspected_on": "2025-02-30"},  # 7: no such day
        {"inspected_on": "2025-07-01"},  # 8: in the future
        {"level": "严重"},  # 9
        {"state": "已整改"},  # 10: which of the states?
        {"state": "已验收"},  # 11: accepted on which day?
        {"deadline": "2025-03-01"},  # 12: before the inspection
    ]
    rows = [
        _row(enterprise),  # row 3: fine
        *(_row(enterprise, **{"description": f"隐患{n}", **changes}) for n, changes in enumerate(spoilt)),
        _row(enterprise, description=""),  # 13
        _row(enterprise),  # 14: row 3 again
        _row(enterprise, enterprise="海河镇精密机械有限公司", description="叉车无证"),  # 15: by name, zone B
        _row(enterprise, description="漏电保护器失效", state="整改中", accepted_on="2025-03-09"),  # 16
        _row(enterprise, description="安全出口锁闭", responsible_person=""),  # 17: no one answers for it
    ]
    before = _counts()
    response = _post(safety_officer, rows)
    assert response.status_code == 422
    assert _errors(response) == {
        (4, "统一社会信用代码"),
        (5, "统一社会信用代码"),
        (6, "隐患类别"),
        (7, "检查日期"),
        (8, "检查日期"),
        (9, "隐患等级"),
        (10, "整改状态"),
        (11, "验收日期"),
        (12, "整改期限"),
        (13, "隐患描述"),
        (14, "隐患描述"),
        (15, "企业名称"),
        (16, "验收日期"),
        (17, "整改责任人"),
    }
    assert _counts() == before


def test_a_hazard_already_recorded_is_refused(ledger_day, safety_officer, enterprise):
    services.record_inspection(
        safety_officer, enterprise, findings="检查", inspected_on=date(2025, 3, 3), hazards=[hazard_row()]
    )
    before = _counts()
    # The same enterprise, day and text (typed with a full-width space): the ledger was imported already.
    response = _post(safety_officer, [_row(enterprise, description="配电箱未接地\u3000")])
    assert response.status_code == 422
    assert _errors(response) == {(3, "隐患描述")}
    assert _counts() == before


def test_a_missing_required_column_is_named(ledger_day, safety_officer, enterprise):
    header = [h for h in HEADER if h != "隐患描述"]
    row = _row(enterprise)
    del row[4]
    before = _counts()
    response = _post(safety_officer, [row], header=header)
    assert response.status_code == 422
    assert _errors(response) == {(2, "隐患描述")}
    assert _counts() == before


def test_a_text_file_and_an_empty_sheet_are_refused(ledger_day, safety_officer, enterprise):
    before = _counts()
    text = SimpleUploadedFile("隐患台账.xlsx", "企业名称,隐患描述\n国阳,配电箱未接地\n".encode())
    response = client_for(safety_officer).post(reverse("safety_io:import"), {"file": text})
    assert response.status_code == 200 and "xlsx" in response.content.decode()
    with pytest.raises(Rejected):  # a zip that is not a workbook, past the page's first look
        import_hazards(io.BytesIO(b"PK\x03\x04" + b"\x00" * 64), by=safety_officer)
    empty = io.BytesIO()
    xlsxwriter.Workbook(empty, {"in_memory": True}).close()
    response = client_for(safety_officer).post(
        reverse("safety_io:import"), {"file": SimpleUploadedFile("空.xlsx", empty.getvalue())}
    )
    assert response.status_code == 422 and "检查日期" in response.content.decode()
    only_header = _post(safety_officer, [])
    assert only_header.status_code == 422
    assert _counts() == before


def test_formula_cells_are_read_as_text_never_run(ledger_day, safety_officer, enterprise):
    link = '=HYPERLINK("http://example.com/x","点击查看")'
    rows = [_row(enterprise, description=link), _row(enterprise, description="", inspectors="")]
    # Row 4's description is a live formula: its shown value is what the ledger says.
    response = _post(safety_officer, rows, formulas={(3, 4): ('=CONCATENATE("消防","通道堵塞")', "消防通道堵塞")})
    assert response.status_code == 302
    assert list(Hazard.objects.order_by("pk").values_list("description", flat=True)) == [link, "消防通道堵塞"]


def test_the_template_has_the_headers_the_import_reads(safety_officer):
    response = client_for(safety_officer).get(reverse("safety_io:import_template"))
    assert response.status_code == 200
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert [str(h).rstrip("*") for h in rows[1]] == HEADER
    assert [COLUMNS.aliases[h.replace("*", "")] for h in rows[1][1:]] == list(COLUMNS.columns)


def test_the_page_lists_the_rows_to_fix_then_imports_the_fixed_sheet(ledger_day, safety_officer, enterprise):
    client = client_for(safety_officer)
    page = client.get(reverse("safety_io:import"))
    assert page.status_code == 200 and reverse("safety_io:import_template") in page.content.decode()
    bad = client.post(
        reverse("safety_io:import"), {"file": SimpleUploadedFile("a.xlsx", _sheet([_row(enterprise, level="")]))}
    )
    assert bad.status_code == 422 and 'id="import-errors"' in bad.content.decode()
    assert not Hazard.objects.exists()
    good = client.post(
        reverse("safety_io:import"), {"file": SimpleUploadedFile("a.xlsx", _sheet([_row(enterprise)]))}, follow=True
    )
    assert good.redirect_chain[-1][0] == reverse("safety:hazards")
    assert "1" in "".join(str(m) for m in good.context["messages"])
    assert Hazard.objects.get().state == HazardState.FOUND


def test_another_zones_officer_cannot_import_into_this_zone(ledger_day, safety_officer_b, enterprise):
    before = _counts()
    response = _post(safety_officer_b, [_row(enterprise), _row(enterprise, enterprise="", uscc=enterprise.uscc)])
    assert response.status_code == 422
    assert _errors(response) == {(3, "企业名称"), (4, "统一社会信用代码")}
    assert _counts() == before


@pytest.mark.parametrize("who", ["enterprise_user", "officer_a", "handler"])
def test_only_inspectors_open_the_import(request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("safety_io:import")).status_code == 404
    assert client.get(reverse("safety_io:import_template")).status_code == 404


def test_the_menu_offers_the_import_to_inspectors_only(safety_officer, enterprise_user):
    url = reverse("safety_io:import")
    assert url in client_for(safety_officer).get("/").content.decode()
    assert url not in client_for(enterprise_user).get("/my/").content.decode()


def test_a_leader_imports_a_category_by_its_code_and_a_major_deadline_on_working_days(
    ledger_day, leader, admin_a, zone_a, enterprise
):
    config.add_category(admin_a, zone_a, code="YA", name="涉氨制冷")
    rows = [_row(enterprise, level="重大", category="涉氨制冷", inspected_on="2025-09-30")]
    assert _post(leader, rows).status_code == 422  # in the future still
    rows = [_row(enterprise, level="重大", category="ya", inspected_on="2025-04-01")]
    assert _post(leader, rows).status_code == 302
    hazard = Hazard.objects.get()
    assert hazard.level == HazardLevel.MAJOR and hazard.category.code == "YA"
    # 30 working days from Tuesday 1 April 2025 across 清明 (4 April) and May Day (1-5 May off, Sunday 27 April worked).
    assert hazard.deadline == date(2025, 5, 16)


def test_a_hazard_recorded_between_the_check_and_the_write_stops_the_import(
    ledger_day, monkeypatch, safety_officer, enterprise
):
    real = importing.recorded_rows
    calls = []

    def recorded_meanwhile(seen):
        if not calls:  # the first look finds nothing; then someone records the same hazard
            services.record_inspection(
                safety_officer, enterprise, findings="检查", inspected_on=date(2025, 3, 3), hazards=[hazard_row()]
            )
        calls.append(seen)
        return [] if len(calls) == 1 else real(seen)

    monkeypatch.setattr(importing, "recorded_rows", recorded_meanwhile)
    with pytest.raises(Rejected) as refused:
        import_hazards(
            io.BytesIO(_sheet([_row(enterprise, description="除尘器未清灰"), _row(enterprise)])), by=safety_officer
        )
    assert [(e["row"], e["column"]) for e in refused.value.errors] == [(4, "隐患描述")]
    assert Hazard.objects.count() == 1 and Inspection.objects.count() == 1
