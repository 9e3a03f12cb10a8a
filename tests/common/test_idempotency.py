"""Idempotency keys on the API's writes (#11 point 3): a retried POST with the same key writes once and gets the
first answer; the key reused for another request is refused; a key is the caller's own."""

import json

import pytest

from zonedesk.chains.models import Chain
from zonedesk.common.models import IdempotentRequest
from zonedesk.orgs.models import Event

from ..conftest import client_for


def _create(client, name: str, unit, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = json.dumps({"unit_id": unit.pk, "name": name})
    return client.post("/api/v1/chains", body, content_type="application/json", **headers)


def test_a_retried_write_with_its_key_writes_once_and_answers_the_same(investment_a, zone_a):
    client = client_for(investment_a)
    first = _create(client, "新能源动力电池", zone_a, key="7f1c2a9e-retry")
    again = _create(client, "新能源动力电池", zone_a, key="7f1c2a9e-retry")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Chain.objects.count() == 1
    assert Event.objects.filter(verb="chain.created").count() == 1


def test_without_a_key_every_write_is_its_own(investment_a, zone_a):
    client = client_for(investment_a)
    assert _create(client, "新能源动力电池", zone_a).status_code == 201
    assert _create(client, "晶硅光伏", zone_a).status_code == 201
    assert Chain.objects.count() == 2 and not IdempotentRequest.objects.exists()


def test_the_key_reused_for_another_request_is_refused(investment_a, zone_a):
    client = client_for(investment_a)
    assert _create(client, "新能源动力电池", zone_a, key="k-1").status_code == 201
    reused = _create(client, "晶硅光伏", zone_a, key="k-1")
    assert reused.status_code == 422 and "Idempotency-Key" in reused.json()["detail"]
    assert Chain.objects.count() == 1


def test_a_key_is_the_callers_own(investment_a, investment_b, zone_a, zone_b):
    assert _create(client_for(investment_a), "新能源动力电池", zone_a, key="same").status_code == 201
    assert _create(client_for(investment_b), "新能源动力电池", zone_b, key="same").status_code == 201
    assert Chain.objects.count() == 2


def test_a_second_request_while_the_first_runs_is_told_to_wait(investment_a, zone_a):
    import hashlib

    body = json.dumps({"unit_id": zone_a.pk, "name": "新能源动力电池"}).encode()
    fingerprint = hashlib.sha256(b"POST /api/v1/chains\n" + body).hexdigest()
    IdempotentRequest.objects.create(caller=f"user:{investment_a.user.pk}", key="running", fingerprint=fingerprint)
    response = _create(client_for(investment_a), "新能源动力电池", zone_a, key="running")
    assert response.status_code == 409 and not Chain.objects.exists()


def test_a_refused_write_is_answered_the_same_again(officer_a, zone_a):
    """A 403 is an answer too: the retry gets it again, without running the service a second time."""
    client = client_for(officer_a)  # a service officer may not define chains
    first = _create(client, "新能源动力电池", zone_a, key="k-403")
    again = _create(client, "新能源动力电池", zone_a, key="k-403")
    assert first.status_code == again.status_code == 403 and again["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("method", ["get"])
def test_reads_ignore_the_key(investment_a, method):
    response = getattr(client_for(investment_a), method)("/api/v1/chains", HTTP_IDEMPOTENCY_KEY="read")
    assert response.status_code == 200 and not IdempotentRequest.objects.exists()
