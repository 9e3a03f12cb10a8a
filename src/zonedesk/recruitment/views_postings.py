"""Staff pages of job postings: the list with its filter and Excel export, publishing for an enterprise (the service
officer on its behalf), and one posting's page with its actions (change, record hires, close)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.models import Industry
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for
from zonedesk.orgs.timeline import describe

from . import services
from .access import POSTING_CSS, is_staff, optional_url, problems, require, require_staff, visible_posting
from .exporting import export_postings
from .filters import filter_query, posting_filters
from .forms import CloseForm, HiresForm, PostingForm
from .models import JobFair, JobPosting
from .queries import posting_list, with_shown_mobiles
from .states import PostingStatus

# Filters a figure's link sets that the filter form does not show: kept when the form is sent again.
KEPT = ("fair", "open_on", "hired_in", "no_industry")


def _options(choices, chosen) -> list[tuple[str, str, bool]]:
    chosen = {str(c) for c in (chosen if isinstance(chosen, list) else [chosen])}
    return [(str(value), label, str(value) in chosen) for value, label in choices]


def _notes(user, filters: dict) -> list[dict]:
    """The filters the form does not show (a figure's link set them), each with the link that drops it."""
    notes = []
    if filters.get("fair"):
        fairs = JobFair.objects.visible_to(user).filter(pk__in=_list(filters["fair"]))
        notes.append(("fair", _("Shown at %(fair)s") % {"fair": "、".join(f.name for f in fairs) or "—"}))
    if filters.get("open_on"):
        notes.append(("open_on", _("Recruiting on %(day)s") % {"day": f"{filters['open_on']:%Y-%m-%d}"}))
    if filters.get("hired_in"):
        first, last = filters["hired_in"]
        notes.append(("hired_in", _("With hires from %(first)s to %(last)s") % {"first": first, "last": last}))
    if filters.get("no_industry"):
        notes.append(("no_industry", _("Industry not recorded")))
    return [
        {"label": label, "drop": filter_query({k: v for k, v in filters.items() if k != key})} for key, label in notes
    ]


def _list(value) -> list:
    return value if isinstance(value, list) else [value]


def posting_list_page(request):
    require_staff(request)
    user, filters = request.user, posting_filters(request.GET)
    page = paginate(request, posting_list(user, **filters))
    shown = JobPosting.objects.visible_to(user)
    enterprises = Enterprise.objects.filter(pk__in=shown.values("enterprise")).order_by("name")
    industries = Industry.objects.filter(code__in=shown.values("enterprise__industry")).order_by("code")
    areas = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    period = filters.get("published_in")
    kept = {k: filters[k] for k in KEPT if k in filters}
    context = {
        "page": page,
        "rows": [{"p": p, "css": POSTING_CSS[p.status]} for p in page.object_list],
        "query": query_without_page(request),
        "options": {
            "status": _options(PostingStatus.choices, filters.get("status", [])),
            "enterprise": _options([(e.pk, e.name) for e in enterprises], filters.get("enterprise", [])),
            "industry": _options([(i.code, str(i)) for i in industries], filters.get("industry", "")),
            "unit": _options([(u.pk, u.name) for u in areas], filters.get("unit", "")),
        },
        "q": filters.get("q", ""),
        "period_from": period[0] if period and period[0].year > 1 else None,
        "period_to": period[1] if period and period[1].year < 9999 else None,
        "kept_fields": [(name, value) for name, values in QueryDict(filter_query(kept)).lists() for value in values],
        "notes": _notes(user, filters),
        "open_on": filters.get("open_on"),
        "hired_in": filters.get("hired_in"),
        "export_url": f"{reverse('recruitment:export')}?{filter_query(filters)}",
        "can_post": can(user, "recruitment.post"),
    }
    return render(request, "recruitment/postings.html", context)


def export(request):
    require_staff(request)
    out = export_postings(posting_filters(request.GET), by=Actor.of(request))
    name = f"招聘岗位_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def create(request):
    """Publish a posting for an enterprise of the officer's zone (开发区代企业发布)."""
    require_staff(request)
    require(request, "recruitment.post")
    enterprises = Enterprise.objects.visible_to(request.user).active().select_related("unit").order_by("name")
    chosen = request.GET.get("enterprise", "")
    initial = {"enterprise": chosen} if str(chosen).isdigit() else {}
    form = PostingForm(request.POST or None, versioned=False, enterprises=enterprises, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                posting = services.publish_posting(Actor.of(request), form.cleaned_data["enterprise"], form.values())
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                messages.success(request, _("The posting was published."))
                return redirect("recruitment:posting", posting.pk)
    return render(request, "recruitment/posting_new.html", {"form": form}, status=status)


# --- one posting ------------------------------------------------------------------------------


def action_forms(posting: JobPosting, data=None, kind: str | None = None) -> dict:
    """The posting's action forms (only the `kind` one bound to `data`)."""
    initial = {"version": posting.version}
    fields = {name: getattr(posting, name) for name in services.EDITABLE}
    fields["closes_on"] = f"{posting.closes_on:%Y-%m-%d}" if posting.closes_on else ""
    return {
        "edit": PostingForm(data if kind == "edit" else None, initial={**initial, **fields}, auto_id="edit_%s"),
        "hires": HiresForm(data if kind == "hires" else None, initial=initial, auto_id="hires_%s"),
        "close": CloseForm(data if kind == "close" else None, initial=initial, auto_id="close_%s"),
    }


def render_detail(request, posting: JobPosting, *, status: int = 200, bound: dict | None = None):
    user = request.user
    may_act = posting.status == PostingStatus.OPEN and can(
        user, "recruitment.post", posting.unit, enterprise_id=posting.enterprise_id
    )
    forms = action_forms(posting) | (bound or {})
    context = {
        "p": with_shown_mobiles(user, [posting])[0],
        "css": POSTING_CSS[posting.status],
        "may_act": may_act,
        "forms": forms,
        "hires": posting.hires.order_by("hired_on", "pk"),
        "fairs": JobFair.objects.visible_to(user).filter(participants__postings=posting).order_by("-held_on"),
        "enterprise_url": optional_url("enterprises:detail", posting.enterprise_id),
        "events": describe(Event.objects.about(posting).select_related("actor")[:50]),
    }
    return render(request, "recruitment/posting.html", context, status=status)


def detail(request, pk: int):
    user = request.user
    own = JobPosting.objects.visible_to(user).filter(pk=pk, enterprise_id=user.enterprise_id)
    if not is_staff(user) and own.exists():  # an enterprise user following a link to its own posting
        return redirect("recruitment_portal:posting", pk)
    return render_detail(request, visible_posting(request, pk))


def _act(request, pk: int, kind: str, call, done: str):
    """Validate the action's form, call the service, answer on the posting's page (field errors 422, 403, 409)."""
    posting = visible_posting(request, pk)
    form = action_forms(posting, request.POST, kind)[kind]
    status = 422
    if form.is_valid():
        try:
            call(posting, form, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_detail(request, posting, status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_detail(request, visible_posting(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect("recruitment:posting", pk)
    if "version" in form.errors:
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
    else:
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems(form)})
    return render_detail(request, posting, status=status, bound={kind: form})


@require_POST
def edit(request, pk: int):
    def call(posting, form, by):
        services.update_posting(by, posting, form.values(), version=form.cleaned_data["version"])

    return _act(request, pk, "edit", call, _("The posting was saved."))


@require_POST
def hires(request, pk: int):
    def call(posting, form, by):
        data = form.cleaned_data
        services.record_hires(by, posting, data["count"], on=data["hired_on"] or None, version=data["version"])

    return _act(request, pk, "hires", call, _("The hires were recorded."))


@require_POST
def close(request, pk: int):
    def call(posting, form, by):
        services.close_posting(by, posting, form.cleaned_data["reason"], version=form.cleaned_data["version"])

    return _act(request, pk, "close", call, _("The posting was closed."))
