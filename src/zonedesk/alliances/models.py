"""Alliances (产业链联盟, 联合党委, 商会): their members, meetings with attendance, the problems raised there (demands
of the one pool), supplier-buyer matchings, and the chain-wide problems that several members share."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.demands.models import Demand
from zonedesk.demands.states import Outcome
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit, scope_paths

from .states import AllianceKind, MatchingOutcome, MeetingKind, MemberKind, MemberRole, ProblemState


class AllianceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AllianceQuerySet":
        """Alliances of the user's units and below, and those with a current member in the user's units (a zone
        reads the city's alliance its enterprises belong to). Staff only: an enterprise user sees none."""
        if not scope_paths(user):
            return self.none()
        units = Unit.objects.visible_to(user)
        members = AllianceMember.objects.filter(left_on__isnull=True).filter(
            Q(enterprise__unit__in=units) | Q(department__in=units)
        )
        return self.filter(Q(unit__in=units) | Q(pk__in=members.values("alliance_id")))


class Alliance(models.Model):
    """An industrial chain alliance (产业链党建联盟), joint party committee (联合党委) or chamber of commerce (商会)."""

    # The unit that keeps the alliance's records (a city, county or zone); its staff manage it.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    chain = models.ForeignKey(
        "chains.Chain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alliances",
        verbose_name=_("industrial chain"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of alliance"), max_length=30, choices=AllianceKind.choices)
    # 牵头单位 as the alliance names it (e.g. 宿迁市发改委): it may be a body outside ZoneDesk's units.
    lead = models.CharField(_("lead unit"), max_length=100, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AllianceQuerySet.as_manager()

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["unit", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="alliance_name_unique_in_unit")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliances:detail", args=[self.pk])


class AllianceMemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AllianceMemberQuerySet":
        return self.filter(alliance__in=Alliance.objects.visible_to(user))

    def current(self, on=None) -> "AllianceMemberQuerySet":
        """Members on `on` (today by default): joined by then and not yet left."""
        day = on or timezone.localdate()
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


class AllianceMember(models.Model):
    """A member of an alliance: an enterprise, a department (a Unit) or an association named as it calls itself."""

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="members")
    kind = models.CharField(_("kind of member"), max_length=20, choices=MemberKind.choices)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("enterprise")
    )
    department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    # The association's name (an enterprise or department member is named by its record).
    name = models.CharField(_("association"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AllianceMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        ordering = ["alliance", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "enterprise"],
                condition=Q(enterprise__isnull=False, left_on__isnull=True),
                name="alliance_enterprise_once",
            ),
            models.UniqueConstraint(
                fields=["alliance", "department"],
                condition=Q(department__isnull=False, left_on__isnull=True),
                name="alliance_department_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=MemberKind.ENTERPRISE, enterprise__isnull=False, department__isnull=True)
                    | Q(kind=MemberKind.DEPARTMENT, department__isnull=False, enterprise__isnull=True)
                    | (Q(kind=MemberKind.ASSOCIATION, enterprise__isnull=True, department__isnull=True) & ~Q(name=""))
                ),
                name="alliance_member_kind_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == MemberKind.ENTERPRISE:
            return self.enterprise.name
        if self.kind == MemberKind.DEPARTMENT:
            return self.department.name
        return self.name


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MeetingQuerySet":
        return self.filter(alliance__in=Alliance.objects.visible_to(user))


class AllianceMeeting(models.Model):
    """A meeting of an alliance: a joint meeting (联席会议) or a matchmaking meeting of its enterprises (对接会)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("alliance meeting")
        verbose_name_plural = _("alliance meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("alliances:meeting", args=[self.pk])


class MeetingAttendance(models.Model):
    """Whether a member was at a meeting, and who came for it."""

    meeting = models.ForeignKey(AllianceMeeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(AllianceMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    present = models.BooleanField(_("present"), default=False)
    attendee = models.CharField(_("attended by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meeting_attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.member} · {self.present}"


class MeetingProblemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MeetingProblemQuerySet":
        """Problems of meetings the user sees whose demands the user sees too (a zone reading a city alliance sees
        the problems of its own enterprises)."""
        return self.filter(meeting__in=AllianceMeeting.objects.visible_to(user)).filter(
            demand__in=Demand.objects.visible_to(user)
        )


class MeetingProblem(models.Model):
    """A problem a member raised at a meeting: a demand of the one pool, tagged with the alliance's chain."""

    meeting = models.ForeignKey(
        AllianceMeeting, on_delete=models.PROTECT, related_name="problems", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        AllianceMember, on_delete=models.PROTECT, related_name="problems", verbose_name=_("raised by")
    )
    demand = models.OneToOneField(
        Demand, on_delete=models.PROTECT, related_name="meeting_problem", verbose_name=_("demand")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem raised at a meeting")
        verbose_name_plural = _("problems raised at meetings")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.demand}"


class MatchingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MatchingQuerySet":
        return self.filter(alliance__in=Alliance.objects.visible_to(user))


class Matching(models.Model):
    """A supplier-buyer introduction between two member enterprises (上下游、产供销对接) and its outcome."""

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="matchings")
    supplier = models.ForeignKey(AllianceMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("supplier"))
    buyer = models.ForeignKey(AllianceMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("buyer"))
    product = models.CharField(_("product or service"), max_length=200)
    introduced_on = models.DateField(_("introduced on"), db_index=True)
    outcome = models.CharField(
        _("outcome of the matching"),
        max_length=10,
        choices=MatchingOutcome.choices,
        default=MatchingOutcome.PENDING,
        db_index=True,
    )
    amount_wan = models.DecimalField(
        _("contract amount (万元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MatchingQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching")
        verbose_name_plural = _("matchings")
        ordering = ["-introduced_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(supplier=models.F("buyer")), name="matching_two_members"),
            models.CheckConstraint(
                condition=Q(amount_wan__isnull=True) | Q(amount_wan__gt=0), name="matching_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.buyer} · {self.product}"


class ChainProblemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ChainProblemQuerySet":
        """Chain problems of the user's units and below, and those holding a demand the user sees (the zone of an
        enterprise that raised it, the department working it)."""
        if not scope_paths(user):
            return self.none()
        linked = ChainProblemDemand.objects.filter(demand__in=Demand.objects.visible_to(user))
        return self.filter(Q(unit__in=Unit.objects.visible_to(user)) | Q(pk__in=linked.values("problem_id")))


class ChainProblem(models.Model):
    """A problem several members of a chain share (e.g. 光伏玻璃就近配套供应不足), handled once by the chain's task
    force: its members' demands are worked and answered together."""

    chain = models.ForeignKey(
        "chains.Chain", on_delete=models.PROTECT, related_name="problems", verbose_name=_("industrial chain")
    )
    # The chain's unit: its staff run the task force.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("task-force lead")
    )
    # 牵头部门: the department every linked demand is assigned to; `departments` are the others working with it.
    lead_department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead department")
    )
    departments = models.ManyToManyField(
        Unit, related_name="+", blank=True, verbose_name=_("departments working with it")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ProblemState.choices, default=ProblemState.OPEN, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChainProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("chain-wide problem")
        verbose_name_plural = _("chain-wide problems")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("alliances:problem", args=[self.pk])


class ChainProblemDemand(models.Model):
    """A demand handled as part of a chain problem (a demand is in one chain problem at most)."""

    problem = models.ForeignKey(ChainProblem, on_delete=models.PROTECT, related_name="links")
    demand = models.OneToOneField(Demand, on_delete=models.PROTECT, related_name="chain_problem_link")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("demand of a chain problem")
        verbose_name_plural = _("demands of chain problems")
        ordering = ["problem", "pk"]

    def __str__(self) -> str:
        return f"{self.problem} · {self.demand}"
