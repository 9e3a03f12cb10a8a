"""Task-force page forms: they check the input's shape; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm

from .models import MemberRole, NeedKind, ProjectKind

DATE = forms.DateInput(attrs={"type": "date"})


class _Choosing(ZoneForm):
    """A form whose person and department lists are the user's staff and departments."""

    people_fields: tuple[str, ...] = ()
    department_fields: tuple[str, ...] = ()

    def __init__(self, *args, people=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.people_fields:
            self.fields[name].queryset = people
        for name in self.department_fields:
            self.fields[name].queryset = departments


class TaskForceForm(_Choosing):
    people_fields = ("leader",)

    leader = forms.ModelChoiceField(label=_("Task force leader"), queryset=None)


class MemberForm(_Choosing):
    people_fields = ("user",)
    department_fields = ("department",)

    user = forms.ModelChoiceField(label=_("Member"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)


class MilestoneForm(ZoneForm):
    name = forms.CharField(label=_("Milestone"), max_length=100)
    planned_on = forms.DateField(label=_("Planned on"), widget=DATE)


class ActualForm(ZoneForm):
    actual_on = forms.DateField(label=_("Reached on"), widget=DATE)


class TemplateForm(ZoneForm):
    kind = forms.ChoiceField(label=_("Project kind"), choices=ProjectKind.choices)
    start_on = forms.DateField(label=_("Start on"), widget=DATE)


class TaskForm(_Choosing):
    people_fields = ("owner",)
    department_fields = ("owner_department",)

    title = forms.CharField(label=_("Task"), max_length=200)
    owner_department = forms.ModelChoiceField(label=_("Owner department"), queryset=None, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)


class NoteForm(ZoneForm):
    text = forms.CharField(label=_("Progress"), max_length=2000)


class NeedForm(_Choosing):
    department_fields = ("owner_department",)

    kind = forms.ChoiceField(label=_("Kind of need"), choices=NeedKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    quantity = forms.CharField(label=_("Quantity"), max_length=100, required=False)
    owner_department = forms.ModelChoiceField(label=_("Owner department"), queryset=None, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE, required=False)


class BlockerForm(ZoneForm):
    text = forms.CharField(label=_("Blocker"), max_length=2000)
    kind = forms.ChoiceField(label=_("Kind of need"), choices=NeedKind.choices, initial=NeedKind.OTHER)


class ApprovalForm(_Choosing):
    department_fields = ("department",)

    item = forms.CharField(label=_("Approval item"), max_length=100)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE, required=False)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE, required=False)


class ApprovalDatesForm(ZoneForm):
    actual_start = forms.DateField(label=_("Actual start"), widget=DATE, required=False)
    actual_end = forms.DateField(label=_("Actual end"), widget=DATE, required=False)


class WeeklyReportForm(ZoneForm):
    progress = forms.CharField(label=_("Progress this week"), widget=forms.Textarea(attrs={"rows": 3}))
    percent_complete = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100, initial=0)
    investment_this_week_wan = forms.DecimalField(
        label=_("Investment this week (10k yuan)"), min_value=0, decimal_places=2, initial=0
    )
    blockers = forms.CharField(
        label=_("Blockers (one a line)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
