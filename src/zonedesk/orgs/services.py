"""Writes on units, users, memberships and API tokens: one action, one transaction, one Event."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.models import OfficialDay
from zonedesk.common.text import normalize_text

from .audit import Actor, record, snapshot
from .models import CHILD_KINDS, ApiToken, Membership, Unit, User, hash_token
from .permissions import ensure_can
from .roles import SEPARATED_ADMINS, Role


@transaction.atomic(durable=True)
def create_unit(*, name: str, kind: str, parent: Unit | None, by: Actor, short_name: str = "") -> Unit:
    """Add a unit under `parent` (a region at the top when the system acts)."""
    if parent is None:
        if not by.is_system:
            raise Rejected("parent", _("Only the system can create a top-level region."))
    else:
        parent = Unit.objects.administered_by(by.user).get(pk=parent.pk) if not by.is_system else parent
        ensure_can(by, "unit.manage", parent)
    if kind not in CHILD_KINDS[parent.kind if parent else None]:
        raise Rejected("kind", _("A unit of this kind cannot sit under that parent."))
    name = name.strip()
    if not name:
        raise Rejected("name", _("Enter a name."))
    if Unit.objects.filter(parent=parent, name=name).exists():
        raise Rejected("name", _("A unit with this name already exists here."))
    unit = Unit.objects.create(name=name, short_name=short_name, kind=kind, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    record(by, "unit.created", unit, after=snapshot(unit, ["name", "kind", "parent"]))
    return unit


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Rejected("password", " ".join(exc.messages)) from exc


@transaction.atomic(durable=True)
def create_user(
    *,
    username: str,
    password: str,
    full_name: str,
    unit: Unit,
    role: str,
    by: Actor,
    mobile: str = "",
    enterprise=None,
) -> User:
    """Create a user with their first membership; unit admins create users of their units."""
    if not by.is_system:
        unit = Unit.objects.administered_by(by.user).get(pk=unit.pk)
    ensure_can(by, "user.manage", unit)
    username = username.strip()
    if not username:
        raise Rejected("username", _("Enter a username."))
    if User.objects.filter(username__iexact=username).exists():
        raise Rejected("username", _("This username is taken."))
    if role == Role.ENTERPRISE and enterprise is None:
        raise Rejected("enterprise", _("An enterprise user needs the enterprise they belong to."))
    user = User(username=username, full_name=full_name.strip(), mobile=mobile.strip(), enterprise=enterprise)
    # A password an administrator hands out is only for the first sign-in (the demo's and a script's stay).
    user.must_change_password = not by.is_system
    _check_password(password, user)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, unit=unit, role=role)
    record(
        by,
        "user.created",
        user,
        unit=unit,
        after={**snapshot(user, ["username", "full_name", "enterprise"]), "role": role},
    )
    return user


def _separated(user: User, role: str) -> None:
    """三员: a separated administrator holds that one role and nothing else (Rejected on `role`)."""
    held = set(Membership.objects.active().filter(user=user).values_list("role", flat=True)) if user.pk else set()
    others = held - {role}
    if others and (role in SEPARATED_ADMINS or others & SEPARATED_ADMINS):
        raise Rejected(
            "role",
            _("The system, security and audit administrators hold their one role only, and no business role."),
        )


@transaction.atomic(durable=True)
def add_membership(user: User, *, unit: Unit, role: str, by: Actor) -> Membership:
    """Give a user a role on a unit the acting admin manages."""
    if not by.is_system:
        unit = Unit.objects.administered_by(by.user).get(pk=unit.pk)
    ensure_can(by, "user.manage", unit)
    _separated(user, role)
    membership, created = Membership.objects.active().get_or_create(user=user, unit=unit, role=role)
    if created:
        record(by, "user.role_granted", user, unit=unit, after={"unit": unit.pk, "role": role})
    return membership


@transaction.atomic(durable=True)
def remove_membership(membership: Membership, *, by: Actor) -> None:
    """Take a role away: the membership is kept, ended now."""
    unit = Unit.objects.administered_by(by.user).get(pk=membership.unit_id) if not by.is_system else membership.unit
    ensure_can(by, "user.manage", unit)
    if not Membership.objects.active().filter(pk=membership.pk).update(revoked_at=timezone.now()):
        raise Conflict()
    record(by, "user.role_revoked", membership.user, unit=unit, before={"unit": unit.pk, "role": membership.role})


def _lock_managed_user(user: User, by: Actor) -> tuple[User, Unit]:
    """The user row, locked, and a unit of theirs the actor can see (DoesNotExist when there is none)."""
    seen = (
        Membership.objects.filter(unit__in=Unit.objects.administered_by(by.user))
        .filter(user=user)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if seen is None:
        raise User.DoesNotExist
    return User.objects.select_for_update().get(pk=user.pk), seen.unit


@transaction.atomic(durable=True)
def set_active(user: User, *, is_active: bool, by: Actor) -> User:
    """Disable (archive) or re-enable an account; accounts are never deleted."""
    user, unit = _lock_managed_user(user, by)
    ensure_can(by, "user.manage", unit)
    if user.is_active == is_active:
        raise Conflict()
    User.objects.filter(pk=user.pk).update(is_active=is_active)
    record(
        by,
        "user.activated" if is_active else "user.deactivated",
        user,
        before={"is_active": not is_active},
        after={"is_active": is_active},
        unit=unit,
    )
    user.is_active = is_active
    return user


@transaction.atomic(durable=True)
def reset_password(user: User, *, new_password: str, by: Actor) -> None:
    """An admin sets a new password for a user of their units."""
    user, unit = _lock_managed_user(user, by)
    ensure_can(by, "user.manage", unit)
    _check_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = not by.is_system
    user.save(update_fields=["password", "must_change_password"])
    record(by, "user.password_reset", user, unit=unit)  # never the password itself


@transaction.atomic(durable=True)
def create_api_token(*, name: str, by: Actor) -> tuple[ApiToken, str]:
    """A new token for the acting user; the raw token is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise Rejected("name", _("Name the token, for example the script that will use it."))
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(user=by.user, name=name, prefix=raw[:10], digest=hash_token(raw))
    record(by, "api_token.created", token, unit=by.user.home_unit, after={"name": name, "prefix": token.prefix})
    return token, raw


@transaction.atomic(durable=True)
def revoke_api_token(token: ApiToken, *, by: Actor) -> ApiToken:
    """Revoke one of the acting user's tokens."""
    updated = (
        ApiToken.objects.visible_to(by.user)
        .filter(pk=token.pk, revoked_at__isnull=True)
        .update(revoked_at=timezone.now())
    )
    if not updated:
        raise Conflict()
    record(by, "api_token.revoked", token, unit=by.user.home_unit)
    token.refresh_from_db()
    return token


@transaction.atomic(durable=True)
def change_own_password(*, old_password: str, new_password: str, by: Actor) -> None:
    """A user replaces their own password after giving the current one."""
    user = User.objects.select_for_update().get(pk=by.user.pk)
    if not user.check_password(old_password):
        raise Rejected("old_password", _("The current password is not right."))
    _check_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(by, "user.password_changed", user, unit=user.home_unit)


WORK_WORDS = {"班": True, "上班": True, "工作日": True, "休": False, "休息": False, "假": False, "节假日": False}


def parse_official_days(year: int, text: str) -> list[OfficialDay]:
    """Lines like "2027-02-06 班 春节调休" / "2027-02-10 休 春节"; Rejected names the first bad line."""
    days: dict = {}
    for number, line in enumerate(text.splitlines(), start=1):
        parts = normalize_text(line).split(" ")
        if not parts[0]:
            continue
        try:
            day = parse_date(parts[0])
        except ValueError:
            day = None
        if day is None or day.year != year or len(parts) < 2 or parts[1] not in WORK_WORDS:
            raise Rejected(
                "days",
                _("Line %(n)d: write a date of %(year)d, then 班 or 休, then a name.") % {"n": number, "year": year},
            )
        if day in days:
            raise Rejected("days", _("Line %(n)d: %(day)s is given twice.") % {"n": number, "day": day})
        days[day] = OfficialDay(day=day, is_workday=WORK_WORDS[parts[1]], name=" ".join(parts[2:])[:50])
    if not days:
        raise Rejected("days", _("Enter the year's holidays and make-up working days."))
    return sorted(days.values(), key=lambda d: d.day)


@transaction.atomic(durable=True)
def set_official_calendar(*, year: int, text: str, by: Actor) -> list[OfficialDay]:
    """An admin enters a year's official calendar (published each November), replacing what was entered."""
    ensure_can(by, "calendar.manage")
    days = parse_official_days(year, text)
    OfficialDay.objects.filter(day__year=year).delete()  # reference data, replaced whole; the Event keeps it
    OfficialDay.objects.bulk_create(days)
    record(
        by,
        "calendar.year_set",
        None,
        unit=None if by.is_system else by.user.home_unit,
        after={"year": year, "days": [f"{d.day} {'班' if d.is_workday else '休'} {d.name}".strip() for d in days]},
    )
    return days


def locked_out() -> list[dict]:
    """The accounts locked out now (django-axes' attempts at or past the failure limit)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    rows = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")
    return list(rows.values("username", "ip_address", "failures_since_start", "attempt_time"))


@transaction.atomic(durable=True)
def unlock(username: str, *, by: Actor) -> int:
    """The security administrator lifts an account's lock-out before the cool-off ends; returns attempts cleared."""
    from axes.utils import reset

    ensure_can(by, "security.manage")
    cleared = reset(username=username)
    if not cleared:
        raise Conflict(_("This account is not locked out."))
    user = User.objects.filter(username=username).first()
    record(by, "auth.unlocked", user, unit=user.home_unit if user else None, after={"username": username})
    return cleared
