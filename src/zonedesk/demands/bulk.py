"""Bulk accept and bulk assign from the handler's workspace: each demand moves in its own transaction, and the
answer says, demand by demand, which moved and why the others did not (changed meanwhile, not allowed …)."""

from django.core.exceptions import ObjectDoesNotExist

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.audit import Actor

from . import services


def _each(ids, call) -> dict:
    done, failed = [], []
    for pk in dict.fromkeys(int(i) for i in ids):
        try:
            call(pk)
            done.append(pk)
        except (Rejected, Conflict, Forbidden) as exc:
            failed.append({"id": pk, "message": str(exc.message)})
        except ObjectDoesNotExist:
            failed.append({"id": pk, "message": str(Forbidden().message)})
    return {"done": done, "failed": failed}


def bulk_accept(by: Actor, ids) -> dict:
    return _each(ids, lambda pk: services.accept(by, pk))


def bulk_assign(by: Actor, ids, department, *, deadline_days: int | None = None) -> dict:
    return _each(ids, lambda pk: services.assign(by, pk, department, deadline_days=deadline_days))
