"""The zone's lists and maps ("五张清单", "三张图"): saved filters over enterprises and hazards, the zone's site plan
image, and where each enterprise sits on it. Imported by models.py, so Django registers them with the safety app."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit, UnitScopedQuerySet


class ListKind(models.TextChoices):
    ENTERPRISES = "enterprises", _("Enterprises")
    HAZARDS = "hazards", _("Hazards")


class SavedListQuerySet(UnitScopedQuerySet):
    def live(self) -> "SavedListQuerySet":
        return self.filter(is_deleted=False)


class SavedList(models.Model):
    """A zone's saved filter over its enterprises or hazards (the "五张清单"), shown with its count and exported."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("list of"), max_length=20, choices=ListKind.choices)
    # The filter the list runs: enterprise_list() or hazard_list() keyword arguments, JSON values only.
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Set on the lists every zone starts with (so they are made once, and not again after one is deleted).
    default_key = models.CharField(max_length=30, blank=True, editable=False)
    # A deleted list is hidden, never removed: its Events still point at it.
    is_deleted = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SavedListQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved list")
        verbose_name_plural = _("saved lists")
        ordering = ["unit", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "default_key"], condition=~Q(default_key=""), name="saved_list_default_once_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SitePlanQuerySet(UnitScopedQuerySet):
    def current(self) -> "SitePlanQuerySet":
        return self.filter(is_current=True)


class SitePlan(models.Model):
    """A zone's site plan (an image its admin uploads; no internet map tiles), kept under a random name outside
    static and served only through a view that checks the zone. A new upload replaces it as the current one."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    is_current = models.BooleanField(default=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SitePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("site plan")
        verbose_name_plural = _("site plans")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(is_current=True), name="site_plan_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.original_name}"


def _fraction(label) -> models.FloatField:
    return models.FloatField(label, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlacementQuerySet":
        """Placements on the site plans of the user's zones (an enterprise user sees none)."""
        return self.filter(plan__unit__in=Unit.objects.visible_to(user))


class EnterprisePlacement(models.Model):
    """Where an enterprise sits on its zone's site plan, as fractions of the image's width and height (0–1)."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.PROTECT, related_name="placement", verbose_name=_("enterprise")
    )
    # The plan it was placed on; a new plan of the zone takes the placements over.
    plan = models.ForeignKey(SitePlan, on_delete=models.PROTECT, related_name="placements")
    x = _fraction(_("across (0–1)"))
    y = _fraction(_("down (0–1)"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise placement")
        verbose_name_plural = _("enterprise placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(x__gte=0, x__lte=1, y__gte=0, y__lte=1), name="placement_fractions_0_to_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} ({self.x:.3f}, {self.y:.3f})"

    @property
    def unit(self) -> Unit:
        return self.plan.unit
