"""Meeting pages: record a meeting held with its attendance (a checkbox and who came for each member), and one
meeting's page with its attendance, the problems raised there and their demands' states, and the forms to raise a
problem and to correct the attendance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.permissions import can

from . import meetings as meeting_services
from .access import DEMAND_CSS, visible_alliance, visible_meeting
from .forms import MeetingForm, ProblemForm, VersionForm, attendance_from
from .models import AllianceMeeting, MeetingProblem
from .pages import answer
from .queries import attendance_of, members_of
from .states import MemberKind


def _attendance_rows(members, data=None, initial: dict | None = None) -> list[dict]:
    """Each member with its checkbox and who came, as posted (or as recorded)."""
    chosen = {str(v) for v in data.getlist("present")} if data is not None else None
    rows = []
    for m in members:
        if data is not None:
            present, attendee = str(m.pk) in chosen, data.get(f"attendee_{m.pk}", "")
        else:
            present, attendee = (initial or {}).get(m.pk, (False, ""))
        rows.append({"m": m, "present": present, "attendee": attendee})
    return rows


def create(request, pk: int):
    """Record a meeting the alliance held, ticking the members who attended."""
    alliance = visible_alliance(request, pk)
    if not can(request.user, "alliance.manage", alliance.unit):
        raise PermissionDenied
    members = [m for m in members_of(alliance) if m.left_on is None and m.joined_on <= timezone.localdate()]
    form = MeetingForm(request.POST or None)

    def page(status: int):
        rows = _attendance_rows(members, request.POST if request.method == "POST" else None)
        return render(request, "alliances/meeting_new.html", {"a": alliance, "form": form, "rows": rows}, status=status)

    if request.method != "POST":
        return page(200)

    def call(data, by):
        return meeting_services.record_meeting(by, alliance, data, attendance=attendance_from(request.POST, members))

    meeting, failed = answer(request, call, form, page)
    if failed is not None:
        return failed
    messages.success(request, _("The meeting was recorded. Record the problems raised there."))
    return redirect(meeting)


def _forms(meeting: AllianceMeeting, data=None, kind: str | None = None) -> dict:
    members = meeting_services.member_choices(meeting).filter(kind=MemberKind.ENTERPRISE)
    categories = DemandCategory.objects.filter(pk__in=[c.pk for c in _categories(meeting)])
    return {
        "problem": ProblemForm(
            data if kind == "problem" else None, members=members, categories=categories, auto_id="problem_%s"
        ),
        "attendance": VersionForm(
            data if kind == "attendance" else None, initial={"version": meeting.version}, auto_id="att_%s"
        ),
    }


def _categories(meeting: AllianceMeeting) -> list[DemandCategory]:
    """The demand categories of the alliance's unit (national ones and those configured at or above it)."""
    unit = meeting.alliance.unit
    rows = DemandCategory.objects.select_related("unit", "parent").order_by("pk")
    return [c for c in rows if c.applies_to(unit)]


def render_meeting(request, meeting: AllianceMeeting, *, status: int = 200, bound: dict | None = None, posted=None):
    user = request.user
    may_manage = can(user, "alliance.manage", meeting.alliance.unit)
    attendance = attendance_of(meeting)
    members = [a.member for a in attendance]
    recorded = {a.member_id: (a.present, a.attendee) for a in attendance}
    raised = list(
        MeetingProblem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("demand__category", "demand__assigned_department", "member__enterprise")
        .order_by("pk")
    )
    for p in raised:
        p.css = DEMAND_CSS[p.demand.state]
    context = {
        "m": meeting,
        "a": meeting.alliance,
        "may_manage": may_manage,
        "may_raise": may_manage and can(user, "demand.submit", meeting.alliance.unit),
        "attendance": attendance,
        "present_count": sum(a.present for a in attendance),
        "rows": _attendance_rows(members, posted, recorded),
        "raised": raised,
        "forms": _forms(meeting) | (bound or {}),
    }
    return render(request, "alliances/meeting.html", context, status=status)


def detail(request, pk: int):
    return render_meeting(request, visible_meeting(request, pk))


@require_POST
def raise_problem(request, pk: int):
    meeting = visible_meeting(request, pk)
    form = _forms(meeting, request.POST, "problem")["problem"]

    def call(data, by):
        values = {k: data[k] for k in ("member", "title", "description", "category")}
        return meeting_services.raise_problem(by, meeting, **values)

    done, failed = answer(
        request, call, form, lambda status: render_meeting(request, meeting, status=status, bound={"problem": form})
    )
    if failed is not None:
        return failed
    messages.success(request, _("The problem is now a demand of %(enterprise)s.") % {"enterprise": done[1].enterprise})
    return redirect(meeting)


@require_POST
def record_attendance(request, pk: int):
    meeting = visible_meeting(request, pk)
    form = _forms(meeting, request.POST, "attendance")["attendance"]
    members = [a.member for a in attendance_of(meeting)]

    def call(data, by):
        attendance = attendance_from(request.POST, members)
        return meeting_services.record_attendance(by, meeting, attendance, version=data["version"])

    def fail(status: int):
        fresh = visible_meeting(request, pk) if status == 409 else meeting
        return render_meeting(request, fresh, status=status, posted=None if status == 409 else request.POST)

    _done, failed = answer(request, call, form, fail)
    if failed is not None:
        return failed
    messages.success(request, _("The attendance was saved."))
    return redirect(meeting)
