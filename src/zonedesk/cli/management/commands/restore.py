"""`zonedesk restore FILE`: replace the database's contents with a backup, and check them against its manifest."""

from django.core.management.base import BaseCommand, CommandError

from zonedesk.cli.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `zonedesk backup` (this replaces everything in the database)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data.")

    def handle(self, *args, file: str, yes: bool, **options):
        if not yes and input("这将覆盖数据库中的全部数据。输入 yes 继续: ").strip() != "yes":
            raise CommandError("已取消。")
        try:
            done = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"恢复完成，与备份清单一致: {done.tables} 张表，{done.rows} 行")
