"""Finding the enterprise or project an officer types on a chain's page (a name, a credit code, or a suggestion
picked from the list), among the active records the officer sees in the chain's unit and below."""

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.common.text import normalize_text
from zonedesk.common.uscc import normalize_uscc
from zonedesk.enterprises.lookup import EnterpriseFinder
from zonedesk.enterprises.models import Enterprise
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage

from .models import Chain

SUGGESTIONS = 20
_PROJECT_ID = re.compile(r"#(\d+)\s*$")


def enterprises_for_chain(user, chain: Chain) -> QuerySet[Enterprise]:
    """The active enterprises the user sees in the chain's unit and below: the ones that may go on its links."""
    return (
        Enterprise.objects.visible_to(user)
        .active()
        .filter(unit__path__startswith=chain.unit.path)
        .select_related("unit")
    )


def projects_for_chain(user, chain: Chain) -> QuerySet[Project]:
    """The pipeline's investment projects (not dropped, not archived) the user sees in the chain's unit and below."""
    return (
        Project.objects.visible_to(user)
        .investments()
        .filter(unit__path__startswith=chain.unit.path, is_archived=False)
        .exclude(stage=Stage.DROPPED)
        .select_related("unit")
    )


def enterprise_suggestions(user, chain: Chain, q: str) -> list[Enterprise]:
    """A few enterprises whose name, initials or credit code contain what was typed."""
    q = normalize_text(q)
    if not q:
        return []
    cond = Q(name__icontains=q) | Q(uscc__startswith=normalize_uscc(q)) | Q(name_initials__icontains=q.lower())
    return list(enterprises_for_chain(user, chain).filter(cond).order_by("name")[:SUGGESTIONS])


def project_suggestions(user, chain: Chain, q: str) -> list[Project]:
    q = normalize_text(q)
    if not q:
        return []
    cond = Q(name__icontains=q) | Q(investor_name__icontains=q)
    return list(projects_for_chain(user, chain).filter(cond).order_by("name")[:SUGGESTIONS])


def project_label(project: Project) -> str:
    """How a suggested project reads in the input: its name and, to tell namesakes apart, its number."""
    return f"{project.name} #{project.pk}"


def find_enterprise(user, chain: Chain, text) -> Enterprise:
    """The enterprise named by its name or credit code; Rejected("enterprise") when none or several."""
    text = normalize_text(text)
    code = normalize_uscc(text)
    cells = {"uscc": code} if len(code) == 18 and code.isalnum() else {"enterprise": text}
    problems: list[str] = []
    found = EnterpriseFinder(user, [cells]).find(cells, lambda _key, message: problems.append(str(message)))
    if found is None:
        raise Rejected("enterprise", problems[0] if problems else _("Enter the enterprise's name or credit code."))
    return found


def find_project(user, chain: Chain, text) -> Project:
    """The project picked from the suggestions (name #number) or typed by its exact name."""
    text = normalize_text(text)
    projects = projects_for_chain(user, chain)
    match = _PROJECT_ID.search(text)
    found = list(projects.filter(pk=int(match.group(1)))) if match else list(projects.filter(name=text)[:2])
    if not found:
        raise Rejected("project", _("%(name)s: no active project of this name in the chain's units.") % {"name": text})
    if len(found) > 1:
        raise Rejected("project", _("Several projects have this name: pick one from the suggestions."))
    return found[0]
