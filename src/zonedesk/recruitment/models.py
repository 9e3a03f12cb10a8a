"""Recruitment (招聘): enterprises' job postings and their hires, job fairs with their participants and results."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit
from zonedesk.orgs.roles import Role

from .states import FairKind, FairStatus, PostingStatus


def _own_enterprise(user) -> int | None:
    """The enterprise whose records an enterprise user reads (None for staff)."""
    return user.enterprise_id if Role.ENTERPRISE in user.roles and user.enterprise_id else None


class JobPostingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobPostingQuerySet":
        """Postings of the user's units and below, and those shown at their units' fairs (the organiser sees what
        its fair shows); an enterprise user sees only their own enterprise's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        units = Unit.objects.visible_to(user)
        shown = FairParticipant.postings.through.objects.filter(fairparticipant__fair__unit__in=units)
        cond = Q(unit__in=units) | Q(pk__in=shown.values("jobposting_id"))
        if own := _own_enterprise(user):
            cond |= Q(enterprise_id=own)
        return self.filter(cond)


class JobPosting(models.Model):
    """A posting (招聘岗位) of one enterprise: a position, how many people, the pay, and whom to call."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="job_postings", verbose_name=_("enterprise")
    )
    # The enterprise's zone when the posting was published: the posting's place in the tenancy tree.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    position = models.CharField(_("position"), max_length=100)
    count = models.PositiveIntegerField(_("number of people wanted"))
    salary_min = models.PositiveIntegerField(_("salary from (yuan a month)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to (yuan a month)"), null=True, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50)
    # Personal data: shown in clear only to roles with enterprise.view_contacts (PIPL), masked in Events.
    contact_mobile = models.CharField(_("contact mobile"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.OPEN, db_index=True
    )
    published_on = models.DateField(_("published on"), db_index=True)
    closes_on = models.DateField(_("applications close on"), null=True, blank=True)
    filled = models.PositiveIntegerField(_("hired"), default=0)
    filled_on = models.DateField(_("filled on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("why closed"), max_length=300, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["enterprise", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="posting_count_positive"),
            models.CheckConstraint(condition=Q(filled__lte=F("count")), name="posting_filled_within_count"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="posting_salary_range_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.position}"

    @property
    def industry(self):
        """The posting's industry is its enterprise's (GB/T 4754-2017)."""
        return self.enterprise.industry

    @property
    def remaining(self) -> int:
        """Positions still to fill (0 once filled or closed)."""
        return self.count - self.filled if self.status == PostingStatus.OPEN else 0


class PostingHireQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PostingHireQuerySet":
        return self.filter(posting__in=JobPosting.objects.visible_to(user))


class PostingHire(models.Model):
    """People hired on a posting on a day: the record behind the posting's `filled` and the hires of a period."""

    posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="hires")
    count = models.PositiveIntegerField(_("people hired"))
    hired_on = models.DateField(_("hired on"), db_index=True)
    event = models.ForeignKey("orgs.Event", on_delete=models.PROTECT, related_name="+")

    objects = PostingHireQuerySet.as_manager()

    class Meta:
        verbose_name = _("hire")
        verbose_name_plural = _("hires")
        ordering = ["hired_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="posting_hire_count_positive")]

    def __str__(self) -> str:
        return f"{self.posting} +{self.count} {self.hired_on}"


class JobFairQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobFairQuerySet":
        """Fairs of the user's units and below; an enterprise user sees the fairs their enterprise takes part in."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        cond = Q(unit__in=Unit.objects.visible_to(user))
        if own := _own_enterprise(user):
            cond |= Q(pk__in=FairParticipant.objects.filter(enterprise_id=own).values("fair_id"))
        return self.filter(cond)


class JobFair(models.Model):
    """A job fair (招聘会), on site or live-streamed (直播), and the results it reports once held."""

    # The organising unit (a zone or a department), or for an alliance's fair the unit that records it.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organising unit"))
    # An industry-chain or party-building alliance (产业链联盟) that runs the fair, named as it calls itself.
    alliance = models.CharField(_("organised by alliance"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("on site or live-streamed"), max_length=10, choices=FairKind.choices)
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    stream_url = models.CharField(_("stream address"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FairStatus.choices, default=FairStatus.PLANNED, db_index=True
    )
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    # Results of the whole fair (the rest add up from the participants' rows): 点击量 and 到场/求职人数.
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    visitors = models.PositiveIntegerField(_("job seekers"), null=True, blank=True)
    results_recorded_on = models.DateField(_("results recorded on"), null=True, blank=True)
    enterprises = models.ManyToManyField(
        Enterprise, through="FairParticipant", related_name="job_fairs", verbose_name=_("participants")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = JobFairQuerySet.as_manager()

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status", "held_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def organiser(self) -> str:
        """Who runs the fair, as the report names it."""
        return self.alliance or str(self.unit)


class FairParticipantQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FairParticipantQuerySet":
        """Participants of the fairs of the user's units; an enterprise user sees only their own row."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        cond = Q(fair__unit__in=Unit.objects.visible_to(user))
        if own := _own_enterprise(user):
            cond |= Q(enterprise_id=own)
        return self.filter(cond)


class FairParticipant(models.Model):
    """One enterprise at one fair: the postings it shows there and its own results (the fair's totals add these)."""

    fair = models.ForeignKey(JobFair, on_delete=models.PROTECT, related_name="participants")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise"))
    postings = models.ManyToManyField(
        JobPosting, related_name="fair_participations", blank=True, verbose_name=_("postings shown")
    )
    # 简历 / 报名: applications or CVs the enterprise received; None until the results are recorded.
    applications = models.PositiveIntegerField(_("applications received"), null=True, blank=True)
    intents = models.PositiveIntegerField(_("preliminary intents"), null=True, blank=True)
    hires = models.PositiveIntegerField(_("hires"), null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FairParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("fair participant")
        verbose_name_plural = _("fair participants")
        ordering = ["fair", "pk"]
        constraints = [models.UniqueConstraint(fields=["fair", "enterprise"], name="fair_participant_once")]

    def __str__(self) -> str:
        return f"{self.fair} · {self.enterprise}"


class FairInvitationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FairInvitationQuerySet":
        return self.filter(fair__in=JobFair.objects.visible_to(user))


class FairInvitation(models.Model):
    """A labour demand (用工诉求) answered by inviting its enterprise to a fair: the link between the two."""

    demand = models.ForeignKey("demands.Demand", on_delete=models.PROTECT, related_name="fair_invitations")
    fair = models.ForeignKey(JobFair, on_delete=models.PROTECT, related_name="invitations")
    participant = models.ForeignKey(FairParticipant, on_delete=models.PROTECT, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    event = models.ForeignKey("orgs.Event", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FairInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("fair invitation")
        verbose_name_plural = _("fair invitations")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["demand", "fair"], name="fair_invitation_once")]

    def __str__(self) -> str:
        return f"{self.demand} → {self.fair}"
