"""Staff pages of the industrial chains: the list with its create form, and one chain's page — its links grouped
upstream / core / downstream with their enterprises and projects, empty links marked, and the keepers' forms."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import query_without_page, show_rejection
from zonedesk.common.text import normalize_text
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Unit, UnitKind
from zonedesk.orgs.permissions import can, in_scope, scope_of
from zonedesk.orgs.queries import units_for

from . import services
from .exporting import export_chains
from .forms import ArchiveForm, ChainEditForm, ChainForm
from .lookup import enterprise_suggestions, project_label, project_suggestions
from .models import Chain, Position
from .queries import chain_page, chains_for
from .rows import enterprise_rows
from .timeline import chain_timeline

GROUP_CSS = {Position.UPSTREAM: "primary", Position.CORE: "success", Position.DOWNSTREAM: "warning"}


def row_urls() -> dict[str, str]:
    """The addresses the rows of a chain's page are built on, reversed once per page instead of once per row (a
    city's chain has hundreds of rows)."""
    return {
        "enterprise": reverse("enterprises:detail", args=[0]).removesuffix("0/"),
        "project": reverse("projects:detail", args=[0]).removesuffix("0/"),
        "links": reverse("chains:edit_link", args=[0]).removesuffix("0/edit/"),
    }


def require_view(request) -> None:
    """Staff read the chains; anyone else finds no such page."""
    if not can(request.user, "chain.view"):
        raise Http404


def visible_chain(request, pk: int) -> Chain:
    """A chain the user reads (404 otherwise)."""
    require_view(request)
    return get_object_or_404(Chain.objects.visible_to(request.user).select_related("unit"), pk=pk)


def owning_units(user):
    """The regions and zones where the user may define a chain."""
    units = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    return Unit.objects.filter(pk__in=[u.pk for u in units if can(user, "chain.manage", u)]).order_by("path")


def chain_list(request):
    require_view(request)
    units = owning_units(request.user)
    home = request.user.home_unit
    initial = {"unit": home.pk} if home is not None and units.filter(pk=home.pk).exists() else {}
    form = ChainForm(request.POST or None, units=units, initial=initial)
    status = 200
    if request.method == "POST":
        if not units.exists():
            raise Http404
        status = 422
        if form.is_valid():
            try:
                chain = services.create_chain(Actor.of(request), **form.cleaned_data)
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                messages.success(request, _("The chain was defined. Add its links, or import them from Excel."))
                return redirect("chains:detail", chain.pk)
    filters = list_filters(request)
    context = {
        "chains": list(chains_for(request.user, **filters)),
        "form": form,
        "may_create": units.exists(),
        "areas": Unit.objects.filter(pk__in=Chain.objects.visible_to(request.user).values("unit_id")).order_by("path"),
        "chosen_unit": filters.get("unit"),
        "q": filters.get("q", ""),
        "query": query_without_page(request),
    }
    return render(request, "chains/list.html", context, status=status)


def list_filters(request) -> dict:
    """The list's filter from the query string: unit (one of the user's, or the region above them), q."""
    filters = {"q": normalize_text(request.GET.get("q"))[:100]}
    raw = str(request.GET.get("unit") or "")
    if raw:
        if not raw.isdigit():
            raise Http404
        readable = Chain.objects.visible_to(request.user).values("unit_id")
        filters["unit"] = get_object_or_404(Unit.objects.filter(pk__in=readable), pk=int(raw))
    return filters


def export(request):
    """Exactly the chains the list's filter shows, as .xlsx."""
    require_view(request)
    out = export_chains(request.user, **list_filters(request))
    return FileResponse(out, as_attachment=True, filename="产业链清单.xlsx", content_type=XLSX_MIME)


def may_map_somewhere(user, chain: Chain) -> bool:
    """Whether the user keeps the chain, or holds chain.manage on a unit under it (their zone's records)."""
    paths, _own = scope_of(user, "chain.manage")
    return any(p.startswith(chain.unit.path) or chain.unit.path.startswith(p) for p in paths)


def tree_options(page) -> list[tuple[int, str]]:
    """Every link as a choice of parent, indented by its depth and prefixed by where it sits."""
    return [
        (node.link.pk, f"{Position(node.link.position).label} · {'— ' * node.depth}{node.link.name}")
        for node in page.nodes
    ]


def render_chain(request, chain: Chain, *, status: int = 200, error: dict | None = None, edit_form=None):
    user = request.user
    page = chain_page(user, chain)
    may_manage = not chain.is_archived and can(user, "chain.manage", chain.unit)
    scope = scope_of(user, "chain.manage")
    may_map = not chain.is_archived and may_map_somewhere(user, chain)
    urls, take_off = row_urls(), _("Take off this link")
    for node in page.nodes:
        # Which of the shown rows this user may take off the link (their own zone's, or all for the keepers).
        for row in node.enterprises:
            row.may_unmap = may_manage or in_scope(scope, row.enterprise.unit.path)
        node.unmappable_projects = {p.pk for p in node.projects if may_manage or in_scope(scope, p.unit.path)}
        node.rows_html = enterprise_rows(node, urls, may_map=may_map, take_off=take_off)
    context = {
        "chain": chain,
        "page": page,
        "groups": [{"g": g, "css": GROUP_CSS[g.position], "nodes": g.nodes} for g in page.groups],
        "may_manage": may_manage,
        "may_map": may_map,
        "may_import": not chain.is_archived and can(user, "chain.import", chain.unit),
        "parents": tree_options(page),
        "urls": urls,
        "positions": Position.choices,
        "error": error or {},
        "edit_form": edit_form or ChainEditForm(initial={"version": chain.version, **_chain_values(chain)}),
        "archive_form": ArchiveForm(initial={"version": chain.version}),
        "events": chain_timeline(Event.objects.visible_to(user).about(chain).select_related("actor")[:30]),
    }
    return render(request, "chains/chain.html", context, status=status)


def _chain_values(chain: Chain) -> dict:
    return {"name": chain.name, "description": chain.description}


def detail(request, pk: int):
    return render_chain(request, visible_chain(request, pk))


def attempt(request, chain: Chain, action, *, done: str, anchor: str = "", error: dict | None = None):
    """Run a service on the chain's page: success redirects back to the chain (at `anchor`); a refusal shows the
    page again with the message where the form was (422), 403 without the permission, 409 on a stale version."""
    try:
        action()
    except Rejected as exc:
        messages.error(request, "; ".join(e["message"] for e in exc.errors))
        return render_chain(request, chain, status=422, error={**(error or {}), "field": exc.field})
    except Forbidden as exc:
        messages.error(request, exc.message)
        return render_chain(request, chain, status=403, error=error)
    except Conflict as exc:
        messages.error(request, exc.message)
        return render_chain(request, chain, status=409, error=error)
    messages.success(request, done)
    return redirect(f"{chain.get_absolute_url()}{anchor}")


def edit(request, pk: int):
    chain = visible_chain(request, pk)
    if request.method != "POST":
        return redirect(chain)
    form = ChainEditForm(request.POST)
    if not form.is_valid():
        return render_chain(request, chain, status=422, edit_form=form, error={"form": "chain"})
    data = form.cleaned_data
    try:
        services.update_chain(
            Actor.of(request), chain, version=data["version"], name=data["name"], description=data["description"]
        )
    except Rejected as exc:
        show_rejection(form, exc)
        return render_chain(request, chain, status=422, edit_form=form, error={"form": "chain"})
    except Forbidden as exc:
        messages.error(request, exc.message)
        return render_chain(request, chain, status=403)
    except Conflict as exc:
        messages.error(request, exc.message)
        return render_chain(request, chain, status=409)
    messages.success(request, _("The chain was saved."))
    return redirect(chain)


def archive(request, pk: int):
    chain = visible_chain(request, pk)
    form = ArchiveForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect(chain)

    def run():
        services.archive_chain(Actor.of(request), chain, version=form.cleaned_data["version"])

    response = attempt(request, chain, run, done=_("The chain was archived."))
    return redirect("chains:list") if response.status_code == 302 else response


def enterprise_options(request, pk: int):
    """The <option>s of the enterprise suggestions for what was typed (htmx)."""
    chain = visible_chain(request, pk)
    rows = enterprise_suggestions(request.user, chain, request.GET.get("enterprise", ""))
    html = format_html_join("", '<option value="{}">{} · {}</option>', ((e.name, e.uscc, e.unit) for e in rows))
    return HttpResponse(html)


def project_options(request, pk: int):
    chain = visible_chain(request, pk)
    rows = project_suggestions(request.user, chain, request.GET.get("project", ""))
    html = format_html_join(
        "", '<option value="{}">{} · {}</option>', ((project_label(p), p.get_stage_display(), p.unit) for p in rows)
    )
    return HttpResponse(html)
