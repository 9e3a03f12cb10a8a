"""Issue 9's walk on the demo's chain: 射阳县's leader opens the chains, the 新能源动力电池 chain with its empty 电解液
link, the chain's gap list, and turns an open target into a lead by sending the page's own form; the lead is on the
target's link, in 射阳's zone; 赣榆's officer finds neither the chain nor the target."""

import html
import re

import pytest

from zonedesk.chains.models import Chain, InvestmentTarget, ProjectLink, TargetStatus
from zonedesk.cli.demo_chains import load_chains
from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_projects import load_projects
from zonedesk.cli.demo_targets import CHAIN, EMPTY_LINK, REGION, load_targets
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, User
from zonedesk.projects.models import Project

from ..conftest import client_for

pytestmark = pytest.mark.django_db
INPUT = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')
SELECTED = re.compile(r'<select name="(\w+)".*?<option value="(\d+)" selected>', re.S)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    load_demo()
    load_projects()
    load_chains()
    return load_targets()


def as_user(username: str):
    return client_for(Actor(user=User.objects.get(username=username)))


def lead_form(text: str, target: InvestmentTarget) -> tuple[str, dict]:
    """The action and the fields of a target's 转为线索 form as the page sends them."""
    found = re.search(
        rf'<form method="post" action="([^"]+)"[^>]*data-lead-form="{target.pk}">(.*?)</form>', text, re.S
    )
    assert found, f"no lead form for target {target.pk}"
    action, body = found.groups()
    fields = {name: html.unescape(value) for name, value in INPUT.findall(body)}
    fields.update(SELECTED.findall(body))
    return html.unescape(action), fields


def test_the_county_leader_turns_a_target_of_the_empty_link_into_a_lead(demo):
    chain = Chain.objects.get(name=CHAIN, unit__short_name=REGION)
    leader = as_user("sheyang_leader")
    targets = InvestmentTarget.objects.filter(link__chain=chain)
    assert demo == targets.count() >= 3
    assert set(targets.values_list("source", flat=True)) >= {"gap", "outside_supplier", "expansion"}
    assert targets.filter(status=TargetStatus.CONVERTED).count() == 1

    chains = leader.get("/chains/")
    assert chains.status_code == 200 and f"/chains/{chain.pk}/" in chains.content.decode()
    page = leader.get(f"/chains/{chain.pk}/")
    assert page.status_code == 200
    assert f'data-empty-link="{EMPTY_LINK}"' in page.content.decode()

    gaps = leader.get(f"/chains/{chain.pk}/gaps/")
    assert gaps.status_code == 200
    assert [c.link.name for c in gaps.context["gaps"].empty if c.link.name == EMPTY_LINK] == [EMPTY_LINK]
    rows = [row for row in gaps.context["targets"] if row["t"].link.name == EMPTY_LINK and row["may_lead"]]
    assert rows, "an open target of the empty link the leader may turn into a lead"
    target = rows[0]["t"]
    action, fields = lead_form(gaps.content.decode(), target)
    sent = leader.post(action, fields)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    project = Project.objects.get(investment_target__pk=target.pk)
    assert sent["Location"] == project.get_absolute_url()
    landed = leader.get(sent["Location"])
    assert landed.status_code == 200 and project.name in landed.content.decode()
    assert project.stage == "lead" and project.unit.name == "射阳经济开发区"
    assert project.investor_name == target.company
    assert list(ProjectLink.objects.filter(project=project).values_list("link__name", flat=True)) == [EMPTY_LINK]
    target.refresh_from_db()
    assert target.status == TargetStatus.CONVERTED and target.project == project
    # the link is no longer empty on the chain's page
    assert f'data-empty-link="{EMPTY_LINK}"' not in leader.get(f"/chains/{chain.pk}/").content.decode()
    # sending the same form again makes no second lead
    assert (
        leader.post(action, fields).status_code == 409
        and Project.objects.filter(investor_name=target.company).count() == 1
    )

    ganyu = as_user("ganyu_officer")
    other = targets.filter(status=TargetStatus.OPEN).first()
    assert ganyu.get(f"/chains/{chain.pk}/").status_code == 404
    assert ganyu.get(f"/chains/{chain.pk}/gaps/").status_code == 404
    assert ganyu.post(f"/chains/targets/{other.pk}/lead/", {"version": other.version}).status_code == 404
    assert ganyu.post(f"/api/v1/chain-targets/{other.pk}/dismiss", {"version": 1, "reason": "x"},
                      content_type="application/json").status_code == 404  # fmt: skip

    events = Event.objects.count()
    assert load_targets() == demo and Event.objects.count() == events  # loading again changes nothing
