"""The enterprise's own recruitment pages on its phone (企业端 /my/jobs/): its postings (publish, change, record hires,
close) and the job fairs it takes part in with its own results. Anyone else finds nothing here (404)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import paginate, show_rejection
from zonedesk.demands.portal import enterprise_of
from zonedesk.orgs.audit import Actor

from . import services
from .access import FAIR_CSS, POSTING_CSS
from .forms import CloseForm, HiresForm, PostingForm
from .models import FairParticipant, JobFair, JobPosting
from .queries import posting_list
from .states import FairStatus, PostingStatus
from .views_postings import action_forms


def own_postings(request):
    """The enterprise's own postings, open ones first (404 for anyone who is not an enterprise user)."""
    enterprise = enterprise_of(request)
    open_first = Case(When(status=PostingStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = posting_list(request.user, enterprise=enterprise.pk)
    return rows.annotate(open_first=open_first).order_by("open_first", "-published_on", "-pk")


def own_posting(request, pk: int) -> JobPosting:
    return get_object_or_404(own_postings(request), pk=pk)


def own_participations(request):
    """The enterprise's rows at the fairs it takes part in (not cancelled first), with the postings it shows."""
    enterprise = enterprise_of(request)
    shown = Prefetch(
        "postings", queryset=JobPosting.objects.filter(enterprise=enterprise).order_by("pk"), to_attr="shown"
    )
    rows = FairParticipant.objects.visible_to(request.user).filter(enterprise=enterprise)
    return rows.select_related("fair").prefetch_related(shown).order_by("-fair__held_on", "-pk")


def _is_coming(fair: JobFair, today) -> bool:
    return fair.status == FairStatus.PLANNED and fair.held_on >= today


def home(request):
    """招聘岗位: the postings, then the fairs; a big button to publish."""
    postings = own_postings(request)
    page = paginate(request, postings)
    today = timezone.localdate()
    participations = list(own_participations(request)[:20])
    open_rows = [p for p in postings.filter(status=PostingStatus.OPEN).values_list("count", "filled")]
    context = {
        "page": page,
        "rows": [{"p": p, "css": POSTING_CSS[p.status]} for p in page.object_list],
        "open_count": len(open_rows),
        "open_positions": sum(count - filled for count, filled in open_rows),
        "upcoming": [pp for pp in participations if pp.fair.status == FairStatus.PLANNED and pp.fair.held_on >= today],
        "past": [
            pp for pp in participations if not (pp.fair.status == FairStatus.PLANNED and pp.fair.held_on >= today)
        ],
        "fair_css": FAIR_CSS,
    }
    return render(request, "recruitment/portal/home.html", context)


def new(request):
    """Publish a posting of the enterprise."""
    enterprise = enterprise_of(request)
    initial = {}
    last = JobPosting.objects.filter(enterprise=enterprise).order_by("-pk").first()
    if last is not None:  # the contact of the last posting, as it is usually the same person
        initial = {"contact_name": last.contact_name, "contact_mobile": last.contact_mobile}
    form = PostingForm(request.POST or None, versioned=False, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.publish_posting(Actor.of(request), enterprise, form.values())
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                messages.success(request, _("Your posting is published. The zone can show it at its job fairs."))
                return redirect("recruitment_portal:home")
    return render(request, "recruitment/portal/new.html", {"form": form}, status=status)


def render_posting(request, posting: JobPosting, *, status: int = 200, bound: dict | None = None):
    fairs = JobFair.objects.visible_to(request.user).filter(participants__postings=posting).order_by("-held_on")
    context = {
        "p": posting,
        "css": POSTING_CSS[posting.status],
        "is_open": posting.status == PostingStatus.OPEN,
        "forms": action_forms(posting) | (bound or {}),
        "fairs": fairs,
    }
    return render(request, "recruitment/portal/posting.html", context, status=status)


def posting(request, pk: int):
    return render_posting(request, own_posting(request, pk))


def _act(request, pk: int, kind: str, form_class, call, done: str):
    """Validate, call the service, answer on the posting's page: redirect, field errors (422), 403 or 409."""
    posting = own_posting(request, pk)
    options = {"auto_id": f"{kind}_%s"}
    form = form_class(request.POST, **options)
    if form.is_valid():
        try:
            call(posting, form, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            if exc.field in form.fields:
                show_rejection(form, exc)
            else:  # the posting's state: said at the top
                messages.error(request, exc.message)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_posting(request, own_posting(request, pk), status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_posting(request, own_posting(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect("recruitment_portal:posting", pk)
    return render_posting(request, own_posting(request, pk), status=422, bound={kind: form})


@require_POST
def edit(request, pk: int):
    def call(posting, form, by):
        services.update_posting(by, posting, form.values(), version=form.cleaned_data["version"])

    return _act(request, pk, "edit", PostingForm, call, _("Your changes are saved."))


@require_POST
def hires(request, pk: int):
    def call(posting, form, by):
        data = form.cleaned_data
        services.record_hires(by, posting, data["count"], on=data["hired_on"] or None, version=data["version"])

    return _act(request, pk, "hires", HiresForm, call, _("The hires are recorded."))


@require_POST
def close(request, pk: int):
    def call(posting, form, by):
        services.close_posting(by, posting, form.cleaned_data["reason"], version=form.cleaned_data["version"])

    return _act(request, pk, "close", CloseForm, call, _("The posting is closed."))


def fair(request, pk: int):
    """One fair the enterprise takes part in: when and where (or the stream), what it shows, its own results."""
    participation = get_object_or_404(own_participations(request), fair_id=pk)
    context = {
        "pp": participation,
        "f": participation.fair,
        "css": FAIR_CSS[participation.fair.status],
        "positions": sum(p.count for p in participation.shown),
    }
    return render(request, "recruitment/portal/fair.html", context)
