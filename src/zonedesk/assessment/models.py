"""Assessment (考核): schemes of weighted indicators per period kind, manual items scored by named leaders, and
the score sheets computed for a closed period — frozen once published, recomputed only as a new version."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.models import Unit, UnitScopedQuerySet

USER = settings.AUTH_USER_MODEL
POINTS = {"max_digits": 10, "decimal_places": 2}
VALUE = {"max_digits": 16, "decimal_places": 4}


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class SubjectKind(models.TextChoices):
    OFFICER = "officer", _("Officers")
    DEPARTMENT = "department", _("Departments")
    ZONE = "zone", _("Zones")


class Rule(models.TextChoices):
    LINEAR = "linear", _("Linear to the target")
    CAPPED = "capped", _("Linear, capped above the target")
    PENALTY = "penalty", _("Penalty per item")
    MANUAL = "manual", _("Scored by named leaders")


class Scheme(models.Model):
    """A 考核办法 of a unit: who is scored (officers, departments or zones below it) and how often."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=100)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    subject_kind = models.CharField(_("scored"), max_length=12, choices=SubjectKind.choices)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["unit__path", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="scheme_unique_name_in_unit")]

    def __str__(self) -> str:
        return self.name


class SchemeItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SchemeItemQuerySet":
        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class SchemeItem(models.Model):
    """One indicator of a scheme with its weight (the most points it gives or takes), target and scoring rule."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="items")
    indicator = models.CharField(_("indicator"), max_length=40)  # a key of indicators.CATALOGUE, or "manual"
    label = models.CharField(_("label"), max_length=100)
    weight = models.DecimalField(_("weight (points)"), validators=[MinValueValidator(0)], **POINTS)
    target = models.DecimalField(_("target"), null=True, blank=True, **VALUE)
    rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices)
    # xgettext:no-python-format
    cap_percent = models.PositiveSmallIntegerField(_("cap (% of the weight)"), default=120)
    penalty_per_item = models.DecimalField(_("points off per item"), default=0, **POINTS)
    threshold_wan = models.DecimalField(_("threshold (10k yuan)"), null=True, blank=True, **VALUE)
    scorers = models.ManyToManyField(USER, blank=True, related_name="+", verbose_name=_("scored by"))
    position = models.PositiveSmallIntegerField(default=0)
    is_removed = models.BooleanField(default=False)

    objects = SchemeItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheme indicator")
        verbose_name_plural = _("scheme indicators")
        ordering = ["scheme", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class ManualScore(models.Model):
    """Points a named leader gives one subject on a manual item for one period, with the reason."""

    item = models.ForeignKey(SchemeItem, on_delete=models.PROTECT, related_name="manual_scores")
    period_start = models.DateField()
    subject_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    points = models.DecimalField(_("points"), **POINTS)
    reason = models.TextField(_("reason"))
    scored_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "period_start", "subject_unit", "subject_user"], name="manual_score_once"
            ),
            models.CheckConstraint(
                condition=Q(subject_unit__isnull=True) ^ Q(subject_user__isnull=True), name="manual_score_one_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.period_start}: {self.points}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a later version")


class ScoreSheetQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ScoreSheetQuerySet":
        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class ScoreSheet(models.Model):
    """The scores of one scheme for one closed period, as computed at `computed_at`; frozen once published."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="sheets")
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "period_start", "version"], name="score_sheet_version_once"),
            models.UniqueConstraint(
                fields=["scheme", "period_start"],
                condition=Q(status="published"),
                name="score_sheet_one_published_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period_label} v{self.version}"


class Score(models.Model):
    """One subject's total and rank on a score sheet."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    subject_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_name = models.CharField(max_length=100)
    total = models.DecimalField(**POINTS)
    rank = models.PositiveIntegerField()

    class Meta:
        ordering = ["rank", "subject_name"]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.total}"

    @property
    def subject_key(self) -> tuple[str, int]:
        return ("unit", self.subject_unit_id) if self.subject_unit_id else ("user", self.subject_user_id)


class ScoreLine(models.Model):
    """The points of one indicator for one subject, with the value they came from and the list behind it."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(SchemeItem, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(null=True, blank=True, **VALUE)
    points = models.DecimalField(**POINTS)
    link = models.CharField(max_length=500, blank=True)  # the list of records behind the value
    note = models.CharField(max_length=300, blank=True)  # a manual item's reason

    class Meta:
        ordering = ["item__position", "item_id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.points}"
