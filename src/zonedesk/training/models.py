"""Staff learning (学习型管委会): each staff member's training ledger (培训台账) and the yearly hour targets (学时目标).

A ledger, not an assessment indicator: it records who studied what and for how long, and reads the hours against
the target the zone set for the year.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.models import Membership, Unit
from zonedesk.orgs.permissions import scope_of
from zonedesk.orgs.roles import STAFF_ROLES

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a record or a target may be for


def staff_memberships(person) -> list[Membership]:
    """The person's active staff roles on units not archived, oldest first (the first is where they work)."""
    rows = Membership.objects.active().filter(user=person, role__in=STAFF_ROLES, unit__is_archived=False)
    return list(rows.select_related("unit").order_by("pk"))


class Kind(models.TextChoices):
    THEORY = "theory", _("Theory study")  # 理论学习
    PRACTICE = "practice", _("Practical training")  # 实践锻炼


class TrainingTargetQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TrainingTargetQuerySet":
        """Targets set on the user's units and below (the target that applies to a unit is read up its tree)."""
        return self.filter(unit__in=Unit.objects.visible_to(user))


class TrainingTarget(models.Model):
    """The hours a unit's staff are to study in a year; units below without their own follow the nearest above."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    theory_hours = models.DecimalField(_("theory study hours"), max_digits=6, decimal_places=1)
    practice_hours = models.DecimalField(_("practical training hours"), max_digits=6, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    set_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TrainingTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("training target")
        verbose_name_plural = _("training targets")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="training_target_once_a_year"),
            models.CheckConstraint(
                condition=Q(theory_hours__gte=0) & Q(practice_hours__gte=0), name="training_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.theory_hours} + {self.practice_hours}"


class TrainingRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TrainingRecordQuerySet":
        """A staff member's own records, and the records of the units where they hold training.manage."""
        if not getattr(user, "is_authenticated", False) or not (user.roles & STAFF_ROLES):
            return self.none()
        cond = Q(user=user)
        for path in scope_of(user, "training.manage")[0]:
            cond |= Q(unit__path__startswith=path)
        return self.filter(cond)

    def counted(self) -> "TrainingRecordQuerySet":
        """The records whose hours count (a voided record stays in the ledger but counts nothing)."""
        return self.filter(voided_at__isnull=True)

    def in_year(self, year: int) -> "TrainingRecordQuerySet":
        return self.filter(on__gte=date(year, 1, 1), on__lte=date(year, 12, 31))


class TrainingRecord(models.Model):
    """One session a staff member studied or practised: when, what, how many hours; voided, never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records", verbose_name=_("person")
    )
    # The staff unit the hours count for: the person's unit (department or zone) when the record was made.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    on = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("course or activity"), max_length=200)
    kind = models.CharField(_("kind of study"), max_length=10, choices=Kind.choices)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    organiser = models.CharField(_("organised by"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_reason = models.CharField(_("why voided"), max_length=300, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["unit", "on"]), models.Index(fields=["user", "on"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="training_hours_within_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.title} ({self.hours})"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None
