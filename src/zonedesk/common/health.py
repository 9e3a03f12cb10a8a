"""Health endpoints for the load balancer and the orchestrator, and the answer while the database is down.

- `/healthz` (liveness): the process answers; it touches nothing else, so a database outage never restarts it.
- `/readyz` (readiness): the database answers a query; 503 while it does not, so traffic goes elsewhere.
- `server_error` (handler500): an error that is the database being unreachable (a restart, a failover) answers
  503 with Retry-After, never 500: the request wrote nothing and may be sent again.
"""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "5"


@never_cache
def liveness(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readiness(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.warning("readiness: the database does not answer")
        connection.close_if_unusable_or_obsolete()
        return _unavailable(request)
    return JsonResponse({"status": "ready", "database": connection.vendor})


def _unavailable(request):
    if request.path.startswith("/api/") or request.path == "/readyz":
        response = JsonResponse({"status": "unavailable", "detail": "database unavailable"}, status=503)
    else:
        body = "服务暂时不可用，请稍后重试。 Service temporarily unavailable, please try again shortly."
        response = HttpResponse(body, content_type="text/plain; charset=utf-8", status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def server_error(request, *args, **kwargs):
    """The 500 handler: a lost database connection is an outage (503), anything else the usual 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        # Drop the broken connection so the next request opens a fresh one once the database is back.
        connection.close_if_unusable_or_obsolete()
        return _unavailable(request)
    return django_server_error(request, *args, **kwargs)
