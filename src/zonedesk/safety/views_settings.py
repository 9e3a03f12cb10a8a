"""A unit's safety rules (inspection frequency per colour, rectification deadlines, escalation delays, star labels)
and its hazard categories (the "六涉" list and others), for those who configure safety."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for

from . import config
from .forms import CategoryForm, SettingsForm
from .models import HazardCategory
from .states import DEFAULT_STAR_LABELS, STARS
from .views import require
from .views_actions import problems


def _units(request) -> list[Unit]:
    user = request.user
    units = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    found = [u for u in units if can(user, "safety.configure", u)]
    if not found:
        raise Http404
    return found


def _unit(request, units: list[Unit]) -> Unit:
    raw = str(request.GET.get("unit") or "")
    unit = next((u for u in units if str(u.pk) == raw), None) if raw else units[0]
    if unit is None:
        raise Http404
    return unit


def _settings_form(request, unit: Unit, data=None) -> SettingsForm:
    rules = config.safety_settings(unit)
    initial = {field: getattr(rules, field) for field in config.DAY_RULES}
    initial["safety_department"] = rules.safety_department_id
    initial |= {f"star_{s}": rules.star_labels.get(str(s), "") for s in STARS}
    departments = units_for(request.user).filter(kind=UnitKind.DEPARTMENT, path__startswith=unit.path)
    form = SettingsForm(data, initial=initial, departments=departments, auto_id="rules_%s")
    for s in STARS:
        form.fields[f"star_{s}"].widget.attrs["placeholder"] = str(DEFAULT_STAR_LABELS[s])
    return form


def _page_url(unit: Unit) -> str:
    return f"{reverse('safety:settings')}?unit={unit.pk}"


def settings_page(request):
    require(request, "safety.configure")
    units = _units(request)
    unit = _unit(request, units)
    action = request.POST.get("action") if request.method == "POST" else None
    form = _settings_form(request, unit, request.POST if action == "rules" else None)
    category_form = CategoryForm(request.POST if action == "category" else None, auto_id="category_%s")
    bound = {"rules": form, "category": category_form}.get(action or "")
    status = 200
    if bound is not None:
        status = 422
        if bound.is_valid():
            by = Actor.of(request)
            try:
                if action == "rules":
                    config.configure(by, unit, **form.rules())
                else:
                    config.add_category(by, unit, **category_form.cleaned_data)
            except Rejected as exc:
                show_rejection(bound, exc)
            except Forbidden as exc:
                bound.add_error(None, exc.message)
                status = 403
            else:
                done = _("The safety rules were saved.") if action == "rules" else _("The category was added.")
                messages.success(request, done)
                return redirect(_page_url(unit))
        if status == 422:
            messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems(bound)})
    rules = config.safety_settings(unit)
    above = [pk for pk in config.ancestor_ids(unit) if pk != unit.pk]
    context = {
        "units": units,
        "unit": unit,
        "form": form,
        "category_form": category_form,
        "own_rules": rules.pk is not None and rules.unit_id == unit.pk,
        "followed": rules.unit if rules.pk is not None and rules.unit_id != unit.pk else None,
        "categories": HazardCategory.objects.filter(unit=unit).order_by("is_archived", "code", "pk"),
        "inherited": HazardCategory.objects.filter(unit__in=above, is_archived=False).select_related("unit"),
    }
    return render(request, "safety/settings.html", context, status=status)


@require_POST
def archive_category(request, pk: int):
    """Archive a category (it tags nothing new; old tags stay) or bring it back."""
    require(request, "safety.configure")
    units = _units(request)
    category = HazardCategory.objects.select_related("unit").filter(unit__in=units).filter(pk=pk).first()
    if category is None:
        raise Http404
    archived = request.POST.get("archived") == "1"
    config.change_category(Actor.of(request), category, is_archived=archived)
    done = _("The category was archived.") if archived else _("The category is in use again.")
    messages.success(request, done)
    return redirect(_page_url(category.unit))
