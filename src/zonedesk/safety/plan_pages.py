"""Pages of the zone's site plan: the plan with a dot per placed enterprise coloured by risk, open hazards or
industry (?by=), the plan image itself (only through this permission-checked view), and the zone admin's upload and
placing page (choose an enterprise, click on the plan). Another zone's plan is 404; placing without the right, 403."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.demands.attachments import MAX_BYTES
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import plan as plan_services
from .forms_maps import PlaceForm, PlanUploadForm
from .models_maps import SitePlan
from .plan_queries import COLOURINGS, current_plan, dot_size, dots, legend, placeable, plan_for
from .zones import chosen_zone, staff_zones

PLACED_FILL = "#6c757d"


def _colouring(request) -> str:
    by = request.GET.get("by") or "risk"
    return by if by in COLOURINGS else "risk"


def plan_page(request):
    zone, zones = chosen_zone(request.user, request.GET.get("unit"))
    plan = current_plan(request.user, zone)
    by = _colouring(request)
    context = {
        "zone": zone,
        "zones": zones,
        "plan": plan,
        "by": by,
        "colourings": COLOURINGS.items(),
        "dots": dots(request.user, plan, by) if plan else [],
        "legend": legend(request.user, plan, by) if plan else [],
        "may_configure": can(request.user, "safety.configure", zone),
        **dot_size(plan),
    }
    return render(request, "safety_maps/plan.html", context)


def image(request, pk: int):
    """The plan image to whoever sees its zone (404 for anyone else, an enterprise user included)."""
    if not staff_zones(request.user):
        raise Http404
    found = plan_for(request.user, pk)
    path = plan_services.path_of(found)
    if not path.exists():
        raise SitePlan.DoesNotExist
    response = FileResponse(path.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _configurable_zone(request, raw):
    zone, zones = chosen_zone(request.user, raw)
    if not can(request.user, "safety.configure", zone):
        raise Forbidden(_("Only the zone's administrators and leaders place enterprises on the site plan."))
    return zone, zones


def place_page(request):
    zone, zones = _configurable_zone(request, request.GET.get("unit"))
    return _place(request, zone, zones, PlanUploadForm())


def _place(request, zone, zones, upload_form, status: int = 200):
    plan = current_plan(request.user, zone)
    enterprises = list(placeable(request.user, zone))
    selected = str(request.GET.get("selected") or "")
    if not selected.isdigit():  # by default the first enterprise not yet on the plan
        selected = next((str(e.pk) for e in enterprises if e.px is None), "")
    context = {
        "zone": zone,
        "zones": zones,
        "plan": plan,
        "enterprises": enterprises,
        "placed": [e for e in enterprises if e.px is not None],
        "unplaced": sum(1 for e in enterprises if e.px is None),
        "selected": selected,
        "upload_form": upload_form,
        # On the placing page every dot is one neutral colour; the chosen enterprise's stands out (place.js).
        "dots": [{**dot, "fill": PLACED_FILL} for dot in dots(request.user, plan, "risk")] if plan else [],
        **dot_size(plan),
    }
    return render(request, "safety_maps/place.html", context, status=status)


def _back(zone, selected=None) -> str:
    url = f"{reverse('safety_plan:place')}?unit={zone.pk}"
    return f"{url}&selected={selected}" if selected else url


@require_POST
def upload(request):
    zone, zones = _configurable_zone(request, request.POST.get("unit"))
    form = PlanUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # One byte past the limit is enough to refuse it without reading a huge upload whole.
            plan_services.upload_plan(Actor.of(request), zone, upload.name or "", upload.read(MAX_BYTES + 1))
        except Rejected as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("The site plan is uploaded. Click on it to place each enterprise."))
            return redirect(_back(zone))
    return _place(request, zone, zones, form, status=422)


@require_POST
def place(request):
    zone, _zones = _configurable_zone(request, request.POST.get("unit"))
    form = PlaceForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    if request.POST.get("remove"):
        plan_services.remove_placement(Actor.of(request), data["enterprise"])
        messages.success(request, _("The enterprise is taken off the site plan."))
        return redirect(_back(zone, data["enterprise"]))
    try:
        placement = plan_services.place_enterprise(Actor.of(request), data["enterprise"], data["x"], data["y"])
    except Rejected as exc:
        messages.error(request, exc.message)
        return redirect(_back(zone, data["enterprise"]))
    messages.success(request, _("%(name)s is placed on the site plan.") % {"name": placement.enterprise.name})
    return redirect(_back(zone))
