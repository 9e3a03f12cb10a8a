"""`zonedesk demo`: migrate, load the demo data once, print the demo logins, then serve."""

import os
import time
import unicodedata

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zonedesk.cli.demo_alliances import load_alliances
from zonedesk.cli.demo_assessment import load_assessment
from zonedesk.cli.demo_chains import load_chains
from zonedesk.cli.demo_commitments import load_commitments
from zonedesk.cli.demo_data import DemoRefused, load_demo
from zonedesk.cli.demo_demands import load_demands
from zonedesk.cli.demo_facilities import load_facilities
from zonedesk.cli.demo_projects import load_projects
from zonedesk.cli.demo_recruitment import load_recruitment
from zonedesk.cli.demo_safety import load_safety
from zonedesk.cli.demo_targets import load_targets
from zonedesk.cli.demo_taskforces import load_taskforces
from zonedesk.cli.demo_training import load_training
from zonedesk.supervision.jobs import start_worker


def _width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "Load the demo data (once) into the data folder, print the demo logins and serve ZoneDesk."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--no-serve", action="store_true", help="Load the data and print the logins only.")

    def handle(self, *args, **opts):
        database = connection.settings_dict
        where = database["NAME"] if connection.vendor == "sqlite" else f"{database['NAME']} @ {database['HOST']}"
        self.stdout.write(f"数据目录: {settings.DATA_DIR}")
        self.stdout.write(f"数据库:   {connection.vendor} {where}")
        call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        try:
            accounts = load_demo(stdout=self.stdout)
            load_projects(stdout=self.stdout)
            load_taskforces(stdout=self.stdout)
            load_demands(stdout=self.stdout)
            load_assessment(stdout=self.stdout)
            load_safety(stdout=self.stdout)
            load_recruitment(stdout=self.stdout)
            load_facilities(stdout=self.stdout)
            load_chains(stdout=self.stdout)
            load_targets(stdout=self.stdout)
            load_alliances(stdout=self.stdout)
            load_commitments(stdout=self.stdout)
            load_training(stdout=self.stdout)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"（用时 {time.monotonic() - started:.1f} 秒）")

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"ZoneDesk demo: http://{opts['host']}:{opts['port']}/"))
        header = ("角色", "用户名", "密码")
        widths = [max(_width(row[i]) for row in [header, *accounts]) + 2 for i in range(3)]
        self.stdout.write("".join(_pad(cell, w) for cell, w in zip(header, widths, strict=True)).rstrip())
        for row in accounts:
            self.stdout.write("".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if settings.ADMIN_TWO_FACTOR:
            self.stdout.write(
                "管理员账号（admin、sysadmin、secadmin、auditor）登录后需用身份验证器 App 扫码设置动态口令；"
                "只作演示、手边没有 App 时，可用 ADMIN_TWO_FACTOR=0 启动。"
            )
        self.stdout.write("")

        if not opts["no_serve"]:
            # Reminders and robot deliveries run beside the server, as cron would run them in production.
            worker = start_worker(every=60)
            self.stdout.write("后台任务: zonedesk supervise --every 60")
            try:
                call_command("serve", host=opts["host"], port=opts["port"])
            finally:
                worker.terminate()
