"""The recruitment API: postings and fairs through the same services, scope and permissions as the pages; the fair's
totals adding up its participants; the labour gap and the zone's figures, each with the list behind it."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.demands import services as demand_services
from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.models import Event
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.models import FairInvitation, FairParticipant, JobPosting
from zonedesk.recruitment.states import FairKind

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .conftest import posting_data
from .test_figures import february  # noqa: F401  (the fixture of February 2025)

API = "/api/v1"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


@pytest.fixture
def mine(enterprise_user, enterprise):
    return services.publish_posting(enterprise_user, enterprise, posting_data(position="普工", count=50))


@pytest.fixture
def theirs(officer_a, other_enterprise):
    return services.publish_posting(officer_a, other_enterprise, posting_data(position="技术员", count=20))


def test_the_officer_publishes_changes_records_hires_and_closes(officer_a, enterprise):
    client = client_for(officer_a)
    made = post(client, f"{API}/recruitment/postings", {"enterprise": enterprise.pk, **posting_data(count=10)})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["position"], body["count"], body["status"], body["version"]) == ("普工", 10, "open", 1)
    assert body["contact_mobile"] == "13812348000"
    url = f"{API}/recruitment/postings/{body['id']}"
    changed = patch(client, url, {"version": 1, "count": 12, "salary_max": 8000})
    assert changed.status_code == 200 and (changed.json()["count"], changed.json()["salary_max"]) == (12, 8000)
    assert changed.json()["position"] == "普工"  # the fields not sent are kept
    hired = post(client, f"{url}/hires", {"version": 2, "count": 4})
    assert hired.status_code == 200 and (hired.json()["filled"], hired.json()["remaining"]) == (4, 8)
    closed = post(client, f"{url}/close", {"version": 3, "reason": "转外包"})
    assert closed.json()["status"] == "closed" and closed.json()["close_reason"] == "转外包"


def test_a_stale_change_is_a_409_and_a_bad_field_a_422_naming_it(officer_a, theirs):
    client = client_for(officer_a)
    url = f"{API}/recruitment/postings/{theirs.pk}"
    assert patch(client, url, {"version": 1, "count": 25}).status_code == 200
    stale = patch(client, url, {"version": 1, "count": 30})
    assert stale.status_code == 409
    bad = patch(client, url, {"version": 2, "salary_min": 9000, "salary_max": 1000})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "salary_max"
    too_many = post(client, f"{url}/hires", {"version": 2, "count": 99})
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "count"
    assert JobPosting.objects.get(pk=theirs.pk).count == 25


def test_an_enterprise_sees_and_changes_only_its_own_postings(enterprise_user, mine, theirs, other_enterprise):
    client = client_for(enterprise_user)
    listed = client.get(f"{API}/recruitment/postings")
    assert [p["id"] for p in listed.json()["items"]] == [mine.pk]
    assert client.get(f"{API}/recruitment/postings/{theirs.pk}").status_code == 404
    assert post(client, f"{API}/recruitment/postings/{theirs.pk}/close", {"version": 1}).status_code == 404
    made = post(client, f"{API}/recruitment/postings", {"enterprise": other_enterprise.pk, **posting_data()})
    assert made.status_code == 404
    assert JobPosting.objects.count() == 2


def test_another_zone_finds_nothing_and_a_leader_may_not_publish(officer_b, leader, mine, enterprise):
    client = client_for(officer_b)
    assert client.get(f"{API}/recruitment/postings").json()["items"] == []
    assert client.get(f"{API}/recruitment/postings/{mine.pk}").status_code == 404
    refused = post(client_for(leader), f"{API}/recruitment/postings", {"enterprise": enterprise.pk, **posting_data()})
    assert refused.status_code == 403


def test_the_list_filters_like_the_page_in_a_constant_number_of_queries(officer_a, zone_a, mine, theirs, enterprise):
    client = client_for(officer_a)
    rows = client.get(f"{API}/recruitment/postings", {"enterprise": enterprise.pk}).json()["items"]
    assert [r["id"] for r in rows] == [mine.pk]
    rows = client.get(f"{API}/recruitment/postings", {"open_on": "2099-01-01", "status": "open"}).json()["items"]
    assert {r["id"]: r["open_positions"] for r in rows} == {mine.pk: 50, theirs.pk: 20}
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}/recruitment/postings")
    for n in range(10):
        services.publish_posting(officer_a, EnterpriseFactory(unit=zone_a), posting_data(position=f"岗位{n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(f"{API}/recruitment/postings")
    assert len(many) == len(few)


def test_a_fair_through_the_api_adds_up_its_participants(officer_a, zone_a, mine, theirs, enterprise, on_day):
    on_day(date(2025, 1, 20))
    client = client_for(officer_a)
    made = post(
        client,
        f"{API}/recruitment/fairs",
        {
            "unit": zone_a.pk,
            "name": "新春直播招聘会",
            "kind": FairKind.LIVE,
            "held_on": "2025-01-29",
            "place": "直播间",
        },
    )
    assert made.status_code == 201, made.content
    url = f"{API}/recruitment/fairs/{made.json()['id']}"
    added = post(client, f"{url}/participants", {"enterprise": enterprise.pk, "postings": [mine.pk]})
    assert added.status_code == 201 and added.json()["positions"] == 50
    post(client, f"{url}/participants", {"enterprise": theirs.enterprise_id, "postings": [theirs.pk]})
    early = post(client, f"{url}/held", {"version": 1})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "held_on"
    on_day(date(2025, 1, 30))
    assert post(client, f"{url}/held", {"version": 1}).json()["status"] == "held"
    rows = [
        {"enterprise": enterprise.pk, "applications": 300, "intents": 200, "hires": 60},
        {"enterprise": theirs.enterprise_id, "applications": 200, "intents": 100},
    ]
    bad = post(client, f"{url}/results", {"version": 2, "results": [rows[0], {**rows[1], "hires": -1}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "results.2.hires"
    assert not FairParticipant.objects.filter(applications__isnull=False).exists()
    done = post(client, f"{url}/results", {"version": 2, "views": 50000, "visitors": 6000, "results": rows})
    assert done.status_code == 200, done.content
    fair = done.json()
    for name in ("applications", "intents", "hires"):
        assert fair[name] == sum(p[name] or 0 for p in fair["participants"])
    assert (fair["applications"], fair["intents"], fair["hires"], fair["positions"]) == (500, 300, 60, 70)
    assert fair["figures"]["positions"]["list"] == "/recruitment/postings"
    assert fair["figures"]["positions"]["filter"] == {"fair": fair["id"]}
    assert post(client, f"{url}/results", {"version": 2, "results": rows}).status_code == 409


def test_an_enterprise_reads_its_fair_with_only_its_own_row(enterprise_user, officer_a, fair, mine, theirs):
    fairs.add_participant(officer_a, fair, mine.enterprise, postings=[mine])
    fairs.add_participant(officer_a, fair, theirs.enterprise, postings=[theirs])
    client = client_for(enterprise_user)
    body = client.get(f"{API}/recruitment/fairs/{fair.pk}").json()
    assert [p["enterprise_id"] for p in body["participants"]] == [mine.enterprise_id]
    assert body["positions"] == 50
    assert post(client, f"{API}/recruitment/fairs/{fair.pk}/cancel", {"version": 1, "reason": "x"}).status_code == 403


def test_another_zone_finds_no_fair(officer_b, fair):
    client = client_for(officer_b)
    assert client.get(f"{API}/recruitment/fairs/{fair.pk}").status_code == 404
    assert post(client, f"{API}/recruitment/fairs/{fair.pk}/cancel", {"version": 1, "reason": "x"}).status_code == 404


def test_a_labour_demand_invites_its_enterprise_through_the_api(officer_a, enterprise, fair, officer_b):
    labour = DemandCategory.objects.get(unit=None, name="用工")
    demand = demand_services.submit_demand(officer_a, enterprise, category=labour, title="缺普工80人")
    refused = post(client_for(officer_b), f"{API}/demands/{demand.pk}/invite-to-fair", {"fair": fair.pk})
    assert refused.status_code == 404
    made = post(client_for(officer_a), f"{API}/demands/{demand.pk}/invite-to-fair", {"fair": fair.pk})
    assert made.status_code == 201, made.content
    invitation = FairInvitation.objects.get()
    assert made.json() == {
        "id": invitation.pk,
        "demand_id": demand.pk,
        "fair_id": fair.pk,
        "participant_id": invitation.participant_id,
    }
    twice = post(client_for(officer_a), f"{API}/demands/{demand.pk}/invite-to-fair", {"fair": fair.pk})
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "fair"
    assert Event.objects.filter(verb="demand.invited_to_fair").count() == 1


def test_the_gap_and_the_figures_of_february(officer_a, february, zone_a):  # noqa: F811
    client = client_for(officer_a)
    gap = client.get(f"{API}/recruitment/gap", {"unit": zone_a.pk, "year": 2025, "month": 2}).json()
    assert gap["period"] == {"first": "2025-02-01", "last": "2025-02-28", "label": "2025年2月"}
    assert (gap["open_positions"], gap["return_gap"], gap["gap"]) == (35, 40, 75)
    assert [(r["key"], r["gap"]) for r in gap["by_industry"]] == [("34", 55), ("39", 10), (None, 10)]
    machinery = gap["by_industry"][0]["filter"]
    listed = client.get(f"{API}/recruitment/gap", machinery).json()
    assert [e["name"] for e in listed["by_enterprise"]] == ["江苏国阳智能装备有限公司"] and listed["gap"] == 55
    behind = client.get(f"{API}/recruitment/postings", listed["by_enterprise"][0]["postings_filter"]).json()
    assert sum(p["open_positions"] for p in behind["items"]) == 35
    figures = client.get(f"{API}/recruitment/figures", {"unit": zone_a.pk, "year": 2025, "month": 2}).json()
    positions = figures["figures"]["positions"]
    assert (positions["value"], positions["list"], positions["column"]) == (88, "/recruitment/postings", "count")
    rows = client.get(positions["list"].replace("/recruitment", f"{API}/recruitment"), positions["filter"]).json()
    assert sum(p["count"] for p in rows["items"]) == 88
    assert figures["figures"]["gap"]["value"] == 75 and figures["figures"]["gap"]["list"] == "/recruitment/gap"


def test_an_enterprise_user_may_not_read_the_zones_gap(enterprise_user, officer_b, zone_a):
    assert client_for(enterprise_user).get(f"{API}/recruitment/gap").status_code == 403
    assert client_for(enterprise_user).get(f"{API}/recruitment/figures").status_code == 403
    assert client_for(officer_b).get(f"{API}/recruitment/gap", {"unit": zone_a.pk}).status_code == 404
