"""The enterprise's own pages (企业端), made for a phone: its demand sheet, a new demand, one demand's
timeline and answers; and the attachment download every page that shows a demand links to."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.orgs.roles import Role

from . import attachments, queries, services
from .forms_portal import AnswerForm, ConfirmForm, DemandForm, ReasonForm
from .models import Demand, DemandCategory
from .states import REOPEN_WITHIN_DAYS, Outcome, Source, State


def enterprise_of(request):
    """The signed-in enterprise user's enterprise; these pages do not exist for anyone else (404)."""
    user = request.user
    if Role.ENTERPRISE not in user.roles or not user.enterprise_id:
        raise Http404
    return user.enterprise


def own_demand(request, pk: int) -> Demand:
    """One of the enterprise's own demands (404 for any other, including demands staff could see)."""
    enterprise_of(request)
    scope = Demand.objects.visible_to(request.user).filter(enterprise_id=request.user.enterprise_id)
    related = ("enterprise", "category", "assigned_department", "handling_unit", "unit")
    return get_object_or_404(scope.select_related(*related), pk=pk)


def home(request):
    """一企一清单: the enterprise's demands, open ones first, and who serves it."""
    enterprise_of(request)
    sheet = queries.enterprise_sheet(request.user, request.user.enterprise_id)
    demands = sheet["demands"]
    context = {
        **sheet,
        "open_count": sheet["figures"]["open"]["value"],
        "awaiting": [d for d in demands if d.state in (State.RESOLVED, State.RETURNED)],
        "today": timezone.localdate(),
        "active": "home",
    }
    return render(request, "demands/portal/home.html", context)


def read_files(form, files) -> list[tuple[str, bytes]] | None:
    """Every uploaded file checked on its content before anything is written; None (errors on the form) if any
    is refused."""
    checked, ok = [], True
    for upload in files:
        data = upload.read(attachments.MAX_BYTES + 1)  # enough to tell it is too big, never more
        try:
            attachments.check_upload(upload.name, data)
        except Rejected as exc:
            form.add_error("files", exc.message)
            ok = False
        checked.append((upload.name, data))
    return checked if ok else None


def attach_all(request, demand: Demand, files: list[tuple[str, bytes]]) -> None:
    by = Actor.of(request)
    for name, data in files:
        attachments.attach(by, demand, name, data)


def new(request):
    """Submit a demand with up to five files; a refused file refuses the whole demand."""
    enterprise = enterprise_of(request)
    unit = enterprise.unit
    usable = [c.pk for c in DemandCategory.objects.select_related("unit") if c.applies_to(unit)]
    form = DemandForm(
        request.POST or None, request.FILES or None, categories=DemandCategory.objects.filter(pk__in=usable)
    )
    status = 200
    if request.method == "POST":
        status = 422
        files = read_files(form, form.files.getlist("files")) if form.is_valid() else None
        if files is not None:
            data = form.cleaned_data
            try:
                demand = services.submit_demand(
                    Actor.of(request),
                    enterprise,
                    category=data["category"],
                    title=data["title"],
                    description=data["description"],
                    source=Source.PORTAL,
                )
                attach_all(request, demand, files)
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                messages.success(request, _("Your demand was submitted. The zone will answer it here."))
                return redirect("portal:detail", demand.pk)
    return render(request, "demands/portal/new.html", {"form": form, "active": "new"}, status=status)


@dataclass
class Step:
    """One line of the demand's timeline, in plain words."""

    on: date
    text: str
    detail: str = ""
    good: bool = False


def _step(verb: str, move, after: dict, demand: Demand) -> Step:
    department = str(move.department) if move.department_id else _("the department")
    outcome = after.get("outcome") or ""
    outcome_label = str(Outcome(outcome).label) if outcome in Outcome.values else ""
    texts = {
        "demand.resubmitted": (_("You sent the information asked for."), ""),
        "demand.accepted": (_("The zone accepted the demand."), ""),
        "demand.returned": (_("The zone asked you for more information."), move.reason),
        "demand.rejected": (_("The zone did not accept the demand."), move.reason),
        "demand.assigned": (
            _("Handed to %(department)s, to be solved by %(deadline)s.")
            % {"department": department, "deadline": after.get("deadline") or "—"},
            "",
        ),
        "demand.transferred": (_("Handed on to %(department)s.") % {"department": department}, move.reason),
        "demand.resolved": (
            _("%(department)s answered: %(outcome)s.") % {"department": department, "outcome": outcome_label},
            after.get("outcome_note", ""),
        ),
        "demand.confirmed": (
            _("You confirmed the answer: %(n)s of 5.") % {"n": after.get("satisfaction", "—")},
            after.get("comment", ""),
        ),
        "demand.auto_confirmed": (_("Confirmed automatically: no answer came within the time allowed."), ""),
        "demand.reopened": (_("You reopened the demand."), move.reason),
    }
    if verb == "demand.submitted":
        mine = demand.source == Source.PORTAL
        text = _("You submitted the demand.") if mine else _("The demand was recorded for you by the zone.")
        return Step(move.on, text)
    text, detail = texts.get(verb, (str(State(move.to_state).label), move.reason))
    return Step(move.on, text, detail, good=verb in ("demand.resolved", "demand.confirmed", "demand.auto_confirmed"))


def timeline(user, demand: Demand) -> list[Step]:
    """The demand's moves with their dates, reasons and answers, and the enterprise's complaints."""
    steps = [
        _step(m.event.verb, m, m.event.after or {}, demand) for m in demand.moves.select_related("event", "department")
    ]
    complaints = Event.objects.visible_to(user).about(demand).filter(verb="demand.dissatisfied").order_by("at", "pk")
    for event in complaints:
        text = _("You said you are not satisfied.")
        steps.append(Step(timezone.localtime(event.at).date(), text, event.after.get("comment", "")))
    return sorted(steps, key=lambda s: s.on)


def can_reopen(demand: Demand, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return demand.state == State.RESOLVED and (today - demand.resolved_on).days <= REOPEN_WITHIN_DAYS


def render_detail(request, demand: Demand, *, status: int = 200, bound: dict | None = None):
    """The demand page with the forms of the enterprise's actions in its state (a bound form keeps its errors)."""
    initial = {"version": demand.version}
    forms = {
        "answer": AnswerForm(initial=initial),
        "confirm": ConfirmForm(initial=initial),
        "reopen": ReasonForm(initial=initial, auto_id="reopen_%s"),
        "dissatisfied": ReasonForm(initial=initial, auto_id="dissatisfied_%s"),
    }
    forms.update(bound or {})
    context = {
        "d": demand,
        "steps": timeline(request.user, demand),
        "files": demand.attachments.all(),
        "forms": forms,
        "can_reopen": can_reopen(demand),
        "can_flag": demand.state in (State.RESOLVED, State.CONFIRMED),
        "stars": range(1, 6),
        "deadline_status": queries.deadline_status(demand),
    }
    return render(request, "demands/portal/detail.html", context, status=status)


def detail(request, pk: int):
    return render_detail(request, own_demand(request, pk))


def attachment(request, pk: int):
    """Download an attachment: for anyone who can see its demand (the enterprise, the zone's staff, the
    department at work), 404 for anyone else."""
    try:
        found = attachments.attachment_for(request.user, pk)
        handle = attachments.path_of(found).open("rb")
    except (ObjectDoesNotExist, FileNotFoundError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=found.original_name, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
