"""Production settings (#11 point 8): served over HTTPS, Django's deployment check finds nothing; HSTS, secure cookies
and X-Frame-Options are on; plain HTTP is redirected except the health probes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "zonedesk.settings", **env}
    environment.pop("DEBUG", None)
    return subprocess.run([sys.executable, "-c", code], env=environment, cwd=ROOT, capture_output=True, text=True)


def test_check_deploy_is_clean_when_served_over_https(tmp_path):
    env = {"HTTPS": "1", "SECRET_KEY": secrets.token_urlsafe(64), "ZONEDESK_DATA_DIR": str(tmp_path)}
    done = _run(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        ALLOWED_HOSTS="zonedesk.example.gov.cn",
        **env,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_https_settings_and_the_probes_exemption(tmp_path):
    done = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.X_FRAME_OPTIONS, s.SECURE_REDIRECT_EXEMPT)",
        HTTPS="1",
        SECRET_KEY=secrets.token_urlsafe(64),
        ZONEDESK_DATA_DIR=str(tmp_path),
    )
    assert done.stdout.strip() == "True True True True DENY ['^healthz$', '^readyz$']", done.stderr


def test_plain_http_stays_plain_without_https(tmp_path):
    done = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, getattr(s, 'SECURE_SSL_REDIRECT', False))",
        ZONEDESK_DATA_DIR=str(tmp_path),
    )
    assert done.stdout.strip() == "False False", done.stderr
