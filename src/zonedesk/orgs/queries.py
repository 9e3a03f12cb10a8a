"""Reads on units, users and the audit log."""

from django.db.models import Prefetch, Q, QuerySet

from .models import Event, Membership, Unit, User


def units_for(user) -> QuerySet[Unit]:
    """The unit tree the user can see, in tree order."""
    return Unit.objects.visible_to(user).filter(is_archived=False).order_by("path")


def zones_for(user) -> QuerySet[Unit]:
    """Zones in the user's scope (where enterprises are registered)."""
    return units_for(user).filter(kind="zone")


def admin_units_for(user) -> QuerySet[Unit]:
    """The unit tree the user administers or works in (the separated administrators' included), in tree order."""
    return Unit.objects.administered_by(user).filter(is_archived=False).order_by("path")


def _memberships_in_reach(user) -> QuerySet[Membership]:
    return Membership.objects.filter(unit__in=Unit.objects.administered_by(user))


def users_for(user, *, q: str = "") -> QuerySet[User]:
    """Users holding a role in a unit the user administers or works in."""
    users = User.objects.filter(pk__in=_memberships_in_reach(user).values("user_id"))
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return users.order_by("username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.active().select_related("unit"), to_attr="current_roles")
    )


def memberships_for(user, target: User) -> QuerySet[Membership]:
    return _memberships_in_reach(user).active().filter(user=target).select_related("unit")


def events_for(user, *, verb: str = "", actor: str = "") -> QuerySet[Event]:
    """The audit log the user may read, newest first."""
    events = Event.objects.visible_to(user).select_related("object_type", "unit")
    if verb:
        events = events.filter(verb__startswith=verb)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    return events.order_by("-at", "-pk")


def timeline(user, obj) -> QuerySet[Event]:
    """The events of one record, newest first, as the user may read them."""
    return Event.objects.visible_to(user).about(obj).select_related("actor")


def staff_in(units: QuerySet[Unit]) -> QuerySet[User]:
    """Active staff (not enterprise users) holding a role in one of `units`."""
    return User.objects.filter(
        pk__in=Membership.objects.active().filter(unit__in=units).exclude(role="enterprise").values("user_id"),
        is_active=True,
    ).order_by("full_name", "username")
