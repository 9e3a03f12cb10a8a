"""What `zonedesk supervise` runs each minute, and the background worker `zonedesk demo` starts."""

import subprocess
import sys
from datetime import datetime

from django.utils import timezone

from zonedesk.commitments.alerts import send_commitment_alerts
from zonedesk.demands.reminders import escalate_overdue
from zonedesk.demands.services import auto_confirm_due
from zonedesk.orgs.audit_chain import seal_pending
from zonedesk.safety.reminders import escalate_overdue_hazards
from zonedesk.taskforces.reminders import send_reminders

from .delivery import deliver_due


def run_due_jobs(now: datetime) -> dict[str, int]:
    """Queue the reminders due at `now` (each is sent once: dedup keys), then deliver the outbox; counts by outcome."""
    queued = send_reminders(now)
    today = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    queued["demand_escalations"] = escalate_overdue(today)
    queued["demands_auto_confirmed"] = auto_confirm_due(now)
    queued["hazard_escalations"] = escalate_overdue_hazards(today)
    queued["commitment_alerts"] = send_commitment_alerts(today)
    counts = deliver_due(now)
    seal_pending()  # the audit log's new Events into the SM3 hash chain (quietly: it is not a message)
    counts.update({name: n for name, n in queued.items() if n})  # quiet when there was nothing to remind
    return counts


def start_worker(every: int = 60) -> subprocess.Popen:
    """`zonedesk supervise --every N` as a child process (same environment, so the same data folder)."""
    return subprocess.Popen([sys.executable, "-m", "zonedesk", "supervise", "--every", str(every)])
