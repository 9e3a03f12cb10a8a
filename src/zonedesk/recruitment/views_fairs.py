"""Staff pages of job fairs: the list, setting one up, and one fair's page with its figures (each linking to the rows
behind it), its participants and the postings they show, and the forms of the organiser's actions."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.common.word import DOCX_MIME
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for

from . import fairs as fair_services
from .access import FAIR_CSS, optional_url, require, require_staff, visible_fair
from .fair_report import export_fair_report
from .filters import fair_filters, filter_query
from .forms import FairForm, ParticipantForm, ReasonForm, ResultsForm, VersionForm
from .models import FairInvitation, JobFair, JobPosting
from .queries import fair_figures, fair_list, participant_list, posting_list
from .states import FairKind, FairStatus, PostingStatus
from .timeline import fair_timeline

# The figures a fair reports, in the articles' order, and where each one's rows are listed.
FIGURES = [
    ("participants", gettext_lazy("Participating enterprises"), "participants"),
    ("positions", gettext_lazy("Positions published"), "postings"),
    ("views", gettext_lazy("Views"), None),
    ("visitors", gettext_lazy("Job seekers"), None),
    ("applications", gettext_lazy("Applications / CVs"), "participants"),
    ("intents", gettext_lazy("Preliminary intents"), "participants"),
    ("hires", gettext_lazy("Hires"), "participants"),
    ("top_salary", gettext_lazy("Top salary (yuan a month)"), "postings"),
]


def _options(choices, chosen) -> list[tuple[str, str, bool]]:
    chosen = {str(c) for c in (chosen if isinstance(chosen, list) else [chosen])}
    return [(str(value), label, str(value) in chosen) for value, label in choices]


def fair_list_page(request):
    require_staff(request)
    user, filters = request.user, fair_filters(request.GET)
    page = paginate(request, fair_list(user, **filters))
    areas = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE, UnitKind.DEPARTMENT])
    period = filters.get("held_in")
    context = {
        "page": page,
        "rows": [{"f": f, "css": FAIR_CSS[f.status]} for f in page.object_list],
        "query": query_without_page(request),
        "options": {
            "status": _options(FairStatus.choices, filters.get("status", [])),
            "kind": _options(FairKind.choices, filters.get("kind", [])),
            "unit": _options([(u.pk, u.name) for u in areas], filters.get("unit", "")),
        },
        "q": filters.get("q", ""),
        "held_from": period[0] if period and period[0].year > 1 else None,
        "held_to": period[1] if period and period[1].year < 9999 else None,
        "can_organise": can(user, "recruitment.fair"),
    }
    return render(request, "recruitment/fairs.html", context)


def organising_units(user):
    """The units where the user may organise a fair: their zones and departments (and regions)."""
    units = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE, UnitKind.DEPARTMENT])
    return units.filter(pk__in=[u.pk for u in units if can(user, "recruitment.fair", u)])


def create(request):
    require_staff(request)
    require(request, "recruitment.fair")
    units = organising_units(request.user)
    home = request.user.home_unit
    initial = {"unit": home.pk} if home is not None and units.filter(pk=home.pk).exists() else {}
    form = FairForm(request.POST or None, units=units, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                fair = fair_services.create_fair(Actor.of(request), form.cleaned_data)
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                messages.success(request, _("The job fair was set up. Add the enterprises taking part."))
                return redirect("recruitment:fair", fair.pk)
    return render(request, "recruitment/fair_new.html", {"form": form}, status=status)


# --- one fair ---------------------------------------------------------------------------------


def _figure_link(fair: JobFair, source: str | None) -> str:
    if source == "postings":
        return f"{reverse('recruitment:postings')}?{filter_query({'fair': fair.pk})}"
    if source == "participants":
        return "#participants"
    return ""


def figures_of(user, fair: JobFair) -> list[dict]:
    """The fair's figures as cards, each with the link to the rows that add up to it."""
    figures = fair_figures(user, fair)
    return [
        {"key": key, "label": label, "value": figures[key]["value"], "link": _figure_link(fair, source)}
        for key, label, source in FIGURES
    ]


def participants_of(user, fair: JobFair) -> list:
    """The fair's participants with the postings they show and, for the organiser's form, each one's open postings."""
    shown = Prefetch("postings", queryset=JobPosting.objects.visible_to(user).order_by("pk"), to_attr="shown")
    rows = list(participant_list(user, fair=fair).prefetch_related(shown).select_related("enterprise"))
    open_by_enterprise = defaultdict(list)
    if rows:
        open_postings = posting_list(user, status=PostingStatus.OPEN, enterprise=[p.enterprise_id for p in rows])
        for posting in open_postings.order_by("pk"):
            open_by_enterprise[posting.enterprise_id].append(posting)
    for p in rows:
        chosen = {s.pk for s in p.shown}
        p.options = [(posting, posting.pk in chosen) for posting in open_by_enterprise[p.enterprise_id]]
        p.positions = sum(s.count for s in p.shown)
    return rows


def fair_forms(fair: JobFair, participants: list, user, data=None, kind: str | None = None) -> dict:
    """The organiser's forms on the fair page (only the `kind` one bound to `data`)."""
    initial = {"version": fair.version}
    taking_part = [p.enterprise_id for p in participants]
    enterprises = Enterprise.objects.visible_to(user).active().exclude(pk__in=taking_part).order_by("name")
    results_initial = {**initial, "views": fair.views, "visitors": fair.visitors}
    return {
        "participant": ParticipantForm(
            data if kind == "participant" else None, enterprises=enterprises, auto_id="participant_%s"
        ),
        "held": VersionForm(data if kind == "held" else None, initial=initial, auto_id="held_%s"),
        "cancel": ReasonForm(data if kind == "cancel" else None, initial=initial, auto_id="cancel_%s"),
        "results": ResultsForm(
            data if kind == "results" else None,
            participants=participants,
            initial=results_initial,
            auto_id="results_%s",
        ),
    }


def render_fair(request, fair: JobFair, *, status: int = 200, bound: dict | None = None):
    user = request.user
    participants = participants_of(user, fair)
    may_organise = can(user, "recruitment.fair", fair.unit)
    forms = fair_forms(fair, participants, user) | (bound or {})
    invitations = FairInvitation.objects.visible_to(user).filter(fair=fair).select_related("demand__enterprise")
    figures = figures_of(user, fair)
    totals = {f["key"]: f["value"] for f in figures}
    context = {
        "f": fair,
        "css": FAIR_CSS[fair.status],
        "figures": figures,
        "totals": totals,
        "participants": participants,
        "may_organise": may_organise and fair.status != FairStatus.CANCELLED,
        "may_hold": may_organise and fair.status == FairStatus.PLANNED,
        "is_due": fair.held_on <= timezone.localdate(),
        "may_record": may_organise and fair.status == FairStatus.HELD,
        "forms": forms,
        "results_table": forms["results"].table(),
        "invitations": [
            {"i": i, "url": optional_url("demands:detail", i.demand_id)} for i in invitations.order_by("pk")
        ],
        "events": fair_timeline(Event.objects.about(fair).select_related("actor")[:50]),
    }
    return render(request, "recruitment/fair.html", context, status=status)


def detail(request, pk: int):
    return render_fair(request, visible_fair(request, pk))


def report(request, pk: int):
    """The fair's report as a Word document, for the staff who see the fair (404 for anyone else)."""
    fair = visible_fair(request, pk)
    name, out = export_fair_report(fair.pk, by=Actor.of(request))
    return FileResponse(out, as_attachment=True, filename=name, content_type=DOCX_MIME)
