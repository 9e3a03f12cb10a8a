"""One filter reader for every list: a figure's link reads back as the filter that counts it; junk is left out."""

from datetime import date

import pytest
from django.http import QueryDict

from zonedesk.common.listfilters import FilterSpec
from zonedesk.demands.states import State

from ..conftest import client_for

SPEC = FilterSpec({"state": State}, ("enterprise",), ("overdue",), {"period": ("from", "to")})


@pytest.mark.django_db
def test_a_filter_reads_back_from_its_query_string(zone_a):
    filters = {
        "state": [State.ASSIGNED, State.RESOLVED],
        "enterprise": 7,
        "overdue": False,
        "unit": zone_a.pk,
        "q": "招工",
        "period": (date(2025, 1, 1), date(2025, 3, 31)),
    }
    assert SPEC.read(QueryDict(SPEC.query(filters))) == filters


@pytest.mark.django_db
def test_what_cannot_be_read_is_left_out():
    junk = "state=nope&enterprise=abc&enterprise=1234567890123456789012&overdue=maybe&unit=999999&from=2025-02-30"
    assert SPEC.read(QueryDict(junk)) == {}
    assert SPEC.read(QueryDict("enterprise=123456789012345678"))["enterprise"] == 123456789012345678  # a bigint


@pytest.mark.parametrize("path", ["/demands/", "/safety/hazards/", "/recruitment/"])
def test_a_list_given_an_id_beyond_any_database_is_empty_not_an_error(path, officer_a):
    response = client_for(officer_a).get(path, {"enterprise": "9" * 30, "category": "9" * 30})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
