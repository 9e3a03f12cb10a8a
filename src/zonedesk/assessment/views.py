"""Assessment pages: the schemes, one scheme with its indicators and periods, a ranking, one score explained, and
the manual scores a named leader gives."""

import json
from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Membership, User
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for
from zonedesk.orgs.roles import Role

from . import services
from .documents import explained, number, rule_text, sheet_ranking, value_text
from .forms import ItemForm, ManualScoreForm, SchemeForm
from .indicators import Subjects
from .models import ManualScore, Scheme, SchemeItem, Score, ScoreSheet, SheetStatus, SubjectKind
from .periods import closed_periods, period_starting
from .queries import schemes_for, sheets_for

STATUS_CSS = {
    SheetStatus.DRAFT: "text-bg-warning",
    SheetStatus.PUBLISHED: "text-bg-success",
    SheetStatus.SUPERSEDED: "text-bg-secondary",
}
# The fields of the item form each rule needs (the page hides the others).
RULE_FIELDS = {
    "linear": ["target"],
    "capped": ["target", "cap_percent"],
    "penalty": ["penalty_per_item"],
    "manual": ["scorers"],
}
THRESHOLD_INDICATORS = ["signed_investment", "signed_projects", "projects_started", "projects_producing"]
SUBJECT_KIND_HINT = {
    SubjectKind.ZONE: gettext_lazy("Zones below the unit"),
    SubjectKind.DEPARTMENT: gettext_lazy("Departments below the unit"),
    SubjectKind.OFFICER: gettext_lazy("Officers of the unit and below"),
}


def require(request, perm: str) -> None:
    """404 unless the user holds the permission somewhere (the pages do not exist for them)."""
    if not can(request.user, perm):
        raise Http404


def visible_scheme(request, pk: int) -> Scheme:
    require(request, "assessment.view")
    return get_object_or_404(Scheme.objects.visible_to(request.user).select_related("unit"), pk=pk)


def visible_sheet(request, pk: int) -> ScoreSheet:
    require(request, "assessment.view")
    return get_object_or_404(ScoreSheet.objects.visible_to(request.user).select_related("scheme__unit"), pk=pk)


def badge(sheet: ScoreSheet) -> dict:
    return {"label": sheet.get_status_display(), "css": STATUS_CSS.get(sheet.status, "text-bg-light")}


def leaders_for(user):
    """Leaders of the units the user sees: who may be named to score a manual item."""
    held = Membership.objects.active().filter(unit__in=units_for(user), role=Role.LEADER).values("user_id")
    return User.objects.filter(pk__in=held, is_active=True).order_by("full_name", "username")


# --- the schemes ----------------------------------------------------------------------------------------------


def scheme_list(request):
    require(request, "assessment.view")
    may_manage = can(request.user, "assessment.manage")
    form, status = None, 200
    if may_manage:
        form = SchemeForm(request.POST or None, units=units_for(request.user), auto_id="scheme_%s")
    if request.method == "POST" and form is None:
        messages.error(request, Forbidden().message)
        status = 403
    elif request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(Actor.of(request), **form.cleaned_data)
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            status = 403
        else:
            messages.success(request, _("The scheme was created: add its indicators."))
            return redirect("assessment:scheme", scheme.pk)
    n_items = Count("items", filter=Q(items__is_removed=False))
    schemes = schemes_for(request.user).annotate(n_items=n_items).order_by("unit__path", "name")
    context = {"schemes": schemes, "form": form, "may_manage": may_manage}
    return render(request, "assessment/schemes.html", context, status=status)


# --- one scheme -----------------------------------------------------------------------------------------------


def period_rows(request, scheme: Scheme) -> list[dict]:
    """The closed periods of the scheme (and any older one with sheets), latest first, each with its sheets."""
    by_start = defaultdict(list)
    for sheet in sheets_for(request.user, scheme).select_related("computed_by", "published_by"):
        sheet.badge = badge(sheet)
        by_start[sheet.period_start].append(sheet)
    periods = closed_periods(scheme.period_kind)
    known = {p.start for p in periods}
    periods += [period_starting(scheme.period_kind, start) for start in by_start if start not in known]
    periods.sort(key=lambda p: p.start, reverse=True)
    return [{"period": p, "sheets": by_start.get(p.start, [])} for p in periods]


def item_rows(scheme: Scheme) -> list[dict]:
    items = scheme.items.filter(is_removed=False).prefetch_related("scorers").order_by("position", "pk")
    return [
        {
            "item": i,
            "rule": rule_text(i),
            "weight": number(i.weight),
            "target": value_text(i.target, i) if i.target is not None else "—",
            "penalty": number(i.penalty_per_item),
            "threshold": number(i.threshold_wan),
            "scorers": list(i.scorers.all()),
        }
        for i in items
    ]


def render_scheme(request, scheme: Scheme, *, item_form: ItemForm | None = None, status: int = 200):
    user = request.user
    may = {
        "manage": can(user, "assessment.manage", scheme.unit),
        "compute": can(user, "assessment.compute", scheme.unit),
        "publish": can(user, "assessment.publish", scheme.unit),
        "score": scheme.items.filter(is_removed=False, indicator="manual", scorers=user).exists(),
    }
    if may["manage"] and item_form is None:
        item_form = ItemForm(scheme=scheme, people=leaders_for(user), auto_id="item_%s")
    context = {
        "scheme": scheme,
        "items": item_rows(scheme),
        "periods": period_rows(request, scheme),
        "may": may,
        "item_form": item_form,
        "subject_hint": SUBJECT_KIND_HINT.get(scheme.subject_kind, ""),
        "item_rules": json.dumps({"rules": RULE_FIELDS, "threshold": THRESHOLD_INDICATORS}),
    }
    return render(request, "assessment/scheme.html", context, status=status)


def scheme_detail(request, pk: int):
    return render_scheme(request, visible_scheme(request, pk))


# --- a ranking and one score ----------------------------------------------------------------------------------


def sheet_detail(request, pk: int):
    sheet = visible_sheet(request, pk)
    ranked = sheet_ranking(sheet)
    versions = sheets_for(request.user, sheet.scheme).filter(period_start=sheet.period_start)
    context = {
        "sheet": sheet,
        "scheme": sheet.scheme,
        "badge": badge(sheet),
        "rows": ranked["rows"],
        "has_previous": ranked["has_previous"],
        "versions": versions,
        "may_publish": sheet.status == SheetStatus.DRAFT and can(request.user, "assessment.publish", sheet.scheme.unit),
    }
    return render(request, "assessment/sheet.html", context)


def score_detail(request, pk: int):
    require(request, "assessment.view")
    scores = Score.objects.filter(sheet__in=ScoreSheet.objects.visible_to(request.user))
    score = get_object_or_404(scores.select_related("sheet__scheme__unit"), pk=pk)
    context = {
        "score": score,
        "sheet": score.sheet,
        "scheme": score.sheet.scheme,
        "badge": badge(score.sheet),
        "lines": explained(score),
    }
    return render(request, "assessment/score.html", context)


# --- manual scores --------------------------------------------------------------------------------------------


def _chosen(options: list, value, key):
    return next((o for o in options if str(key(o)) == str(value)), options[0] if options else None)


def manual(request, pk: int):
    """A named leader's page: for one manual item and period, each subject's points and reason."""
    scheme = visible_scheme(request, pk)
    items = list(scheme.items.filter(is_removed=False, indicator="manual", scorers=request.user).order_by("position"))
    if not items:
        messages.error(request, _("Only the leaders named on a manual item of this scheme score it."))
        return render_scheme(request, scheme, status=403)
    periods = closed_periods(scheme.period_kind)
    data = request.POST if request.method == "POST" else request.GET
    item = _chosen(items, data.get("item"), lambda i: i.pk)
    period = _chosen(periods, data.get("period") or data.get("period_start"), lambda p: p.start.isoformat())
    bound = None
    if request.method == "POST":
        bound = ManualScoreForm(request.POST)
        if bound.is_valid():
            try:
                services.give_manual_score(
                    Actor.of(request),
                    item,
                    period_start=bound.cleaned_data["period_start"],
                    subject=bound.cleaned_data["subject"],
                    points=bound.cleaned_data["points"],
                    reason=bound.cleaned_data["reason"],
                )
            except ObjectDoesNotExist as exc:
                raise Http404 from exc
            except Rejected as exc:
                show_rejection(bound, exc)
            else:
                messages.success(request, _("The score was saved. Compute the period again to count it."))
                query = f"?item={item.pk}&period={bound.cleaned_data['period_start'].isoformat()}"
                return redirect(reverse("assessment:manual", args=[scheme.pk]) + query)
    context = {
        "scheme": scheme,
        "items": items,
        "item": item,
        "weight": number(item.weight),
        "periods": periods,
        "period": period,
        "rows": manual_rows(item, period.start, bound),
    }
    return render(request, "assessment/manual.html", context)


def manual_rows(item: SchemeItem, start: date, bound: ManualScoreForm | None) -> list[dict]:
    """Each subject of the item's scheme with its current manual score (and the form that failed, if any)."""
    scheme = item.scheme
    field = "subject_user_id" if scheme.subject_kind == SubjectKind.OFFICER else "subject_unit_id"
    given = {getattr(s, field): s for s in ManualScore.objects.filter(item=item, period_start=start)}
    failed = None
    if bound is not None and bound.errors:
        failed = bound.data.get("subject")
    rows = []
    for subject in Subjects.of(scheme.unit, scheme.subject_kind).items:
        current = given.get(subject.pk)
        form = bound if failed == str(subject.pk) else None
        rows.append({"subject": subject, "score": current, "form": form})
    return rows
