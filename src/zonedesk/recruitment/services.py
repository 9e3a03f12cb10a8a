"""Every change to a job posting: publish, update, close, record hires; one durable transaction and one Event each."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import fold_compat, normalize_multiline, normalize_text
from zonedesk.enterprises.models import Enterprise, mask_mobile
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.permissions import ensure_can

from .models import JobPosting, PostingHire
from .states import POSTING_TRANSITIONS, PostingStatus

# What publishing and updating may set, in the order the Event lists them.
EDITABLE = [
    "position",
    "count",
    "salary_min",
    "salary_max",
    "requirements",
    "contact_name",
    "contact_mobile",
    "closes_on",
]
MAX_SALARY = 1_000_000  # yuan a month: anything above is a yearly figure or a typo
MAX_COUNT = 100_000


def postings_in_scope(by: Actor):
    """The postings an actor may act on (outside them a posting does not exist: 404)."""
    return JobPosting.objects.all() if by.is_system else JobPosting.objects.visible_to(by.user)


def whole_number(value, field: str, *, minimum: int = 0, maximum: int = MAX_COUNT, required: bool = True) -> int | None:
    """A whole number typed in a form or sent by the API, within bounds; Rejected names the field."""
    if value is None or (isinstance(value, str) and not fold_compat(value)):
        if required:
            raise Rejected(field, _("Enter a whole number."))
        return None
    if isinstance(value, str):
        text = fold_compat(value).replace(",", "")
        number = int(text) if text.lstrip("-").isdigit() else None
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = int(value) if value == int(value) else None
        except (OverflowError, ValueError):  # infinity, NaN
            number = None
    else:
        number = None
    if number is None:
        raise Rejected(field, _("Enter a whole number."))
    if number < minimum:
        raise Rejected(field, _("Enter at least %(minimum)d.") % {"minimum": minimum})
    if number > maximum:
        raise Rejected(field, _("Enter at most %(maximum)d.") % {"maximum": maximum})
    return number


def typed_day(value, field: str) -> date | None:
    """A date as officers type it (2025-02-07, 2025年2月7日 …); Rejected names the field."""
    try:
        return parse_date(value)
    except (TypeError, ValueError):
        raise Rejected(field, _("Enter a date such as 2025-02-07.")) from None


def _clean(values: dict, *, closes_on_changed: bool = True) -> dict:
    """The posting's fields checked together; Rejected names the first bad field and nothing is written."""
    out = {"position": normalize_text(values.get("position"))}
    if not out["position"]:
        raise Rejected("position", _("Enter the position."))
    if len(out["position"]) > 100:
        raise Rejected("position", _("Keep the position within 100 characters."))
    out["count"] = whole_number(values.get("count"), "count", minimum=1)
    out["salary_min"] = whole_number(values.get("salary_min"), "salary_min", maximum=MAX_SALARY, required=False)
    out["salary_max"] = whole_number(values.get("salary_max"), "salary_max", maximum=MAX_SALARY, required=False)
    if out["salary_min"] is not None and out["salary_max"] is not None and out["salary_min"] > out["salary_max"]:
        raise Rejected("salary_max", _("The salary range ends below where it starts."))
    out["requirements"] = normalize_multiline(values.get("requirements"))
    if len(out["requirements"]) > 5000:
        raise Rejected("requirements", _("Keep the requirements within 5000 characters."))
    out["contact_name"] = normalize_text(values.get("contact_name"))
    if not out["contact_name"] or len(out["contact_name"]) > 50:
        raise Rejected("contact_name", _("Enter the contact person's name (at most 50 characters)."))
    mobile = fold_compat(values.get("contact_mobile")).replace(" ", "").replace("-", "")
    if not (mobile.isdigit() and 7 <= len(mobile) <= 15):
        raise Rejected("contact_mobile", _("Enter a phone number of digits only, for example 13800138000."))
    out["contact_mobile"] = mobile
    out["closes_on"] = typed_day(values.get("closes_on"), "closes_on")
    if closes_on_changed and out["closes_on"] is not None and out["closes_on"] < timezone.localdate():
        raise Rejected("closes_on", _("The closing date is in the past."))
    return out


def posting_snapshot(posting: JobPosting, fields: list[str] | None = None) -> dict:
    """The posting's fields for an Event, the mobile masked: the audit log is read by roles that may not see it."""
    values = snapshot(posting, fields or EDITABLE)
    if values.get("contact_mobile"):
        values["contact_mobile"] = mask_mobile(values["contact_mobile"])
    return values


def _locked(by: Actor, posting: JobPosting | int, version: int | None) -> JobPosting:
    """The posting's row, locked; Conflict when it changed since it was read."""
    pk = getattr(posting, "pk", posting)
    locked = postings_in_scope(by).select_related("enterprise", "unit").select_for_update(of=("self",)).get(pk=pk)
    ensure_can(by, "recruitment.post", locked.unit, enterprise_id=locked.enterprise_id)
    if version is not None and version != locked.version:
        raise Conflict()
    return locked


def _ensure_open(posting: JobPosting, to: str, field: str = "status") -> None:
    if to not in POSTING_TRANSITIONS[posting.status]:
        raise Rejected(field, _("Only an open posting can be changed."))


@transaction.atomic(durable=True)
def publish_posting(by: Actor, enterprise: Enterprise | int, data: dict) -> JobPosting:
    """Publish a posting of an enterprise: the enterprise itself, or its service officer on its behalf."""
    scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
    enterprise = scope.select_related("unit").get(pk=getattr(enterprise, "pk", enterprise))
    return create_posting(by, enterprise, data)


def create_posting(by: Actor, enterprise: Enterprise, data: dict) -> JobPosting:
    """Publish a posting of an enterprise the caller has read in the actor's scope, in the caller's transaction
    (publish_posting's, or an import's for all its rows): the permission, the checks, the row and its Event."""
    ensure_can(by, "recruitment.post", enterprise.unit, enterprise_id=enterprise.pk)
    if enterprise.is_archived:
        raise Rejected("enterprise", _("This enterprise is archived."))
    values = _clean(data)
    posting = JobPosting.objects.create(
        enterprise=enterprise,
        unit=enterprise.unit,
        published_on=timezone.localdate(),
        published_by=by.user,
        **values,
    )
    record(by, "posting.published", posting, after=posting_snapshot(posting, ["status", "published_on", *EDITABLE]))
    return posting


@transaction.atomic(durable=True)
def update_posting(by: Actor, posting: JobPosting | int, data: dict, *, version: int | None = None) -> JobPosting:
    """Change an open posting; a stale `version` (someone saved in between) is a Conflict."""
    posting = _locked(by, posting, version)
    if posting.status != PostingStatus.OPEN:
        raise Rejected("status", _("Only an open posting can be changed."))
    current = {name: getattr(posting, name) for name in EDITABLE}
    merged = {**current, **{k: v for k, v in data.items() if k in EDITABLE}}
    values = _clean(merged, closes_on_changed=typed_day(merged.get("closes_on"), "closes_on") != posting.closes_on)
    if values["count"] < posting.filled:
        raise Rejected("count", _("%(filled)d people are already hired on this posting.") % {"filled": posting.filled})
    before = posting_snapshot(posting)
    for key, value in values.items():
        setattr(posting, key, value)
    before, after = changes(before, posting_snapshot(posting))
    if not after:
        return posting
    if posting.filled == posting.count:  # the count came down to the people already hired
        posting.status, posting.filled_on = PostingStatus.FILLED, timezone.localdate()
        before["status"], after["status"] = PostingStatus.OPEN, PostingStatus.FILLED
    posting.version += 1
    posting.save(update_fields=[*EDITABLE, "status", "filled_on", "version"])
    record(by, "posting.updated", posting, before=before, after=after)
    return posting


@transaction.atomic(durable=True)
def close_posting(by: Actor, posting: JobPosting | int, reason: str = "", *, version: int | None = None) -> JobPosting:
    """Stop recruiting on an open posting (the positions not filled leave the labour gap)."""
    posting = _locked(by, posting, version)
    _ensure_open(posting, PostingStatus.CLOSED)
    reason = normalize_text(reason)
    if len(reason) > 300:
        raise Rejected("reason", _("Keep the reason within 300 characters."))
    posting.status, posting.closed_on, posting.close_reason = PostingStatus.CLOSED, timezone.localdate(), reason
    posting.version += 1
    posting.save(update_fields=["status", "closed_on", "close_reason", "version"])
    after = {"status": posting.status, "closed_on": posting.closed_on, "close_reason": reason}
    record(by, "posting.closed", posting, before={"status": PostingStatus.OPEN}, after=after)
    return posting


@transaction.atomic(durable=True)
def record_hires(
    by: Actor, posting: JobPosting | int, count, *, on=None, version: int | None = None
) -> tuple[JobPosting, PostingHire]:
    """Record people hired on an open posting on a day; the posting is filled when its last position is."""
    posting = _locked(by, posting, version)
    _ensure_open(posting, PostingStatus.FILLED)
    number = whole_number(count, "count", minimum=1)
    left = posting.count - posting.filled
    if number > left:
        raise Rejected("count", _("Only %(left)d positions are left on this posting.") % {"left": left})
    day = typed_day(on, "hired_on") or timezone.localdate()
    if day > timezone.localdate():
        raise Rejected("hired_on", _("Hires cannot be recorded before they happen."))
    if day < posting.published_on:
        raise Rejected("hired_on", _("The posting was published after that day."))
    before = posting_snapshot(posting, ["filled", "status"])
    posting.filled += number
    if posting.filled == posting.count:
        posting.status, posting.filled_on = PostingStatus.FILLED, day
    posting.version += 1
    posting.save(update_fields=["filled", "status", "filled_on", "version"])
    after = {**posting_snapshot(posting, ["filled", "status"]), "hired": number, "hired_on": day}
    event = record(by, "posting.hires_recorded", posting, before=before, after=after)
    hire = PostingHire.objects.create(posting=posting, count=number, hired_on=day, event=event)
    return posting, hire
