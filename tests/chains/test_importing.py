"""The Excel import of a chain's links: parents before or after their children, all or nothing, every bad row named
by row and column, the same file twice adds nothing."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from zonedesk.chains.importing import import_links, template_file
from zonedesk.chains.models import ChainLink
from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event

from ..conftest import client_for

HEADER = ["序号", "环节", "上级环节", "位置", "排序", "备注"]


def sheet(rows: list[list], header: list[str] = HEADER) -> io.BytesIO:
    """A link list as a zone keeps it: a title row, the header, the rows."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet("环节")
    ws.write_row(0, 0, ["射阳县新能源动力电池产业链环节表"])
    ws.write_row(1, 0, header)
    for index, row in enumerate(rows, start=2):
        ws.write_row(index, 0, [index - 1, *row])
    book.close()
    out.seek(0)
    return out


GOOD = [
    ["磷酸铁锂", "正极材料", "", "", "子环节写在上级之前"],
    ["正极材料", "", "上游", 1, ""],
    ["电解液", "", "上游", 2, "空白环节"],
    ["电芯", "", "中游", 1, ""],
    ["储能系统", "", "下游", "", ""],
    ["储能电站", "储能系统", "下游", "", ""],
]


def tree(chain) -> dict[str, tuple]:
    return {
        link.name: (link.parent.name if link.parent else "", link.position, link.order, link.note)
        for link in ChainLink.objects.filter(chain=chain).select_related("parent")
    }


def test_a_good_file_builds_the_tree_with_parents_named_before_or_after(chain, investment_a):
    result = import_links(sheet(GOOD), chain, by=investment_a)
    assert (result.created, result.existing) == (6, 0)
    assert tree(chain) == {
        "正极材料": ("", "upstream", 1, ""),
        "磷酸铁锂": ("正极材料", "upstream", 1, "子环节写在上级之前"),
        "电解液": ("", "upstream", 2, "空白环节"),
        "电芯": ("", "core", 1, ""),
        "储能系统": ("", "downstream", 3, ""),  # after the first-level links numbered 1 and 2
        "储能电站": ("储能系统", "downstream", 1, ""),
    }
    assert Event.objects.filter(verb="chain.link_added", channel="import").count() == 6
    assert Event.objects.get(verb="chain.links_imported").after == {"created": 6, "existing": 0}


def test_importing_the_same_file_again_adds_nothing(chain, investment_a):
    import_links(sheet(GOOD), chain, by=investment_a)
    before = tree(chain)
    again = import_links(sheet(GOOD), chain, by=investment_a)
    assert (again.created, again.existing) == (0, 6)
    assert tree(chain) == before
    assert Event.objects.filter(verb="chain.link_added").count() == 6


def test_a_file_may_hang_new_links_under_links_the_chain_has(chain, links, investment_a):
    result = import_links(
        sheet([["三元材料", "正极材料", "", "", ""], ["电芯", "", "核心", "", ""]]), chain, by=investment_a
    )
    assert (result.created, result.existing) == (1, 1)
    assert tree(chain)["三元材料"][:2] == ("正极材料", "upstream")


def test_every_bad_row_is_named_and_nothing_is_written(chain, investment_a):
    rows = [
        ["正极材料", "", "上游", "", ""],
        ["磷酸铁锂", "正级材料", "", "", ""],  # a typo in the parent
        ["", "正极材料", "", "", ""],  # no name
        ["电芯", "", "侧游", "", ""],  # no such position
        ["正极材料", "", "上游", "", ""],  # twice
        ["隔膜", "", "", "", ""],  # a first-level link without its position
        ["三元材料", "正极材料", "下游", "", ""],  # not where its parent sits
        ["电池回收", "", "下游", "第一", ""],
    ]
    with pytest.raises(Rejected) as caught:
        import_links(sheet(rows), chain, by=investment_a)
    found = {(e["row"], e["column"]) for e in caught.value.errors}
    assert found == {
        (4, "上级环节"),
        (5, "环节"),
        (6, "位置"),
        (7, "环节"),
        (8, "位置"),
        (9, "位置"),
        (10, "排序"),
    }
    typo = next(e for e in caught.value.errors if e["row"] == 4)
    assert "正级材料" in typo["message"]
    assert not ChainLink.objects.exists()
    assert not Event.objects.filter(verb__startswith="chain.link").exists()


def test_parents_in_a_circle_are_named(chain, investment_a):
    rows = [["甲", "乙", "上游", "", ""], ["乙", "甲", "上游", "", ""], ["丙", "", "核心", "", ""]]
    with pytest.raises(Rejected) as caught:
        import_links(sheet(rows), chain, by=investment_a)
    assert {(e["row"], e["column"]) for e in caught.value.errors} == {(3, "上级环节"), (4, "上级环节")}
    assert not ChainLink.objects.exists()


def test_a_link_the_chain_has_under_another_parent_is_named(chain, links, investment_a):
    with pytest.raises(Rejected) as caught:
        import_links(sheet([["电芯", "正极材料", "", "", ""]]), chain, by=investment_a)
    assert [(e["row"], e["column"]) for e in caught.value.errors] == [(3, "上级环节")]


def test_a_handler_cannot_import(chain, handler):
    with pytest.raises(Forbidden):
        import_links(sheet(GOOD), chain, by=handler)


def test_the_template_reads_back_as_a_good_file(chain, investment_a):
    rows = read_rows(template_file())
    assert rows[1][:6] == ["序号", "环节*", "上级环节", "位置", "排序", "备注"]
    assert import_links(template_file(), chain, by=investment_a).created == 1


def test_the_import_page_lists_the_bad_rows_then_imports(chain, investment_a, officer_a):
    client = client_for(investment_a)
    assert client.get(f"/chains/{chain.pk}/import/").status_code == 200
    assert client.get(f"/chains/{chain.pk}/import/template.xlsx").status_code == 200
    bad = SimpleUploadedFile("links.xlsx", sheet([["磷酸铁锂", "无此环节", "", "", ""]]).getvalue())
    response = client.post(f"/chains/{chain.pk}/import/", {"file": bad})
    assert response.status_code == 422
    assert "无此环节" in response.content.decode()
    good = SimpleUploadedFile("links.xlsx", sheet(GOOD).getvalue())
    response = client.post(f"/chains/{chain.pk}/import/", {"file": good})
    assert response.status_code == 302 and response["Location"] == f"/chains/{chain.pk}/"
    assert ChainLink.objects.filter(chain=chain).count() == 6
    # A service officer reads the chain but may not import: 403.
    assert client_for(officer_a).get(f"/chains/{chain.pk}/import/").status_code == 403
