"""Recording an inspection with the hazards it found (one form, all or nothing), and the inspections due."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import paginate, show_rejection
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.queries import staff_in

from . import services
from .config import ancestor_ids, safety_settings
from .due import due_rows
from .forms import HazardRowForm, HazardRows, InspectionForm
from .models import SafetyProfile
from .queries import inspections_due
from .views import require
from .views_enterprise import categories_for


def inspectors_for(enterprise: Enterprise):
    """Staff who may inspect the enterprise: those of its zone and the units above it."""
    return staff_in(Unit.objects.filter(pk__in=ancestor_ids(enterprise.unit)))


def _chooser(request):
    """No enterprise named: choose one (the page is usually opened from an enterprise or the due list)."""
    enterprises = Enterprise.objects.visible_to(request.user).active().order_by("name")
    return render(request, "safety/inspection_choose.html", {"enterprises": enterprises})


def _filled(rows) -> list[tuple[int, HazardRowForm]]:
    """(row number as shown, form) of the hazard rows the inspector filled in."""
    return [(n, form) for n, form in enumerate(rows.forms, start=1) if form.has_changed()]


def _row_values(form: HazardRowForm) -> dict:
    data = form.cleaned_data
    return {
        "level": data["level"],
        "category": data["category"],
        "description": data["description"],
        "responsible_person": data["responsible_person"],
        "deadline": data["deadline"],
    }


def _show_row_errors(request, form, filled, exc: Rejected) -> None:
    """Put the service's rejection on its row's field (named "hazard N" as shown), or on the inspection form."""
    for error in exc.errors:
        if "row" not in error:
            show_rejection(form, Rejected(error.get("field", ""), error["message"]))
            continue
        number, row = filled[error["row"] - 1]
        field = error.get("field")
        row.add_error(field if field in row.fields else None, error["message"])
        label = row.fields[field].label if field in row.fields else ""
        messages.error(
            request,
            _("Hazard %(n)d: %(field)s %(message)s")
            % {"n": number, "field": f"{label}:" if label else "", "message": error["message"]},
        )


def new(request):
    raw = str(request.GET.get("enterprise") or "")
    if not raw.isdigit():
        require(request, "safety.inspect")
        return _chooser(request)
    require(request)
    enterprises = Enterprise.objects.visible_to(request.user).select_related("unit")
    enterprise = get_object_or_404(enterprises, pk=int(raw))
    require(request, "safety.inspect", enterprise.unit)
    categories = categories_for(request.user, enterprise)
    form = InspectionForm(
        request.POST or None,
        inspectors=inspectors_for(enterprise),
        initial={"inspectors": [request.user.pk]},
        auto_id="inspection_%s",
    )
    profile = SafetyProfile.objects.filter(enterprise=enterprise).first()
    default_person = profile.responsible_person if profile else ""
    kwargs = {"categories": categories, "default_person": default_person}
    rows = HazardRows(request.POST or None, prefix="hazards", form_kwargs=kwargs)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and rows.is_valid():
            filled = _filled(rows)
            data = form.cleaned_data
            try:
                inspection = services.record_inspection(
                    Actor.of(request),
                    enterprise,
                    findings=data["findings"],
                    inspected_on=data["inspected_on"],
                    inspectors=list(data["inspectors"]),
                    hazards=[_row_values(row) for _n, row in filled],
                )
            except Rejected as exc:
                _show_row_errors(request, form, filled, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                count = inspection.hazards.count()
                messages.success(
                    request,
                    ngettext(
                        "The inspection was recorded with %(n)d hazard.",
                        "The inspection was recorded with %(n)d hazards.",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("safety:enterprise", enterprise.pk)
        else:
            messages.error(request, _("Nothing was recorded: correct the fields marked below."))
    context = {
        "e": enterprise,
        "form": form,
        "rows": rows,
        "rules": safety_settings(enterprise.unit),
        "default_person": default_person,
    }
    return render(request, "safety/inspection_new.html", context, status=status)


def due_page(request):
    require(request, "safety.inspect")
    today = timezone.localdate()
    page = paginate(request, inspections_due(request.user, today))
    return render(request, "safety/due.html", {"page": page, "rows": due_rows(page.object_list, today), "query": ""})
