"""Commitments of signed projects (履约): the investment agreement with what the investor promised, what the zone
promised in return, and the alerts sent once before a promised date passes and once when it is missed."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.orgs.models import Unit, UnitScopedQuerySet
from zonedesk.projects.models import Project

from .status import Item

AMOUNT = {"max_digits": 16, "decimal_places": 2}


class Agreement(models.Model):
    """The investment agreement (投资协议) of one signed project: what the investor promised, by when.

    A blank promise is not assessed; the actuals come from the project (stage dates, 完成投资) and from its
    enterprise's yearly figures (EnterpriseYear).
    """

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="agreement", verbose_name=_("project")
    )
    # The project's zone or branch office: the agreement's place in the tenancy tree.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("owning unit"))
    number = models.CharField(_("agreement number"), max_length=60, blank=True)
    signed_on = models.DateField(_("agreement signed on"))
    total_investment_wan = models.DecimalField(
        _("promised total investment (10k yuan)"), null=True, blank=True, **AMOUNT
    )
    fixed_asset_investment_wan = models.DecimalField(
        _("promised fixed-asset investment (10k yuan)"), null=True, blank=True, **AMOUNT
    )
    land_mu = models.DecimalField(_("land (mu)"), max_digits=12, decimal_places=2, null=True, blank=True)
    intensity_wan_per_mu = models.DecimalField(
        _("promised investment intensity (10k yuan per mu)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    start_by = models.DateField(_("to start construction by"), null=True, blank=True)
    produce_by = models.DateField(_("to start production by"), null=True, blank=True)
    capacity_by = models.DateField(_("to reach full capacity by"), null=True, blank=True)
    annual_output_wan = models.DecimalField(
        _("promised annual output at capacity (10k yuan)"), null=True, blank=True, **AMOUNT
    )
    annual_tax_wan = models.DecimalField(
        _("promised annual tax at capacity (10k yuan)"), null=True, blank=True, **AMOUNT
    )
    tax_per_mu_wan = models.DecimalField(
        _("promised tax per mu at capacity (10k yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    jobs = models.PositiveIntegerField(_("promised jobs"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment agreement")
        verbose_name_plural = _("investment agreements")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.name} · {self.number}" if self.number else self.project.name

    def get_absolute_url(self) -> str:
        return reverse("commitments:detail", args=[self.pk])


class PromiseKind(models.TextChoices):
    LAND = "land_delivery", pgettext_lazy("zone promise", "Land delivery")
    UTILITIES = "utilities", pgettext_lazy("zone promise", "Water, power and gas")
    INCENTIVE = "incentive", pgettext_lazy("zone promise", "Incentives paid")
    OTHER = "other", pgettext_lazy("zone promise", "Other")


class ZonePromiseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ZonePromiseQuerySet":
        return self.filter(agreement__in=Agreement.objects.visible_to(user))


class ZonePromise(models.Model):
    """What the zone promised the investor in the agreement (交地, 水电气配套, 政策兑现 …), by when, and when done."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="zone_promises")
    kind = models.CharField(pgettext_lazy("zone promise", "Kind"), max_length=20, choices=PromiseKind.choices)
    description = models.CharField(_("what the zone promised"), max_length=300)
    due_on = models.DateField(_("promised by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ZonePromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("zone's promise")
        verbose_name_plural = _("zone's promises")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description}"


class AlertLevel(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    MISSED = "missed", pgettext_lazy("commitment", "Missed")


class CommitmentAlertQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CommitmentAlertQuerySet":
        return self.filter(agreement__in=Agreement.objects.visible_to(user))


class CommitmentAlert(models.Model):
    """An alert sent once: a promised item (or a zone's promise) due soon, or missed. The unique row is what makes
    the reminder job safe to run every minute: only the run whose insert wins writes the Event and the messages."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="alerts")
    # An item of status.Item ("start", "investment" …) or "zone_promise:<pk>".
    item = models.CharField(_("promise"), max_length=40, choices=Item.choices)
    level = models.CharField(_("alert"), max_length=10, choices=AlertLevel.choices)
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CommitmentAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "item", "level", "due_on"], name="commitment_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.item} {self.level} {self.due_on}"
