"""Matching between members (上下游、产供销对接): introduce a supplier to a buyer for a product, then record the
outcome once (a deal, with its amount in 万元 when known, or no deal); one durable transaction and one Event each."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.amounts import parse_wan
from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline
from zonedesk.orgs.audit import Actor, record, snapshot

from .models import AllianceMember, Matching
from .services import locked_alliance, short_text, typed_day
from .states import MATCHING_TRANSITIONS, MatchingOutcome, MemberKind

MATCHING_FIELDS = ["supplier", "buyer", "product", "introduced_on", "outcome", "note"]
OUTCOME_FIELDS = ["outcome", "amount_wan", "outcome_on", "note"]
MAX_WAN = 10**11  # 万元: beyond any contract between two enterprises


def matchings_in_scope(by: Actor):
    return Matching.objects.all() if by.is_system else Matching.objects.visible_to(by.user)


def _enterprise_member(alliance, value, field: str, day) -> AllianceMember:
    pk = getattr(value, "pk", value)
    member = None
    if pk is not None and str(pk).isdigit():
        member = (
            alliance.members.current(day).filter(pk=pk, kind=MemberKind.ENTERPRISE).select_related("enterprise").first()
        )
    if member is None:
        raise Rejected(field, _("Choose a member enterprise of the alliance."))
    return member


@transaction.atomic(durable=True)
def introduce(by: Actor, alliance, data: dict) -> Matching:
    """Introduce a member supplier to a member buyer for a product or service (the outcome is pending)."""
    alliance = locked_alliance(by, alliance)
    day = typed_day(data.get("introduced_on"), "introduced_on", not_after_today=True) or timezone.localdate()
    supplier = _enterprise_member(alliance, data.get("supplier"), "supplier", day)
    buyer = _enterprise_member(alliance, data.get("buyer"), "buyer", day)
    if supplier.pk == buyer.pk:
        raise Rejected("buyer", _("The buyer is another member than the supplier."))
    product = short_text(data.get("product"), "product", limit=200, required=True, message=_("Enter the product."))
    note = normalize_multiline(data.get("note"))[:2000]
    matching = Matching.objects.create(
        alliance=alliance, supplier=supplier, buyer=buyer, product=product, introduced_on=day, note=note
    )
    record(by, "alliance.matching_introduced", matching, unit=alliance.unit, after=snapshot(matching, MATCHING_FIELDS))
    return matching


def _amount(value, outcome: str):
    try:
        amount = parse_wan(value)
    except (TypeError, ValueError):
        raise Rejected("amount_wan", _("Enter the amount in 万元, for example 1200 or 1.2亿.")) from None
    if amount is None:
        return None
    if outcome != MatchingOutcome.DEAL:
        raise Rejected("amount_wan", _("Only a deal has an amount."))
    if amount <= 0 or amount >= MAX_WAN:
        raise Rejected("amount_wan", _("Enter an amount above 0."))
    return amount


@transaction.atomic(durable=True)
def record_outcome(
    by: Actor, matching, *, outcome: str, amount_wan=None, outcome_on=None, note=None, version: int | None = None
) -> Matching:
    """Record how a pending matching ended: a deal (with its amount in 万元 when known) or no deal (409 when stale)."""
    pk = getattr(matching, "pk", matching)
    alliance = locked_alliance(by, matchings_in_scope(by).values_list("alliance_id", flat=True).get(pk=pk))
    matching = Matching.objects.select_for_update(of=("self",)).get(pk=pk)
    if version is not None and version != matching.version:
        raise Conflict()
    if outcome not in MatchingOutcome.values or outcome == MatchingOutcome.PENDING:
        raise Rejected("outcome", _("Choose deal or no deal."))
    if outcome not in MATCHING_TRANSITIONS[matching.outcome]:
        raise Rejected("outcome", _("The outcome of this matching is already recorded."))
    day = typed_day(outcome_on, "outcome_on", not_after_today=True) or timezone.localdate()
    if day < matching.introduced_on:
        raise Rejected("outcome_on", _("The matching was introduced after that day."))
    before = snapshot(matching, OUTCOME_FIELDS)
    matching.outcome, matching.amount_wan, matching.outcome_on = outcome, _amount(amount_wan, outcome), day
    if note is not None:
        matching.note = normalize_multiline(note)[:2000]
    matching.version += 1
    matching.save(update_fields=[*OUTCOME_FIELDS, "version"])
    record(
        by,
        "alliance.matching_outcome_recorded",
        matching,
        unit=alliance.unit,
        before=before,
        after=snapshot(matching, OUTCOME_FIELDS),
    )
    return matching
