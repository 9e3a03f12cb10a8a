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
    (_("Units"), "orgs:units", "diagram-3", "unit.view"),
    (_("Users"), "orgs:users", "people", "user.manage"),
    (_("Audit log"), "orgs:events", "journal-text", "event.view"),
    (_("API"), "orgs:api_tokens", "key", None),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for label, name, icon, perm in MENU:
        if perm is None or can(user, perm):
            url = reverse(name)
            items.append({"label": label, "url": url, "icon": icon, "active": _is_active(request.path, url)})
    role_labels = [Role(r).label for r in sorted(user.roles)]
    return {"menu": items, "my_roles": role_labels}


def _is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)
