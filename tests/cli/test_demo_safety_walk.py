"""Issue 8's "done when", on the demo data: a safety officer inspects an enterprise and records a major hazard, the
enterprise rectifies it from its phone pages, the officer accepts it, and the zone's plan and figures change; a job
fair with several enterprises comes out as a Word report with the figures the articles quote."""

import io
import re

import pytest
from django.utils import timezone
from docx import Document

from zonedesk.cli.demo_assessment import load_assessment
from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_demands import load_demands
from zonedesk.cli.demo_projects import load_projects
from zonedesk.cli.demo_recruitment import load_recruitment
from zonedesk.cli.demo_safety import load_safety
from zonedesk.cli.demo_tables import ENTERPRISE_OF_LOGIN
from zonedesk.cli.demo_taskforces import load_taskforces
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, User
from zonedesk.recruitment.models import JobFair
from zonedesk.recruitment.states import FairStatus
from zonedesk.safety import plan, services
from zonedesk.safety.models import Hazard
from zonedesk.safety.states import HazardLevel, HazardState

from ..conftest import client_for
from ..safety.conftest import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    load_demo()
    load_projects()
    load_taskforces()
    load_demands()
    load_assessment()
    load_safety()
    load_recruitment()


def as_user(username: str):
    return client_for(Actor(user=User.objects.get(username=username)))


def dot_of(client, zone, enterprise) -> str:
    """The key the zone's plan colours the enterprise's dot with, by open hazards."""
    page = client.get("/safety/plan/", {"unit": zone.pk, "by": "hazards"})
    assert page.status_code == 200
    return next(d["key"] for d in page.context["dots"] if d["pk"] == enterprise.pk)


def figures(client, zone) -> dict:
    today = timezone.localdate()
    page = client.get("/safety/figures/", {"unit": zone.pk, "year": today.year, "month": today.month})
    assert page.status_code == 200
    text = page.content.decode()
    return {key: int(n) for key, n in re.findall(r'data-figure="([\w-]+)"[^>]*>(\d+)<', text)}


def test_an_inspection_a_rectification_from_the_phone_and_the_plan_and_figures_move(demo):
    guoyang = Enterprise.objects.get(name=ENTERPRISE_OF_LOGIN)
    zone = guoyang.unit
    officer, admin = User.objects.get(username="safety"), User.objects.get(username="admin")
    office = as_user("safety")
    plan.place_enterprise(Actor(user=admin), guoyang, "0.42", "0.37")  # placed (again) on 射阳's plan
    before_dot, before = dot_of(office, zone, guoyang), figures(office, zone)
    assert before_dot != "major"

    # the officer inspects 国阳 and records a major hazard
    inspection = services.record_inspection(
        Actor(user=officer),
        guoyang,
        findings="专项检查涉爆粉尘作业场所",
        hazards=[{"level": HazardLevel.MAJOR, "description": "除尘系统未设置泄爆装置", "responsible_person": "孙丽华"}],
    )
    hazard = inspection.hazards.get()
    assert dot_of(office, zone, guoyang) == "major"

    # the enterprise rectifies it from its phone pages
    phone = as_user("enterprise")
    assert phone.get(f"/my/safety/{hazard.pk}/").status_code == 200
    answer = phone.post(f"/my/safety/{hazard.pk}/start/", {"version": hazard.version})
    assert answer.status_code == 302
    hazard.refresh_from_db()
    photo = io.BytesIO(PNG)
    photo.name = "泄爆片.png"
    answer = phone.post(
        f"/my/safety/{hazard.pk}/submit/", {"version": hazard.version, "note": "已加装泄爆片", "photos": [photo]}
    )
    assert answer.status_code == 302, answer.content.decode()[:500]
    hazard.refresh_from_db()
    assert hazard.state == HazardState.SUBMITTED

    # the officer accepts it on the hazard's page
    answer = office.post(f"/safety/hazards/{hazard.pk}/accept/", {"version": hazard.version})
    assert answer.status_code == 302
    hazard = Hazard.objects.get(pk=hazard.pk)
    assert hazard.state == HazardState.ACCEPTED
    assert Event.objects.filter(object_id=str(hazard.pk), verb__startswith="hazard.").count() >= 4

    after = figures(office, zone)
    assert dot_of(office, zone, guoyang) != "major"
    for key in ("found", "found_major", "rectified"):  # this month's figures count the new hazard
        assert after[key] == before[key] + 1, (key, before, after)
    # another zone's safety officer sees none of it
    assert as_user("gy_safety").get(f"/safety/hazards/{hazard.pk}/").status_code == 404


def test_a_job_fair_report_with_the_articles_figures(demo):
    fair = (
        JobFair.objects.filter(status=FairStatus.HELD, participants__isnull=False)
        .distinct()
        .order_by("-held_on")
        .first()
    )
    assert fair.participants.count() >= 3
    response = as_user("service").get(f"/recruitment/fairs/{fair.pk}/report.docx")
    if response.status_code == 404:  # the fair is another zone's: its organiser's zone officer reads it
        response = as_user("ganyu_officer").get(f"/recruitment/fairs/{fair.pk}/report.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)
    assert fair.name in text
    participants = fair.participants.count()
    assert f"参会企业{participants}家" in text
    rows = list(fair.participants.all())
    said = {"收到简历{}份": "applications", "达成初步意向{}人": "intents", "录用{}人": "hires"}
    checked = 0
    for sentence, field in said.items():
        total = sum(getattr(p, field) or 0 for p in rows)
        if total:  # a figure the fair recorded is in the report, as the sum of its participants' records
            assert sentence.format(total) in text, (sentence, total)
            checked += 1
    assert checked >= 2
