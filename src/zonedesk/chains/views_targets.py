"""Pages of targeted investment (精准招商): a chain's gap list with one-click "列为招商目标", the target list with
"转为线索" and dismiss, and a chain's figures. Thin: parse, call the service or query, render."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import paginate, query_without_page
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can
from zonedesk.projects.stages import LIFE, Stage

from . import targets as services
from .figures import chain_figures, checked_year, links_chart
from .gaps import WEAK_BELOW, gap_list
from .models import Chain, ChainLink, InvestmentTarget, TargetSource, TargetStatus
from .target_queries import STATUS_LABELS, export_targets, target_chains, target_filters, target_links, target_list

STATUS_CSS = {
    TargetStatus.OPEN: "text-bg-primary",
    TargetStatus.CONVERTED: "text-bg-success",
    TargetStatus.DISMISSED: "text-bg-secondary",
}
EXPORT_HEADERS = [
    gettext_lazy("Chain"),
    gettext_lazy("Link"),
    gettext_lazy("Target company"),
    pgettext_lazy("investment target", "Source"),
    gettext_lazy("Local enterprise"),
    gettext_lazy("Why this target"),
    gettext_lazy("Status"),
    gettext_lazy("Lead or why dismissed"),
    gettext_lazy("Unit"),
    gettext_lazy("Added on"),
]


def _require_staff(request) -> None:
    """Staff read the chains of their scope; an enterprise user has no such page (404)."""
    if not can(request.user, "chain.view"):
        raise Http404


def _chain(request, pk: int) -> Chain:
    _require_staff(request)
    return get_object_or_404(Chain.objects.visible_to(request.user).select_related("unit"), pk=pk)


def chain_url(chain: Chain) -> str:
    """The chain's own page (the chains app's), or "" while it has none."""
    try:
        return reverse("chains:detail", args=[chain.pk])
    except NoReverseMatch:
        return ""


def _number(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _lead_units(user, under: Unit | None = None) -> list[Unit]:
    """The zones and branch offices the user sees (under a unit): where a region's target's lead may go (one query;
    each target picks those under its own unit)."""
    units = Unit.objects.visible_to(user).filter(is_archived=False, kind__in=services.LEAD_UNIT_KINDS)
    if under is not None:
        units = units.filter(path__startswith=under.path)
    return list(units.order_by("path"))


def with_actions(user, targets: list[InvestmentTarget], units: list[Unit]) -> list[dict]:
    """Each target with its badge and what the user may do with it: turn it into a lead (and where, for a region's
    target) or dismiss it."""
    rows = []
    for target in targets:
        is_open = target.status == TargetStatus.OPEN
        may = is_open and can(user, "chain.target", target.unit)
        needs_unit = target.unit.kind not in services.LEAD_UNIT_KINDS
        choices = [u for u in units if u.path.startswith(target.unit.path)] if needs_unit else []
        rows.append(
            {
                "t": target,
                "css": STATUS_CSS[target.status],
                "status": STATUS_LABELS[target.status],
                "may_act": may,
                "may_lead": may and can(user, "project.create", choices[0] if choices else target.unit),
                "lead_units": choices,
            }
        )
    return rows


def render_gaps(request, chain: Chain, *, status: int = 200):
    user = request.user
    gaps = gap_list(user, chain)
    open_targets = list(target_list(user, chain=chain.pk, status=TargetStatus.OPEN))
    context = {
        "chain": chain,
        "chain_url": chain_url(chain),
        "gaps": gaps,
        "weak_below": WEAK_BELOW,
        "targets": with_actions(user, open_targets, _lead_units(user, chain.unit)),
        "links": list(ChainLink.objects.visible_to(user).filter(chain=chain).order_by("order", "name", "pk")),
        "may_target": can(user, "chain.target") and not chain.is_archived,
        "sources": TargetSource,
    }
    return render(request, "chains/gaps.html", context, status=status)


def gaps_page(request, pk: int):
    return render_gaps(request, _chain(request, pk))


def _answer(request, call, *, done, back, success_url=None):
    """Call a service; on success a message and the next page, otherwise the page it came from with the reason
    (422 for input to fix, 403 for a role without the permission, 409 when someone acted first)."""
    try:
        result = call(Actor.of(request))
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    except Rejected as exc:
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": exc.message})
        return back(422)
    except Forbidden as exc:
        messages.error(request, exc.message)
        return back(403)
    except Conflict as exc:
        messages.error(request, exc.message)
        return back(409)
    messages.success(request, done(result))
    return redirect(success_url(result) if success_url else request.path)


def _back(request, chain: Chain | None):
    """Where a target's form was sent from: the chain's gap list, or the target list."""
    if chain is not None and request.POST.get("back") == "gaps":
        return lambda status: render_gaps(request, chain, status=status)
    return lambda status: render_targets(request, status=status)


@require_POST
def add_target(request, pk: int):
    """列为招商目标: a candidate of the gap list (or a company typed in) onto the chain's targets."""
    chain = _chain(request, pk)
    post = request.POST

    def call(by):
        return services.add_target(
            by,
            link=_link_of(request, chain, post.get("link")),
            company=post.get("company", ""),
            source=post.get("source", ""),
            enterprise=_number(post.get("enterprise")),
            reason=post.get("reason", ""),
            unit=_number(post.get("unit")),
        )

    return _answer(
        request,
        call,
        done=lambda t: _("%(company)s is now a target on %(link)s.") % {"company": t.company, "link": t.link.name},
        back=lambda status: render_gaps(request, chain, status=status),
        success_url=lambda t: f"{reverse('chain_targets:gaps', args=[chain.pk])}#targets",
    )


def _link_of(request, chain: Chain, value) -> ChainLink:
    pk = _number(value)
    if pk is None:
        raise Rejected("link", _("Choose a link of the chain."))
    return get_object_or_404(ChainLink.objects.visible_to(request.user), pk=pk, chain=chain)


def _target(request, pk: int) -> InvestmentTarget:
    _require_staff(request)
    rows = InvestmentTarget.objects.visible_to(request.user).select_related("link", "link__chain", "unit")
    return get_object_or_404(rows, pk=pk)


@require_POST
def lead(request, pk: int):
    """转为线索: the target becomes a lead on its link; the new project's page follows."""
    target = _target(request, pk)
    post = request.POST

    def call(by):
        return services.target_to_lead(
            by,
            target,
            version=_number(post.get("version")) or 0,
            unit=_number(post.get("unit")),
            officer=_number(post.get("officer")),
        )

    return _answer(
        request,
        call,
        done=lambda p: (
            _("The target is now a lead of the pipeline on %(link)s: %(project)s.")
            % {"link": target.link.name, "project": p.name}
        ),
        back=_back(request, target.link.chain),
        success_url=lambda p: p.get_absolute_url(),
    )


@require_POST
def dismiss(request, pk: int):
    target = _target(request, pk)
    post = request.POST

    def call(by):
        version = _number(post.get("version")) or 0
        return services.dismiss_target(by, target, version=version, reason=post.get("reason", ""))

    back = _back(request, target.link.chain)
    return _answer(
        request,
        call,
        done=lambda t: _("The target %(company)s was dismissed.") % {"company": t.company},
        back=back,
        success_url=lambda t: (
            f"{reverse('chain_targets:gaps', args=[t.link.chain_id])}#targets"
            if post.get("back") == "gaps"
            else reverse("chain_targets:targets")
        ),
    )


def _options(choices, chosen) -> list[tuple[str, str, bool]]:
    return [(str(value), str(label), str(value) == str(chosen or "")) for value, label in choices]


def render_targets(request, *, status: int = 200):
    _require_staff(request)
    user = request.user
    params = request.GET if request.method == "GET" else {}
    filters = target_filters(params)
    page = paginate(request, target_list(user, **filters))
    chains = list(target_chains(user))
    links = target_links(user, filters.get("chain"))
    context = {
        "page": page,
        "rows": with_actions(user, list(page.object_list), _lead_units(user)),
        "query": query_without_page(request) if request.method == "GET" else "",
        "options": {
            "chain": _options([(c.pk, c.name) for c in chains], filters.get("chain")),
            "link": _options([(link.pk, link.name) for link in links], filters.get("link")),
            "status": _options(STATUS_LABELS.items(), filters.get("status")),
            "source": _options(TargetSource.choices, filters.get("source")),
        },
        "q": filters.get("q", ""),
        "export_url": f"{reverse('chain_targets:export')}?{query_without_page(request)}",
    }
    return render(request, "chains/targets.html", context, status=status)


def targets_page(request):
    return render_targets(request)


def export(request):
    _require_staff(request)
    headers = [str(h) for h in EXPORT_HEADERS]
    out = export_targets(request.user, target_filters(request.GET), headers, _("Investment targets"))
    name = f"招商目标_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def figures_page(request, pk: int):
    chain = _chain(request, pk)
    today, status = timezone.localdate(), 200
    try:
        year = checked_year(request.GET.get("year"), today)
    except Rejected as exc:
        messages.error(request, exc.message)
        year, status = today.year, 422
    figures = chain_figures(request.user, chain, year=year)
    first = min(chain.created_at.year, today.year)
    context = {
        "chain": chain,
        "chain_url": chain_url(chain),
        "f": figures,
        "stage_labels": [Stage(stage).label for stage in LIFE],
        "rows": [
            {
                "f": row,
                "counts": [row.stages[stage] for stage in LIFE],
                "projects": [(project, Stage(stage).label) for project, stage in row.projects],
            }
            for row in figures.links
        ],
        "totals": [figures.stages[stage] for stage in LIFE],
        "years": list(range(today.year, max(first - 5, 2000) - 1, -1)),
        "chart": [links_chart(figures)],
    }
    return render(request, "chains/figures.html", context, status=status)
