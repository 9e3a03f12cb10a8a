"""The demo's assessment and the city leader's walk: the city dashboard, a zone's overdue count into its overdue
demands, and the last closed quarter's zone ranking as a Word document (issue 7's "done when")."""

import html
import io
import re

import pytest
from docx import Document

from zonedesk.assessment.models import Scheme, ScoreSheet, SheetStatus
from zonedesk.assessment.periods import last_closed
from zonedesk.cli.demo_assessment import CITY_LEADER, SCHEME, load_assessment
from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_demands import load_demands
from zonedesk.cli.demo_projects import load_projects
from zonedesk.cli.demo_taskforces import load_taskforces
from zonedesk.demands.states import State
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Unit, User

from ..conftest import client_for

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<tr data-zone="(\d+)">(.*?)</tr>', re.S)
OVERDUE = re.compile(r'data-figure="demands-overdue" href="([^"]*)">(\d+)</a>')


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def as_user(username: str):
    return client_for(Actor(user=User.objects.get(username=username)))


@pytest.fixture
def demo():
    load_demo()
    load_projects()
    load_taskforces()
    load_demands()
    return load_assessment()


def test_the_city_scheme_has_its_last_two_quarters_published_once(demo):
    scheme = Scheme.objects.get(name=SCHEME)
    sheets = list(scheme.sheets.order_by("period_start"))
    assert demo == 2 and [s.status for s in sheets] == [SheetStatus.PUBLISHED] * 2
    assert sheets[-1].period_start == last_closed(scheme.period_kind).start
    zones = Unit.objects.filter(path__startswith=scheme.unit.path, kind="zone").count()
    assert zones >= 4 and all(s.scores.count() == zones for s in sheets)
    # the manual item is scored by the city leader, with a reason, for every zone
    manual = scheme.items.get(indicator="manual")
    assert manual.scorers.get().username == CITY_LEADER
    assert manual.manual_scores.filter(scored_by__username=CITY_LEADER).exclude(reason="").count() == 2 * zones
    events = Event.objects.count()
    assert load_assessment() == 2 and Event.objects.count() == events  # loading again changes nothing


def test_the_city_leader_goes_from_a_zones_overdue_count_to_its_overdue_demands(demo):
    city = Scheme.objects.get(name=SCHEME).unit
    client = as_user(CITY_LEADER)
    page = client.get("/dashboards/region/", {"unit": city.pk})
    assert page.status_code == 200
    overdue = {}
    for pk, row in ROW.findall(page.content.decode()):
        href, n = OVERDUE.search(row).groups()
        overdue[int(pk)] = (html.unescape(href), int(n))
    zones = set(Unit.objects.filter(path__startswith=city.path, kind="zone").values_list("pk", flat=True))
    assert zones == set(overdue)
    _pk, (href, count) = max(overdue.items(), key=lambda kv: kv[1][1])
    assert count > 0, "the demo has an overdue demand in one of the city's zones"
    listed = client.get(href)
    assert listed.status_code == 200
    rows = listed.context["page"].paginator.count
    assert rows == count
    assert all(d.state == State.ASSIGNED for d in listed.context["page"].object_list)
    # the county supervisor of 射阳 does not see 启东's dashboard
    supervisor = as_user("supervisor")
    assert supervisor.get("/dashboards/region/", {"unit": city.pk}).status_code == 404


def test_the_quarters_zone_ranking_comes_out_as_word(demo):
    sheet = ScoreSheet.objects.filter(scheme__name=SCHEME, status=SheetStatus.PUBLISHED).latest("period_start")
    response = as_user(CITY_LEADER).get(f"/assessment/sheets/{sheet.pk}/ranking.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert SCHEME in document.paragraphs[0].text and sheet.period_label in document.paragraphs[0].text
    ranked = [row.cells[1].text for row in document.tables[0].rows[1:]]
    assert ranked == list(sheet.scores.order_by("rank", "subject_name").values_list("subject_name", flat=True))
    assert as_user("ganyu_officer").get(f"/assessment/sheets/{sheet.pk}/ranking.docx").status_code == 404
