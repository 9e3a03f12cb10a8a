"""Issue 9's "done when" for commitments, on the demo data: 射阳's investment officer lists the signed projects that
missed their start date, finds the same ones counted on the compliance figures, and reads the zone's compliance
share, equal to the share computed here from the list's rows; 赣榆's officer finds nothing of 射阳's agreements."""

import html
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from zonedesk.cli.demo_commitments import load_commitments
from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_projects import load_projects
from zonedesk.commitments.models import Agreement
from zonedesk.commitments.queries import results_for
from zonedesk.commitments.status import Item, Status
from zonedesk.enterprises.models import EnterpriseYear
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Unit, User

from ..conftest import client_for

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<tr data-agreement="(\d+)"[^>]*>(.*?)</tr>', re.S)
BADGE = re.compile(r'data-item="(\w+)" data-status="(\w+)"')
SHARE = re.compile(r'id="compliance-share" data-value="([\d.]*)"')
MISSED_START = re.compile(r'<tr data-item="start">.*?data-figure="missed" href="([^"]+)">(\d+)</a>', re.S)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    load_demo()
    load_projects()
    return load_commitments()


def as_user(username: str):
    return client_for(Actor(user=User.objects.get(username=username)))


def rows_of(page) -> dict[int, dict[str, str]]:
    """The list page's rows: agreement -> {item: status} read from its badges."""
    return {int(pk): dict(BADGE.findall(row)) for pk, row in ROW.findall(page.content.decode())}


def test_the_investment_officer_finds_the_missed_starts_and_the_zones_compliance_share(demo):
    sheyang = Unit.objects.get(name="射阳经济开发区")
    client = as_user("investment")

    missed = client.get("/commitments/", {"item": "start", "status": "missed"})
    assert missed.status_code == 200
    late = rows_of(missed)
    names = set(Agreement.objects.filter(pk__in=late).values_list("project__name", flat=True))
    assert {"国阳智能装备产业园", "新能源动力电池项目"} <= names
    assert all(items["start"] == Status.MISSED for items in late.values())
    assert set(Agreement.objects.filter(pk__in=late).values_list("unit", flat=True)) == {sheyang.pk}

    figures = client.get("/commitments/figures/")
    assert figures.status_code == 200 and figures.context["unit"] == sheyang
    text = figures.content.decode()
    href, count = MISSED_START.search(text).groups()
    assert int(count) == len(late)
    assert set(rows_of(client.get(html.unescape(href)))) == set(late)

    # The share computed from the rows of the zone's list: agreements with a promise met or missed, and of those
    # the ones with none missed.
    every = rows_of(client.get("/commitments/", {"unit": sheyang.pk}))
    assert len(every) == Agreement.objects.filter(unit=sheyang).count() >= 5
    assessed = [s for s in every.values() if {Status.MET, Status.MISSED} & set(s.values())]
    kept = [s for s in assessed if Status.MISSED not in s.values()]
    expected = (Decimal(len(kept)) * 100 / len(assessed)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert SHARE.search(text).group(1) == str(expected)
    assert 0 < expected < 100


def test_ganyus_officer_finds_nothing_of_sheyangs_agreements(demo):
    guoyang = Agreement.objects.get(project__name="国阳智能装备产业园")
    client = as_user("ganyu_officer")
    assert client.get(f"/commitments/{guoyang.pk}/").status_code == 404
    assert client.get(f"/commitments/{guoyang.pk}/sheet.docx").status_code == 404
    assert client.get(f"/api/v1/commitments/agreements/{guoyang.pk}").status_code == 404
    own = rows_of(client.get("/commitments/"))
    ganyu = Unit.objects.get(name="赣榆经济开发区")
    assert own and set(Agreement.objects.filter(pk__in=own).values_list("unit", flat=True)) == {ganyu.pk}


def test_the_demo_tells_the_story_once(demo):
    rows = results_for(Agreement.objects.select_related("project", "project__enterprise"), timezone.localdate())
    status = {row.agreement.project.name: {r.item: r.status for r in row.results} for row in rows}
    assert sum(s.get(Item.START) == Status.MISSED for s in status.values()) >= 2
    assert status["创维LED显示一期项目"][Item.OUTPUT] == Status.MISSED
    assert any(Status.AT_RISK in s.values() for s in status.values())
    assert any(all(v in (Status.MET, Status.ON_TRACK, Status.NOT_DUE) for v in s.values()) for s in status.values())
    assert EnterpriseYear.objects.values("enterprise").distinct().count() >= 60
    events = Event.objects.count()
    assert load_commitments() == demo and Event.objects.count() == events
