"""Every sign-in, failed attempt, lock-out and sign-out goes into the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .accounts import mark_signed_in
from .audit import Actor, record


def _actor(request, user=None, label: str = "") -> Actor:
    return Actor.of(request, user) if user is not None and request is not None else Actor.anonymous(request, label)


def _home_unit(user):
    """The unit whose admins read this user's sign-in events."""
    return user.home_unit if user is not None else None


def _known_user(username: str):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_signed_in(request.session)  # the 12-hour limit counts from here
    record(_actor(request, user), "auth.logged_in", user, unit=_home_unit(user))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(_actor(request, user), "auth.logged_out", user, unit=_home_unit(user))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")  # the password is never recorded
    user = _known_user(username)
    record(
        _actor(request, label=username), "auth.login_failed", user, unit=_home_unit(user), after={"username": username}
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    user = _known_user(username)
    record(
        _actor(request, label=username or ""),
        "auth.locked_out",
        user,
        unit=_home_unit(user),
        after={"username": username},
    )
