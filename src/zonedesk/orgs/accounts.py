"""Account rules enforced on every request (等保 身份鉴别): a session lives at most SESSION_MAX_AGE after sign-in, an
initial password set by an administrator is replaced at the next sign-in, administrators' passwords expire after
ADMIN_PASSWORD_MAX_DAYS days."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN_ROLES

SIGNED_IN_AT = "zonedesk_signed_in_at"  # the session key holding the sign-in time (epoch seconds)

MUST_CHANGE = _("Please replace the initial password you were given with one of your own.")
EXPIRED = _("Administrators change their password every %(days)d days: please choose a new one.")


def password_reason(user, now: datetime | None = None) -> str | None:
    """Why the user must choose a new password before anything else, or None."""
    if user.must_change_password:
        return str(MUST_CHANGE)
    if user.roles & ADMIN_ROLES:
        now = now or timezone.now()
        changed = user.password_changed_at
        if changed is None or now - changed > timedelta(days=settings.ADMIN_PASSWORD_MAX_DAYS):
            return str(EXPIRED % {"days": settings.ADMIN_PASSWORD_MAX_DAYS})
    return None


def session_expired(session, now: datetime | None = None) -> bool:
    """Whether the session is older than SESSION_MAX_AGE since its sign-in (whatever its idle time)."""
    started = session.get(SIGNED_IN_AT)
    if started is None:
        return False
    return (now or timezone.now()).timestamp() - started > settings.SESSION_MAX_AGE.total_seconds()


def mark_signed_in(session, now: datetime | None = None) -> None:
    session[SIGNED_IN_AT] = (now or timezone.now()).timestamp()
