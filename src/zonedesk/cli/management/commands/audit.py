"""`zonedesk audit seal|verify`: seal the audit log's new Events into the SM3 chain, or walk the chain."""

from django.core.management.base import BaseCommand, CommandError

from zonedesk.orgs.audit_chain import seal_pending, verify


class Command(BaseCommand):
    help = "Seal new audit Events into the SM3 hash chain (seal), or check the whole chain for tampering (verify)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seal", "verify"])

    def handle(self, *args, action: str, **options):
        if action == "seal":
            total = 0
            while sealed := seal_pending():
                total += sealed
            self.stdout.write(f"已封存 {total} 条审计记录。")
            return
        verdict = verify()
        self.stdout.write(f"已校验 {verdict.sealed} 条，待封存 {verdict.unsealed} 条。")
        if not verdict.intact:
            for problem in verdict.broken[:50]:
                self.stderr.write(problem)
            raise CommandError(f"审计日志被篡改：{len(verdict.broken)} 处不一致。")
        self.stdout.write("审计日志完整。")
