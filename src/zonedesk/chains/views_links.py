"""The keepers' actions on a chain's page: add, change, move and remove links; put enterprises and projects on links
and take them off. Each calls one service and comes back to the chain, at the link it changed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.projects.models import Project

from . import services
from .forms import LinkForm, MapEnterpriseForm, MapProjectForm
from .lookup import find_enterprise, find_project
from .models import ChainLink
from .views import attempt, render_chain, require_view, visible_chain


def visible_link(request, pk: int) -> ChainLink:
    """A link of a chain the user reads (404 otherwise)."""
    require_view(request)
    rows = ChainLink.objects.visible_to(request.user).select_related("chain", "chain__unit")
    return get_object_or_404(rows, pk=pk)


def _bad_form(request, chain, form, error: dict):
    """The page again (422) with what is wrong with the form, named by its fields."""
    parts = [
        f"{form.fields[k].label}: {' '.join(v)}" if k in form.fields else " ".join(v) for k, v in form.errors.items()
    ]
    messages.error(request, "; ".join(parts))
    return render_chain(request, chain, status=422, error={**error, "field": next(iter(form.errors), None)})


@require_POST
def add_link(request, pk: int):
    chain = visible_chain(request, pk)
    form = LinkForm(request.POST)
    error = {"form": "add"}
    if not form.is_valid():
        return _bad_form(request, chain, form, error)
    data = form.cleaned_data
    made = {}

    def run():
        made["link"] = services.add_link(
            Actor.of(request),
            chain,
            name=data["name"],
            position=data["position"] or None,
            parent=data["parent"] or None,
            order=data["order"] or None,
            note=data["note"],
        )

    response = attempt(request, chain, run, done=_("The link was added."), error=error)
    if made:
        return redirect(f"{chain.get_absolute_url()}#link-{made['link'].pk}")
    return response


@require_POST
def edit_link(request, pk: int):
    link = visible_link(request, pk)
    chain = link.chain
    form = LinkForm(request.POST)
    error = {"form": "edit", "link": link.pk}
    if not form.is_valid():
        return _bad_form(request, chain, form, error)
    data = form.cleaned_data

    def run():
        # A sub-link sits where its parent sits: the position chosen counts only for a first-level link.
        services.update_link(
            Actor.of(request),
            link,
            name=data["name"],
            position=None if data["parent"] else data["position"] or None,
            parent=data["parent"] or None,
            order=data["order"] or None,
            note=data["note"],
        )

    return attempt(request, chain, run, done=_("The link was saved."), anchor=f"#link-{link.pk}", error=error)


@require_POST
def remove_link(request, pk: int):
    link = visible_link(request, pk)
    error = {"form": "remove", "link": link.pk}
    done = _("The link %(name)s was removed.") % {"name": link.name}
    return attempt(request, link.chain, lambda: services.remove_link(Actor.of(request), link), done=done, error=error)


@require_POST
def map_enterprise(request, pk: int):
    link = visible_link(request, pk)
    chain = link.chain
    form = MapEnterpriseForm(request.POST)
    error = {"form": "enterprise", "link": link.pk}
    if not form.is_valid():
        return _bad_form(request, chain, form, error)

    def run():
        enterprise = find_enterprise(request.user, chain, form.cleaned_data["enterprise"])
        services.map_enterprise(Actor.of(request), link, enterprise, note=form.cleaned_data["note"])

    done = _("The enterprise was put on %(link)s.") % {"link": link.name}
    return attempt(request, chain, run, done=done, anchor=f"#link-{link.pk}", error=error)


@require_POST
def unmap_enterprise(request, pk: int, enterprise_pk: int):
    link = visible_link(request, pk)
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=enterprise_pk)
    done = _("%(name)s was taken off %(link)s.") % {"name": enterprise.name, "link": link.name}

    def run():
        services.unmap_enterprise(Actor.of(request), link, enterprise)

    return attempt(request, link.chain, run, done=done, anchor=f"#link-{link.pk}", error={"link": link.pk})


@require_POST
def map_project(request, pk: int):
    link = visible_link(request, pk)
    chain = link.chain
    form = MapProjectForm(request.POST)
    error = {"form": "project", "link": link.pk}
    if not form.is_valid():
        return _bad_form(request, chain, form, error)

    def run():
        project = find_project(request.user, chain, form.cleaned_data["project"])
        services.map_project(Actor.of(request), link, project)

    done = _("The project was put on %(link)s.") % {"link": link.name}
    return attempt(request, chain, run, done=done, anchor=f"#link-{link.pk}", error=error)


@require_POST
def unmap_project(request, pk: int, project_pk: int):
    link = visible_link(request, pk)
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_pk)
    done = _("%(name)s was taken off %(link)s.") % {"name": project.name, "link": link.name}

    def run():
        services.unmap_project(Actor.of(request), link, project)

    return attempt(request, link.chain, run, done=done, anchor=f"#link-{link.pk}", error={"link": link.pk})
