"""What `zonedesk supervise` runs each minute, and the background worker `zonedesk demo` starts."""

import subprocess
import sys
from datetime import datetime

from .delivery import deliver_due


def run_due_jobs(now: datetime) -> dict[str, int]:
    """Run the background work due at `now`; today that is delivering the outbox. Returns counts by outcome."""
    return deliver_due(now)


def start_worker(every: int = 60) -> subprocess.Popen:
    """`zonedesk supervise --every N` as a child process (same environment, so the same data folder)."""
    return subprocess.Popen([sys.executable, "-m", "zonedesk", "supervise", "--every", str(every)])
