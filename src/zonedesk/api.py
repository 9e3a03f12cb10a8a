"""The JSON API at /api/v1/: one NinjaAPI mounting each app's router, with the errors as JSON."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import HttpBearer, SessionAuth

from zonedesk.alliances.api import router as alliances_router
from zonedesk.assessment.api import router as assessment_router
from zonedesk.chains.api import router as chains_router
from zonedesk.chains.api_targets import router as chain_targets_router
from zonedesk.commitments.api import router as commitments_router
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.dashboards.api import router as dashboards_router
from zonedesk.demands.api import router as demands_router
from zonedesk.demands.api_config import router as demands_config_router
from zonedesk.demands.api_figures import router as demands_figures_router
from zonedesk.demands.api_files import router as demands_files_router
from zonedesk.enterprises.api import router as enterprises_router
from zonedesk.orgs.api import router as orgs_router
from zonedesk.orgs.models import ApiToken, hash_token
from zonedesk.projects.api import router as projects_router
from zonedesk.projects.api_config import router as projects_config_router
from zonedesk.recruitment.api import router as recruitment_router
from zonedesk.recruitment.api_fairs import router as recruitment_fairs_router
from zonedesk.safety.api import router as safety_router
from zonedesk.safety.api_maps import router as safety_maps_router
from zonedesk.safety.api_records import router as safety_records_router
from zonedesk.supervision.api import router as supervision_router
from zonedesk.taskforces.api import router as taskforces_router
from zonedesk.training.api import router as training_router
from zonedesk.visits.api import router as visits_router


class TokenAuth(HttpBearer):
    """`Authorization: Bearer zd_…`: a per-user token, looked up by its SHA-256."""

    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class ActiveSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked on writes by ninja)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api = NinjaAPI(
    title="ZoneDesk API",
    version="1",
    description="园企通 ZoneDesk JSON API. Authenticate with a browser session or `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
)
api.add_router("/", orgs_router)
api.add_router("/", enterprises_router)
api.add_router("/", projects_router)
api.add_router("/", projects_config_router)
api.add_router("/", supervision_router)
api.add_router("/", taskforces_router)
# The fixed paths (/demands/figures, /demands/settings/…) before /demands/{demand_id}.
api.add_router("/", demands_figures_router)
api.add_router("/", demands_config_router)
api.add_router("/", demands_files_router)
api.add_router("/", demands_router)
api.add_router("/", visits_router)
api.add_router("/", recruitment_router)
api.add_router("/", recruitment_fairs_router)
api.add_router("/", dashboards_router)
api.add_router("/", assessment_router)
api.add_router("/", safety_router)
api.add_router("/", safety_records_router)
api.add_router("/", safety_maps_router)
api.add_router("/", chains_router)
api.add_router("/", chain_targets_router)
api.add_router("/", alliances_router)
api.add_router("/", commitments_router)
api.add_router("/", training_router)


def _error(request, status: int, message: str, errors: list[dict] | None = None):
    body = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(Rejected)
def _rejected(request, exc: Rejected):
    return _error(request, 422, str(exc.message), exc.errors)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    """Schema errors in the same shape as a service's Rejected: one message per field."""
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc) or "body", "message": error.get("msg", "invalid")})
    return _error(request, 422, str(_("Invalid input.")), errors)


@api.exception_handler(Conflict)
def _conflict(request, exc: Conflict):
    return _error(request, 409, str(exc.message))


@api.exception_handler(Forbidden)
def _forbidden(request, exc: Forbidden):
    return _error(request, 403, str(exc.message))


@api.exception_handler(ObjectDoesNotExist)
def _missing(request, exc):
    return _error(request, 404, str(_("Not found.")))


@api.exception_handler(Http404)
def _http404(request, exc):
    return _error(request, 404, str(_("Not found.")))
