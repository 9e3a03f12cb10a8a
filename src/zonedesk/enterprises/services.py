"""Writes on the enterprise registry: one action, one transaction, one Event."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.models import Industry, industry_code_for
from zonedesk.common.text import fold_compat, normalize_text, pinyin_initials
from zonedesk.common.uscc import normalize_uscc, uscc_problem
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.models import Membership, Unit, UnitKind, User
from zonedesk.orgs.permissions import ensure_can

from .models import Contact, Enterprise, mask_mobile

# Fields a create or edit form may set, in the order the Event lists them.
EDITABLE = [
    "name",
    "uscc",
    "unit",
    "industry",
    "legal_representative",
    "address",
    "established_on",
    "registered_capital_wan",
    "employees",
    "is_above_scale",
    "is_high_tech",
    "is_specialized",
    "linked_leader",
    "service_officer",
]

USCC_MESSAGES = {
    "length": gettext_lazy("A unified social credit code has 18 characters."),
    "charset": gettext_lazy("A unified social credit code uses digits and the capitals A–Y except I, O, S, V and Z."),
    "authority": gettext_lazy("A unified social credit code starts with 1, 5, 9, A, N or Y."),
    "check_digit": gettext_lazy(
        "The check digit (the last character) does not match. Check the code; if it is a real code "
        "from a pre-standard pilot, tick “confirm this code” to keep it."
    ),
}


def _in_scope(by: Actor):
    """The enterprises an actor may act on: every one for the system, else the user's visible ones."""
    return Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)


def clean_uscc(raw: str, *, confirmed: bool, exclude_pk: int | None = None) -> tuple[str, bool]:
    """The normalised code and whether it is kept despite a wrong check digit; Rejected otherwise."""
    code = normalize_uscc(raw)
    if not code:
        raise Rejected("uscc", _("Enter the unified social credit code."))
    problem = uscc_problem(code)
    if problem and not (problem == "check_digit" and confirmed):
        raise Rejected("uscc", USCC_MESSAGES[problem])
    taken = Enterprise.objects.filter(uscc=code)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Rejected("uscc", _("An enterprise with this code is already registered."))
    return code, problem == "check_digit"


def _clean(data: dict, by: Actor, *, instance: Enterprise | None = None) -> dict:
    """Validated field values from form or API input; Rejected names the first bad field."""
    out = {}
    if "name" in data:
        out["name"] = normalize_text(data["name"])
        if not out["name"]:
            raise Rejected("name", _("Enter the enterprise's name."))
    if "uscc" in data:
        out["uscc"], out["is_uscc_confirmed"] = clean_uscc(
            data["uscc"], confirmed=bool(data.get("confirm_uscc")), exclude_pk=instance.pk if instance else None
        )
    if "unit" in data:
        unit = data["unit"]
        unit_id = unit.pk if isinstance(unit, Unit) else unit
        zone = (
            Unit.objects.visible_to(by.user).filter(pk=unit_id, kind=UnitKind.ZONE).first()
            if not by.is_system
            else (Unit.objects.filter(pk=unit_id, kind=UnitKind.ZONE).first())
        )
        if zone is None:
            raise Rejected("unit", _("Choose a zone within your units."))
        out["unit"] = zone
    if "industry" in data:
        industry = data["industry"]
        code = industry.code if isinstance(industry, Industry) else normalize_text(industry or "")
        known = set(Industry.objects.filter(code__in=[code, code[:3], code[:2]]).values_list("code", flat=True))
        resolved = industry_code_for(code, known) if code else None
        out["industry"] = Industry.objects.get(code=resolved) if resolved else None
        if code and out["industry"] is None:
            raise Rejected("industry", _("%(code)s is not a GB/T 4754-2017 industry code.") % {"code": code})
    for key in ("legal_representative", "address"):
        if key in data:
            out[key] = normalize_text(data[key])
    for key in ("established_on", "registered_capital_wan", "employees"):
        if key in data:
            out[key] = data[key]
    if out.get("registered_capital_wan") is not None and out["registered_capital_wan"] < 0:
        raise Rejected("registered_capital_wan", _("The registered capital cannot be negative."))
    for key in ("is_above_scale", "is_high_tech", "is_specialized"):
        if key in data:
            out[key] = bool(data[key])
    for key in ("linked_leader", "service_officer"):
        if key in data:
            person = data[key]
            person_id = person.pk if isinstance(person, User) else person
            out[key] = None
            if person_id:
                units = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
                staff = Membership.objects.active().filter(unit__in=units).values("user_id")
                out[key] = User.objects.filter(pk=person_id, pk__in=staff).first()
                if out[key] is None:
                    raise Rejected(key, _("Choose a person from your units."))
    return out


@transaction.atomic(durable=True)
def create_enterprise(data: dict, *, by: Actor) -> Enterprise:
    """Register an enterprise in a zone of the actor's scope."""
    ensure_can(by, "enterprise.create")  # anywhere first: a role without it learns nothing from validation
    for required in ("name", "uscc", "unit"):
        if not data.get(required):
            raise Rejected(required, _("This field is required."))
    values = _clean(data, by)
    ensure_can(by, "enterprise.create", values["unit"])
    enterprise = Enterprise(**values, name_initials=pinyin_initials(values["name"]))
    enterprise.save()
    record(by, "enterprise.created", enterprise, after=snapshot(enterprise, EDITABLE))
    if values.get("is_uscc_confirmed"):
        record(by, "enterprise.uscc_confirmed", enterprise, after={"uscc": enterprise.uscc})
    return enterprise


@transaction.atomic(durable=True)
def update_enterprise(enterprise: Enterprise, data: dict, *, by: Actor, version: int | None = None) -> Enterprise:
    """Change an enterprise's fields; a stale `version` (someone saved in between) is a Conflict."""
    enterprise = _in_scope(by).select_for_update().get(pk=enterprise.pk)
    ensure_can(by, "enterprise.edit", enterprise.unit)
    if version is not None and version != enterprise.version:
        raise Conflict()
    values = _clean(data, by, instance=enterprise)
    if "unit" in values:
        ensure_can(by, "enterprise.edit", values["unit"])
    before = snapshot(enterprise, EDITABLE)
    was_confirmed = enterprise.is_uscc_confirmed
    for key, value in values.items():
        setattr(enterprise, key, value)
    before, after = changes(before, snapshot(enterprise, EDITABLE))
    if not after and was_confirmed == enterprise.is_uscc_confirmed:
        return enterprise
    enterprise.name_initials = pinyin_initials(enterprise.name)
    enterprise.version += 1
    enterprise.save()
    record(by, "enterprise.updated", enterprise, before=before, after=after)
    if enterprise.is_uscc_confirmed and not was_confirmed:
        record(by, "enterprise.uscc_confirmed", enterprise, after={"uscc": enterprise.uscc})
    return enterprise


@transaction.atomic(durable=True)
def set_archived(enterprise: Enterprise, *, archived: bool, by: Actor) -> Enterprise:
    """Archive an enterprise (it leaves the lists; nothing is deleted) or bring it back."""
    enterprise = _in_scope(by).select_for_update().get(pk=enterprise.pk)
    ensure_can(by, "enterprise.archive", enterprise.unit)
    if enterprise.is_archived == archived:
        raise Conflict()
    enterprise.is_archived = archived
    enterprise.version += 1
    enterprise.save(update_fields=["is_archived", "version"])
    verb = "enterprise.archived" if archived else "enterprise.restored"
    record(by, verb, enterprise, before={"is_archived": not archived}, after={"is_archived": archived})
    return enterprise


CONTACT_FIELDS = ["name", "title", "mobile", "is_primary"]


def contact_snapshot(contact: Contact) -> dict:
    """The audit log keeps the mobile masked: it is read by roles that may not see it (PIPL)."""
    return {**snapshot(contact, CONTACT_FIELDS), "mobile": mask_mobile(contact.mobile) if contact.mobile else ""}


@transaction.atomic(durable=True)
def add_contact(enterprise: Enterprise, data: dict, *, by: Actor) -> Contact:
    """Add a contact person to an enterprise."""
    enterprise = _in_scope(by).select_for_update().get(pk=enterprise.pk)
    ensure_can(by, "enterprise.edit_contacts", enterprise.unit, enterprise_id=enterprise.pk)
    name = normalize_text(data.get("name"))
    if not name:
        raise Rejected("name", _("Enter the contact's name."))
    mobile = fold_compat(data.get("mobile")).replace(" ", "").replace("-", "")
    if mobile and not (mobile.isdigit() and 7 <= len(mobile) <= 15):
        raise Rejected("mobile", _("Enter a phone number of digits only, for example 13800138000."))
    if data.get("is_primary"):
        enterprise.contacts.update(is_primary=False)
    contact = Contact.objects.create(
        enterprise=enterprise,
        name=name,
        title=normalize_text(data.get("title")),
        mobile=mobile,
        is_primary=bool(data.get("is_primary")),
    )
    record(by, "enterprise.contact_added", contact, after=contact_snapshot(contact))
    return contact


@transaction.atomic(durable=True)
def archive_contact(contact: Contact, *, by: Actor) -> None:
    """Take a contact off the enterprise's list (kept in the database and the Event)."""
    enterprise = _in_scope(by).select_for_update().get(pk=contact.enterprise_id)
    ensure_can(by, "enterprise.edit_contacts", enterprise.unit, enterprise_id=enterprise.pk)
    if not Contact.objects.filter(pk=contact.pk, is_archived=False).update(is_archived=True):
        raise Conflict()
    record(by, "enterprise.contact_archived", contact, before=contact_snapshot(contact))
