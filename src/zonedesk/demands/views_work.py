"""The handler's workspace with its bulk moves, the demand figures, and a unit's demand rules."""

from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for

from . import bulk, config
from .filters import filter_query
from .forms import BulkAssignForm, CategoryDeadlineForm, SettingsForm
from .models import CategoryDeadline, Demand, DemandCategory
from .queries import demand_breakdown, demand_figures, escalated_to, monthly_trend, workspace
from .states import Outcome, State
from .views import STAFF_PERM, departments_for, list_link, require, rows_of

WORKSPACE_ROWS = 200
SECTIONS = [
    ("to_accept", gettext_lazy("To accept")),
    ("to_assign", gettext_lazy("To assign")),
    ("at_work", gettext_lazy("At work in my department")),
]


def _may_work(request) -> None:
    if not (can(request.user, "demand.handle") or can(request.user, "demand.resolve")):
        raise Http404


# --- workspace --------------------------------------------------------------------------------


def workspace_page(request):
    require(request, STAFF_PERM)
    _may_work(request)
    lists = workspace(request.user)
    sections = []
    for key, label in SECTIONS:
        rows = lists[key]
        count = rows.count()
        sections.append({"key": key, "label": label, "count": count, "rows": rows_of(rows[:WORKSPACE_ROWS])})
    # The tab that opens is the first with work in it (a department's handler has nothing to accept or assign).
    opened = next((s["key"] for s in sections if s["count"]), sections[0]["key"] if sections else None)
    context = {
        "sections": sections,
        "opened": opened,
        "limit": WORKSPACE_ROWS,
        "escalated": rows_of(escalated_to(request.user)[:WORKSPACE_ROWS]),
        "may_handle": can(request.user, "demand.handle"),
        "assign_form": BulkAssignForm(
            departments=departments_for(request.user), auto_id="bulk_%s", use_required_attribute=False
        ),
    }
    return render(request, "demands/workspace.html", context)


def _chosen_ids(request) -> list[int]:
    return [int(v) for v in request.POST.getlist("ids") if v.isdigit()]


def _report(request, result: dict) -> None:
    """'N done', then each failure with its demand's title and the reason."""
    done = len(result["done"])
    messages.success(request, ngettext("%(n)d demand done.", "%(n)d demands done.", done) % {"n": done})
    failed_ids = [f["id"] for f in result["failed"]]
    titles = dict(Demand.objects.visible_to(request.user).filter(pk__in=failed_ids).values_list("pk", "title"))
    for failure in result["failed"]:
        title = titles.get(failure["id"], f"#{failure['id']}")
        messages.error(request, f"{title}: {failure['message']}")


@require_POST
def bulk_accept(request):
    require(request, STAFF_PERM)
    _may_work(request)
    ids = _chosen_ids(request)
    if not ids:
        messages.warning(request, _("Choose at least one demand."))
    else:
        _report(request, bulk.bulk_accept(Actor.of(request), ids))
    return redirect("demands:workspace")


@require_POST
def bulk_assign(request):
    require(request, STAFF_PERM)
    _may_work(request)
    ids = _chosen_ids(request)
    form = BulkAssignForm(request.POST, departments=departments_for(request.user))
    if not ids:
        messages.warning(request, _("Choose at least one demand."))
    elif not form.is_valid():
        problems = " ".join(f"{form.fields[n].label}: {e}" for n, errs in form.errors.items() for e in errs)
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems})
    else:
        data = form.cleaned_data
        result = bulk.bulk_assign(Actor.of(request), ids, data["department"], deadline_days=data["deadline_days"])
        _report(request, result)
    return redirect("demands:workspace")


# --- figures ----------------------------------------------------------------------------------

CARDS = [
    ("total", gettext_lazy("Submitted"), ""),
    ("open", gettext_lazy("Open"), ""),
    ("resolved", gettext_lazy("Resolved (ever)"), ""),
    ("closed", gettext_lazy("Closed"), ""),
    ("solved", gettext_lazy("Solved"), "text-success"),
    ("confirmed", gettext_lazy("Confirmed by the enterprise"), "text-success"),
    ("auto_confirmed", gettext_lazy("Confirmed automatically"), "text-secondary"),
    ("overdue", gettext_lazy("Overdue"), "text-danger"),
    ("on_time", gettext_lazy("Resolved on time"), ""),
    ("late", gettext_lazy("Resolved late"), "text-warning-emphasis"),
    ("reopened", gettext_lazy("Reopened"), "text-warning-emphasis"),
    ("dissatisfied", gettext_lazy("Enterprise dissatisfied"), "text-danger"),
    ("on_time_rate", gettext_lazy("On-time rate"), ""),
    ("reopen_rate", gettext_lazy("Reopen rate"), ""),
    ("average_workdays_to_resolve", gettext_lazy("Average working days to resolve"), ""),
    ("average_satisfaction", gettext_lazy("Average satisfaction (1-5)"), ""),
]
RATES = ("on_time_rate", "reopen_rate")
BREAKDOWNS = [
    ("department", gettext_lazy("By department")),
    ("category", gettext_lazy("By category")),
    ("source", gettext_lazy("By source")),
    ("unit", gettext_lazy("By zone")),
    ("state", gettext_lazy("By state")),
]
# Each breakdown column and what it adds to the row's filter (the same conditions the breakdown counts).
COLUMNS = [
    ("total", gettext_lazy("Total"), {}),
    ("open", gettext_lazy("Open"), {"closed": False}),
    ("closed", gettext_lazy("Closed"), {"closed": True}),
    ("solved", gettext_lazy("Solved"), {"outcome": Outcome.SOLVED}),
    ("overdue", gettext_lazy("Overdue"), {"overdue": True}),
    ("confirmed", gettext_lazy("Confirmed"), {"state": State.CONFIRMED, "confirmed_auto": False}),
    ("auto_confirmed", gettext_lazy("Auto-confirmed"), {"state": State.CONFIRMED, "confirmed_auto": True}),
    ("dissatisfied", gettext_lazy("Dissatisfied"), {"dissatisfied": True}),
]


def _shown(key: str, value) -> str:
    if value is None:
        return "—"
    if key in RATES:
        return f"{value * 100:.1f}%"
    return str(value)


def _cell(row: dict, key: str, extra: dict) -> dict:
    """A breakdown count and its list link; none when the column's condition contradicts the row's (the count is
    then 0)."""
    base = row["filter"]
    contradicts = any(k in base and base[k] != v for k, v in extra.items())
    return {"value": row[key], "link": "" if contradicts else list_link({**base, **extra})}


def _months(today: date) -> tuple[date, date]:
    year, month = today.year, today.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1), today


def _month_end(first: date) -> date:
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _day(request, name: str) -> date | None:
    try:
        return parse_date(request.GET.get(name))
    except ValueError:
        return None


def figures_page(request):
    require(request, "figures.view")
    user, today = request.user, timezone.localdate()
    units = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    raw = str(request.GET.get("unit") or "")
    unit = get_object_or_404(units, pk=int(raw)) if raw.isdigit() else None
    first = _day(request, "from") or date(today.year, 1, 1)
    last = _day(request, "to") or date(today.year, 12, 31)
    scope = {"unit": unit.pk} if unit else {}
    base = {**scope, "period": (first, last)}
    figures = demand_figures(user, today=today, **base)
    cards = [
        {
            "key": key,
            "label": label,
            "css": css,
            "value": _shown(key, figures[key]["value"]),
            "link": list_link(figures[key]["filter"]),
        }
        for key, label, css in CARDS
    ]
    tables = []
    for by, label in BREAKDOWNS:
        rows = demand_breakdown(user, by, today=today, **base)
        shaped = [
            {
                "key": r["key"],
                "label": r["label"] or _("Not assigned yet"),
                "cells": [_cell(r, k, e) for k, _l, e in COLUMNS],
            }
            for r in rows
        ]
        tables.append({"by": by, "label": label, "rows": shaped})
    start, end = _months(today)
    trend = []
    for month in monthly_trend(user, first=start, last=end, today=today, **scope):
        first_day = date(int(month["month"][:4]), int(month["month"][5:]), 1)
        span = (first_day, _month_end(first_day))
        trend.append(
            {
                **month,
                "submitted_link": list_link({**scope, "period": span}),
                "resolved_link": list_link({**scope, "resolved_in": span}),
                "confirmed_link": list_link(
                    {**scope, "confirmed_in": span, "state": State.CONFIRMED, "confirmed_auto": False}
                ),
            }
        )
    context = {
        "units": units,
        "unit": unit,
        "first": first,
        "last": last,
        "cards": cards,
        "tables": tables,
        "columns": [label for _k, label, _e in COLUMNS],
        "trend": trend,
        "query": filter_query(base),
    }
    return render(request, "demands/figures.html", context)


# --- settings ---------------------------------------------------------------------------------


def _categories(unit: Unit):
    """The categories a unit's demands may take (national, or configured at or above it)."""
    above = [int(p) for p in unit.path.strip("/").split("/") if p]
    return (
        DemandCategory.objects.filter(Q(unit__isnull=True) | Q(unit__in=above)).select_related("parent").order_by("pk")
    )


def settings_page(request):
    user = request.user
    units = [
        u for u in units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE]) if can(user, "demand.configure", u)
    ]
    if not units:
        raise Http404
    raw = str(request.GET.get("unit") or "")
    unit = next((u for u in units if str(u.pk) == raw), None) if raw else units[0]
    if unit is None:
        raise Http404
    categories = _categories(unit)
    rules = config.demand_settings(unit)
    initial = {field: getattr(rules, field) for field in config.RULES}
    action = request.POST.get("action") if request.method == "POST" else None
    form = SettingsForm(request.POST if action == "rules" else None, initial=initial, auto_id="rules_%s")
    deadline_form = CategoryDeadlineForm(
        request.POST if action == "deadline" else None, categories=categories, auto_id="deadline_%s"
    )
    bound = form if action == "rules" else deadline_form if action == "deadline" else None
    status = 200
    if bound is not None and bound.is_valid():
        by = Actor.of(request)
        try:
            if action == "rules":
                config.configure(by, unit, **form.cleaned_data)
            else:
                data = deadline_form.cleaned_data
                config.set_category_deadline(by, unit, data["category"], data["days"])
        except Rejected as exc:
            show_rejection(bound, exc)
        except Forbidden as exc:
            bound.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("The demand rules were saved."))
            return redirect(f"{reverse('demands:settings')}?unit={unit.pk}")
    if bound is not None and bound.errors and status == 200:
        status = 422
        for name, errors in bound.errors.items():
            label = bound.fields[name].label if name in bound.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    own = dict(CategoryDeadline.objects.filter(unit=unit, category__in=categories).values_list("category", "days"))
    rows = [{"c": c, "days": config.category_days(unit, c), "own": own.get(c.pk)} for c in categories]
    context = {
        "units": units,
        "unit": unit,
        "form": form,
        "rows": rows,
        "own_rules": rules.pk is not None and rules.unit_id == unit.pk,
    }
    return render(request, "demands/settings.html", context, status=status)
