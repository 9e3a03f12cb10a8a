"""The left menu: only the entries the user's roles allow."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .permissions import can
from .roles import Role

MENU = [
    # (section, label, url name, bootstrap icon, permission or permissions of which one suffices); a section
    # heading shows when one of its entries does.
    (None, _("Home"), "home", "house", None),
    (None, _("My to-do"), "taskforces:todo", "check2-square", ("task.update", "safety.inspect")),
    (None, _("Inbox"), "supervision:inbox", "bell", None),
    (_("Enterprises"), _("Enterprises"), "enterprises:list", "buildings", "enterprise.view"),
    (_("Enterprises"), _("Import enterprises"), "enterprises:import", "file-earmark-arrow-up", "enterprise.import"),
    (_("Enterprises"), _("Visits"), "visits:list", "signpost-2", "visit.view"),
    (_("Enterprises"), _("Visit campaigns"), "visits:campaigns", "flag", "visit.view"),
    (_("Enterprises"), _("Enterprise risks"), "visits:risks", "exclamation-triangle", "visit.view"),
    (_("Enterprises"), _("Enterprises' yearly figures"), "commitments:years", "table", "commitment.view"),
    (
        _("Enterprises"),
        _("Import yearly figures"),
        "commitments:years_import",
        "file-earmark-arrow-up",
        "enterprise_year.import",
    ),
    (_("Demands"), _("Demand workspace"), "demands:workspace", "inboxes", "demand.resolve"),
    (_("Demands"), _("Demands"), "demands:list", "chat-square-text", "demand.export"),
    (_("Demands"), _("Import demands"), "demand_io:import", "file-earmark-arrow-up", "demand.import"),
    (_("Demands"), _("Demand figures"), "demands:figures", "graph-up", "figures.view"),
    (_("Demands"), _("Demand rules"), "demands:settings", "sliders", "demand.configure"),
    (_("Safety"), _("Hazards"), "safety:hazards", "cone-striped", "safety.export"),
    (_("Safety"), _("Inspections due"), "safety:due", "calendar-check", "safety.inspect"),
    (_("Safety"), _("Safety lists"), "safety_lists:index", "list-check", "safety.export"),
    (_("Safety"), _("Site plan"), "safety_plan:plan", "map", "safety.export"),
    (_("Safety"), _("Import hazard ledger"), "safety_io:import", "file-earmark-arrow-up", "safety.inspect"),
    (_("Safety"), _("Safety figures"), "safety:figures", "bar-chart-line", "safety.export"),
    (_("Safety"), _("Safety settings"), "safety:settings", "shield-check", "safety.configure"),
    (pgettext_lazy("menu section", "Investment"), _("Project pipeline"), "projects:board", "kanban", "project.view"),
    (pgettext_lazy("menu section", "Investment"), _("Projects"), "projects:list", "briefcase", "project.view"),
    (
        pgettext_lazy("menu section", "Investment"),
        _("Zone facility projects"),
        "projects:facilities",
        "building-gear",
        "project.view",
    ),
    (pgettext_lazy("menu section", "Investment"), _("Task forces"), "taskforces:list", "people-fill", "taskforce.view"),
    (
        pgettext_lazy("menu section", "Investment"),
        _("Weekly dispatch"),
        "dispatch:dispatch",
        "file-earmark-word",
        "taskforce.view",
    ),
    (
        pgettext_lazy("menu section", "Investment"),
        _("Referrals"),
        "projects:referrals",
        "arrow-left-right",
        "project.view",
    ),
    (
        pgettext_lazy("menu section", "Investment"),
        _("Promotion events"),
        "projects:events",
        "megaphone",
        "project.view",
    ),
    (
        pgettext_lazy("menu section", "Investment"),
        _("Commitments"),
        "commitments:list",
        "clipboard-check",
        "commitment.view",
    ),
    (
        pgettext_lazy("menu section", "Investment"),
        _("Compliance figures"),
        "commitments:figures",
        "pie-chart",
        "commitment.view",
    ),
    (_("Industrial chains"), _("Industrial chains"), "chains:list", "diagram-3", "chain.view"),
    (_("Industrial chains"), _("Investment targets"), "chain_targets:targets", "bullseye", "chain.view"),
    (_("Industrial chains"), _("Alliances"), "alliances:list", "people", "alliance.view"),
    (_("Industrial chains"), _("Chain-wide problems"), "alliances:problems", "diagram-2", "alliance.view"),
    # Staff read the recruitment pages (figures.view is every staff role); enterprises have theirs under /my/jobs/.
    (_("Recruitment"), _("Job postings"), "recruitment:postings", "person-badge", "figures.view"),
    (_("Recruitment"), _("Job fairs"), "recruitment:fairs", "people", "figures.view"),
    (_("Recruitment"), _("Labour gap"), "recruitment:gap", "graph-down-arrow", "figures.view"),
    (
        _("Recruitment"),
        _("Import job postings"),
        "recruitment_io:import",
        "file-earmark-arrow-up",
        "recruitment.import",
    ),
    (_("Figures"), _("Dashboard"), "dashboards:zone", "speedometer2", "figures.view"),
    (_("Figures"), _("Zones side by side"), "dashboards:region", "grid-3x3-gap", "figures.view"),
    (_("Figures"), _("Big screen"), "dashboards:screen", "display", "figures.view"),
    (_("Figures"), _("Assessment"), "assessment:schemes", "award", "assessment.view"),
    (_("Figures"), _("Investment figures"), "figures:figures", "bar-chart", "figures.view"),
    (_("Figures"), _("Monthly review"), "figures:review", "journal-check", "figures.view"),
    (_("Figures"), _("Targets"), "figures:targets", "bullseye", "target.manage"),
    (_("Staff learning"), _("My training"), "training:mine", "mortarboard", "training.record"),
    (_("Staff learning"), _("Training progress"), "training:progress", "bar-chart-steps", "training.manage"),
    (_("Staff learning"), _("Training records"), "training:records", "journal-text", "training.manage"),
    (_("Staff learning"), _("Yearly targets"), "training:targets", "bullseye", "training.manage"),
    (_("System"), _("Units"), "orgs:units", "diagram-3", "unit.view"),
    (_("System"), _("Users"), "orgs:users", "people", "user.manage"),
    (_("System"), _("Audit log"), "orgs:events", "journal-text", "event.view"),
    (_("System"), _("Audit log check"), "orgs:audit_check", "shield-lock", "audit.verify"),
    (_("System"), _("Locked-out accounts"), "orgs:lockouts", "lock", "security.manage"),
    (_("System"), _("Working-day calendar"), "orgs:calendar", "calendar3", "calendar.manage"),
    (_("System"), _("Exchange rates"), "figures:rates", "currency-exchange", "currency_rate.manage"),
    (_("System"), _("API"), "orgs:api_tokens", "key", None),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"section": section, "label": label, "url": reverse(name), "icon": icon, "active": False}
        for section, label, name, icon, perm in MENU
        if perm is None or any(can(user, p) for p in ((perm,) if isinstance(perm, str) else perm))
    ]
    # The entry whose address is the longest prefix of the page's is the one lit (/projects/ vs /projects/list/).
    matches = [item for item in items if _is_active(request.path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    role_labels = [Role(r).label for r in sorted(user.roles)]
    return {"menu": items, "my_roles": role_labels}


def _is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)
