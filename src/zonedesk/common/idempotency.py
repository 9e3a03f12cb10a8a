"""Idempotency keys on the API's writes (#11 point 3): a client that sends `Idempotency-Key: <its own unique key>`
with a POST, PUT, PATCH or DELETE and retries after a timeout gets the first answer again instead of a second write.

The key belongs to the caller (the signed-in user, or the API token's digest): the same key for another request
(another path, method or body) is refused with 422, and while the first request still runs a second gets 409.
A request that failed with a server error leaves no trace, so its retry runs. Keys are kept 24 hours.
"""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from .models import IdempotentRequest

HEADER = "HTTP_IDEMPOTENCY_KEY"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
KEEP = timedelta(hours=24)
MAX_STORED_BYTES = 1024 * 1024


def _caller(request) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()
    return None


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER, "").strip()
        if not key or request.method not in WRITES or not request.path.startswith("/api/"):
            return self.get_response(request)
        caller = _caller(request)
        if caller is None or len(key) > 200:
            return self.get_response(request)  # unauthenticated: the API answers 401 itself
        fingerprint = hashlib.sha256(f"{request.method} {request.path}\n".encode() + request.body).hexdigest()
        now = timezone.now()
        IdempotentRequest.objects.filter(caller=caller, key=key, created_at__lt=now - KEEP).delete()
        try:
            with transaction.atomic():
                claim = IdempotentRequest.objects.create(caller=caller, key=key, fingerprint=fingerprint)
        except IntegrityError:
            return self._answer_again(caller, key, fingerprint)
        response = self.get_response(request)
        if response.status_code >= 500 or response.streaming or len(response.content) > MAX_STORED_BYTES:
            claim.delete()  # nothing kept: the retry runs again
            return response
        IdempotentRequest.objects.filter(pk=claim.pk).update(
            status=response.status_code,
            content=response.content,
            content_type=response.get("Content-Type", ""),
            completed_at=timezone.now(),
        )
        return response

    @staticmethod
    def _answer_again(caller: str, key: str, fingerprint: str):
        first = IdempotentRequest.objects.filter(caller=caller, key=key).first()
        if first is None:  # the first one failed and was removed meanwhile
            return JsonResponse({"detail": "Retry the request."}, status=409)
        if first.fingerprint != fingerprint:
            detail = "This Idempotency-Key was used for another request."
            return JsonResponse({"detail": detail}, status=422)
        if first.completed_at is None:
            return JsonResponse({"detail": "A request with this Idempotency-Key is still running."}, status=409)
        response = HttpResponse(bytes(first.content), status=first.status, content_type=first.content_type)
        response["Idempotent-Replayed"] = "true"
        return response
