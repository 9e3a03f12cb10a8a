"""Office files are zips of XML: a zip bomb or XML with entity declarations is refused before anything unpacks it
(#11 point 7), through every import alike (they all read with read_rows)."""

import io
import zipfile

import pytest

from zonedesk.common.errors import Rejected
from zonedesk.common.excel import SheetError, read_rows, write_xlsx
from zonedesk.orgs.models import Event
from zonedesk.recruitment.importing import import_postings
from zonedesk.recruitment.models import JobPosting


def _workbook() -> bytes:
    return write_xlsx(["企业名称", "岗位"], [["射阳康源纺织有限公司", "普工"]]).read()


def _with_part(name: str, data: bytes, *, replace: bool = False) -> io.BytesIO:
    """The workbook with a part added (or put in place of the one of that name)."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            if not (replace and part.filename == name):
                target.writestr(part, source.read(part))
        target.writestr(name, data)
    out.seek(0)
    return out


def test_a_real_workbook_reads():
    assert read_rows(io.BytesIO(_workbook()))[1] == ["射阳康源纺织有限公司", "普工"]


def test_a_zip_bomb_is_refused_before_it_unpacks():
    bomb = _with_part("xl/media/padding.xml", b"\0" * (30 * 1024 * 1024))  # 30 MB of zeros, ~30 KB packed
    with pytest.raises(SheetError, match="compressed beyond"):
        read_rows(bomb)


def test_a_workbook_that_unpacks_too_far_is_refused(monkeypatch):
    import zonedesk.common.excel as excel

    monkeypatch.setattr(excel, "MAX_UNPACKED_BYTES", 4096)
    with pytest.raises(SheetError, match="unpacks to more"):
        read_rows(io.BytesIO(_workbook()))


def test_xml_entities_are_refused():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'
    )
    with pytest.raises(SheetError, match="declares XML entities"):
        read_rows(_with_part("xl/worksheets/sheet1.xml", evil, replace=True))


def test_an_import_refuses_a_bomb_naming_the_file_and_writes_nothing(officer_a):
    events = Event.objects.count()
    with pytest.raises(Rejected) as refused:
        import_postings(_with_part("xl/media/padding.xml", b"\0" * (30 * 1024 * 1024)), by=officer_a)
    assert refused.value.field == "file"
    assert not JobPosting.objects.exists() and Event.objects.count() == events
