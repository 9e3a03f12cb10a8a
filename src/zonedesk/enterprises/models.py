"""The enterprise registry (企业库): enterprises and their contacts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.common.models import Industry
from zonedesk.orgs.models import Unit
from zonedesk.orgs.roles import Role


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnterpriseQuerySet":
        """Enterprises of the user's units and below; an enterprise user sees only their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        cond = Q(unit__in=Unit.objects.visible_to(user))
        if Role.ENTERPRISE in user.roles and user.enterprise_id:
            cond |= Q(pk=user.enterprise_id)
        return self.filter(cond)

    def active(self) -> "EnterpriseQuerySet":
        return self.filter(is_archived=False)


class SafetyColour(models.TextChoices):
    GREEN = "green", _("Green")
    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


class Enterprise(models.Model):
    """An enterprise of a zone, identified by its 统一社会信用代码."""

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    # A pre-standard pilot code that fails the GB 32100 check digit, confirmed by an officer.
    is_uscc_confirmed = models.BooleanField(_("code confirmed despite the check digit"), default=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("zone"))
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("industry")
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    registered_capital_wan = models.DecimalField(
        _("registered capital (10k yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    is_above_scale = models.BooleanField(_("above designated size (规上)"), default=False)
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    is_specialized = models.BooleanField(_("specialised and innovative (专精特新)"), default=False)
    linked_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked leader"),
    )
    service_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service officer"),
    )
    safety_stars = models.PositiveSmallIntegerField(_("safety stars"), null=True, blank=True)
    safety_colour = models.CharField(_("risk colour"), max_length=10, choices=SafetyColour.choices, blank=True)
    name_initials = models.CharField(max_length=200, editable=False, db_index=True, default="")
    is_archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["unit", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:detail", args=[self.pk])

    @property
    def flags(self) -> list[str]:
        labels = []
        for field in ("is_above_scale", "is_high_tech", "is_specialized"):
            if getattr(self, field):
                labels.append(self._meta.get_field(field).verbose_name)
        return labels


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ContactQuerySet":
        """Contacts of the enterprises the user can see."""
        return self.filter(enterprise__in=Enterprise.objects.visible_to(user))


class Contact(models.Model):
    """A person to call at an enterprise; the mobile is personal data (masked for most roles)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    is_archived = models.BooleanField(_("archived"), default=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> Unit:
        return self.enterprise.unit


def mask_mobile(mobile: str) -> str:
    """138****8000: the first three and the last four digits."""
    digits = mobile.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InvitationQuerySet":
        return self.filter(enterprise__in=Enterprise.objects.visible_to(user))


class Invitation(models.Model):
    """A service officer's invitation of one person to their enterprise's own pages (there is no open sign-up).

    Only the SHA-256 of the link's token is stored; the link works once, for 7 days.
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="invitations")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitation")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.user}"


class EnterpriseYearQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnterpriseYearQuerySet":
        return self.filter(enterprise__in=Enterprise.objects.visible_to(user))


class EnterpriseYear(models.Model):
    """An enterprise's figures for one calendar year (output, tax, employees, investment), entered or imported once a
    year: the actuals that commitments and chain pages compare against."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="years", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    output_wan = models.DecimalField(_("output (10k yuan)"), max_digits=16, decimal_places=2, null=True, blank=True)
    tax_wan = models.DecimalField(_("tax paid (10k yuan)"), max_digits=16, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees at year end"), null=True, blank=True)
    fixed_asset_investment_wan = models.DecimalField(
        _("fixed-asset investment (10k yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EnterpriseYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise's yearly figures")
        verbose_name_plural = _("enterprises' yearly figures")
        ordering = ["enterprise", "-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="enterprise_year_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"
