"""Enterprise accounts: a service officer invites a person of an enterprise; the person opens the link once
and sets their own password. The account is bound to that one enterprise; there is no open sign-up."""

import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_text
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Membership, User, hash_token
from zonedesk.orgs.permissions import ensure_can
from zonedesk.orgs.roles import Role

from .models import Enterprise, Invitation

VALID_FOR = timedelta(days=7)


@transaction.atomic(durable=True)
def invite(by: Actor, enterprise, *, username: str, full_name: str, mobile: str = "") -> tuple[Invitation, str]:
    """Create the person's account (no password yet) and a one-time link; returns the invitation and its token,
    which is shown once to the officer to pass on (SMS, WeChat)."""
    enterprise = (
        Enterprise.objects.visible_to(by.user).select_related("unit").get(pk=getattr(enterprise, "pk", enterprise))
    )
    ensure_can(by, "enterprise.invite", enterprise.unit)
    username = normalize_text(username)
    if not username:
        raise Rejected("username", _("Enter a username."))
    if User.objects.filter(username__iexact=username).exists():
        raise Rejected("username", _("This username is taken."))
    full_name = normalize_text(full_name)
    if not full_name:
        raise Rejected("full_name", _("Enter the person's name."))
    user = User(username=username, full_name=full_name, mobile=normalize_text(mobile), enterprise=enterprise)
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, unit=enterprise.unit, role=Role.ENTERPRISE)
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        enterprise=enterprise,
        user=user,
        digest=hash_token(raw),
        invited_by=by.user,
        expires_at=timezone.now() + VALID_FOR,
    )
    record(by, "user.invited", user, unit=enterprise.unit, after={"username": username, "enterprise": enterprise.pk})
    return invitation, raw


def open_invitation(raw: str) -> Invitation:
    """The invitation behind a link, if it is still open (DoesNotExist otherwise: the page answers 404)."""
    return Invitation.objects.select_related("user", "enterprise").get(
        digest=hash_token(raw or ""), accepted_at__isnull=True, expires_at__gt=timezone.now()
    )


@transaction.atomic(durable=True)
def accept(raw: str, password: str, *, request=None) -> User:
    """Set the invited person's password; the link works once."""
    invitation = open_invitation(raw)
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Rejected("password", " ".join(exc.messages)) from exc
    if not Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(accepted_at=timezone.now()):
        raise Conflict()
    user.set_password(password)
    user.save(update_fields=["password"])
    by = Actor.of(request, user) if request is not None else Actor(user=user)
    record(by, "user.invitation_accepted", user, unit=invitation.enterprise.unit)
    return user
