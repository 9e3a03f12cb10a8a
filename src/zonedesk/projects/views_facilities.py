"""The zone's own construction projects (配套设施): their list, the "new facility project" page and its edit page.

A facility's page is the project page (views.detail), with the facility's stages and actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind, User
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import staff_in, units_for

from . import services
from .forms import FacilityForm
from .models import Project
from .stages import Kind
from .views import project_list_page, require

EDIT_FIELDS = ["name", "builder", "description", "key_level", "next_steps", "version"]


def facility_list(request):
    """The project list showing the zone's facilities (the menu's "zone facilities")."""
    return project_list_page(request, kind=Kind.FACILITY)


def _facility_form(request, instance: Project | None = None) -> FacilityForm:
    units = units_for(request.user)
    people = staff_in(units)
    if instance is None:
        home = request.user.home_unit
        initial = {"unit": home.pk if home is not None and home.kind == UnitKind.ZONE else None}
        initial["officer"] = request.user.pk
    else:
        if instance.officer_id:  # keep the current officer choosable even from outside the user's units
            people = (people | User.objects.filter(pk=instance.officer_id)).distinct()
        initial = {name: getattr(instance, name) for name in EDIT_FIELDS} | {
            "owner_department": instance.owner_department_id,
            "investment": instance.investment_text,
            "officer": instance.officer_id,
        }
    return FacilityForm(
        request.POST or None,
        initial=initial,
        zones=units.filter(kind=UnitKind.ZONE),
        departments=units.filter(kind=UnitKind.DEPARTMENT),
        people=people,
        editing=instance is not None,
    )


def create(request):
    """新建配套项目: a staff member without project.create sees why (403); outside staff the page does not exist."""
    require(request, "project.view")
    if not can(request.user, "project.create"):
        raise PermissionDenied(_("Your roles do not allow recording a project."))
    form = _facility_form(request)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_facility(Actor.of(request), **form.service_data())
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("%(name)s was recorded.") % {"name": project})
            return redirect(project)
    return render(request, "projects/facility_form.html", {"form": form}, status=status)


def edit(request, pk: int):
    project = get_object_or_404(Project.objects.visible_to(request.user).facilities().select_related("unit"), pk=pk)
    require(request, "project.edit", project.unit)
    form = _facility_form(request, project)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(
                project, form.service_data(), by=Actor.of(request), version=form.cleaned_data.get("version")
            )
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Saved."))
            return redirect(project)
    return render(request, "projects/facility_form.html", {"form": form, "p": project}, status=status)
