"""Checking the role table (roles.PERMISSIONS) against a user's memberships."""

from zonedesk.common.errors import Forbidden

from .models import Unit
from .roles import PERMISSIONS, Role


def can(user, perm: str, unit: Unit | None = None, *, enterprise_id: int | None = None) -> bool:
    """Whether the user holds `perm` on `unit` (or anywhere, when no unit is given).

    An enterprise membership counts only for the user's own enterprise (`enterprise_id`).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = PERMISSIONS[perm]
    for membership in user.active_memberships:
        if membership.role not in roles:
            continue
        if membership.role == Role.ENTERPRISE:
            if unit is None and enterprise_id is None:
                return True
            if enterprise_id is not None and enterprise_id == user.enterprise_id:
                return True
            continue
        if unit is None or unit.path.startswith(membership.unit.path):
            return True
    return False


def ensure_can(actor, perm: str, unit: Unit | None = None, *, enterprise_id: int | None = None) -> None:
    """Raise Forbidden (403) unless the actor holds `perm` there; system actors hold everything."""
    if actor.is_system:
        return
    if not can(actor.user, perm, unit, enterprise_id=enterprise_id):
        raise Forbidden()


def scope_of(user, perm: str) -> tuple[list[str], int | None]:
    """Where the user holds `perm`: the unit paths it covers, and their own enterprise (enterprise role).

    For per-row decisions over a list (which rows may show a mobile in clear) without a query per row.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return [], None
    roles = PERMISSIONS[perm]
    paths = sorted({m.unit.path for m in user.active_memberships if m.role in roles and m.role != Role.ENTERPRISE})
    has_own = any(m.role == Role.ENTERPRISE for m in user.active_memberships) and Role.ENTERPRISE in roles
    return paths, user.enterprise_id if has_own else None


def in_scope(scope: tuple[list[str], int | None], unit_path: str, enterprise_id: int | None = None) -> bool:
    """Whether a record at `unit_path` (of `enterprise_id`) lies in a scope from scope_of()."""
    paths, own = scope
    return (own is not None and own == enterprise_id) or any(unit_path.startswith(p) for p in paths)
