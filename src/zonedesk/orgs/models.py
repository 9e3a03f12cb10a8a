"""Units, users, memberships, API tokens and the audit Event."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import SEPARATED_ADMINS, STAFF_ROLES, Role


class UnitKind(models.TextChoices):
    REGION = "region", _("Region (city / county / district)")
    ZONE = "zone", _("Development zone / town")
    DEPARTMENT = "department", _("Department")
    BRANCH = "branch", _("Investment branch office")


# Which kind of unit may sit under which: region -> region | zone | department, zone -> department | branch.
CHILD_KINDS = {
    None: {UnitKind.REGION},
    UnitKind.REGION: {UnitKind.REGION, UnitKind.ZONE, UnitKind.DEPARTMENT, UnitKind.BRANCH},
    UnitKind.ZONE: {UnitKind.DEPARTMENT, UnitKind.BRANCH},
    UnitKind.DEPARTMENT: set(),
    UnitKind.BRANCH: set(),
}


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UnitQuerySet":
        """Units of the user's staff memberships and every unit below them."""
        paths = scope_paths(user)
        if not paths:
            return self.none()
        cond = Q()
        for path in paths:
            cond |= Q(path__startswith=path)
        return self.filter(cond)

    def administered_by(self, user) -> "UnitQuerySet":
        """The units of the user's staff and administrator memberships and below: where the separated administrators
        (三员) administer accounts and read the audit log, without seeing any business record there."""
        paths = scope_paths(user, roles=STAFF_ROLES | SEPARATED_ADMINS)
        if not paths:
            return self.none()
        cond = Q()
        for path in paths:
            cond |= Q(path__startswith=path)
        return self.filter(cond)


class Unit(models.Model):
    """A node of the tenancy tree: region (市/县/区) → zone (开发区/区镇) → department or branch office."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    # Materialised path "/1/4/9/": a subtree is one indexed prefix match.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_archived = models.BooleanField(_("archived"), default=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unit_unique_name_in_parent")]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestors(self) -> models.QuerySet:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return Unit.objects.filter(pk__in=ids).order_by("path")

    def zone(self) -> "Unit | None":
        """The zone this unit belongs to (itself when it is a zone)."""
        for unit in reversed(list(self.ancestors())):
            if unit.kind == UnitKind.ZONE:
                return unit
        return None


class UnitScopedQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UnitScopedQuerySet":
        """Rows whose `unit` is one of the user's units or below them: the one scope rule of tenant models."""
        return self.filter(unit__in=Unit.objects.visible_to(user))


class User(AbstractUser):
    """A person who signs in; roles come from memberships."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("enterprise"),
        help_text=_("Set for enterprise users: the one enterprise whose records they see."),
    )
    # An initial password (set by an administrator) must be replaced by the user at their next sign-in.
    must_change_password = models.BooleanField(_("must change the password at next sign-in"), default=False)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def active_memberships(self) -> list["Membership"]:
        return list(self.memberships.active().select_related("unit").filter(unit__is_archived=False).order_by("pk"))

    @property
    def home_unit(self) -> "Unit | None":
        """The unit of the user's first role: where their own events (sign-in, tokens) are filed."""
        return self.active_memberships[0].unit if self.active_memberships else None

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.active_memberships)


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so a new one cannot be one of the last few (等保 身份鉴别)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)  # the hash, as User.password holds it
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class MembershipQuerySet(UnitScopedQuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(revoked_at__isnull=True)


class Membership(models.Model):
    """A role a user holds on a unit and everything below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    # A removed role is kept with the time it ended (nothing is hard-deleted).
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], condition=Q(revoked_at__isnull=True), name="membership_unique_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} @ {self.unit}"


def scope_paths(user, roles=STAFF_ROLES) -> list[str]:
    """The unit paths the user's memberships with one of `roles` cover (empty for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted({m.unit.path for m in user.active_memberships if m.role in roles})


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ApiTokenQuerySet":
        """A user sees only their own tokens."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A per-user API token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_raw() -> str:
        return "zd_" + secrets.token_urlsafe(32)


def _under(paths: list[str]) -> Q:
    cond = Q(pk__in=[])
    for path in paths:
        cond |= Q(path__startswith=path)
    return cond


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EventQuerySet":
        """Events of units in the user's staff scope; an enterprise user sees their enterprise's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        cond = Q(unit__in=Unit.objects.visible_to(user))
        if Role.AUDIT_ADMIN in user.roles:  # the audit administrator reads the whole log of their units
            audited = [m.unit.path for m in user.active_memberships if m.role == Role.AUDIT_ADMIN]
            cond |= Q(unit__in=Unit.objects.filter(_under(audited)))
        if Role.ENTERPRISE in user.roles and user.enterprise_id:
            cond |= Q(enterprise_id=user.enterprise_id)
        return self.filter(cond)

    def about(self, obj) -> "EventQuerySet":
        """The timeline of one record; an enterprise's includes everything filed under it (contacts …)."""
        cond = Q(object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
        if obj._meta.label == "enterprises.Enterprise":
            cond |= Q(enterprise_id=obj.pk)
        return self.filter(cond).order_by("-at", "-pk")


class Event(models.Model):
    """One change: who did what to which record, the fields before and after, when and from where."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)  # "system:digest", or the username at the time
    channel = models.CharField(max_length=20, default="web")  # web, api, system, import
    ip = models.GenericIPAddressField(null=True, blank=True)
    verb = models.CharField(max_length=60, db_index=True)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_repr}"


class AuditSeal(models.Model):
    """The chain link of one Event: its place in the chain and the SM3 digest of the previous digest and the Event."""

    event = models.OneToOneField(Event, on_delete=models.PROTECT, primary_key=True, related_name="seal")
    number = models.PositiveBigIntegerField(unique=True)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.digest[:12]}"
