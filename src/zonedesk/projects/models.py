"""Investment projects from lead to full capacity, the zone's own facilities from plan to use, where projects come
from, and what they are measured by."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.common.models import Industry
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit, UnitScopedQuerySet

from .stages import DATE_FIELD, Kind, Stage

AMOUNT = {"max_digits": 16, "decimal_places": 2}
# Fields only one kind of project has: an investor and where it came from, or a builder and an owner department.
INVESTMENT_FIELDS = ("investor_name", "investor_uscc", "enterprise", "industry", "source", "promotion_event")
FACILITY_FIELDS = ("builder", "owner_department")


class Source(models.TextChoices):
    OWN = "own", _("Own contact")
    BRANCH = "branch", _("Investment branch office")
    EVENT = "event", _("Promotion event")
    REFERRAL = "referral", _("Referral from another zone")
    ENTERPRISE = "enterprise", _("Existing enterprise expanding")


class KeyLevel(models.TextChoices):
    NONE = "", _("Not a key project")
    COUNTY = "county", _("County key project")
    CITY = "city", _("City key project")
    PROVINCE = "province", _("Province key project")


class AmountQualifier(models.TextChoices):
    EXACT = "exact", _("exact")
    AT_LEAST = "at_least", _("at least")
    ABOUT = "about", _("about")
    RANGE = "range", _("range")


class PromotionEvent(models.Model):
    """A 招商推介会: where and when it was held, who organised it; the leads it produced link to it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organising unit"))
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=50)
    held_on = models.DateField(_("held on"))
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion event")
        verbose_name_plural = _("promotion events")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.name}"


class ProjectQuerySet(UnitScopedQuerySet):
    def investments(self) -> "ProjectQuerySet":
        """Investment projects only: every investment figure (signed, started, producing, amounts) counts these."""
        return self.filter(kind=Kind.INVESTMENT)

    def facilities(self) -> "ProjectQuerySet":
        """The zone's own construction projects (配套设施)."""
        return self.filter(kind=Kind.FACILITY)


class Project(models.Model):
    """One project, one record: an investment project from the first lead to full capacity, or one of the zone's
    own facilities from plan to use (either may be dropped)."""

    name = models.CharField(_("project name"), max_length=200)
    kind = models.CharField(
        _("kind of project"), max_length=20, choices=Kind.choices, default=Kind.INVESTMENT, db_index=True
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="projects", verbose_name=_("owning unit"))
    investor_name = models.CharField(_("investor"), max_length=200, blank=True)
    investor_uscc = models.CharField(_("investor credit code"), max_length=18, blank=True, db_index=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("local enterprise"),
    )
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("industry")
    )
    description = models.TextField(_("content"), blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD, db_index=True)
    lead_on = models.DateField(_("lead recorded on"), default=timezone.localdate)
    negotiating_on = models.DateField(_("negotiating since"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    started_on = models.DateField(_("construction started on"), null=True, blank=True)
    producing_on = models.DateField(_("producing since"), null=True, blank=True)
    at_capacity_on = models.DateField(_("at full capacity since"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    in_use_on = models.DateField(_("in use since"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    dropped_reason = models.CharField(_("why dropped"), max_length=300, blank=True)
    dropped_from = models.CharField(max_length=20, choices=Stage.choices, blank=True, editable=False)
    # 总投资: the amount as typed, its reading, and its value in 万元 CNY (at the rate shown).
    investment_text = models.CharField(_("total investment as stated"), max_length=60, blank=True)
    investment_currency = models.CharField(_("currency"), max_length=3, default="CNY")
    investment_original = models.DecimalField(_("amount in its currency (10k)"), null=True, blank=True, **AMOUNT)
    investment_qualifier = models.CharField(
        _("amount precision"), max_length=10, choices=AmountQualifier.choices, default=AmountQualifier.EXACT
    )
    total_investment_wan = models.DecimalField(_("total investment (10k yuan)"), null=True, blank=True, **AMOUNT)
    total_investment_upper_wan = models.DecimalField(null=True, blank=True, editable=False, **AMOUNT)
    rate_to_cny = models.DecimalField(_("exchange rate used"), max_digits=12, decimal_places=6, null=True, blank=True)
    rate_on = models.DateField(_("rate dated"), null=True, blank=True)
    # Three figures, never added together: what was signed, what arrived, what was built.
    contracted_investment_wan = models.DecimalField(
        _("contracted investment (10k yuan)"), null=True, blank=True, **AMOUNT
    )
    funds_in_place_wan = models.DecimalField(_("funds in place (10k yuan)"), default=Decimal(0), **AMOUNT)
    investment_completed_wan = models.DecimalField(_("investment completed (10k yuan)"), default=Decimal(0), **AMOUNT)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OWN)
    promotion_event = models.ForeignKey(
        PromotionEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("promotion event"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    key_level = models.CharField(_("key project level"), max_length=10, choices=KeyLevel.choices, blank=True)
    # A facility has no investor: a department of the zone leads it and a builder (建设单位) builds it.
    builder = models.CharField(_("builder"), max_length=200, blank=True)
    owner_department = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner department"),
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    last_moved_at = models.DateTimeField(default=timezone.now, editable=False)
    is_archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-last_moved_at", "pk"]
        constraints = [
            # Counted once: the same investor and project name are one project however often it is signed.
            models.UniqueConstraint(
                fields=["investor_uscc", "name"], condition=~Q(investor_uscc=""), name="project_unique_investor_name"
            )
        ]
        indexes = [models.Index(fields=["unit", "stage"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def stage_date(self, stage: str):
        return getattr(self, DATE_FIELD[stage])

    @property
    def is_facility(self) -> bool:
        return self.kind == Kind.FACILITY


class StageMove(models.Model):
    """A project's move into a stage on a date: the history figures are counted from.

    Written with its Event in the same transaction; a move back cancels the move it undoes (the row
    stays, with the correction's time), so a past period's figure changes only through a visible correction.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="moves")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # the owner at the time
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, db_index=True)
    on = models.DateField(db_index=True)
    investment_wan = models.DecimalField(null=True, blank=True, **AMOUNT)  # the amount the figure counts
    event = models.ForeignKey("orgs.Event", on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey("orgs.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["to_stage", "on"])]

    def __str__(self) -> str:
        return f"{self.project_id} {self.from_stage}->{self.to_stage} {self.on}"


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReferralQuerySet":
        """Referrals sent from or to the user's units: both sides see them."""
        units = Unit.objects.visible_to(user)
        return self.filter(Q(from_unit__in=units) | Q(to_unit__in=units))


class Referral(models.Model):
    """A project offered to a sibling zone (向兄弟区镇引流): offered, then accepted or declined."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="referrals")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    offered_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-offered_at"]
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(status="offered"), name="referral_one_open")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.from_unit} → {self.to_unit}"


class CurrencyRate(models.Model):
    """How many yuan one unit of a foreign currency is worth from a date on (kept by admins)."""

    currency = models.CharField(_("currency"), max_length=3)
    rate_to_cny = models.DecimalField(_("yuan per unit"), max_digits=12, decimal_places=6)
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["currency", "valid_from"], name="rate_unique_day")]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate_to_cny} ({self.valid_from})"


class Metric(models.TextChoices):
    SIGNED_COUNT = "signed_count", _("Projects signed")
    SIGNED_INVESTMENT = "signed_investment", _("Investment signed (10k yuan)")
    SIGNED_OVER_1 = "signed_over_1", _("Signed projects ≥ 1st threshold")
    SIGNED_OVER_2 = "signed_over_2", _("Signed projects ≥ 2nd threshold")
    SIGNED_OVER_3 = "signed_over_3", _("Signed projects ≥ 3rd threshold")
    STARTED_COUNT = "started_count", _("Projects started")
    PRODUCING_COUNT = "producing_count", _("Projects producing")


class Target(models.Model):
    """What a zone, branch office or officer is to achieve in a quarter or a year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)  # 0: the whole year
    metric = models.CharField(_("indicator"), max_length=30, choices=Metric.choices)
    value = models.DecimalField(_("target"), **AMOUNT)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "quarter", "unit", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter", "metric"], condition=Q(officer__isnull=True), name="target_unit"
            ),
            models.UniqueConstraint(fields=["officer", "year", "quarter", "metric"], name="target_officer"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}{f'Q{self.quarter}' if self.quarter else ''} {self.metric}={self.value}"


DEFAULT_THRESHOLDS_WAN = [Decimal(100000), Decimal(50000), Decimal(10000)]  # 10亿, 5亿, 1亿
DEFAULT_STALLED_DAYS = 30


class FigureSettings(models.Model):
    """A region's or zone's thresholds (in 万元, highest first) and when a project counts as stalled."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="+")
    thresholds_wan = models.JSONField(default=list)  # e.g. ["100000", "50000", "10000"]
    stalled_days = models.PositiveSmallIntegerField(default=DEFAULT_STALLED_DAYS)

    class Meta:
        verbose_name = _("figure settings")
        verbose_name_plural = _("figure settings")

    def __str__(self) -> str:
        return f"{self.unit}: {self.thresholds_wan} / {self.stalled_days}d"
