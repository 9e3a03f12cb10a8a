"""The Content-Security-Policy header (#11 point 8, django-csp): pages, the API, the OpenAPI docs, the admin, the
sign-in page and error pages all carry the one strict policy: only our own scripts and stylesheets, nothing inline,
no eval, no plugins, no framing. (tests/browser/test_csp.py opens the pages in Chromium: 0 violations.)"""

import pytest
from django.test import Client

from zonedesk.orgs import services as orgs

from ..conftest import client_for
from ..factories import UserFactory


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


def assert_strict(response) -> None:
    p = policy(response)
    assert p["script-src"] == ["'self'"]  # our own files only: no 'unsafe-inline', no 'unsafe-eval', no nonce
    assert p["style-src"] == ["'self'"]
    assert p["default-src"] == ["'self'"] and p["connect-src"] == ["'self'"]
    assert p["object-src"] == ["'none'"] and p["frame-ancestors"] == ["'none'"]
    assert p["base-uri"] == ["'self'"] and p["form-action"] == ["'self'"]
    assert p["img-src"] == ["'self'", "data:", "blob:"] and p["font-src"] == ["'self'", "data:"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe" not in header and "*" not in header and "http" not in header  # no keyword or host let in


def test_a_page_carries_the_strict_policy(officer_a):
    response = client_for(officer_a).get("/enterprises/")
    assert response.status_code == 200
    assert_strict(response)


def test_an_api_response_carries_it_too(officer_a):
    raw = orgs.create_api_token(name="csp", by=officer_a)[1]
    response = Client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["username"] == "officer_a"
    assert_strict(response)


@pytest.mark.django_db
def test_the_sign_in_page_and_a_page_that_is_not_there_carry_it():
    anonymous = Client()
    assert_strict(anonymous.get("/accounts/login/"))
    missing = anonymous.get("/static/zonedesk/no-such-file.js")
    assert missing.status_code == 404
    assert_strict(missing)


def test_a_refused_action_answers_under_the_policy(officer_a, enterprise_b):
    # Another zone's enterprise does not exist for this officer: the 404 page is ours, under the same policy.
    response = client_for(officer_a).get(f"/enterprises/{enterprise_b.pk}/")
    assert response.status_code == 404
    assert_strict(response)


def test_the_openapi_docs_and_the_admin_need_no_relaxing(officer_a):
    """Swagger UI (served offline by django-ninja) and Django's admin run under the same policy: no per-view relaxing
    (the browser test opens both without a violation)."""
    docs = client_for(officer_a).get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger-ui-init.js" in docs.content
    assert_strict(docs)
    root = Client()
    root.force_login(UserFactory(username="csp_root", is_staff=True, is_superuser=True))
    for path in ("/admin/", "/admin/visits/visit/add/"):
        response = root.get(path)
        assert response.status_code == 200, path
        assert_strict(response)
