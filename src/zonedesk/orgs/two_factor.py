"""Two-factor sign-in for administrators (等保 身份鉴别: two kinds of authentication for privileged users): after the
password, a six-digit code from an authenticator app (TOTP, RFC 6238, through django-otp). An administrator without a
device sets one up at the first sign-in by scanning a QR code drawn here (segno), nothing fetched from outside.

ADMIN_TWO_FACTOR (on by default) switches it for the ADMIN_ROLES; the security administrator can reset a person's
device when the phone is lost."""

import io

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zonedesk.common.errors import Conflict, Rejected

from .audit import Actor, record
from .permissions import ensure_can
from .roles import ADMIN_ROLES


def required(user) -> bool:
    """Whether the user must give a second factor before anything else."""
    return settings.ADMIN_TWO_FACTOR and bool(user.roles & ADMIN_ROLES)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being set up (made once, shown until its first code confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an inline SVG QR code."""
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def secret_text(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for typing into an app by hand."""
    import base64

    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _code(value) -> str:
    code = "".join(ch for ch in str(value or "") if ch.isdigit())
    if len(code) != 6:
        raise Rejected("code", _("Enter the six digits your authenticator app shows."))
    return code


def confirm(request, code) -> TOTPDevice:
    """The first code from the app confirms the device being set up and verifies this session."""
    code = _code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=pending_device(request.user).pk)
        if not device.verify_is_allowed()[0]:
            raise Rejected("code", _("Too many wrong codes: wait a little and try again."))
        right = device.verify_token(code)
        if right:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record(Actor.of(request), "auth.two_factor_enabled", request.user, unit=request.user.home_unit)
    if not right:
        record(Actor.of(request), "auth.two_factor_failed", request.user, unit=request.user.home_unit)
        raise Rejected("code", _("That code is not right. Check the time on your phone and try the newest code."))
    otp_login(request, device)
    return device


def verify(request, code) -> TOTPDevice:
    """A code from the confirmed device verifies this session (the device throttles repeated failures)."""
    device = confirmed_device(request.user)
    if device is None:
        raise Conflict(_("Set up your authenticator app first."))
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        raise Rejected("code", _("Too many wrong codes: wait a little and try again."))
    if not device.verify_token(_code(code)):
        record(Actor.of(request), "auth.two_factor_failed", request.user, unit=request.user.home_unit)
        raise Rejected("code", _("That code is not right. Try the newest code your app shows."))
    otp_login(request, device)
    record(Actor.of(request), "auth.two_factor_verified", request.user, unit=request.user.home_unit)
    return device


@transaction.atomic(durable=True)
def reset(user, *, by: Actor) -> int:
    """The security administrator removes a person's devices (a lost phone); they set up a new one next time."""
    ensure_can(by, "security.manage")
    removed, _kinds = TOTPDevice.objects.filter(user=user).delete()
    if not removed:
        raise Conflict(_("This person has no authenticator set up."))
    record(by, "auth.two_factor_reset", user, unit=user.home_unit)
    return removed
