"""Visit campaign pages (list, set up, progress) and the enterprises whose latest visit flags a risk."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import paginate, show_rejection
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import staff_in, units_for

from . import services
from .forms import CampaignForm
from .models import Visit, VisitCampaign, VisitStatus
from .queries import campaign_progress, risk_enterprises
from .views import flag_labels, require


def campaign_list(request):
    require(request, "visit.view")
    campaigns = (
        VisitCampaign.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(
            target_count=Count("targets", distinct=True),
            done_count=Count("visits__enterprise", filter=Q(visits__status=VisitStatus.DONE), distinct=True),
        )
        .order_by("-starts_on", "pk")
    )
    context = {"page": paginate(request, campaigns), "can_manage": can(request.user, "campaign.manage")}
    return render(request, "visits/campaigns.html", context)


def _managed_units(user):
    units = units_for(user).exclude(kind=UnitKind.DEPARTMENT)
    return units.filter(pk__in=[u.pk for u in units if can(user, "campaign.manage", u)])


def campaign_create(request):
    require(request, "campaign.manage")
    user = request.user
    enterprises = Enterprise.objects.visible_to(user).active().select_related("unit").order_by("unit__path", "name")
    zones = units_for(user).filter(kind=UnitKind.ZONE)
    q = (request.GET.get("q") or "").strip()
    zone = zones.filter(pk=request.GET["zone"]).first() if request.GET.get("zone", "").isdigit() else None
    offered = enterprises
    if request.method != "POST":  # the filter narrows the list to pick from; a POST checks against the whole scope
        if q:
            offered = offered.filter(Q(name__icontains=q) | Q(name_initials__startswith=q.lower()) | Q(uscc=q))
        if zone is not None:
            offered = offered.filter(unit__path__startswith=zone.path)
    form = CampaignForm(
        request.POST or None, units=_managed_units(user), enterprises=offered, people=staff_in(units_for(user))
    )
    form.fields["targets"].label_from_instance = lambda e: f"{e.name}（{e.unit.name}）"
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(form.service_data(), by=Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
            status = 422
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("The visit campaign is set up."))
            return redirect("visits:campaign", campaign.pk)
    context = {"form": form, "q": q, "zone": zone, "zones": zones}
    return render(request, "visits/campaign_form.html", context, status=status)


def campaign(request, pk: int):
    require(request, "visit.view")
    user = request.user
    row = get_object_or_404(VisitCampaign.objects.visible_to(user).select_related("unit"), pk=pk)
    progress = campaign_progress(user, row)
    planned = {}
    for visit in Visit.objects.visible_to(user).filter(campaign=row, status=VisitStatus.PLANNED).order_by("planned_on"):
        planned.setdefault(visit.enterprise_id, visit)
    targets = []
    for target in row.targets.select_related("enterprise", "officer").order_by("pk"):
        done = progress.findings.get(target.enterprise_id)
        targets.append({"t": target, "done": done, "planned": planned.get(target.enterprise_id)})
    context = {
        "c": row,
        "progress": progress,
        "targets": targets,
        "done": len(progress.visited),
        "total": len(targets),
        "can_record": can(user, "visit.record", row.unit),
    }
    return render(request, "visits/campaign.html", context)


def risks(request):
    require(request, "visit.view")
    user = request.user
    units = units_for(user).exclude(kind__in=[UnitKind.DEPARTMENT, UnitKind.BRANCH])
    chosen = request.GET.get("unit", "")
    unit = units.filter(pk=chosen).first() if chosen.isdigit() else None
    unit = unit or units.first()
    rows = risk_enterprises(user, unit) if unit is not None else []
    context = {
        "units": units,
        "unit": unit,
        "rows": [{"r": r, "flags": flag_labels(r.visit)} for r in rows],
    }
    return render(request, "visits/risks.html", context)
