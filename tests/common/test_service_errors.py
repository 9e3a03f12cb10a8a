"""A service error a page view does not catch is answered as 404, 403 or 409, never 500."""

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from zonedesk.common.errors import Conflict, Forbidden
from zonedesk.common.middleware import ServiceErrorsMiddleware
from zonedesk.enterprises.models import Enterprise


@pytest.fixture
def middleware():
    return ServiceErrorsMiddleware(lambda request: HttpResponse("ok"))


def _request(user):
    request = RequestFactory().get("/x/")
    request.user = user
    return request


def test_a_record_outside_scope_is_404(middleware, officer_a):
    with pytest.raises(Http404):
        middleware.process_exception(_request(officer_a.user), Enterprise.DoesNotExist())


@pytest.mark.parametrize(("error", "status"), [(Forbidden(), 403), (Conflict(), 409)])
def test_a_refusal_and_a_lost_race_answer_with_their_status(middleware, officer_a, error, status):
    response = middleware.process_exception(_request(officer_a.user), error)
    assert response.status_code == status
    assert str(error.message) in response.content.decode()


def test_other_errors_are_left_alone(middleware, officer_a):
    assert middleware.process_exception(_request(officer_a.user), ValueError("x")) is None
