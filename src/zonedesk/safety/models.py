"""Safety supervision: the zone's hazard categories and rules, each enterprise's profile and 五星五色 ratings,
inspections, and the hazards (隐患) with their history of moves and rectification photos."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit, UnitScopedQuerySet
from zonedesk.orgs.roles import Role

from .states import (
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_INSPECTION_DAYS,
    DEFAULT_STAR_LABELS,
    HazardLevel,
    HazardState,
    SafetyColour,
)


def _own_enterprise(user) -> int | None:
    """The enterprise an enterprise user reads their own records of."""
    return user.enterprise_id if Role.ENTERPRISE in user.roles and user.enterprise_id else None


class EnterpriseScopedQuerySet(models.QuerySet):
    """Rows of a zone (`unit`) in the user's units, or of the enterprise user's own enterprise."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        cond = Q(unit__in=Unit.objects.visible_to(user))
        if own := _own_enterprise(user):
            cond |= Q(enterprise_id=own)
        return self.filter(cond)


class HazardCategoryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HazardCategoryQuerySet":
        """Categories of the user's units and below, and of the units above them (a county's list applies to its
        zones); an enterprise user sees those of their zone and above."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        above = {int(p) for m in user.active_memberships for p in m.unit.path.strip("/").split("/") if p}
        return self.filter(Q(unit__in=Unit.objects.visible_to(user)) | Q(unit__in=above))


class HazardCategory(models.Model):
    """A hazard category a zone keeps as reference data (the "六涉" list and others)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    # One of the zone's "六涉" categories (涉爆粉尘, 涉氨制冷 …): counted apart in the lists.
    is_six = models.BooleanField(_("one of the six involved categories (六涉)"), default=False)
    is_archived = models.BooleanField(_("archived"), default=False)

    objects = HazardCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard category")
        verbose_name_plural = _("hazard categories")
        ordering = ["unit", "code", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="hazard_category_code_once_per_unit")]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, unit: Unit) -> bool:
        """Whether the category may tag an enterprise or hazard of `unit` (configured at or above it)."""
        return unit.path.startswith(self.unit.path)


def _days(label, default: int, maximum: int = 3650) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(maximum)]
    )


class SafetySettings(models.Model):
    """A unit's rating scheme and hazard rules; a zone without its own follows the nearest unit above."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="+")
    # {"1": "…", …, "5": "…"}: the zone's own name of a star level; missing keys read the defaults.
    star_labels = models.JSONField(_("star level labels"), default=dict, blank=True)
    red_inspection_days = _days(_("inspect red enterprises every (days)"), DEFAULT_INSPECTION_DAYS["red"])
    orange_inspection_days = _days(_("inspect orange enterprises every (days)"), DEFAULT_INSPECTION_DAYS["orange"])
    yellow_inspection_days = _days(_("inspect yellow enterprises every (days)"), DEFAULT_INSPECTION_DAYS["yellow"])
    blue_inspection_days = _days(_("inspect blue enterprises every (days)"), DEFAULT_INSPECTION_DAYS["blue"])
    green_inspection_days = _days(_("inspect green enterprises every (days)"), DEFAULT_INSPECTION_DAYS["green"])
    general_deadline_days = _days(
        _("general hazard: rectify within (working days)"), DEFAULT_DEADLINE_DAYS["general"], 365
    )
    major_deadline_days = _days(_("major hazard: rectify within (working days)"), DEFAULT_DEADLINE_DAYS["major"], 365)
    escalate_head_after_days = models.PositiveSmallIntegerField(
        _("escalate to the safety leaders after (working days overdue)"), default=1
    )
    escalate_leader_after_days = models.PositiveSmallIntegerField(
        _("escalate to the linked leader after (working days overdue)"), default=3
    )
    # The department that supervises safety (安监 / 应急管理): its leaders hear of overdue hazards first.
    safety_department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("safety department")
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")

    def __str__(self) -> str:
        return f"{self.unit}: {self.general_deadline_days}/{self.major_deadline_days}"

    def inspection_days(self, colour: str) -> int:
        return getattr(self, f"{colour}_inspection_days")

    def deadline_days(self, level: str) -> int:
        return getattr(self, f"{level}_deadline_days")

    def star_label(self, stars: int) -> str:
        return self.star_labels.get(str(stars)) or str(DEFAULT_STAR_LABELS[stars])


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProfileQuerySet":
        """Profiles of the enterprises the user can see (an enterprise user: their own)."""
        return self.filter(enterprise__in=Enterprise.objects.visible_to(user))


class SafetyProfile(models.Model):
    """An enterprise's safety record: its hazard categories, responsible person, last inspection, current rating."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.PROTECT, related_name="safety_profile", verbose_name=_("enterprise")
    )
    categories = models.ManyToManyField(
        HazardCategory, blank=True, related_name="profiles", verbose_name=_("hazard categories")
    )
    responsible_person = models.CharField(_("safety responsible person"), max_length=50, blank=True)
    # Personal data: shown masked (138****8000) to roles that do not call enterprises.
    responsible_mobile = models.CharField(_("responsible person's mobile"), max_length=20, blank=True)
    # Kept by the inspections: the date of the latest one.
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True, db_index=True)
    # Kept by rate(): the latest Rating's values.
    stars = models.PositiveSmallIntegerField(_("safety stars"), null=True, blank=True)
    colour = models.CharField(_("risk colour"), max_length=10, choices=SafetyColour.choices, blank=True)
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety profile")
        verbose_name_plural = _("safety profiles")
        indexes = [models.Index(fields=["colour", "last_inspected_on"])]

    def __str__(self) -> str:
        return str(self.enterprise)

    @property
    def unit(self) -> Unit:
        return self.enterprise.unit


class Rating(models.Model):
    """One 五星五色 rating of an enterprise: stars for its own safety management, a colour for its risk.

    Never edited: a new rating is a new row, and the profile shows the latest."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="safety_ratings", verbose_name=_("enterprise")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    stars = models.PositiveSmallIntegerField(_("safety stars"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    colour = models.CharField(_("risk colour"), max_length=10, choices=SafetyColour.choices)
    rated_on = models.DateField(_("rated on"), db_index=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("rated by")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety rating")
        verbose_name_plural = _("safety ratings")
        ordering = ["-rated_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "rated_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="safety_rating_stars_1_to_5"),
            models.CheckConstraint(condition=Q(colour__in=SafetyColour.values), name="safety_rating_known_colour"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.stars}★ {self.colour} {self.rated_on}"


class Inspection(models.Model):
    """A safety inspection of an enterprise on a day: who inspected, what they found, the hazards it recorded."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="safety_inspections", verbose_name=_("enterprise")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    inspected_on = models.DateField(_("inspected on"), db_index=True)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("inspectors"))
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety inspection")
        verbose_name_plural = _("safety inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "inspected_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.inspected_on}"


class Hazard(models.Model):
    """A hazard (隐患) of an enterprise and its closed loop: found → rectifying → submitted → accepted or sent back."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="hazards", verbose_name=_("enterprise")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    # Empty for a hazard that came without an inspection record (an imported ledger).
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("inspection"),
    )
    level = models.CharField(_("level"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    category = models.ForeignKey(
        HazardCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("category"),
    )
    description = models.TextField(_("description"))
    responsible_person = models.CharField(_("responsible person at the enterprise"), max_length=50)
    deadline = models.DateField(_("rectification deadline"), db_index=True)
    state = models.CharField(
        _("state"), max_length=20, choices=HazardState.choices, default=HazardState.FOUND, db_index=True
    )
    # The enterprise's account of the last rectification, and the reason of the last sending back.
    rectification_note = models.TextField(_("rectification"), blank=True)
    reason = models.TextField(_("reason of the last move"), blank=True)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    found_on = models.DateField(_("found on"), db_index=True)
    started_on = models.DateField(_("rectification started on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, db_index=True)
    sent_back_on = models.DateField(_("sent back on"), null=True, blank=True)
    # 0: not escalated; 1: to the safety leaders; 2: to the enterprise's linked leader.
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-found_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "state", "deadline"]),
            models.Index(fields=["enterprise", "state"]),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class HazardMoveQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HazardMoveQuerySet":
        return self.filter(hazard__in=Hazard.objects.visible_to(user))


class HazardMove(models.Model):
    """A hazard's move into a state on a date, written with its Event in the same transaction."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="moves")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=HazardState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=HazardState.choices, db_index=True)
    on = models.DateField(db_index=True)
    reason = models.TextField(blank=True)
    event = models.ForeignKey("orgs.Event", on_delete=models.PROTECT, related_name="+")

    objects = HazardMoveQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["to_state", "on"])]

    def __str__(self) -> str:
        return f"{self.hazard_id} {self.from_state}->{self.to_state} {self.on}"


class HazardPhotoQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HazardPhotoQuerySet":
        return self.filter(hazard__in=Hazard.objects.visible_to(user))


class HazardPhoto(models.Model):
    """A photo given with a hazard's move (the rectification submitted), kept under a random name outside static."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="photos")
    move = models.ForeignKey(HazardMove, on_delete=models.PROTECT, related_name="photos")
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = HazardPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


# The zone's lists and site plan live in their own module; importing it here registers them with the app.
from .models_maps import EnterprisePlacement, ListKind, SavedList, SitePlan  # noqa: E402, F401
