"""Writes on assessment: schemes and their indicators (admins), manual scores (the named leaders), and the
score sheets — computed for a closed period as a new version, frozen once published."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.text import normalize_text
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import Unit, User
from zonedesk.orgs.permissions import can, ensure_can
from zonedesk.projects.figures import Period

from .indicators import CATALOGUE, Subjects
from .models import (
    ManualScore,
    PeriodKind,
    Rule,
    Scheme,
    SchemeItem,
    Score,
    ScoreLine,
    ScoreSheet,
    SheetStatus,
    SubjectKind,
)
from .periods import period_starting

CENT = Decimal("0.01")
ITEM_FIELDS = ["indicator", "label", "weight", "target", "rule", "cap_percent", "penalty_per_item", "threshold_wan"]


def _schemes(by: Actor):
    return Scheme.objects.all() if by.is_system else Scheme.objects.visible_to(by.user)


def _decimal(value, field: str, *, required: bool = False, positive: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise Rejected(field, _("Enter a number."))
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Rejected(field, _("Enter a number, such as 50 or 12.5.")) from None
    if not number.is_finite() or abs(number) >= Decimal("1e11"):
        raise Rejected(field, _("Enter a number, such as 50 or 12.5."))
    if positive and number <= 0:
        raise Rejected(field, _("Enter a number above zero."))
    return number


@transaction.atomic(durable=True)
def create_scheme(by: Actor, *, unit, name: str, period_kind: str, subject_kind: str) -> Scheme:
    units = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    unit = units.filter(pk=getattr(unit, "pk", unit)).first()
    if unit is None:
        raise Rejected("unit", _("Choose one of your units."))
    ensure_can(by, "assessment.manage", unit)
    name = normalize_text(name)
    if not name:
        raise Rejected("name", _("Enter the scheme's name."))
    if period_kind not in PeriodKind.values:
        raise Rejected("period_kind", _("Choose month, quarter or year."))
    if subject_kind not in SubjectKind.values:
        raise Rejected("subject_kind", _("Choose who is scored."))
    if Scheme.objects.filter(unit=unit, name=name).exists():
        raise Rejected("name", _("This unit already has a scheme of that name."))
    scheme = Scheme.objects.create(unit=unit, name=name, period_kind=period_kind, subject_kind=subject_kind)
    record(by, "scheme.created", scheme, after=snapshot(scheme, ["unit", "name", "period_kind", "subject_kind"]))
    return scheme


@transaction.atomic(durable=True)
def add_item(by: Actor, scheme, *, indicator: str, weight, rule: str, label: str = "", target=None, **options):
    """Add an indicator from the catalogue (or a manual item with its scorers) to a scheme."""
    scheme = _schemes(by).select_for_update().get(pk=getattr(scheme, "pk", scheme))
    ensure_can(by, "assessment.manage", scheme.unit)
    if rule not in Rule.values:
        raise Rejected("rule", _("Choose a scoring rule."))
    scorers = []
    if indicator == "manual" or rule == Rule.MANUAL:
        if indicator != "manual" or rule != Rule.MANUAL:
            raise Rejected("rule", _("A manual item is scored by named leaders, and only a manual item is."))
        ids = [getattr(u, "pk", u) for u in options.get("scorers") or []]
        # Scorers read the scheme: staff whose units cover it (never an enterprise user or another county's leader).
        found = User.objects.filter(pk__in=ids, is_active=True)
        scorers = [u for u in found if can(u, "assessment.view", scheme.unit)]
        if not scorers or len(scorers) != len(set(ids)):
            raise Rejected("scorers", _("Name the leaders who score this item."))
        default_label = ""
    else:
        found = CATALOGUE.get(indicator)
        if found is None or scheme.subject_kind not in found.kinds:
            raise Rejected("indicator", _("Choose an indicator of the catalogue that scores these subjects."))
        default_label = str(found.label)
    item = SchemeItem(scheme=scheme, indicator=indicator, rule=rule)
    item.label = normalize_text(label) or default_label
    if not item.label:
        raise Rejected("label", _("Name the item."))
    item.weight = _decimal(weight, "weight", required=True, positive=True)
    item.target = _decimal(target, "target", required=rule in (Rule.LINEAR, Rule.CAPPED), positive=True)
    if rule == Rule.CAPPED:
        cap = _decimal(options.get("cap_percent") or 120, "cap_percent", positive=True)
        if not 100 <= cap <= 500:
            raise Rejected("cap_percent", _("A cap is between 100% and 500% of the weight."))
        item.cap_percent = int(cap)
    if rule == Rule.PENALTY:
        item.penalty_per_item = _decimal(
            options.get("penalty_per_item"), "penalty_per_item", required=True, positive=True
        )
    item.threshold_wan = _decimal(options.get("threshold_wan"), "threshold_wan", positive=True)
    item.position = scheme.items.count() + 1
    item.save()
    item.scorers.set(scorers)
    after = snapshot(item, ITEM_FIELDS) | {"scorers": [u.pk for u in scorers]}
    record(by, "scheme.item_added", scheme, after=after)
    return item


@transaction.atomic(durable=True)
def remove_item(by: Actor, item) -> SchemeItem:
    """Take an item out of the scheme for later computations (sheets already computed keep it)."""
    item = _item(by, item)
    ensure_can(by, "assessment.manage", item.scheme.unit)
    if item.is_removed:
        raise Conflict()
    item.is_removed = True
    item.save(update_fields=["is_removed"])
    record(by, "scheme.item_removed", item.scheme, before={"item": item.label}, after={})
    return item


def _item(by: Actor, item) -> SchemeItem:
    items = SchemeItem.objects.select_related("scheme__unit").filter(scheme__in=_schemes(by))
    return items.select_for_update(of=("self",)).get(pk=getattr(item, "pk", item))


def _period(scheme: Scheme, start) -> Period:
    try:
        day = start if hasattr(start, "year") else parse_date(start)
        if day is None:  # no period given (an empty form field)
            raise ValueError(start)
        return period_starting(scheme.period_kind, day)
    except (TypeError, ValueError):
        raise Rejected("period", _("Choose a period of the scheme (its first day).")) from None


@transaction.atomic(durable=True)
def give_manual_score(by: Actor, item, *, period_start, subject, points, reason: str) -> ManualScore:
    """A named leader scores one subject on a manual item for one period, with the reason."""
    item = _item(by, item)
    if item.indicator != "manual" or by.user is None or not item.scorers.filter(pk=by.user.pk).exists():
        raise Forbidden(_("Only the leaders named on this item score it."))
    period = _period(item.scheme, period_start)
    points = _decimal(points, "points", required=True)
    if abs(points) > item.weight:
        raise Rejected("points", _("Give at most %(weight)s points either way.") % {"weight": item.weight})
    reason = normalize_text(reason)
    if not reason:
        raise Rejected("reason", _("Give the reason for the score."))
    subjects = {s.pk: s for s in Subjects.of(item.scheme.unit, item.scheme.subject_kind).items}
    key = getattr(subject, "pk", subject)
    is_officers = item.scheme.subject_kind == SubjectKind.OFFICER
    if isinstance(subject, Unit | User) and isinstance(subject, User) != is_officers:
        key = None  # a unit given for a person (or the reverse) whose pk happens to match a subject's
    if key not in subjects:
        raise Rejected("subject", _("Choose one of the scheme's subjects."))
    where = {"subject_user_id": key} if is_officers else {"subject_unit_id": key}
    score = ManualScore.objects.filter(item=item, period_start=period.start, **where).first()
    before = {"points": score.points, "reason": score.reason} if score else {}
    score = score or ManualScore(item=item, period_start=period.start, **where)
    score.points, score.reason, score.scored_by, score.scored_at = points, reason, by.user, timezone.now()
    score.save()
    after = {
        "item": item.label,
        "period": period.label,
        "subject": subjects[key].name,
        "points": points,
        "reason": reason,
    }
    record(by, "manual_score.given", item.scheme, before=before, after=after)
    return score


def points_for(item: SchemeItem, value: Decimal | None) -> Decimal:
    """The scoring rule: linear to the target (at most the weight), capped above the target, or a penalty per
    item (at most the weight off)."""
    if item.rule == Rule.PENALTY:
        return -min(Decimal(value or 0) * item.penalty_per_item, item.weight).quantize(CENT, ROUND_HALF_UP)
    if value is None or not item.target:
        return Decimal("0.00")
    ceiling = Decimal(1) if item.rule == Rule.LINEAR else Decimal(item.cap_percent) / 100
    share = max(min(Decimal(value) / item.target, ceiling), Decimal(0))
    return (item.weight * share).quantize(CENT, ROUND_HALF_UP)


def rank(totals: list[tuple[object, Decimal]]) -> list[tuple[object, Decimal, int]]:
    """Standard competition ranking (1, 2, 2, 4): equal totals share a rank."""
    ordered = sorted(totals, key=lambda t: -t[1])
    out, previous, position = [], None, 0
    for index, (who, total) in enumerate(ordered, start=1):
        if total != previous:
            position, previous = index, total
        out.append((who, total, position))
    return out


@transaction.atomic(durable=True)
def compute(by: Actor, scheme, period_start) -> ScoreSheet:
    """Score every subject for a closed period, as a new draft version of the period's sheet."""
    scheme = _schemes(by).select_related("unit").select_for_update(of=("self",)).get(pk=getattr(scheme, "pk", scheme))
    ensure_can(by, "assessment.compute", scheme.unit)
    period = _period(scheme, period_start)
    if period.end >= timezone.localdate():
        raise Rejected("period", _("Scores are computed for a period that has ended."))
    items = list(scheme.items.filter(is_removed=False))
    if not items:
        raise Rejected("items", _("The scheme has no indicators yet."))
    subjects = Subjects.of(scheme.unit, scheme.subject_kind)
    values, links = {}, {}
    for item in items:
        if item.indicator == "manual":
            where = "subject_user_id" if subjects.kind == SubjectKind.OFFICER else "subject_unit_id"
            rows = ManualScore.objects.filter(item=item, period_start=period.start).values_list(
                where, "points", "reason"
            )
            values[item.pk] = {k: (p, r) for k, p, r in rows}
            continue
        indicator = CATALOGUE[item.indicator]
        values[item.pk] = indicator.compute(subjects, period.start, period.end, item)
        links[item.pk] = indicator.link
    last = scheme.sheets.filter(period_start=period.start).order_by("-version").first()
    sheet = ScoreSheet.objects.create(
        scheme=scheme,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        version=(last.version + 1) if last else 1,
        computed_by=by.user,
    )
    lines, totals = {}, []
    for subject in subjects.items:
        rows, total = [], Decimal(0)
        for item in items:
            note, link = "", ""
            if item.indicator == "manual":
                value, note = values[item.pk].get(subject.pk, (None, ""))
                points = Decimal(value or 0).quantize(CENT)
            else:
                value = values[item.pk].get(subject.pk)
                points = points_for(item, value)
                if links[item.pk] is not None:
                    link = links[item.pk](subjects.kind, subject.pk, period.start, period.end, item)
            rows.append(ScoreLine(item=item, value=value, points=points, link=link, note=note[:300]))
            total += points
        lines[subject.pk] = rows
        totals.append((subject, total))
    for subject, total, position in rank(totals):
        field = "subject_user_id" if subject.is_user else "subject_unit_id"
        score = Score.objects.create(
            sheet=sheet, subject_name=subject.name[:100], total=total, rank=position, **{field: subject.pk}
        )
        for line in lines[subject.pk]:
            line.score = score
        ScoreLine.objects.bulk_create(lines[subject.pk])
    after = {"period": period.label, "version": sheet.version, "subjects": len(totals)}
    record(by, "score_sheet.computed", scheme, after=after)
    return sheet


@transaction.atomic(durable=True)
def publish(by: Actor, sheet) -> ScoreSheet:
    """Publish a draft: its scores are frozen; a sheet published earlier for the period is superseded."""
    sheets = ScoreSheet.objects.all() if by.is_system else ScoreSheet.objects.visible_to(by.user)
    sheet = sheets.select_related("scheme__unit").get(pk=getattr(sheet, "pk", sheet))
    ensure_can(by, "assessment.publish", sheet.scheme.unit)
    Scheme.objects.select_for_update().filter(pk=sheet.scheme_id).first()  # one publication at a time per scheme
    earlier = ScoreSheet.objects.filter(
        scheme=sheet.scheme_id, period_start=sheet.period_start, status=SheetStatus.PUBLISHED
    ).exclude(pk=sheet.pk)
    if ScoreSheet.objects.filter(pk=sheet.pk, status=SheetStatus.DRAFT).count() == 0:
        raise Conflict(_("This version is no longer a draft."))
    if earlier.filter(version__gt=sheet.version).exists():
        raise Rejected("version", _("A later version of this period is already published."))
    superseded = list(earlier.values_list("version", flat=True))
    earlier.update(status=SheetStatus.SUPERSEDED)
    now = timezone.now()
    moved = ScoreSheet.objects.filter(pk=sheet.pk, status=SheetStatus.DRAFT).update(
        status=SheetStatus.PUBLISHED, published_at=now, published_by=by.user
    )
    if not moved:
        raise Conflict(_("This version is no longer a draft."))
    sheet.refresh_from_db()
    after = {"period": sheet.period_label, "version": sheet.version, "superseded": superseded}
    record(by, "score_sheet.published", sheet.scheme, before={"status": SheetStatus.DRAFT}, after=after)
    return sheet
