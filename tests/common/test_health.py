"""Liveness, readiness, and the answer while the database is unreachable (503 with Retry-After, never 500)."""

from contextlib import contextmanager

from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


def test_liveness_answers_without_signing_in(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_readiness_reports_the_database(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def test_readiness_is_503_while_the_database_does_not_answer(db, monkeypatch):
    with _queries_fail(monkeypatch, OperationalError("connection refused")):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["status"] == "unavailable"


@contextmanager
def _queries_fail(monkeypatch, error: Exception):
    """Every query inside fails with `error`, as every query does while PostgreSQL restarts."""

    def fail(self, *args, **kwargs):
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", fail)
        patch.setattr(CursorWrapper, "executemany", fail)
        yield


def _signed_in(actor):
    from ..conftest import client_for

    client = client_for(actor)
    client.raise_request_exception = False
    return client


def test_a_page_answers_503_not_500_when_the_database_goes_away(officer_a, monkeypatch, settings):
    settings.DEBUG = False
    client = _signed_in(officer_a)
    with _queries_fail(monkeypatch, OperationalError("server closed the connection unexpectedly")):
        response = client.get("/projects/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "稍后重试" in response.content.decode()


def test_the_api_answers_503_json_when_the_database_goes_away(officer_a, monkeypatch, settings):
    settings.DEBUG = False
    client = _signed_in(officer_a)
    with _queries_fail(monkeypatch, OperationalError("connection refused")):
        response = client.get("/api/v1/projects")
    assert response.status_code == 503
    assert response.json()["detail"] == "database unavailable"


def test_other_errors_stay_500(officer_a, monkeypatch, settings):
    settings.DEBUG = False
    client = _signed_in(officer_a)
    with _queries_fail(monkeypatch, ValueError("a bug")):
        response = client.get("/projects/")
    assert response.status_code == 500
