"""The weekly dispatch (周调度): one report per task force and ISO week, feeding the project's figure."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.amounts import quantize_wan
from zonedesk.common.errors import Conflict, Rejected
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.projects.services import apply_funds

from ..models import TaskForce, WeeklyReport
from ..queries import report_deadline, settings_for
from .base import a_text
from .setup import locked_task_force

FIELDS = ["progress", "percent_complete", "investment_this_week_wan", "investment_total_wan", "blockers", "next_steps"]


def _amount(value, field: str) -> Decimal:
    try:
        amount = quantize_wan(Decimal(str(value if value not in (None, "") else 0)))
    except InvalidOperation as exc:
        raise Rejected(field, _("Enter an amount in 10k yuan, such as 1250.5.")) from exc
    if amount < 0:
        raise Rejected(field, _("An amount cannot be negative."))
    return amount


def _week(iso_year, iso_week) -> tuple[int, int]:
    if iso_year is None or iso_week is None:
        year, week, _day = timezone.localdate().isocalendar()
        return year, week
    try:
        year, week = int(iso_year), int(iso_week)
        date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise Rejected("iso_week", _("This is not a week of that year.")) from exc
    if date.fromisocalendar(year, week, 1) > timezone.localdate():
        raise Rejected("iso_week", _("This week has not started yet."))
    return year, week


@transaction.atomic(durable=True)
def submit_weekly_report(
    task_force: TaskForce,
    data: dict,
    *,
    by: Actor,
    iso_year: int | None = None,
    iso_week: int | None = None,
    correction: bool = False,
) -> WeeklyReport:
    """Submit (or, with `correction`, correct) the week's report; it sets the project's investment completed.

    The amount is typed once, here: the project's 完成投资 becomes its previous figure plus this week's
    investment (a correction replaces the week's earlier amount instead of adding to it).
    """
    task_force = locked_task_force(task_force, by)
    year, week = _week(iso_year, iso_week)
    existing = task_force.weekly_reports.select_for_update().filter(iso_year=year, iso_week=week).first()
    if existing is not None and not correction:
        raise Conflict(_("This week's report is already in: correct it instead of submitting it again."))
    if existing is None and correction:
        raise Rejected("iso_week", _("There is no report of this week to correct."))
    try:
        percent = int(data.get("percent_complete") or 0)
    except (TypeError, ValueError) as exc:
        raise Rejected("percent_complete", _("Enter a percentage from 0 to 100.")) from exc
    if not 0 <= percent <= 100:
        raise Rejected("percent_complete", _("Enter a percentage from 0 to 100."))
    this_week = _amount(data.get("investment_this_week_wan"), "investment_this_week_wan")
    project = task_force.project
    earlier = existing.investment_this_week_wan if existing else Decimal(0)
    total = project.investment_completed_wan - earlier + this_week
    if total < 0:
        raise Rejected("investment_this_week_wan", _("The project's investment completed would become negative."))
    report = existing or WeeklyReport(task_force=task_force, iso_year=year, iso_week=week)
    before = snapshot(report, FIELDS) if existing else {}
    report.progress = a_text(data.get("progress"), "progress", multiline=True)
    report.percent_complete = percent
    report.investment_this_week_wan = this_week
    report.investment_total_wan = total
    report.blockers = a_text(data.get("blockers"), "blockers", required=False, multiline=True)
    report.next_steps = a_text(data.get("next_steps"), "next_steps", required=False, multiline=True)
    report.submitted_by = by.user
    report.submitted_at = timezone.now()
    if existing is None:
        report.was_on_time = report.submitted_at <= report_deadline(year, week, settings_for(task_force.unit))
    report.save()
    if total != project.investment_completed_wan:
        apply_funds(project, investment_completed_wan=total, by=by)
    before, after = changes(before, snapshot(report, FIELDS))
    verb = "weekly_report.corrected" if existing else "weekly_report.submitted"
    record(by, verb, report, before=before, after={**after, "iso_year": year, "iso_week": week}, unit=task_force.unit)
    return report
