"""An enterprise's safety page: its profile and current 五星五色 rating, the rating form and the history of every
rating, the profile form, its inspections and its hazards."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import services
from .badges import colour_badge
from .config import ancestor_ids, safety_settings
from .forms import ProfileForm, RatingForm
from .models import HazardCategory, Inspection
from .queries import safety_sheet
from .states import STARS
from .views import list_link, require, rows_of
from .views_actions import problems

PAGE_HAZARDS = 50


def categories_for(user, enterprise: Enterprise):
    """The categories that may tag the enterprise: not archived, configured at its zone or above."""
    rows = HazardCategory.objects.visible_to(user).filter(is_archived=False, unit__in=ancestor_ids(enterprise.unit))
    return rows.order_by("unit__path", "code", "pk")


def star_labels(unit) -> dict[int, str]:
    rules = safety_settings(unit)
    return {s: rules.star_label(s) for s in STARS}


def _forms(request, sheet: dict, bound: dict) -> dict:
    user, enterprise, profile = request.user, sheet["enterprise"], sheet["profile"]
    forms = {}
    if can(user, "safety.rate", enterprise.unit):
        forms["rate"] = bound.get("rate") or RatingForm(star_labels=star_labels(enterprise.unit), auto_id="rate_%s")
    if can(user, "safety.inspect", enterprise.unit):
        initial = {
            "version": profile.version if profile else 1,
            "categories": [c.pk for c in sheet["categories"]],
            "responsible_person": profile.responsible_person if profile else "",
            "responsible_mobile": profile.responsible_mobile if profile else "",
        }
        forms["profile"] = bound.get("profile") or ProfileForm(
            initial=initial, categories=categories_for(user, enterprise), auto_id="profile_%s"
        )
    return forms


def render_page(request, enterprise_pk: int, *, status: int = 200, bound: dict | None = None):
    require(request)
    user = request.user
    sheet = safety_sheet(user, enterprise_pk)  # DoesNotExist (404) outside the user's scope
    enterprise, profile = sheet["enterprise"], sheet["profile"]
    labels = star_labels(enterprise.unit)
    inspections = (
        Inspection.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .prefetch_related("inspectors")
        .annotate(hazard_count=Count("hazards"))
        .order_by("-inspected_on", "-pk")
    )
    hazards = sheet["hazards"]
    context = {
        **sheet,
        "e": enterprise,
        "colour": colour_badge(profile.colour) if profile else None,
        "ratings": [{"r": r, "colour": colour_badge(r.colour), "label": labels[r.stars]} for r in sheet["ratings"]],
        "inspections": inspections[:20],
        "hazard_rows": rows_of(hazards[:PAGE_HAZARDS]),
        "hazard_count": hazards.count(),
        "hazards_url": list_link({"enterprise": enterprise.pk}),
        "forms": _forms(request, sheet, bound or {}),
        "can_inspect": can(user, "safety.inspect", enterprise.unit),
        "can_view_enterprise": can(user, "enterprise.view", enterprise.unit),
    }
    return render(request, "safety/enterprise.html", context, status=status)


def enterprise_page(request, enterprise_pk: int):
    return render_page(request, enterprise_pk)


def _answer(request, enterprise_pk: int, kind: str, form, call, done: str):
    """Validate, call the service, and answer on the enterprise's safety page."""
    require(request)
    if form.is_valid():
        try:
            call(form.cleaned_data, Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_page(request, enterprise_pk, status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_page(request, enterprise_pk, status=409)
        else:
            messages.success(request, done)
            return redirect("safety:enterprise", enterprise_pk)
    if "version" in form.errors:
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
    else:
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems(form)})
    return render_page(request, enterprise_pk, status=422, bound={kind: form})


def _visible_enterprise(request, pk: int) -> Enterprise:
    require(request)
    return Enterprise.objects.visible_to(request.user).select_related("unit").get(pk=pk)


@require_POST
def rate(request, enterprise_pk: int):
    enterprise = _visible_enterprise(request, enterprise_pk)
    form = RatingForm(request.POST, star_labels=star_labels(enterprise.unit), auto_id="rate_%s")

    def call(data, by):
        services.rate(
            by, enterprise, stars=data["stars"], colour=data["colour"], reason=data["reason"], on=data["rated_on"]
        )

    return _answer(request, enterprise_pk, "rate", form, call, _("The rating was recorded; earlier ones are kept."))


@require_POST
def profile(request, enterprise_pk: int):
    enterprise = _visible_enterprise(request, enterprise_pk)
    form = ProfileForm(request.POST, categories=categories_for(request.user, enterprise), auto_id="profile_%s")

    def call(data, by):
        services.update_profile(
            by,
            enterprise,
            categories=list(data["categories"]),
            responsible_person=data["responsible_person"],
            responsible_mobile=data["responsible_mobile"],
            version=data["version"],
        )

    return _answer(request, enterprise_pk, "profile", form, call, _("The safety profile was saved."))
