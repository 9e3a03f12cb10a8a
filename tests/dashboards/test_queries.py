"""The dashboards read aggregates: the number of queries stays the same with 5 or 50 projects and demands."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.taskforces import services as taskforces

from ..conftest import client_for
from .conftest import TODAY, Y, overdue, signed_project

PAGES = [
    "/dashboards/",
    "/dashboards/region/",
    "/dashboards/screen/",
    "/api/v1/dashboards/zone",
    "/api/v1/dashboards/region",
]
MAX_QUERIES = 50


def grow(n: int, *, investment_a, officer_a, investment_b, pm_a, zone_a, zone_b, enterprise, make_demand, start: int):
    for i in range(start, start + n):
        project = signed_project(investment_a if i % 2 else investment_b, zone_a if i % 2 else zone_b, f"项目{i:03d}")
        if i % 5 == 0 and project.unit == zone_b:
            continue
        if i % 5 == 0:
            tf = taskforces.create_task_force(project, pm_a.user, by=pm_a, created_on=TODAY - timedelta(days=30))
            taskforces.add_milestone(tf, name="开工", planned_on=TODAY - timedelta(days=3), by=pm_a)
            taskforces.add_task(tf, title="供地", deadline=TODAY - timedelta(days=1), by=pm_a)
        demand = make_demand("assigned", title=f"诉求{i:03d}")
        if i % 3 == 0:
            overdue(demand)


def counted(client, path: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params).status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["leader", "supervisor"])
def test_queries_do_not_grow_with_the_rows(
    request, who, investment_a, investment_b, officer_a, pm_a, zone_a, zone_b, enterprise, make_demand
):
    client = client_for(request.getfixturevalue(who))
    cast = dict(
        investment_a=investment_a,
        officer_a=officer_a,
        investment_b=investment_b,
        pm_a=pm_a,
        zone_a=zone_a,
        zone_b=zone_b,
        enterprise=enterprise,
        make_demand=make_demand,
    )
    grow(5, start=0, **cast)
    params = {"year": Y}
    client.get("/dashboards/", params)  # warm the per-process caches (content types, calendar)
    few = {path: counted(client, path, params) for path in PAGES}
    grow(45, start=5, **cast)
    many = {path: counted(client, path, params) for path in PAGES}
    assert few == many
    assert max(many.values()) <= MAX_QUERIES, many


def test_the_zone_dashboard_stays_under_its_query_budget(
    django_assert_max_num_queries,
    leader,
    investment_a,
    investment_b,
    officer_a,
    pm_a,
    zone_a,
    zone_b,
    enterprise,
    make_demand,
):
    grow(
        12,
        start=0,
        investment_a=investment_a,
        officer_a=officer_a,
        investment_b=investment_b,
        pm_a=pm_a,
        zone_a=zone_a,
        zone_b=zone_b,
        enterprise=enterprise,
        make_demand=make_demand,
    )
    client = client_for(leader)
    client.get("/dashboards/")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get("/dashboards/", {"year": Y}).status_code == 200
