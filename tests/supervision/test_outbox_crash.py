"""The outbox survives its worker being killed: 1,000 robot messages, the worker killed (SIGKILL) 10 times while it
sends them, then started again until the outbox is empty. None is lost; a message sent again after a kill carries the
same X-Message-Id, so a receiver that deduplicates on it acts on each message exactly once (#11 point 9).

The worker is a separate process (`zonedesk supervise` does the same through run_due_jobs) using the real transport
against a robot webhook on loopback. On SQLite it works on a file copy of the test database; on PostgreSQL on the
test database itself.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

from zonedesk.cli.backup import backup
from zonedesk.supervision.delivery import STALE_CLAIM
from zonedesk.supervision.models import Channel, ChannelKind, OutboxMessage, Status

MESSAGES = 1000
KILLS = 10
WORKER = """
import sys
from datetime import timedelta

import django

django.setup()
from django.utils import timezone

from zonedesk.supervision.delivery import deliver_due

shift = timedelta(seconds=float(sys.argv[1]))
while any(deliver_due(timezone.now() + shift, limit=20).values()):
    pass
"""


class Receiver(BaseHTTPRequestHandler):
    """A WeCom-like robot that acts on each X-Message-Id once and answers ok to repeats."""

    lock = threading.Lock()
    received: list[str] = []
    acted_on: dict[str, int] = {}

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        message_id = self.headers["X-Message-Id"]
        time.sleep(0.002)  # a real robot takes its time: kills land in the middle of a batch
        with self.lock:
            self.received.append(message_id)
            if message_id not in self.acted_on:  # the deduplication
                self.acted_on[message_id] = 1
        body = b'{"errcode": 0, "errmsg": "ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A killed worker hangs up mid-answer: that is the test, not an error to print."""


@pytest.fixture
def robot():
    Receiver.received, Receiver.acted_on = [], {}
    server = Server(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=test"
    server.shutdown()


def _worker_env(tmp_path: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zonedesk.settings", "SECRET_KEY": "outbox-crash-test"}
    env.pop("DATABASE_URL", None)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        env["ZONEDESK_DATA_DIR"] = str(tmp_path)
    return env


def _statuses(tmp_path: Path) -> dict[str, int]:
    if connection.vendor == "postgresql":
        return {s: OutboxMessage.objects.filter(status=s).count() for s in Status.values}
    with sqlite3.connect(tmp_path / "zonedesk.sqlite3") as db:
        rows = db.execute("SELECT status, COUNT(*) FROM supervision_outboxmessage GROUP BY status").fetchall()
    return {s: dict(rows).get(s, 0) for s in Status.values}


def _forget_killed_sessions() -> None:
    """A killed worker's PostgreSQL session may linger until the server notices: end it, so that the test database
    can be dropped at the end of the run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ''"
            )


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_ten_times_loses_nothing_and_repeats_nothing(zone_a, robot, tmp_path):
    channel = Channel.objects.create(unit=zone_a, kind=ChannelKind.WECOM, webhook_url=robot)
    OutboxMessage.objects.bulk_create(
        OutboxMessage(channel=channel, kind=channel.kind, subject=f"消息 {n}", dedup_key=f"crash:{n}")
        for n in range(MESSAGES)
    )
    ids = {str(pk) for pk in OutboxMessage.objects.values_list("message_id", flat=True)}
    if connection.vendor == "sqlite":
        backup(tmp_path / "zonedesk.sqlite3")
    env = _worker_env(tmp_path)
    rng = random.Random(2026)

    kills = 0
    while kills < KILLS:
        worker = subprocess.Popen([sys.executable, "-c", WORKER, "0"], env=env, cwd=tmp_path)
        before = len(Receiver.received)
        # Kill it while it is sending: once some messages of this run have arrived, after a random pause.
        deadline = time.monotonic() + 60
        while len(Receiver.received) < before + 5 and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.2))
        if worker.poll() is not None:
            break  # it finished everything before we could kill it again
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        kills += 1
    assert kills == KILLS, f"the worker finished after {kills} kills: make the batch slower"
    assert _statuses(tmp_path)[Status.SENDING] > 0  # claims the killed workers left behind

    # The next runs pick up the pending rows, and the stale claims once they are older than STALE_CLAIM.
    later = str(STALE_CLAIM.total_seconds() + 60)
    finished = subprocess.run([sys.executable, "-c", WORKER, later], env=env, cwd=tmp_path, timeout=300)
    assert finished.returncode == 0

    statuses = _statuses(tmp_path)
    assert statuses[Status.SENT] == MESSAGES
    assert statuses[Status.PENDING] == statuses[Status.SENDING] == statuses[Status.FAILED] == 0
    assert set(Receiver.acted_on) == ids  # none lost, and no message under another id
    assert all(count == 1 for count in Receiver.acted_on.values())
    repeats = len(Receiver.received) - len(set(Receiver.received))
    assert repeats <= KILLS * 20  # only the messages of a killed worker's batch went out twice
    _forget_killed_sessions()
    print(f"outbox crash test: {MESSAGES} messages, {KILLS} kills, {repeats} repeats deduplicated by the receiver")
