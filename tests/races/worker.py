"""Run by the race tests in a process of its own: N threads make the same state move at the same moment, each on its
own database connection, and the outcomes are printed as JSON ({"won": n, "conflict": n, "errors": [...]}).

Usage: python worker.py KIND PK VERSION USER_PK N
"""

import json
import sys
import threading

import django

django.setup()

from django.db import connection  # noqa: E402

from zonedesk.common.errors import Conflict  # noqa: E402
from zonedesk.orgs.audit import Actor  # noqa: E402
from zonedesk.orgs.models import User  # noqa: E402


def attempt(kind: str, pk: int, version: int, by: Actor):
    if kind == "project":
        from zonedesk.projects.models import Project
        from zonedesk.projects.services import advance_stage

        return advance_stage(Project.objects.get(pk=pk), "negotiating", by=by, version=version)
    if kind == "demand":
        from zonedesk.demands import services

        return services.accept(by, pk, version=version)
    if kind == "hazard":
        from zonedesk.safety import hazards

        return hazards.start_rectification(by, pk, version=version)
    if kind == "task":
        from zonedesk.taskforces.models import Task
        from zonedesk.taskforces.services import complete_task

        return complete_task(Task.objects.get(pk=pk), by=by)
    if kind == "score":
        from zonedesk.assessment import services

        return services.publish(by, pk)
    if kind == "target":
        from zonedesk.chains.targets import target_to_lead

        return target_to_lead(by, pk, version=version)
    raise ValueError(kind)


def main() -> None:
    kind, pk, version, user_pk, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    by = Actor(user=User.objects.get(pk=user_pk), ip="10.0.0.50", channel="web")
    connection.close()
    start = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            attempt(kind, pk, version, by)
            outcome = "won"
        except Conflict:
            outcome = "conflict"
        except Exception as exc:  # the test reads every outcome; an error is a failure it reports
            outcome = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(
        json.dumps(
            {
                "won": outcomes.count("won"),
                "conflict": outcomes.count("conflict"),
                "errors": [o for o in outcomes if o.startswith("error")],
                "finished": len(outcomes),
            }
        )
    )


if __name__ == "__main__":
    main()
