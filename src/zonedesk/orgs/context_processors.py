"""The left menu: only the entries the user's roles allow."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can
from .roles import Role

MENU = [
    # (label, url name, bootstrap icon, permission)
    (_("Home"), "home", "house", None),
    (_("Enterprises"), "enterprises:list", "buildings", "enterprise.view"),
    (_("Import enterprises"), "enterprises:import", "file-earmark-arrow-up", "enterprise.import"),
    (_("Project pipeline"), "projects:board", "kanban", "project.view"),
    (_("Projects"), "projects:list", "briefcase", "project.view"),
    (_("Task forces"), "taskforces:list", "people-fill", "taskforce.view"),
    (_("My to-do"), "taskforces:todo", "check2-square", "task.update"),
    (_("Referrals"), "projects:referrals", "arrow-left-right", "project.view"),
    (_("Promotion events"), "projects:events", "megaphone", "project.view"),
    (_("Investment figures"), "figures:figures", "bar-chart", "figures.view"),
    (_("Monthly review"), "figures:review", "journal-check", "figures.view"),
    (_("Targets"), "figures:targets", "bullseye", "target.manage"),
    (_("Exchange rates"), "figures:rates", "currency-exchange", "currency_rate.manage"),
    (_("Units"), "orgs:units", "diagram-3", "unit.view"),
    (_("Users"), "orgs:users", "people", "user.manage"),
    (_("Audit log"), "orgs:events", "journal-text", "event.view"),
    (_("Working-day calendar"), "orgs:calendar", "calendar3", "calendar.manage"),
    (_("Weekly dispatch"), "dispatch:dispatch", "file-earmark-word", "taskforce.view"),
    (_("Inbox"), "supervision:inbox", "bell", None),
    (_("API"), "orgs:api_tokens", "key", None),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "icon": icon, "active": False}
        for label, name, icon, perm in MENU
        if perm is None or can(user, perm)
    ]
    # The entry whose address is the longest prefix of the page's is the one lit (/projects/ vs /projects/list/).
    matches = [item for item in items if _is_active(request.path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    role_labels = [Role(r).label for r in sorted(user.roles)]
    return {"menu": items, "my_roles": role_labels}


def _is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)
