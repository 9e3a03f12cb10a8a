"""Task forces (专班) of major projects: members, milestones, tasks, element needs, approvals, weekly reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.models import Unit, UnitScopedQuerySet
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Kind

AMOUNT = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class TaskForceChildQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TaskForceChildQuerySet":
        """Rows of task forces in the user's units and below."""
        return self.filter(task_force__unit__in=Unit.objects.visible_to(user))


class DepartmentWorkQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DepartmentWorkQuerySet":
        """Rows of task forces in the user's units, and rows owned by a department the user works in."""
        units = Unit.objects.visible_to(user)
        return self.filter(Q(task_force__unit__in=units) | Q(owner_department__in=units))


class TaskQuerySet(DepartmentWorkQuerySet):
    def visible_to(self, user) -> "TaskQuerySet":
        """Tasks of the user's task forces and departments, and the tasks the user is named owner of."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        units = Unit.objects.visible_to(user)
        return self.filter(Q(task_force__unit__in=units) | Q(owner_department__in=units) | Q(owner=user))


class ProjectKind(models.TextChoices):
    """The kinds of milestone template: an industrial (investment) project's, or a zone facility's."""

    INDUSTRIAL = "industrial", _("Industrial project")
    FACILITY = "facility", _("Zone facility")


def template_kind(project: Project) -> str:
    """The milestone template that fits a project: a zone facility's, or an industrial project's."""
    return ProjectKind.FACILITY if project.kind == Kind.FACILITY else ProjectKind.INDUSTRIAL


class TaskForce(models.Model):
    """The 专班 of one signed or key project: its leader, members and everything it pushes forward."""

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="task_force", verbose_name=_("project")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    leader = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("task force leader"))
    created_on = models.DateField(_("set up on"), default=timezone.localdate)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        ordering = ["-created_on", "pk"]

    def __str__(self) -> str:
        return str(_("Task force of %(project)s") % {"project": self.project})


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    DEPARTMENT_CONTACT = "department_contact", _("Department contact")


class TaskForceMember(models.Model):
    """A person on a task force, with their role and the department they speak for."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )

    objects = TaskForceChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("task force member")
        verbose_name_plural = _("task force members")
        constraints = [models.UniqueConstraint(fields=["task_force", "user"], name="taskforce_member_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class MilestoneTemplate(models.Model):
    """A default milestone for a kind of project, planned a number of days after the task force starts."""

    kind = models.CharField(_("project kind"), max_length=20, choices=ProjectKind.choices)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    offset_days = models.PositiveIntegerField(_("days after the start"), default=0)

    class Meta:
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        ordering = ["kind", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="milestone_template_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name}"


class Milestone(models.Model):
    """A 时间节点: planned and actual date; its status is derived (queries.milestone_status), never stored."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="milestones")
    name = models.CharField(_("name"), max_length=100)
    planned_on = models.DateField(_("planned on"))
    actual_on = models.DateField(_("reached on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TaskForceChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["order", "planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.planned_on:%Y-%m-%d}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """A 责任清单事项: what is to be done, by which department and person, by when."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    owner_department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner department")
    )
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility item")
        verbose_name_plural = _("responsibility list")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title


class TaskNoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TaskNoteQuerySet":
        """Notes on the tasks the user sees."""
        return self.filter(task__in=Task.objects.visible_to(user))


class TaskNote(models.Model):
    """A progress note on a task."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("progress"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = TaskNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class NeedKind(models.TextChoices):
    LAND = "land", _("Land")
    FUNDS = "funds", _("Funds")
    LABOUR = "labour", _("Labour")
    POWER = "power", _("Power")
    WATER = "water", _("Water")
    APPROVAL = "approval", _("Approval")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ElementNeed(models.Model):
    """A 要素保障 need (land, funds, labour …) a department must secure by a deadline."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="element_needs")
    kind = models.CharField(_("kind"), max_length=10, choices=NeedKind.choices)
    description = models.TextField(_("description"))
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    owner_department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner department")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    from_report = models.ForeignKey(
        "WeeklyReport", on_delete=models.PROTECT, null=True, blank=True, related_name="element_needs"
    )

    objects = DepartmentWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("element need")
        verbose_name_plural = _("element needs")
        ordering = ["status", "deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:50]}"


class Approval(models.Model):
    """An 审批事项 with its department and planned and actual spans (parallel approvals overlap)."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="approvals")
    item = models.CharField(_("approval item"), max_length=100)
    department = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    objects = TaskForceChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval item")
        verbose_name_plural = _("approval items")
        ordering = ["planned_start", "pk"]

    def __str__(self) -> str:
        return self.item


class WeeklyReport(models.Model):
    """A 周调度 report of one task force for one ISO week; its investment feeds the project's figure."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="weekly_reports")
    iso_year = models.PositiveSmallIntegerField(_("year"))
    iso_week = models.PositiveSmallIntegerField(_("week"), validators=[MinValueValidator(1), MaxValueValidator(53)])
    progress = models.TextField(_("progress"))
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    investment_this_week_wan = models.DecimalField(_("investment this week (10k yuan)"), default=0, **AMOUNT)
    investment_total_wan = models.DecimalField(_("investment completed in total (10k yuan)"), default=0, **AMOUNT)
    blockers = models.TextField(_("blockers"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # In by the unit's deadline when first submitted (a later correction does not change it): assessment counts it.
    was_on_time = models.BooleanField(_("in on time"), null=True, editable=False)

    objects = TaskForceChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-iso_year", "-iso_week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task_force", "iso_year", "iso_week"], name="weekly_report_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.task_force_id} {self.iso_year}-W{self.iso_week:02d}"


class TaskForceSettings(models.Model):
    """A unit's weekly-report deadline (ISO weekday and hour) and escalation delays in working days."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="+")
    report_weekday = models.PositiveSmallIntegerField(
        _("report weekday"), default=5, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    report_hour = models.PositiveSmallIntegerField(_("report hour"), default=17, validators=[MaxValueValidator(23)])
    escalate_after_days = models.PositiveSmallIntegerField(_("escalate to the task force leader after"), default=2)
    escalate_linked_after_days = models.PositiveSmallIntegerField(_("escalate to the linked leader after"), default=5)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task force settings")
        verbose_name_plural = _("task force settings")

    def __str__(self) -> str:
        return f"{self.unit}: {self.report_weekday} {self.report_hour}:00"
