"""The workspace and its bulk moves, the demand figures and their links, a unit's rules, escalations on the to-do."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from zonedesk.demands import services
from zonedesk.demands.models import CategoryDeadline, Demand, DemandSettings
from zonedesk.demands.states import Outcome, State
from zonedesk.orgs.models import Event

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory

TODAY = timezone.localdate()


def done(n: int) -> str:
    with translation.override("zh-hans"):
        return ngettext("%(n)d demand done.", "%(n)d demands done.", n) % {"n": n}


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- workspace --------------------------------------------------------------------------------


def test_the_workspace_has_its_three_sections(make_demand, officer_a, handler):
    waiting = make_demand(title="待受理")
    accepted = make_demand(State.ACCEPTED, title="待交办")
    at_work = make_demand(State.ASSIGNED, title="办理中")
    page = client_for(officer_a).get(reverse("demands:workspace"))
    assert page.status_code == 200
    rows = {s["key"]: [r["d"] for r in s["rows"]] for s in page.context["sections"]}
    assert rows["to_accept"] == [waiting] and rows["to_assign"] == [accepted]
    page = client_for(handler).get(reverse("demands:workspace"))
    rows = {s["key"]: [r["d"] for r in s["rows"]] for s in page.context["sections"]}
    assert rows == {"to_accept": [], "to_assign": [], "at_work": [at_work]}
    assert 'name="ids"' not in page.content.decode()  # a handler neither accepts nor assigns
    # the handler's page opens on the tab with their work; the officer's on the first
    assert page.context["opened"] == "at_work" and 'show active" id="pane-at_work"' in page.content.decode()
    assert client_for(officer_a).get(reverse("demands:workspace")).context["opened"] == "to_accept"


def test_at_work_is_ordered_by_deadline_overdue_first(make_demand, handler):
    later, overdue = make_demand(State.ASSIGNED, title="后到期"), make_demand(State.ASSIGNED, title="已超期")
    Demand.objects.filter(pk=overdue.pk).update(deadline=TODAY - timedelta(days=2))
    page = client_for(handler).get(reverse("demands:workspace"))
    at_work = next(s for s in page.context["sections"] if s["key"] == "at_work")
    assert [r["d"] for r in at_work["rows"]] == [overdue, later]
    assert at_work["rows"][0]["due"]["key"] == "overdue"
    assert "table-danger" in page.content.decode()


def test_who_neither_handles_nor_resolves_gets_404(supervisor, enterprise_user, investment_a):
    for actor in (supervisor, enterprise_user, investment_a):
        assert client_for(actor).get(reverse("demands:workspace")).status_code == 404


def test_bulk_accept_reports_what_moved_and_what_did_not(make_demand, officer_a):
    first, second = make_demand(title="第一条"), make_demand(title="第二条")
    services.reject(officer_a, second, "重复提交")
    page = client_for(officer_a).post(reverse("demands:bulk_accept"), {"ids": [first.pk, second.pk]}, follow=True)
    assert Demand.objects.get(pk=first.pk).state == State.ACCEPTED
    assert Demand.objects.get(pk=second.pk).state == State.REJECTED
    assert Event.objects.filter(verb="demand.accepted").count() == 1
    messages = texts(page)
    assert len(messages) == 2 and messages[0] == done(1) and messages[1].startswith("第二条: ")
    assert "第二条: " in page.content.decode()


def test_bulk_assign_reports_partial_failure(make_demand, officer_a, department_a):
    ready, waiting = make_demand(State.ACCEPTED, title="已受理"), make_demand(title="未受理")
    data = {"ids": [ready.pk, waiting.pk], "department": department_a.pk, "deadline_days": "3"}
    page = client_for(officer_a).post(reverse("demands:bulk_assign"), data, follow=True)
    ready.refresh_from_db()
    assert (ready.state, ready.assigned_department) == (State.ASSIGNED, department_a)
    assert Demand.objects.get(pk=waiting.pk).state == State.SUBMITTED
    messages = texts(page)
    assert messages == [done(1), messages[1]] and messages[1].startswith("未受理: ")


def test_bulk_moves_on_demands_outside_scope_fail_without_naming_them(make_demand, officer_b):
    demand = make_demand(title="甲区诉求")
    page = client_for(officer_b).post(reverse("demands:bulk_accept"), {"ids": [demand.pk]}, follow=True)
    assert Demand.objects.get(pk=demand.pk).state == State.SUBMITTED
    assert "甲区诉求" not in page.content.decode()
    assert texts(page)[1].startswith(f"#{demand.pk}: ")


def test_bulk_assign_needs_a_department(make_demand, officer_a):
    demand = make_demand(State.ACCEPTED)
    client_for(officer_a).post(reverse("demands:bulk_assign"), {"ids": [demand.pk]})
    assert Demand.objects.get(pk=demand.pk).state == State.ACCEPTED


# --- figures ----------------------------------------------------------------------------------


@pytest.fixture
def figures_data(make_demand, officer_a, handler, enterprise_user, department_a, department_a2, other_enterprise):
    make_demand()
    make_demand(State.REJECTED)
    make_demand(State.ACCEPTED)
    overdue = make_demand(State.ASSIGNED, ent=other_enterprise)
    Demand.objects.filter(pk=overdue.pk).update(deadline=TODAY - timedelta(days=5))
    services.assign(officer_a, make_demand(State.ACCEPTED), department_a2)
    make_demand(State.RESOLVED)
    make_demand(State.CONFIRMED)
    low = make_demand(State.RESOLVED)
    services.confirm(enterprise_user, low, 1)
    auto = make_demand(State.RESOLVED)
    Demand.objects.filter(pk=auto.pk).update(state=State.CONFIRMED, confirmed_auto=True)
    make_demand(State.REOPENED)
    not_solvable = make_demand(State.ASSIGNED)
    services.resolve(handler, not_solvable, Outcome.NOT_SOLVABLE, "超出园区权限")


def _listed(client, link: str) -> int:
    parts = urlsplit(link)
    assert parts.path == reverse("demands:list")
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200
    return page.context["page"].paginator.count


def test_every_figure_links_to_a_list_of_that_length(figures_data, leader):
    client = client_for(leader)
    page = client.get(reverse("demands:figures"))
    assert page.status_code == 200
    counted = {c["key"]: c["value"] for c in page.context["cards"]}
    assert counted["total"] == "11"
    # solved: resolved, confirmed, low-scored and auto-confirmed; the reopened one no longer counts
    assert (counted["closed"], counted["solved"]) == ("6", "4")
    assert (counted["confirmed"], counted["auto_confirmed"]) == ("2", "1")
    assert counted["dissatisfied"] == "1" and counted["overdue"] == "1"
    for card in page.context["cards"]:
        if card["value"].isdigit():
            assert _listed(client, card["link"]) == int(card["value"]), card["key"]
    linked = 0
    for table in page.context["tables"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                if cell["link"]:
                    assert _listed(client, cell["link"]) == cell["value"], (table["by"], row["label"])
                    linked += 1
                else:
                    assert cell["value"] == 0
    assert linked > 40
    by_department = next(t for t in page.context["tables"] if t["by"] == "department")
    unassigned = next(r for r in by_department["rows"] if r["key"] is None)
    assert unassigned["cells"][0]["value"] == 3 and "unassigned=1" in unassigned["cells"][0]["link"]
    this_month = page.context["trend"][-1]
    assert this_month["submitted"] == 11 == _listed(client, this_month["submitted_link"])
    assert _listed(client, this_month["resolved_link"]) == this_month["resolved"] > 0
    assert _listed(client, this_month["confirmed_link"]) == this_month["confirmed"] == 2


def test_figures_follow_the_chosen_zone_and_scope(figures_data, leader, zone_b, officer_b, zone_a):
    client = client_for(leader)
    assert client.get(reverse("demands:figures"), {"unit": zone_b.pk}).status_code == 404
    page = client.get(reverse("demands:figures"), {"unit": zone_a.pk, "from": "2000-01-01", "to": "2000-12-31"})
    assert next(c for c in page.context["cards"] if c["key"] == "total")["value"] == "0"
    page = client_for(officer_b).get(reverse("demands:figures"))
    assert next(c for c in page.context["cards"] if c["key"] == "total")["value"] == "0"


def test_enterprise_users_have_no_figures(enterprise_user):
    assert client_for(enterprise_user).get(reverse("demands:figures")).status_code == 404


# --- settings ---------------------------------------------------------------------------------


def test_leader_sets_the_zones_rules_and_a_category_deadline(leader, zone_a, category):
    client = client_for(leader)
    page = client.get(reverse("demands:settings"))
    assert page.status_code == 200 and page.context["unit"] == zone_a
    url = f"{reverse('demands:settings')}?unit={zone_a.pk}"
    rules = {"action": "rules", "auto_confirm_days": 5, "escalate_head_after_days": 2, "escalate_leader_after_days": 1}
    page = client.post(url, rules)
    assert page.status_code == 422 and not DemandSettings.objects.exists()
    assert page.context["form"].errors["escalate_leader_after_days"]
    assert client.post(url, {**rules, "escalate_leader_after_days": 4}).status_code == 302
    saved = DemandSettings.objects.get(unit=zone_a)
    assert (saved.auto_confirm_days, saved.escalate_head_after_days, saved.escalate_leader_after_days) == (5, 2, 4)
    assert client.post(url, {"action": "deadline", "category": category.pk, "days": 3}).status_code == 302
    assert CategoryDeadline.objects.get(unit=zone_a, category=category).days == 3
    assert Event.objects.filter(verb="demand.category_deadline_set").count() == 1
    row = next(r for r in client.get(url).context["rows"] if r["c"] == category)
    assert (row["days"], row["own"]) == (3, 3)


def test_only_configure_holders_reach_the_settings(officer_a, handler, leader, zone_b):
    for actor in (officer_a, handler):
        assert client_for(actor).get(reverse("demands:settings")).status_code == 404
    assert client_for(leader).get(reverse("demands:settings"), {"unit": zone_b.pk}).status_code == 404


# --- escalations on the to-do page ------------------------------------------------------------


def test_the_department_leader_sees_an_escalated_demand_on_the_todo(make_demand, department_a, leader, handler):
    demand = make_demand(State.ASSIGNED, title="超期未办的用工诉求")
    Demand.objects.filter(pk=demand.pk).update(deadline=TODAY - timedelta(days=3), escalation_level=1)
    head = UserFactory(username="head_a")
    MembershipFactory(user=head, unit=department_a, role="leader")
    page = client_for(type(leader)(user=head)).get(reverse("taskforces:todo"))
    assert page.status_code == 200
    assert "超期未办的用工诉求" in page.content.decode() and 'id="todo-escalated"' in page.content.decode()
    for other in (leader, handler):
        text = client_for(other).get(reverse("taskforces:todo")).content.decode()
        assert "超期未办的用工诉求" not in text
    workspace = client_for(type(leader)(user=head)).get(reverse("demands:workspace"))
    assert [r["d"] for r in workspace.context["escalated"]] == [demand]
