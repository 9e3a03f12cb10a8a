from django.contrib import admin
from django.urls import include, path

from .api import api
from .common import health
from .orgs.urls import account_patterns

urlpatterns = [
    path("", include(account_patterns)),
    path("", include("zonedesk.orgs.urls")),
    path("enterprises/", include("zonedesk.enterprises.urls")),
    path("projects/", include("zonedesk.projects.urls")),
    path("figures/", include("zonedesk.projects.urls_figures")),
    path("inbox/", include("zonedesk.supervision.urls")),
    path("dispatch/", include("zonedesk.taskforces.urls_dispatch")),
    path("taskforces/", include("zonedesk.taskforces.urls")),
    path("demands/", include("zonedesk.demands.urls")),
    path("demands/", include("zonedesk.demands.urls_io")),
    path("visits/", include("zonedesk.visits.urls")),
    path("safety/plan/", include("zonedesk.safety.urls_plan")),
    path("safety/lists/", include("zonedesk.safety.urls_lists")),
    path("safety/", include("zonedesk.safety.urls")),
    path("safety/", include("zonedesk.safety.urls_io")),
    path("my/safety/", include("zonedesk.safety.urls_portal")),
    path("my/jobs/", include("zonedesk.recruitment.urls_portal")),
    path("my/", include("zonedesk.demands.urls_portal")),
    path("recruitment/", include("zonedesk.recruitment.urls")),
    path("recruitment/", include("zonedesk.recruitment.urls_io")),
    path("chains/", include("zonedesk.chains.urls")),
    path("chains/", include("zonedesk.chains.urls_targets")),
    path("alliances/", include("zonedesk.alliances.urls")),
    path("commitments/", include("zonedesk.commitments.urls")),
    path("training/", include("zonedesk.training.urls")),
    path("invite/", include("zonedesk.enterprises.urls_invite")),
    path("assessment/", include("zonedesk.assessment.urls")),
    path("dashboards/", include("zonedesk.dashboards.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", health.liveness, name="liveness"),
    path("readyz", health.readiness, name="readiness"),
]

handler500 = "zonedesk.common.health.server_error"
