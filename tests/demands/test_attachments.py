"""Files with a demand: checked on content, stored under a random name outside static, read only in scope."""

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.demands import attachments
from zonedesk.demands.attachments import attach, attachment_for, check_upload, path_of, storage_dir
from zonedesk.demands.models import DemandAttachment
from zonedesk.demands.states import State
from zonedesk.orgs.models import Event

from .conftest import actor_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(part, '<?xml version="1.0"?><root/>')
    return buffer.getvalue()


DOCX, XLSX = office("word/document.xml"), office("xl/workbook.xml")
GOOD = [
    ("厂区照片.png", PNG, "image/png"),
    ("现场.JPG", JPG, "image/jpeg"),
    ("现场.jpeg", JPG, "image/jpeg"),
    ("用电增容申请.pdf", PDF, "application/pdf"),
    ("情况说明.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("用工缺口.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
]


def _files() -> list[Path]:
    folder = storage_dir()
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize(("name", "data", "content_type"), GOOD, ids=[g[0] for g in GOOD])
def test_accepted_kinds(name, data, content_type):
    assert check_upload(name, data).content_type == content_type


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("说明.exe", PDF),  # a kind not taken
        ("说明.txt", b"hello"),
        ("说明", PDF),
        ("照片.png", JPG),  # content not what the name says
        ("申请.pdf", PNG),
        ("情况说明.docx", XLSX),  # a spreadsheet named as a Word file
        ("用工缺口.xlsx", b"PK\x03\x04 not a zip at all"),
        ("情况说明.docx", PDF),
        ("空文件.pdf", b""),
        ("超大.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
    ],
)
def test_refused_kinds(name, data):
    with pytest.raises(Rejected) as exc:
        check_upload(name, data)
    assert exc.value.field == "file"


def test_exactly_10_mb_is_taken():
    data = b"%PDF-" + b"0" * (10 * 1024 * 1024 - 5)
    assert check_upload("大文件.pdf", data).content_type == "application/pdf"


def test_stored_under_a_random_name_with_mode_0600(make_demand, enterprise_user):
    demand = make_demand()
    events = Event.objects.count()
    attachment = attach(enterprise_user, demand, "../../用电增容申请.pdf", PDF)
    path = path_of(attachment)
    assert path.read_bytes() == PDF
    assert "用电增容" not in str(path) and len(attachment.stored_name) == 32 and path.name == attachment.stored_name
    assert attachment.original_name == "用电增容申请.pdf" and attachment.size == len(PDF)
    assert path.is_relative_to(Path(django_settings.MEDIA_ROOT) / "attachments")
    assert not path.resolve().is_relative_to(Path(django_settings.STATIC_ROOT).resolve())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert attachment.uploaded_by == enterprise_user.user
    assert Event.objects.count() == events + 1
    assert Event.objects.latest("pk").verb == "demand.attached"
    second = attach(enterprise_user, demand, "用电增容申请.pdf", PDF)
    assert second.stored_name != attachment.stored_name and len(_files()) == 2


@pytest.mark.parametrize(("name", "data"), [("照片.png", JPG), ("空.pdf", b""), ("病毒.exe", PDF)])
def test_a_refused_upload_leaves_nothing(name, data, make_demand, enterprise_user):
    demand = make_demand()
    with pytest.raises(Rejected):
        attach(enterprise_user, demand, name, data)
    assert not _files() and not DemandAttachment.objects.exists()


def test_an_eleventh_file_is_refused(make_demand, enterprise_user):
    demand = make_demand()
    for n in range(attachments.MAX_PER_DEMAND):
        attach(enterprise_user, demand, f"照片{n}.png", PNG)
    with pytest.raises(Rejected) as exc:
        attach(enterprise_user, demand, "第十一个.png", PNG)
    assert exc.value.field == "file"
    assert demand.attachments.count() == 10 and len(_files()) == 10


def test_the_department_at_work_attaches_its_answer(make_demand, handler):
    demand = make_demand(State.ASSIGNED)
    assert attach(handler, demand, "答复函.docx", DOCX).uploaded_by == handler.user


def test_outsiders_cannot_attach_and_leave_nothing(make_demand, officer_b, handler, investment_a):
    demand = make_demand()
    with pytest.raises(type(demand).DoesNotExist):
        attach(officer_b, demand, "照片.png", PNG)
    with pytest.raises(type(demand).DoesNotExist):
        attach(handler, demand, "照片.png", PNG)  # not yet assigned to the handler's department
    with pytest.raises(Forbidden):
        attach(investment_a, demand, "照片.png", PNG)  # sees the demand, may not add to it
    assert not _files() and not DemandAttachment.objects.exists()


def test_read_only_in_scope(make_demand, enterprise_user, officer_a, officer_b, other_enterprise, zone_a, supervisor):
    attachment = attach(enterprise_user, make_demand(), "照片.png", PNG)
    assert attachment_for(enterprise_user.user, attachment.pk) == attachment
    assert attachment_for(officer_a.user, attachment.pk) == attachment
    assert attachment_for(supervisor.user, attachment.pk) == attachment
    stranger = actor_of(zone_a, "enterprise", "other_ent_user")
    stranger.user.enterprise = other_enterprise
    stranger.user.save(update_fields=["enterprise"])
    for outsider in (stranger, officer_b):
        with pytest.raises(DemandAttachment.DoesNotExist):
            attachment_for(outsider.user, attachment.pk)
