"""Industrial chains (产业链): a unit's chains as trees of links, the enterprises and projects on each link, and the
targets of targeted investment (精准招商) that come from the chain's gaps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit, UnitScopedQuerySet, scope_paths
from zonedesk.projects.models import Project


class Position(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream")
    CORE = "core", _("Core")
    DOWNSTREAM = "downstream", _("Downstream")


class ChainQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ChainQuerySet":
        """Chains of the user's units and below, and the chains their units' ancestors define (a city's chain is read
        by its zones). Staff only: an enterprise user sees none."""
        paths = scope_paths(user)
        if not paths:
            return self.none()
        ancestor_ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
        return self.filter(Q(unit__in=Unit.objects.visible_to(user)) | Q(unit_id__in=ancestor_ids))


class Chain(models.Model):
    """An industrial chain a zone or city follows (e.g. 新能源动力电池), the root of its tree of links."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChainQuerySet.as_manager()

    class Meta:
        verbose_name = _("industrial chain")
        verbose_name_plural = _("industrial chains")
        ordering = ["unit", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="chain_name_unique_in_unit")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("chains:detail", args=[self.pk])


class ChainLinkQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ChainLinkQuerySet":
        return self.filter(chain__in=Chain.objects.visible_to(user))


class ChainLink(models.Model):
    """A link (环节) of a chain, e.g. 正极材料: a node of the chain's tree, upstream, core or downstream."""

    chain = models.ForeignKey(Chain, on_delete=models.PROTECT, related_name="links", verbose_name=_("chain"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent link")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position in the chain"), max_length=10, choices=Position.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    enterprises = models.ManyToManyField(
        Enterprise, through="EnterpriseLink", related_name="chain_links", verbose_name=_("enterprises")
    )
    projects = models.ManyToManyField(
        Project, through="ProjectLink", related_name="chain_links", verbose_name=_("projects")
    )

    objects = ChainLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        ordering = ["chain", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "parent", "name"], name="chain_link_name_unique_under_parent"),
            models.UniqueConstraint(
                fields=["chain", "name"], condition=Q(parent__isnull=True), name="chain_link_root_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EnterpriseLink(models.Model):
    """An enterprise on a link of a chain (an enterprise can sit on several)."""

    link = models.ForeignKey(ChainLink, on_delete=models.PROTECT, related_name="enterprise_links")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("enterprise on a chain link")
        verbose_name_plural = _("enterprises on chain links")
        ordering = ["link", "pk"]
        constraints = [models.UniqueConstraint(fields=["link", "enterprise"], name="enterprise_link_unique")]

    def __str__(self) -> str:
        return f"{self.link} · {self.enterprise}"


class ProjectLink(models.Model):
    """A project of the pipeline on a link of a chain."""

    link = models.ForeignKey(ChainLink, on_delete=models.PROTECT, related_name="project_links")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("project on a chain link")
        verbose_name_plural = _("projects on chain links")
        ordering = ["link", "pk"]
        constraints = [models.UniqueConstraint(fields=["link", "project"], name="project_link_unique")]

    def __str__(self) -> str:
        return f"{self.link} · {self.project}"


class TargetSource(models.TextChoices):
    GAP = "gap", _("Empty or weak link")
    OUTSIDE_SUPPLIER = "outside_supplier", _("Supplier outside the zone")
    EXPANSION = "expansion", _("Local enterprise plans to expand")
    OTHER = "other", _("Other")


class TargetStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("investment target status", "Open")
    CONVERTED = "converted", _("Turned into a lead")
    DISMISSED = "dismissed", _("Dismissed")


class InvestmentTarget(models.Model):
    """A target of targeted investment (精准招商) on a link: a company to approach, and why; it becomes a lead of the
    pipeline in one step, keeping its link."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    link = models.ForeignKey(ChainLink, on_delete=models.PROTECT, related_name="targets", verbose_name=_("chain link"))
    company = models.CharField(_("target company"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=TargetSource.choices, default=TargetSource.GAP)
    # The local enterprise that buys from the target or plans to expand, when the target comes from one.
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local enterprise"),
    )
    reason = models.TextField(_("why this target"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TargetStatus.choices, default=TargetStatus.OPEN, db_index=True
    )
    project = models.OneToOneField(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investment_target",
        verbose_name=_("lead"),
    )
    dismissed_reason = models.CharField(_("why dismissed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment target")
        verbose_name_plural = _("investment targets")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.company
