"""The audit log keeps no secret and no personal number in clear (#11 point 5): after the whole demo — every app's
services writing their Events — no Event holds a password, a token, an unmasked mobile number or an ID-card number."""

import json
import re

import pytest
from django.core.management import call_command

from zonedesk.cli.demo_data import PASSWORD
from zonedesk.orgs.models import Event

pytestmark = pytest.mark.django_db

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_CARD = re.compile(
    r"(?<![\dA-Z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Z])"
)
SECRET_KEYS = re.compile(r'"[^"]*(?:password|secret|token|digest|otp_key)[^"]*"\s*:', re.IGNORECASE)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_no_event_of_the_whole_demo_holds_a_secret_or_a_personal_number():
    call_command("demo", no_serve=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = Event.objects.values_list("pk", "verb", "object_repr", "actor_label", "before", "after")
    assert len(rows) > 5000  # the whole demo, every app
    found = []
    for pk, verb, repr_, actor, before, after in rows.iterator():
        text = " ".join([repr_, actor, json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)])
        for what, pattern in (("mobile", MOBILE), ("id card", ID_CARD), ("secret field", SECRET_KEYS)):
            if match := pattern.search(text):
                found.append((pk, verb, what, match.group(0)))
        if PASSWORD in text:
            found.append((pk, verb, "password", "…"))
    assert found == []


def test_the_patterns_would_find_them():
    assert MOBILE.search('{"mobile": "13812348000"}') and not MOBILE.search('{"mobile": "138****8000"}')
    assert ID_CARD.search("身份证 32092419850312341X") and not ID_CARD.search("91320924MA1XYZ1234")
    assert SECRET_KEYS.search('{"new_password": "x"}') and not SECRET_KEYS.search('{"prefix": "zd_abc"}')
