"""Demands (诉求): the categories each region configures, the demand itself and its history of moves."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit, UnitScopedQuerySet
from zonedesk.orgs.roles import Role

from .states import Level, Outcome, Source, State


class DemandCategory(models.Model):
    """A node of a region's category tree; unit NULL is the national default every region starts from."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name = models.CharField(_("name"), max_length=50)
    default_deadline_days = models.PositiveSmallIntegerField(_("default deadline (working days)"), default=10)

    class Meta:
        verbose_name = _("demand category")
        verbose_name_plural = _("demand categories")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, unit: Unit) -> bool:
        """Whether the category may tag a demand of `unit` (national, or configured above or at it)."""
        return self.unit_id is None or unit.path.startswith(self.unit.path)


class DemandQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DemandQuerySet":
        """Demands of the user's units and below, those assigned to the user's departments,
        and for an enterprise user only their own enterprise's demands."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        units = Unit.objects.visible_to(user)
        cond = Q(unit__in=units) | Q(assigned_department__in=units)
        if Role.ENTERPRISE in user.roles and user.enterprise_id:
            cond |= Q(enterprise_id=user.enterprise_id)
        return self.filter(cond)


class Demand(models.Model):
    """One demand of one enterprise, from submission to the enterprise's confirmation (闭环)."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="demands", verbose_name=_("enterprise")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="demands", verbose_name=_("zone"))
    category = models.ForeignKey(
        DemandCategory, on_delete=models.PROTECT, related_name="demands", verbose_name=_("category")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.PORTAL)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.ZONE)
    # Where the demand is worked: the zone, or the county / city it was handed up to (routing by level).
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="handled_demands", verbose_name=_("handled by")
    )
    visit = models.ForeignKey(
        "visits.Visit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("raised at visit"),
    )
    # The industrial chain a demand concerns (raised at an alliance meeting, or a problem of the whole chain).
    chain = models.ForeignKey(
        "chains.Chain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("industrial chain"),
    )
    # The 12345 hotline's ticket number (工单号) or another channel's own reference: one demand per reference.
    reference = models.CharField(_("reference (hotline ticket)"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    submitted_by = models.ForeignKey(
        "orgs.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("submitted by")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True)
    reason = models.TextField(_("reason of the last move"), blank=True)
    assigned_department = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_demands",
        verbose_name=_("assigned department"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    confirmed_auto = models.BooleanField(_("confirmed automatically"), default=False)
    # "Dissatisfied" never disappears: a low score or a later complaint flags the demand for follow-up.
    is_dissatisfied = models.BooleanField(_("enterprise dissatisfied"), default=False, db_index=True)
    # 0: not escalated; 1: to the department head; 2: to the enterprise's linked leader.
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["assigned_department", "state", "deadline"]),
            models.Index(fields=["enterprise", "state"]),
            models.Index(fields=["unit", "submitted_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"], condition=~Q(reference=""), name="demand_reference_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("demands:detail", args=[self.pk])


class DemandMoveQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DemandMoveQuerySet":
        return self.filter(demand__in=Demand.objects.visible_to(user))


class DemandMove(models.Model):
    """A demand's move into a state on a date, written with its Event in the same transaction."""

    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="moves")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, db_index=True)
    on = models.DateField(db_index=True)
    department = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)
    event = models.ForeignKey("orgs.Event", on_delete=models.PROTECT, related_name="+")

    objects = DemandMoveQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["to_state", "on"])]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.from_state}->{self.to_state} {self.on}"


class DemandSettings(models.Model):
    """A unit's demand rules: when an unanswered resolution is auto-confirmed, when overdue demands escalate."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="+")
    auto_confirm_days = models.PositiveSmallIntegerField(
        _("auto-confirm after (working days)"), default=7, validators=[MinValueValidator(1)]
    )
    escalate_head_after_days = models.PositiveSmallIntegerField(
        _("escalate to the department head after (working days overdue)"), default=1
    )
    escalate_leader_after_days = models.PositiveSmallIntegerField(
        _("escalate to the linked leader after (working days overdue)"), default=3
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("demand settings")
        verbose_name_plural = _("demand settings")

    def __str__(self) -> str:
        return (
            f"{self.unit}: {self.auto_confirm_days}/{self.escalate_head_after_days}/{self.escalate_leader_after_days}"
        )


class CategoryDeadline(models.Model):
    """A zone's own deadline for a category, overriding the category's default (限期, in working days)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    category = models.ForeignKey(DemandCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category"))
    days = models.PositiveSmallIntegerField(_("deadline (working days)"), validators=[MinValueValidator(1)])

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("category deadline")
        verbose_name_plural = _("category deadlines")
        constraints = [models.UniqueConstraint(fields=["unit", "category"], name="category_deadline_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.category}: {self.days}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttachmentQuerySet":
        return self.filter(demand__in=Demand.objects.visible_to(user))


class DemandAttachment(models.Model):
    """A file given with a demand (or its answer), kept under a random name outside the static folder."""

    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="attachments")
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("orgs.User", on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
