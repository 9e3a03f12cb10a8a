"""Visits (走访) to enterprises, their measured findings, and visit campaigns (走访活动)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit, UnitScopedQuerySet

USER = settings.AUTH_USER_MODEL


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class VisitCampaign(models.Model):
    """A 走访活动 of a unit (e.g. 复工复产 after Spring Festival): the enterprises to visit and who visits them."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enterprises = models.ManyToManyField(
        Enterprise, through="CampaignTarget", related_name="visit_campaigns", verbose_name=_("enterprises")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit campaign")
        verbose_name_plural = _("visit campaigns")
        ordering = ["-starts_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_dates_order")]

    def __str__(self) -> str:
        return self.name


class CampaignTarget(models.Model):
    """One enterprise a campaign is to visit, and the officer assigned to it."""

    campaign = models.ForeignKey(VisitCampaign, on_delete=models.PROTECT, related_name="targets")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise"))
    officer = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assigned officer")
    )

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise"], name="campaign_target_unique")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.enterprise}"


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user) -> "VisitQuerySet":
        """Visits to enterprises the user can see, and visits made by the user's units.

        An enterprise user sees only the visits to their own enterprise.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            Q(enterprise__in=Enterprise.objects.visible_to(user)) | Q(unit__in=Unit.objects.visible_to(user))
        )


class Visit(models.Model):
    """A visit (走访) by a unit to one enterprise: planned, then done with its findings, or cancelled."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="visits", verbose_name=_("enterprise")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("visiting unit"))
    campaign = models.ForeignKey(
        VisitCampaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("visit campaign"),
    )
    planned_on = models.DateField(_("planned on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visitors = models.ManyToManyField(USER, related_name="+", blank=True, verbose_name=_("visitors"))
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)
    # Findings: 员工返岗率 is on duty / total; 产能恢复 is the capacity in use.
    employees_on_duty = models.PositiveIntegerField(_("employees on duty"), null=True, blank=True)
    employees_total = models.PositiveIntegerField(_("employees in total"), null=True, blank=True)
    capacity_in_use_percent = models.PositiveSmallIntegerField(
        _("capacity in use (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    plans_to_expand = models.BooleanField(_("plans to expand"), default=False)
    plans_to_relocate = models.BooleanField(_("plans to relocate"), default=False)
    plans_to_downsize = models.BooleanField(_("plans to downsize"), default=False)
    risk_note = models.TextField(_("risk note"), blank=True)
    key_suppliers_outside = models.TextField(_("key suppliers outside the zone"), blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-planned_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity_in_use_percent__lte=100), name="visit_capacity_percent"),
            models.CheckConstraint(
                condition=Q(employees_on_duty__lte=F("employees_total")), name="visit_on_duty_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.planned_on:%Y-%m-%d} {self.enterprise}"

    @property
    def day(self):
        """The day the visit happened, or is planned for."""
        return self.visited_on or self.planned_on

    @property
    def has_risk(self) -> bool:
        return self.plans_to_expand or self.plans_to_relocate or self.plans_to_downsize
