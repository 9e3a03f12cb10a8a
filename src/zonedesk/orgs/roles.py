"""The roles of DESIGN.md and the one table that says which role may do what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("Leader")
    INVESTMENT_OFFICER = "investment_officer", _("Investment officer")
    PROJECT_MANAGER = "project_manager", _("Task-force lead")
    SERVICE_OFFICER = "service_officer", _("Enterprise service officer")
    HANDLER = "handler", _("Department handler")
    SAFETY_OFFICER = "safety_officer", _("Safety officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ENTERPRISE = "enterprise", _("Enterprise user")
    ADMIN = "admin", _("Administrator")
    # The three separated administrators of 等保 (三员): no business rights, none holding another's.
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# 三员: they administer accounts, security and the audit log, and see no business record at all.
SEPARATED_ADMINS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Everyone who works with the business records: every role but the three separated administrators.
BUSINESS_ROLES = frozenset(Role) - SEPARATED_ADMINS
STAFF_ROLES = BUSINESS_ROLES - {Role.ENTERPRISE}
# Whose passwords expire (settings.ADMIN_PASSWORD_MAX_DAYS).
ADMIN_ROLES = frozenset({Role.ADMIN}) | SEPARATED_ADMINS
OFFICERS = frozenset({Role.LEADER, Role.INVESTMENT_OFFICER, Role.SERVICE_OFFICER, Role.ADMIN})

# permission -> the roles that hold it on the unit of their membership and every unit below.
# The only copy: services call ensure_can(), menus and templates call can().
PERMISSIONS: dict[str, frozenset[str]] = {
    "enterprise.view": BUSINESS_ROLES,
    "enterprise.create": OFFICERS,
    "enterprise.edit": OFFICERS,
    "enterprise.archive": frozenset({Role.LEADER, Role.ADMIN}),
    "enterprise.import": frozenset({Role.SERVICE_OFFICER, Role.INVESTMENT_OFFICER, Role.ADMIN}),
    "enterprise.export": STAFF_ROLES,
    "enterprise.confirm_uscc": OFFICERS,
    # Mobile numbers in clear: the people who call enterprises (PIPL: need to know).
    "enterprise.view_contacts": frozenset({Role.LEADER, Role.SERVICE_OFFICER, Role.ADMIN, Role.ENTERPRISE}),
    "enterprise.edit_contacts": frozenset({Role.SERVICE_OFFICER, Role.ADMIN, Role.ENTERPRISE}),
    "unit.view": STAFF_ROLES | {Role.SYSTEM_ADMIN},
    "unit.manage": frozenset({Role.ADMIN, Role.SYSTEM_ADMIN}),
    # Accounts: create, disable, reset a password, grant and take away roles.
    "user.manage": frozenset({Role.ADMIN, Role.SYSTEM_ADMIN}),
    # Security: lift a lock-out, require a new password at the next sign-in.
    "security.manage": frozenset({Role.SECURITY_ADMIN}),
    "event.view": STAFF_ROLES | {Role.AUDIT_ADMIN},
    # Walk the audit log's hash chain and export the whole log: the audit administrator's own work.
    "audit.verify": frozenset({Role.AUDIT_ADMIN}),
    "calendar.manage": frozenset({Role.ADMIN, Role.SYSTEM_ADMIN}),
    "project.view": STAFF_ROLES,
    "project.create": frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.ADMIN}),
    "project.edit": frozenset({Role.INVESTMENT_OFFICER, Role.PROJECT_MANAGER, Role.LEADER, Role.ADMIN}),
    "project.advance": frozenset({Role.INVESTMENT_OFFICER, Role.PROJECT_MANAGER, Role.LEADER, Role.ADMIN}),
    # Moving back a stage or reopening a dropped project: a leader, with a reason.
    "project.correct": frozenset({Role.LEADER}),
    "project.refer": frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.ADMIN}),
    "project.import": frozenset({Role.INVESTMENT_OFFICER, Role.ADMIN}),
    "project.export": STAFF_ROLES,
    "promotion_event.manage": frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.ADMIN}),
    "currency_rate.manage": frozenset({Role.ADMIN}),
    "target.manage": frozenset({Role.LEADER, Role.ADMIN}),
    "figures.view": STAFF_ROLES,
    "channel.manage": frozenset({Role.ADMIN, Role.SYSTEM_ADMIN}),
    "taskforce.view": STAFF_ROLES,
    "taskforce.manage": frozenset({Role.PROJECT_MANAGER, Role.LEADER, Role.ADMIN, Role.INVESTMENT_OFFICER}),
    # The weekly report deadline and escalation delays of a unit.
    "taskforce.configure": frozenset({Role.LEADER, Role.ADMIN}),
    # Tasks and element needs: the task force, and the handlers of the owner department.
    "task.update": frozenset({Role.PROJECT_MANAGER, Role.LEADER, Role.ADMIN, Role.INVESTMENT_OFFICER, Role.HANDLER}),
    "visit.view": STAFF_ROLES,
    "visit.record": frozenset({Role.SERVICE_OFFICER, Role.LEADER, Role.ADMIN, Role.HANDLER}),
    "campaign.manage": frozenset({Role.LEADER, Role.ADMIN, Role.SERVICE_OFFICER}),
    "demand.view": BUSINESS_ROLES,
    "demand.submit": frozenset({Role.SERVICE_OFFICER, Role.LEADER, Role.ADMIN, Role.ENTERPRISE}),
    # Accept, return, reject, assign and transfer a demand.
    "demand.handle": frozenset({Role.SERVICE_OFFICER, Role.LEADER, Role.ADMIN}),
    "demand.resolve": frozenset({Role.HANDLER, Role.SERVICE_OFFICER, Role.LEADER, Role.ADMIN}),
    "demand.confirm": frozenset({Role.ENTERPRISE}),
    # Auto-confirmation and escalation delays, and the zone's own deadline per category.
    "demand.configure": frozenset({Role.LEADER, Role.ADMIN}),
    "demand.import": frozenset({Role.SERVICE_OFFICER, Role.ADMIN}),
    "demand.export": STAFF_ROLES,
    # Recruitment (招聘): an enterprise user reads and publishes only its own enterprise's postings.
    "recruitment.view": BUSINESS_ROLES,
    "recruitment.post": frozenset({Role.ENTERPRISE, Role.SERVICE_OFFICER, Role.ADMIN}),
    # Import postings from Excel for the enterprises of the zone: the staff who publish on their behalf.
    "recruitment.import": frozenset({Role.SERVICE_OFFICER, Role.ADMIN}),
    # Organise job fairs, add their participants (also from a labour demand) and record their results.
    "recruitment.fair": frozenset({Role.SERVICE_OFFICER, Role.LEADER, Role.ADMIN}),
    "assessment.view": STAFF_ROLES,
    "assessment.manage": frozenset({Role.ADMIN}),
    "assessment.compute": frozenset({Role.ADMIN, Role.LEADER, Role.SUPERVISOR}),
    "assessment.publish": frozenset({Role.ADMIN, Role.LEADER}),
    # Invite a person of an enterprise to its own pages (no open sign-up).
    "enterprise.invite": frozenset({Role.SERVICE_OFFICER, Role.LEADER, Role.ADMIN}),
    # Safety supervision (五星五色, 隐患闭环): an enterprise user reads only its own enterprise's records.
    "safety.view": BUSINESS_ROLES,
    # The staff's hazard list and its Excel export (enterprises read their own hazards on their phone pages).
    "safety.export": STAFF_ROLES,
    "safety.inspect": frozenset({Role.SAFETY_OFFICER, Role.LEADER, Role.ADMIN}),
    "safety.rate": frozenset({Role.SAFETY_OFFICER, Role.LEADER}),
    # Accept a hazard's rectification or send it back.
    "safety.accept": frozenset({Role.SAFETY_OFFICER, Role.LEADER}),
    # Hazard categories, the rating scheme, inspection frequencies, deadlines and escalation delays.
    "safety.configure": frozenset({Role.ADMIN, Role.LEADER}),
    # Start and submit a hazard's rectification: the enterprise, or a service officer on its behalf.
    "safety.rectify": frozenset({Role.ENTERPRISE, Role.SERVICE_OFFICER}),
    # Industrial chains (产业链): read by every staff role; their links, and the enterprises and projects on each
    # link, kept by the investment office and the leaders.
    "chain.view": STAFF_ROLES,
    "chain.manage": frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.ADMIN}),
    "chain.import": frozenset({Role.INVESTMENT_OFFICER, Role.ADMIN}),
    # Targets of targeted investment (精准招商): add, dismiss, and turn into a lead (which also needs project.create).
    "chain.target": frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.ADMIN}),
    # Alliances (产业链联盟, 联合党委, 商会): members, meetings, problems raised there, supplier-buyer matching.
    "alliance.view": STAFF_ROLES,
    "alliance.manage": frozenset({Role.SERVICE_OFFICER, Role.INVESTMENT_OFFICER, Role.LEADER, Role.ADMIN}),
    # A problem several members share, handled once for the whole chain by a chain task force.
    "chain_problem.manage": frozenset({Role.SERVICE_OFFICER, Role.LEADER, Role.ADMIN}),
    # Commitments of signed projects (履约): the agreement's promises and the zone's own.
    "commitment.view": STAFF_ROLES,
    "commitment.manage": frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.ADMIN}),
    # The enterprises' yearly figures (output, tax, employees), entered or imported once a year.
    "enterprise_year.edit": frozenset({Role.SERVICE_OFFICER, Role.INVESTMENT_OFFICER, Role.ADMIN}),
    "enterprise_year.import": frozenset({Role.SERVICE_OFFICER, Role.INVESTMENT_OFFICER, Role.ADMIN}),
    # Staff learning (学习型管委会): everyone keeps their own training ledger; leaders and admins set the yearly
    # hour targets, record for others and read everyone's progress.
    "training.record": STAFF_ROLES,
    "training.manage": frozenset({Role.LEADER, Role.ADMIN}),
}
