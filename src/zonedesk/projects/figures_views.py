"""Figure pages: investment figures, targets and thresholds, exchange rates, the monthly review (一月一过堂)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.amounts import format_wan
from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import staff_in, units_for

from . import figures, services
from .figures import Period
from .forms import yi_label
from .forms_figures import QUARTERS, FigureSettingsForm, RateForm, TargetForm
from .models import CurrencyRate
from .queries import figure_settings
from .review import DOCX_MIME, export_review, monthly_review
from .stages import Stage

FIGURE_KINDS = [UnitKind.REGION, UnitKind.ZONE, UnitKind.BRANCH]
MONEY_KEYS = ("count", "contracted", "in_place", "completed")


def _require(request, perm: str) -> None:
    if not can(request.user, perm):
        raise Http404


def _number(params, name: str, low: int, high: int) -> int | None:
    value = str(params.get(name) or "")
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def _chosen_unit(request, units, default: Unit | None) -> Unit | None:
    """The ?unit= of the request among `units` (404 when outside them), else `default`."""
    raw = request.GET.get("unit") or ""
    if not raw:
        return default
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(units, pk=int(raw))


def _top(units) -> Unit | None:
    """The one unit all the others sit under, if there is one (the user's own region or zone)."""
    units = list(units)
    roots = [u for u in units if not any(o.path != u.path and u.path.startswith(o.path) for o in units)]
    return roots[0] if len(roots) == 1 else None


def _period(params) -> tuple[Period, int, int, int | None]:
    """(period, year, quarter or 0, month or None) from ?year=&quarter=&month= (a quarter wins over a month)."""
    year = _number(params, "year", 2000, 2100) or timezone.localdate().year
    quarter = _number(params, "quarter", 1, 4) or 0
    month = None if quarter else _number(params, "month", 1, 12)
    if quarter:
        return Period.quarter(year, quarter), year, quarter, None
    return (Period.month(year, month) if month else Period.year(year)), year, 0, month


def _years(chosen: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), chosen}, reverse=True)


def _charts(thresholds, funnel, trend) -> dict:
    """What the Plotly charts draw; each element carries the link of its list in `links`."""
    bands = thresholds["bands"]
    return {
        "funnel": {
            "labels": [str(r["label"]) for r in funnel],
            "counts": [r["count"] for r in funnel],
            "links": [f"#funnel-{r['stage']}" for r in funnel],
        },
        "bands": {
            "labels": [r["label"] for r in bands],
            "counts": [r["count"] for r in bands],
            "investment_text": [format_wan(r["investment_wan"]) for r in bands],
            "links": [r["link"] for r in bands],
        },
        "trend": {
            "months": [f"{m}月" for m in range(1, 13)],
            "series": [
                {
                    "label": str(s["label"]),
                    "counts": [p["count"] for p in s["points"]],
                    "links": [p["link"] for p in s["points"]],
                }
                for s in trend
            ],
        },
    }


def _with_links(rows: list[dict], period: Period) -> list[dict]:
    """Target rows with the list behind each actual value and the width of their progress bar."""
    for row in rows:
        target = row["target"]
        row["link"] = figures.metric_link(target, period)
        row["bar"] = min(float(row["share"] or 0), 100)
        if target.metric.startswith("signed_over_"):  # name the threshold: "≥ 1st threshold" says too little
            thresholds, _days = figure_settings(target.unit)
            index = int(target.metric.rsplit("_", 1)[1])
            if index <= len(thresholds):
                row["label"] = _("Signed projects ≥ %(amount)s") % {"amount": yi_label(thresholds[index - 1])}
    return rows


def _unit_options(units) -> list[tuple[int, str]]:
    """The unit choices, indented under their parents."""
    units = list(units)
    top = min((u.depth for u in units), default=0)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in units]


def _detail_lists(user, unit, period, year, funnel) -> tuple[list, list]:
    """The projects behind the figures that no project-list filter gives (funnel, chain, inexact amounts)."""
    in_funnel = figures.funnel_projects(user, unit, period)
    chain = figures.chain_projects(user, unit, year)
    projects = [(f"funnel-{r['stage']}", _("Funnel") + f" · {r['label']}", in_funnel[r["stage"]]) for r in funnel]
    projects += [
        ("chain-started", _("Signed and started in the same year"), chain["signed_and_started"]),
        ("chain-producing", _("Signed, started and producing in the same year"), chain["full_chain"]),
        ("list-not-exact", _("Amounts that were not exact"), figures.not_exact_projects(user, unit, period)),
    ]
    referrals = figures.referral_lists(user, unit, period)
    titles = {
        "referred-out": _("Referred out"),
        "referred-in": _("Referred in"),
        "referrals-open": _("Offers still open"),
    }
    keys = {"referred-out": "referred_out", "referred-in": "referred_in", "referrals-open": "open"}
    return projects, [(key, title, referrals[keys[key]]) for key, title in titles.items()]


def figures_page(request):
    _require(request, "figures.view")
    user = request.user
    units = units_for(user).filter(kind__in=FIGURE_KINDS)
    top = _top(units)
    unit = _chosen_unit(request, units, top)
    period, year, quarter, month = _period(request.GET)
    stages = figures.stage_figures(user, unit, period)
    thresholds = figures.threshold_figures(user, unit, period)
    funnel = figures.funnel(user, unit, period)
    money = figures.money_by_stage(user, unit)
    target_period = Period.quarter(year, quarter) if quarter else Period.year(year)
    targets = _with_links(figures.target_progress(user, unit, year, quarter), target_period)
    detail_lists, referral_lists = _detail_lists(user, unit, period, year, funnel)
    context = {
        "units": units,
        "unit_options": _unit_options(units),
        "show_all": top is None,
        "unit": unit,
        "period": period,
        "year": year,
        "quarter": quarter,
        "month": month,
        "years": _years(year),
        "quarters": QUARTERS[1:],
        "months": range(1, 13),
        "stages": stages,
        "stalled": figures.stalled_figure(user, unit),
        "thresholds": thresholds,
        "threshold_groups": [(_("Bands"), thresholds["bands"]), (_("Cumulative"), thresholds["cumulative"])],
        "funnel": funnel,
        "chain": figures.same_year_chain(user, unit, year),
        "chain_signed_link": figures.stage_link(unit, Stage.SIGNED, Period.year(year)),
        "money": money,
        "money_totals": {k: sum(r[k] for r in money) for k in MONEY_KEYS},
        "money_titles": [
            ("contracted", _("Contracted investment")),
            ("in_place", _("Funds in place (到资)")),
            ("completed", _("Investment completed (完成投资)")),
        ],
        "targets": targets,
        "target_period": target_period,
        "perms_targets": can(user, "target.manage"),
        "zones": figures.per_zone(user, unit, period) if unit is not None and unit.kind == UnitKind.REGION else None,
        "detail_lists": detail_lists,
        "referral_lists": referral_lists,
        "charts": _charts(thresholds, funnel, figures.monthly_trend(user, unit, year)),
    }
    return render(request, "projects/figures.html", context)


# --- targets, thresholds, exchange rates ----------------------------------------------------------


def _apply(request, form, call) -> bool:
    """Call the service with the valid form's data; its refusal goes on the form. True when it succeeded."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data, Actor.of(request))
    except Rejected as exc:
        show_rejection(form, exc)
    except Forbidden as exc:
        form.add_error(None, exc.message)
    else:
        return True
    return False


def _set_target(d: dict, by: Actor):
    return services.set_target(
        unit=d["unit"],
        officer=d["officer"],
        year=d["year"],
        quarter=d["quarter"],
        metric=d["metric"],
        value=d["value"],
        by=by,
    )


def _set_settings(d: dict, by: Actor):
    return services.set_figure_settings(
        unit=d["unit"], thresholds_wan=d["thresholds"], stalled_days=d["stalled_days"], by=by
    )


def _set_rate(d: dict, by: Actor):
    return services.set_currency_rate(
        currency=d["currency"], rate_to_cny=d["rate_to_cny"], valid_from=d["valid_from"], note=d["note"], by=by
    )


def targets_page(request):
    _require(request, "target.manage")
    user = request.user
    units = units_for(user).filter(kind__in=FIGURE_KINDS)
    unit = _chosen_unit(request, units, _top(units))
    year = _number(request.GET, "year", 2000, 2100) or timezone.localdate().year
    quarter = _number(request.GET, "quarter", 0, 4) or 0
    manageable = units.filter(pk__in=[u.pk for u in units if can(user, "target.manage", u)])
    thresholds, days = figure_settings(unit)
    kind = request.POST.get("form") if request.method == "POST" else None
    target_form = TargetForm(
        request.POST if kind == "target" else None,
        units=manageable,
        people=staff_in(manageable),
        initial={"unit": unit, "year": year, "quarter": quarter},
    )
    settings_form = FigureSettingsForm(
        request.POST if kind == "settings" else None,
        units=manageable,
        initial={"unit": unit, "thresholds": ", ".join(yi_label(t) for t in thresholds), "stalled_days": days},
    )
    status = 200
    if kind == "target":
        if _apply(request, target_form, _set_target):
            messages.success(request, _("The target was saved."))
            return redirect(request.get_full_path())
        status = 422
    elif kind == "settings":
        if _apply(request, settings_form, _set_settings):
            messages.success(request, _("The thresholds and the stalled-project limit were saved."))
            return redirect(request.get_full_path())
        status = 422
    period = Period.quarter(year, quarter) if quarter else Period.year(year)
    rows = _with_links(figures.target_progress(user, unit, year, quarter), period)
    context = {
        "units": units,
        "unit": unit,
        "year": year,
        "quarter": quarter,
        "years": _years(year),
        "quarters": QUARTERS,
        "period": period,
        "rows": rows,
        "thresholds": [yi_label(t) for t in thresholds],
        "stalled_days": days,
        "target_form": target_form,
        "settings_form": settings_form,
    }
    return render(request, "projects/targets.html", context, status=status)


def rates_page(request):
    _require(request, "currency_rate.manage")
    form = RateForm(request.POST or None)
    if request.method == "POST" and _apply(request, form, _set_rate):
        messages.success(request, _("The exchange rate was saved."))
        return redirect("figures:rates")
    status = 422 if request.method == "POST" else 200
    return render(request, "projects/rates.html", {"form": form, "rates": CurrencyRate.objects.all()}, status=status)


# --- the monthly review ---------------------------------------------------------------------------


def _review_params(request) -> tuple[Unit, int, int, object]:
    _require(request, "figures.view")
    units = units_for(request.user).filter(kind__in=FIGURE_KINDS)
    unit = _chosen_unit(request, units, units.filter(kind=UnitKind.ZONE).first() or _top(units))
    if unit is None:
        raise Http404
    today = timezone.localdate()
    year = _number(request.GET, "year", 2000, 2100) or today.year
    month = _number(request.GET, "month", 1, 12) or today.month
    return unit, year, month, units


def review_page(request):
    unit, year, month, units = _review_params(request)
    context = {
        "review": monthly_review(request.user, unit, year, month),
        "units": units,
        "unit": unit,
        "year": year,
        "month": month,
        "years": _years(year),
        "months": range(1, 13),
    }
    return render(request, "projects/review.html", context)


def review_docx(request):
    unit, year, month, _units = _review_params(request)
    name, out = export_review(unit, year, month, by=Actor.of(request))
    return FileResponse(out, as_attachment=True, filename=name, content_type=DOCX_MIME)
