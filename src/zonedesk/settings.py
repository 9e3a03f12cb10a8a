"""ZoneDesk settings, read from environment variables (12-factor).

SQLite in the data folder by default; set DATABASE_URL for PostgreSQL. The secret key is generated
and stored in the data folder on first run when SECRET_KEY is not given. DEBUG is off unless asked.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import plotly
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(
    os.environ.get("ZONEDESK_DATA_DIR")
    or Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share")) / "zonedesk"
)
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The SECRET_KEY from the environment, or one generated once and kept in the data folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "js_lib_bootstrap5",
    "js_lib_bootstrap_icons",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "zonedesk.common",
    "zonedesk.orgs",
    "zonedesk.enterprises",
    "zonedesk.visits",
    "zonedesk.demands",
    "zonedesk.safety",
    "zonedesk.assessment",
    "zonedesk.dashboards",
    "zonedesk.projects",
    "zonedesk.taskforces",
    "zonedesk.recruitment",
    "zonedesk.chains",
    "zonedesk.alliances",
    "zonedesk.commitments",
    "zonedesk.training",
    "zonedesk.supervision",
    "zonedesk.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zonedesk.common.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zonedesk.orgs.middleware.LoginRequiredMiddleware",
    "zonedesk.orgs.middleware.AccountPolicyMiddleware",
    "zonedesk.common.idempotency.IdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
    "zonedesk.common.middleware.ServiceErrorsMiddleware",
]

ROOT_URLCONF = "zonedesk.urls"
WSGI_APPLICATION = "zonedesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zonedesk.orgs.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'zonedesk.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue (IMMEDIATE + busy timeout) instead of racing; WAL lets readers go on meanwhile.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ZONEDESK_TEST_SQLITE") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password rules (等保 身份鉴别), each configurable: length, character classes, never the username, none of the
# last PASSWORD_HISTORY; administrators change theirs every ADMIN_PASSWORD_MAX_DAYS days.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", 8))},
    },
    {
        "NAME": "zonedesk.orgs.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": int(os.environ.get("PASSWORD_MIN_CLASSES", 3))},
    },
    {"NAME": "zonedesk.orgs.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "zonedesk.orgs.passwords.NotRecentValidator",
        "OPTIONS": {"count": int(os.environ.get("PASSWORD_HISTORY", 5))},
    },
]
ADMIN_PASSWORD_MAX_DAYS = int(os.environ.get("ADMIN_PASSWORD_MAX_DAYS", 90))
# Administrators sign in with a second factor (TOTP code from an authenticator app); off only for a throwaway demo.
ADMIN_TWO_FACTOR = _env_bool("ADMIN_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "ZoneDesk 园企通"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 idle minutes (every request pushes the expiry forward) and 12 hours after sign-in whatever
# happens (orgs.middleware.AccountPolicyMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", 30)) * 60
SESSION_MAX_AGE = timedelta(hours=int(os.environ.get("SESSION_MAX_HOURS", 12)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
# Served over HTTPS (HTTPS=1, or the older SECURE_COOKIES=1), behind a TLS proxy that sets X-Forwarded-Proto: secure
# cookies, HSTS for a year and plain HTTP redirected, except the health probes; `check --deploy` is then clean.
SERVED_OVER_HTTPS = _env_bool("HTTPS") or _env_bool("SECURE_COOKIES")
SESSION_COOKIE_SECURE = SERVED_OVER_HTTPS
CSRF_COOKIE_SECURE = SERVED_OVER_HTTPS
if SERVED_OVER_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("HSTS_INCLUDE_SUBDOMAINS", True)

# Lock-out: 5 failed attempts lock the username for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Locking by IP too would lock a whole office behind one NAT address after five typos; 等保 asks for
# per-account lock-out, which the username parameter gives.
# security.W021 (HSTS preload): an intranet host is never on the browsers' public preload list.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["zonedesk.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [("plotly", Path(plotly.__file__).parent / "package_data")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Production serves what `collectstatic` gathered (compressed); tests and DEBUG read the packages directly.
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "uploads"

NINJA_PAGINATION_PER_PAGE = 25
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Outgoing mail (notifications from the outbox): the SMTP relay of the unit's mail system.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zonedesk@localhost")
# The address people open ZoneDesk at: links in e-mails and robot messages start with it.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp's middleware; its app is not installed: no nonce tag is used). Only our own
# static files run and style the pages: no inline script, event handler, style element or style attribute (data for
# scripts travels in json_script blocks and data- attributes; zonedesk/behaviours.js handles the data-autosubmit,
# data-confirm … attributes; tests/common/test_csp_templates.py keeps the templates so). Plotly's own CSS is a static
# file (dashboards/_plotly.html), htmx's indicator CSS is in zonedesk.css. The OpenAPI docs (Swagger UI, offline) and
# Django's admin need no relaxing: tests/browser/test_csp.py opens every app's pages, both included, with 0 violations.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
