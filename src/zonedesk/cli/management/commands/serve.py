"""`zonedesk serve`: gunicorn (a production WSGI server) with static files by WhiteNoise."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Built here, after collectstatic: WhiteNoise indexes the static folder when the app is created.
        return get_wsgi_application()


def run_server(host: str, port: int, workers: int, threads: int) -> None:
    """Serve until Ctrl-C or SIGTERM (gunicorn stops its workers gracefully)."""
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 120,
            "graceful_timeout": 10,
            "accesslog": os.environ.get("ACCESS_LOG") or None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "zonedesk",
        }
    ).run()


class Command(BaseCommand):
    help = "Run ZoneDesk with a production server (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 4)))
        parser.add_argument("--no-collectstatic", action="store_true", help="Static files are already collected.")

    def handle(self, *args, **opts):
        if not opts["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"ZoneDesk on http://{opts['host']}:{opts['port']}/  (Ctrl-C stops it)")
        run_server(opts["host"], opts["port"], opts["workers"], opts["threads"])
