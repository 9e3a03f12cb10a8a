"""The Excel export of the demand list: exactly the filtered rows of the user's scope, formula-safe, audited."""

import io

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from zonedesk.common.excel import read_rows
from zonedesk.demands.exporting import HEADERS
from zonedesk.demands.filters import demand_filters
from zonedesk.demands.queries import demand_list
from zonedesk.demands.services import submit_demand
from zonedesk.demands.states import State
from zonedesk.orgs.models import Event

from ..conftest import client_for


def _export(actor, query: str = "") -> list[list]:
    response = client_for(actor).get(f"{reverse('demand_io:export')}?{query}")
    assert response.status_code == 200
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert rows[0] == HEADERS
    return rows[1:]


def test_a_formula_in_a_title_is_exported_as_text(officer_a, enterprise, category):
    submit_demand(officer_a, enterprise, category=category, title='=HYPERLINK("http://evil.example","点我")')
    (row,) = _export(officer_a)
    assert row[1] == '\'=HYPERLINK("http://evil.example","点我")'


@pytest.mark.parametrize("query", ["", "state=assigned", "state=submitted&state=assigned", "overdue=0", "q=国阳"])
def test_the_export_has_exactly_the_rows_of_the_filtered_list(officer_a, make_demand, other_enterprise, query):
    make_demand(State.SUBMITTED, title="招工难")
    make_demand(State.ASSIGNED, title="用地指标")
    make_demand(State.CONFIRMED, title="融资对接")
    make_demand(State.ASSIGNED, title="科阳用电增容", ent=other_enterprise)
    rows = _export(officer_a, query)
    listed = demand_list(officer_a.user, **demand_filters(QueryDict(query)))
    assert len(rows) == listed.count()
    assert [r[0] for r in rows] == [d.pk for d in listed]


def test_the_row_carries_the_demand_and_its_dates(officer_a, make_demand, department_a, enterprise):
    demand = make_demand(State.CONFIRMED, title="招工难")
    (row,) = _export(officer_a)
    values = dict(zip(HEADERS, row, strict=True))
    assert values["编号"] == demand.pk
    assert values["企业名称"] == enterprise.name and values["统一社会信用代码"] == enterprise.uscc
    assert values["诉求类别"] == "用工" and values["承办部门"] == department_a.name
    with translation.override("zh-hans"):
        assert values["状态"] == str(State.CONFIRMED.label)
    assert values["是否超期"] == "否" and values["自动确认"] == "否" and values["满意度"] == 5
    assert values["提出日期"] == demand.submitted_on


def test_another_zones_demands_are_never_exported(
    officer_a, officer_b, make_demand, enterprise, enterprise_b, category
):
    make_demand(State.SUBMITTED, title="开发区的诉求")
    submit_demand(officer_b, enterprise_b, category=category, title="海河镇的诉求")
    assert [r[1] for r in _export(officer_a)] == ["开发区的诉求"]
    assert [r[1] for r in _export(officer_b)] == ["海河镇的诉求"]
    assert _export(officer_b, f"enterprise={enterprise.pk}") == []


def test_the_export_is_an_event_with_its_filter_and_row_count(officer_a, make_demand):
    make_demand(State.ASSIGNED)
    make_demand(State.SUBMITTED)
    _export(officer_a, "state=assigned")
    event = Event.objects.get(verb="demand.exported")
    assert event.after == {"filter": {"state": "assigned"}, "rows": 1}
    assert event.actor == officer_a.user


def test_the_enterprise_user_cannot_export(enterprise_user, make_demand):
    make_demand()
    assert client_for(enterprise_user).get(reverse("demand_io:export")).status_code == 404
    assert not Event.objects.filter(verb="demand.exported").exists()
