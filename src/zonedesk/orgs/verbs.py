"""What each Event verb means to a reader; every app adds its own table at start-up (apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, str] = {}


def register(labels: dict) -> None:
    LABELS.update(labels)


def label(verb: str) -> str:
    return str(LABELS.get(verb, verb))


register(
    {
        "auth.logged_in": _("signed in"),
        "auth.logged_out": _("signed out"),
        "auth.login_failed": _("failed to sign in"),
        "auth.locked_out": _("was locked out"),
        "auth.unlocked": _("lifted the lock-out of an account"),
        "auth.two_factor_enabled": _("set up an authenticator app"),
        "auth.two_factor_verified": _("gave the second factor"),
        "auth.two_factor_failed": _("gave a wrong second-factor code"),
        "auth.two_factor_reset": _("reset an authenticator"),
        "unit.created": _("created the unit"),
        "user.created": _("created the user"),
        "user.role_granted": _("granted a role"),
        "user.role_revoked": _("removed a role"),
        "user.activated": _("enabled the account"),
        "user.deactivated": _("disabled the account"),
        "user.password_reset": _("reset the password"),
        "user.password_changed": _("changed their password"),
        "api_token.created": _("created an API token"),
        "api_token.revoked": _("revoked an API token"),
        "event.exported": _("exported the audit log"),
        "calendar.year_set": _("entered a year's official calendar"),
        "user.invited": _("invited a person of an enterprise"),
        "user.invitation_accepted": _("accepted the invitation and set a password"),
    }
)
