"""The staff pages of a demand: the list, recording one, its page and its actions, and who gets a 404."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from zonedesk.common.errors import Conflict
from zonedesk.demands import services
from zonedesk.demands.filters import demand_filters, filter_query
from zonedesk.demands.models import Demand, DemandAttachment
from zonedesk.demands.states import Outcome, Source, State
from zonedesk.orgs.models import Event

from ..conftest import client_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def events(demand, verb: str) -> int:
    return Event.objects.filter(verb=verb, object_id=str(demand.pk)).count()


def conflict_text() -> str:
    with translation.override("zh-hans"):
        return str(Conflict().message)


def html(response) -> str:
    return response.content.decode()


# --- list -------------------------------------------------------------------------------------


def test_officer_lists_and_filters_the_zones_demands(make_demand, officer_a, other_enterprise):
    assigned = make_demand(State.ASSIGNED, title="用工缺口三百人")
    waiting = make_demand(title="申请融资贴息", ent=other_enterprise)
    client = client_for(officer_a)
    page = client.get(reverse("demands:list"))
    assert page.status_code == 200
    assert {row["d"] for row in page.context["rows"]} == {assigned, waiting}
    page = client.get(reverse("demands:list"), {"state": State.ASSIGNED})
    assert [row["d"] for row in page.context["rows"]] == [assigned]
    assert "用工缺口三百人" in html(page) and "申请融资贴息" not in html(page)
    page = client.get(reverse("demands:list"), {"q": "融资"})
    assert [row["d"] for row in page.context["rows"]] == [waiting]
    page = client.get(reverse("demands:list"), {"enterprise": other_enterprise.pk, "state": State.SUBMITTED})
    assert [row["d"] for row in page.context["rows"]] == [waiting]


def test_the_list_marks_overdue_rows(make_demand, officer_a):
    demand = make_demand(State.ASSIGNED)
    Demand.objects.filter(pk=demand.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    page = client_for(officer_a).get(reverse("demands:list"), {"overdue": "1"})
    assert [row["d"].pk for row in page.context["rows"]] == [demand.pk]
    assert 'data-deadline="overdue"' in html(page) and "text-bg-danger" in html(page)


def test_handler_lists_only_demands_assigned_to_the_department(make_demand, handler, officer_a, department_a2):
    mine = make_demand(State.ASSIGNED)
    make_demand(State.ACCEPTED)
    services.assign(officer_a, make_demand(State.ACCEPTED), department_a2)
    page = client_for(handler).get(reverse("demands:list"))
    assert [row["d"] for row in page.context["rows"]] == [mine]


def test_zone_b_officer_lists_nothing_of_zone_a(make_demand, officer_b):
    make_demand()
    page = client_for(officer_b).get(reverse("demands:list"))
    assert page.status_code == 200 and page.context["rows"] == []


def test_enterprise_user_has_no_staff_list(make_demand, enterprise_user):
    make_demand()
    assert client_for(enterprise_user).get(reverse("demands:list")).status_code == 404


def test_the_list_runs_as_many_queries_for_25_rows_as_for_1(make_demand, officer_a):
    client = client_for(officer_a)
    make_demand(State.ASSIGNED)
    client.get(reverse("demands:list"))  # warm caches (content types, calendar)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("demands:list"))
    for i in range(24):
        make_demand(State.ASSIGNED if i % 2 else State.SUBMITTED, title=f"诉求{i}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("demands:list"))
    assert len(page.context["rows"]) == 25
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_list_paginates_by_25(make_demand, officer_a):
    for i in range(26):
        make_demand(title=f"诉求{i}")
    client = client_for(officer_a)
    assert len(client.get(reverse("demands:list")).context["rows"]) == 25
    assert len(client.get(reverse("demands:list"), {"page": 2}).context["rows"]) == 1


def test_the_export_link_carries_the_filter(make_demand, officer_a):
    make_demand()
    page = client_for(officer_a).get(reverse("demands:list"), {"state": State.SUBMITTED, "q": "招工", "junk": "x"})
    try:
        export = reverse("demand_io:export")
    except NoReverseMatch:
        assert page.context["export_url"] == "" and 'id="export-link"' not in html(page)
    else:
        assert page.context["export_url"] == f"{export}?state=submitted&q=%E6%8B%9B%E5%B7%A5"


def test_a_filter_reads_back_from_its_query_string(category, department_a, zone_a):
    filters = {
        "state": [State.ASSIGNED, State.RESOLVED],
        "category": category.pk,
        "department": department_a.pk,
        "unit": zone_a.pk,
        "source": Source.HOTLINE,
        "overdue": True,
        "dissatisfied": False,
        "q": "用工",
        "period": (timezone.localdate().replace(month=1, day=1), timezone.localdate()),
    }
    assert demand_filters(QueryDict(filter_query(filters))) == filters
    assert demand_filters(QueryDict("state=nonsense&unit=999999&from=bad&overdue=maybe")) == {}


# --- recording a demand for an enterprise -----------------------------------------------------


def test_officer_records_a_hotline_demand(officer_a, enterprise, category):
    client = client_for(officer_a)
    assert client.get(reverse("demands:create")).status_code == 200
    data = {
        "enterprise": enterprise.pk,
        "category": category.pk,
        "title": "12345转来：厂区路灯不亮",
        "source": Source.HOTLINE,
        "level": "zone",
    }
    page = client.post(reverse("demands:create"), data)
    assert page.status_code == 200 and not Demand.objects.exists()
    assert page.context["form"].errors["reference"]
    page = client.post(reverse("demands:create"), {**data, "reference": "GD2025001"})
    demand = Demand.objects.get()
    assert page.status_code == 302 and page["Location"] == demand.get_absolute_url()
    assert (demand.source, demand.reference, demand.submitted_by) == (Source.HOTLINE, "GD2025001", officer_a.user)
    assert events(demand, "demand.submitted") == 1


def test_the_enterprise_picker_offers_only_visible_enterprises(officer_a, enterprise, enterprise_b, category):
    page = client_for(officer_a).get(reverse("demands:create"))
    assert list(page.context["form"].fields["enterprise"].queryset) == [enterprise]
    data = {"enterprise": enterprise_b.pk, "category": category.pk, "title": "跨区", "source": "visit", "level": "zone"}
    page = client_for(officer_a).post(reverse("demands:create"), data)
    assert page.context["form"].errors["enterprise"] and not Demand.objects.exists()


def test_who_may_not_record_demands_gets_404(handler, enterprise_user, supervisor):
    for actor in (handler, enterprise_user, supervisor):
        assert client_for(actor).get(reverse("demands:create")).status_code == 404


# --- one demand -------------------------------------------------------------------------------


def test_the_page_shows_the_demand_its_moves_and_timeline(make_demand, officer_a):
    demand = make_demand(State.CONFIRMED)
    page = client_for(officer_a).get(demand.get_absolute_url())
    assert page.status_code == 200
    text = html(page)
    assert demand.title in text and demand.enterprise.name in text and "行政审批局" in text
    assert reverse("enterprises:detail", args=[demand.enterprise_id]) in text
    assert 'id="satisfaction" title="5/5"' in text
    assert (
        len(page.context["events"])
        == Event.objects.filter(verb__startswith="demand.", object_id=str(demand.pk)).count()
        == 5
    )
    assert [m.to_state for m in page.context["moves"]] == [
        State.SUBMITTED,
        State.ACCEPTED,
        State.ASSIGNED,
        State.RESOLVED,
        State.CONFIRMED,
    ]
    assert not any(page.context["allowed"].values())


def test_handler_sees_the_timeline_of_the_departments_demand(make_demand, handler):
    demand = make_demand(State.ASSIGNED)
    page = client_for(handler).get(demand.get_absolute_url())
    assert page.status_code == 200
    assert [e["event"].verb for e in page.context["events"]] == [
        "demand.assigned",
        "demand.accepted",
        "demand.submitted",
    ]
    assert page.context["enterprise_url"] == ""  # the enterprise itself is outside the department's scope
    assert page.context["allowed"] == {
        "accept": False,
        "return": False,
        "reject": False,
        "route": False,
        "assign": False,
        "transfer": False,
        "resolve": True,
    }


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED])
def test_handler_gets_404_on_a_demand_not_with_the_department(make_demand, handler, state):
    demand = make_demand(state)
    assert client_for(handler).get(demand.get_absolute_url()).status_code == 404


def test_zone_b_officer_gets_404(make_demand, officer_b):
    demand = make_demand()
    client = client_for(officer_b)
    assert client.get(demand.get_absolute_url()).status_code == 404
    page = client.post(reverse("demands:accept", args=[demand.pk]), {"version": demand.version})
    assert page.status_code == 404
    assert Demand.objects.get(pk=demand.pk).state == State.SUBMITTED


def test_enterprise_user_gets_404_on_another_enterprises_demand(make_demand, enterprise_user, other_enterprise):
    demand = make_demand(ent=other_enterprise)
    client = client_for(enterprise_user)
    assert client.get(demand.get_absolute_url()).status_code == 404
    assert client.post(reverse("demands:accept", args=[demand.pk]), {"version": demand.version}).status_code == 404


def test_enterprise_user_is_sent_to_their_own_page_of_their_demand(make_demand, enterprise_user):
    demand = make_demand()
    page = client_for(enterprise_user).get(demand.get_absolute_url())
    try:
        own_page = reverse("portal:detail", args=[demand.pk])
    except NoReverseMatch:
        assert page.status_code == 404
    else:
        assert page.status_code == 302 and page["Location"] == own_page


def test_only_the_allowed_action_forms_show(make_demand, officer_a, supervisor):
    demand = make_demand()
    text = html(client_for(officer_a).get(demand.get_absolute_url()))
    assert 'id="form-accept"' in text and 'id="form-reject"' in text and 'id="form-route"' in text
    assert 'id="form-assign"' not in text and 'id="form-resolve"' not in text
    text = html(client_for(supervisor).get(demand.get_absolute_url()))
    assert 'id="form-accept"' not in text and 'id="form-reject"' not in text


# --- actions ----------------------------------------------------------------------------------


def post(actor, name: str, demand, **data):
    return client_for(actor).post(reverse(f"demands:{name}", args=[demand.pk]), {"version": demand.version, **data})


def test_officer_accepts_and_assigns_with_the_default_deadline(make_demand, officer_a, department_a):
    demand = make_demand()
    assert post(officer_a, "accept", demand).status_code == 302
    demand.refresh_from_db()
    assert demand.state == State.ACCEPTED and events(demand, "demand.accepted") == 1
    page = client_for(officer_a).get(demand.get_absolute_url())
    form = page.context["forms"]["assign"]
    assert form.initial["deadline_days"] == demand.category.default_deadline_days
    assert list(form.fields["department"].queryset) == [department_a]
    assert post(officer_a, "assign", demand, department=department_a.pk, deadline_days=5).status_code == 302
    demand.refresh_from_db()
    assert (demand.state, demand.assigned_department) == (State.ASSIGNED, department_a)
    assert events(demand, "demand.assigned") == 1


def test_return_and_reject_need_a_reason(make_demand, officer_a):
    demand = make_demand()
    page = post(officer_a, "reject", demand, reason="  ")
    assert page.status_code == 200 and page.context["forms"]["reject"].errors["reason"]
    assert Demand.objects.get(pk=demand.pk).state == State.SUBMITTED
    assert post(officer_a, "return", demand, reason="请补充用工缺口人数").status_code == 302
    demand.refresh_from_db()
    assert (demand.state, demand.reason) == (State.RETURNED, "请补充用工缺口人数")
    assert events(demand, "demand.returned") == 1


def test_officer_rejects(make_demand, officer_a):
    demand = make_demand()
    assert post(officer_a, "reject", demand, reason="不属于受理范围").status_code == 302
    demand.refresh_from_db()
    assert demand.state == State.REJECTED and events(demand, "demand.rejected") == 1


def test_officer_routes_a_demand_to_the_county(make_demand, officer_a, county):
    demand = make_demand()
    page = post(officer_a, "route", demand, level="county", reason="")
    assert page.context["forms"]["route"].errors["reason"]
    assert post(officer_a, "route", demand, level="county", reason="涉及县级审批").status_code == 302
    demand.refresh_from_db()
    assert (demand.level, demand.handling_unit) == ("county", county)
    assert events(demand, "demand.routed") == 1


def test_officer_transfers_to_another_department(make_demand, officer_a, department_a2):
    demand = make_demand(State.ASSIGNED)
    assert post(officer_a, "transfer", demand, department=department_a2.pk, reason="属人社局职责").status_code == 302
    demand.refresh_from_db()
    assert demand.assigned_department == department_a2 and events(demand, "demand.transferred") == 1


def test_handler_may_not_handle(make_demand, handler, department_a2):
    demand = make_demand(State.ASSIGNED)
    page = post(handler, "reject", demand, reason="不归我们")
    assert page.status_code == 403
    page = post(handler, "transfer", demand, department=department_a2.pk, reason="不归我们")
    assert page.context["forms"]["transfer"].errors["department"]  # no other department in the handler's scope
    demand.refresh_from_db()
    assert demand.state == State.ASSIGNED and demand.assigned_department.name == "行政审批局"


def test_handler_resolves_and_a_note_is_needed_when_not_solvable(make_demand, handler):
    demand = make_demand(State.ASSIGNED)
    page = post(handler, "resolve", demand, outcome=Outcome.NOT_SOLVABLE, outcome_note="")
    assert page.status_code == 200 and page.context["forms"]["resolve"].errors["outcome_note"]
    assert Demand.objects.get(pk=demand.pk).state == State.ASSIGNED
    assert post(handler, "resolve", demand, outcome=Outcome.SOLVED, outcome_note="已组织专场招聘会").status_code == 302
    demand.refresh_from_db()
    assert (demand.state, demand.outcome) == (State.RESOLVED, Outcome.SOLVED)
    assert events(demand, "demand.resolved") == 1


def test_a_stale_form_gets_the_conflict_message(make_demand, officer_a, leader):
    demand = make_demand()
    stale_version = demand.version
    services.return_for_info(leader, demand, "请补充材料")
    page = client_for(officer_a).post(reverse("demands:accept", args=[demand.pk]), {"version": stale_version})
    assert page.status_code == 409
    assert conflict_text() in html(page)
    demand.refresh_from_db()
    assert demand.state == State.RETURNED and events(demand, "demand.accepted") == 0


def test_a_form_without_its_version_changes_nothing(make_demand, officer_a):
    demand = make_demand()
    page = client_for(officer_a).post(reverse("demands:accept", args=[demand.pk]), {})
    assert page.status_code == 200 and Demand.objects.get(pk=demand.pk).state == State.SUBMITTED


def test_handler_attaches_aSimpleUploadedFile(make_demand, handler, supervisor):
    demand = make_demand(State.ASSIGNED)
    client = client_for(handler)
    upload = {"file": SimpleUploadedFile("答复.png", PNG)}
    assert client.post(reverse("demands:attach", args=[demand.pk]), upload).status_code == 302
    upload = {"file": SimpleUploadedFile("督查.png", PNG)}
    attachment = DemandAttachment.objects.get()
    assert attachment.original_name == "答复.png" and events(demand, "demand.attached") == 1
    page = client.get(demand.get_absolute_url())
    assert "答复.png" in html(page)
    page = client.post(
        reverse("demands:attach", args=[demand.pk]), {"file": SimpleUploadedFile("假的.pdf", b"not a pdf")}
    )
    assert page.status_code == 200 and page.context["upload_form"].errors["file"]
    assert client_for(supervisor).post(reverse("demands:attach", args=[demand.pk]), upload).status_code == 403
    assert DemandAttachment.objects.count() == 1
