"""Recruitment figures of a unit for a period, and the labour gap (用工缺口) per enterprise and per industry.

The gap of an enterprise on the last day of the period is its open positions (each recruiting posting's count less
its hires by that day) plus its return-to-work gap (employees in total less on duty, from its latest visit with
findings in the period). Every figure is one aggregate query and carries the filter of the list behind it.
"""

from datetime import date

from django.db.models import F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zonedesk.enterprises.models import Enterprise
from zonedesk.enterprises.queries import industry_codes_under
from zonedesk.orgs.models import Unit
from zonedesk.visits.models import Visit, VisitStatus

from .models import JobPosting, PostingHire
from .queries import fair_list, open_on, participant_list, posting_list, sum_of

Period = tuple[date, date]


def so_far(first: date, last: date, today: date) -> Period:
    """A period cut at today while it runs: the gap of a month not over yet is today's (a posting open today may
    close before the month ends), and nothing published or held later can count yet."""
    return (first, min(last, today)) if first <= today else (first, last)


def _zone(user, unit) -> Unit:
    """The unit the figures are for, within the user's scope (404 outside it)."""
    return Unit.objects.visible_to(user).get(pk=getattr(unit, "pk", unit))


def labour_gap(user, *, unit, period: Period, industry: str | None = None, no_industry: bool = False, enterprise=None):
    """The enterprises of `unit` with a labour gap, largest first, each annotated with open_positions, return_gap
    and gap; the rows behind every gap figure (their sums are the figure)."""
    unit = _zone(user, unit)
    first, last = period
    postings = JobPosting.objects.visible_to(user).filter(open_on(last), enterprise=OuterRef("pk"))
    hires = PostingHire.objects.filter(
        open_on(last, "posting__"),
        posting__in=JobPosting.objects.visible_to(user),
        posting__enterprise=OuterRef("pk"),
        hired_on__lte=last,
    )
    latest = (
        Visit.objects.visible_to(user)
        .filter(enterprise=OuterRef("pk"), status=VisitStatus.DONE, employees_total__isnull=False)
        .filter(visited_on__gte=first, visited_on__lte=last)
        .order_by("-visited_on", "-pk")
        .annotate(missing=F("employees_total") - F("employees_on_duty"))
    )
    qs = Enterprise.objects.visible_to(user).active().filter(unit__path__startswith=unit.path)
    if industry:
        qs = qs.filter(industry__in=industry_codes_under(industry))
    if no_industry:
        qs = qs.filter(industry__isnull=True)
    if enterprise:
        qs = qs.filter(pk=getattr(enterprise, "pk", enterprise))
    qs = qs.annotate(
        open_positions=Coalesce(sum_of(postings, "enterprise", "count"), 0)
        - Coalesce(sum_of(hires, "posting__enterprise", "count"), 0),
        return_gap=Coalesce(Subquery(latest.values("missing")[:1]), 0),
    ).annotate(gap=F("open_positions") + F("return_gap"))
    return qs.filter(gap__gt=0).select_related("industry").order_by("-gap", "name", "pk")


def gap_by_enterprise(user, *, unit, period: Period) -> list[dict]:
    """One row per enterprise with a gap: its open positions, return-to-work gap and total, and their lists."""
    unit = _zone(user, unit)
    rows = labour_gap(user, unit=unit, period=period).values("pk", "name", "open_positions", "return_gap", "gap")
    return [
        {
            **row,
            "filter": {"unit": unit.pk, "period": period, "enterprise": row["pk"]},
            "postings_filter": {"enterprise": row["pk"], "open_on": period[1]},
        }
        for row in rows
    ]


def gap_by_industry(user, *, unit, period: Period) -> list[dict]:
    """The labour gap per industry of the enterprises, in one grouped query; each row's filter lists its
    enterprises through labour_gap(user, **filter)."""
    unit = _zone(user, unit)
    rows = (
        labour_gap(user, unit=unit, period=period)
        .order_by()
        .values("industry", "industry__name")
        .annotate(
            enterprises=Sum(Value(1)),
            open_positions_sum=Sum("open_positions"),
            return_gap_sum=Sum("return_gap"),
            gap_sum=Sum("gap"),
        )
        .order_by("-gap_sum", F("industry").asc(nulls_last=True))
    )
    return [
        {
            "key": row["industry"],
            "label": row["industry__name"] or "",
            "enterprises": row["enterprises"],
            "open_positions": row["open_positions_sum"],
            "return_gap": row["return_gap_sum"],
            "gap": row["gap_sum"],
            "filter": {"unit": unit.pk, "period": period}
            | ({"industry": row["industry"]} if row["industry"] else {"no_industry": True}),
        }
        for row in rows
    ]


def _total(qs: QuerySet, field: str) -> int:
    return qs.order_by().aggregate(total=Coalesce(Sum(field), Value(0)))["total"]


def recruitment_figures(user, *, unit, period: Period) -> dict:
    """The recruitment figures of a unit and below for a period, each {"value", "list", "filter"}:
    `list`(user, **filter) gives the rows behind it (their count, or the sum of the named column, is the value).

    Postings published and their positions; hires recorded on postings; fairs held with their positions, views,
    job seekers, applications, preliminary intents and hires (added up from the participants' records); and the
    labour gap on the period's last day, also per industry. Hires on postings and hires at fairs are two figures,
    never added together (the same person may be in both).
    """
    unit = _zone(user, unit)
    published = {"unit": unit.pk, "published_in": period}
    hired = {"unit": unit.pk, "hired_in": period}
    held = {"unit": unit.pk, "held_in": period}
    gap_filter = {"unit": unit.pk, "period": period}
    postings = posting_list(user, **published)
    fairs = fair_list(user, **held)
    participants = participant_list(user).filter(fair__in=fairs.values("pk"))
    gap = labour_gap(user, unit=unit, period=period)

    def figure(value, source: str, spec: dict, column: str | None = None) -> dict:
        return {"value": value, "list": source, "filter": spec, "column": column}

    return {
        "postings": figure(postings.count(), "posting_list", published),
        "positions": figure(_total(postings, "count"), "posting_list", published, "count"),
        "posting_hires": figure(
            _total(posting_list(user, **hired), "hires_in_period"),
            "posting_list",
            hired,
            "hires_in_period",
        ),
        "fairs_held": figure(fairs.count(), "fair_list", held),
        "fair_positions": figure(
            _total(
                JobPosting.objects.visible_to(user).filter(fair_participations__fair__in=fairs.values("pk")), "count"
            ),
            "fair_list",
            held,
            "positions",
        ),
        "views": figure(_total(fairs, "views"), "fair_list", held, "views"),
        "visitors": figure(_total(fairs, "visitors"), "fair_list", held, "visitors"),
        "applications": figure(_total(participants, "applications"), "fair_list", held, "applications"),
        "intents": figure(_total(participants, "intents"), "fair_list", held, "intents"),
        "fair_hires": figure(_total(participants, "hires"), "fair_list", held, "hires"),
        "open_positions": figure(_total(gap, "open_positions"), "labour_gap", gap_filter, "open_positions"),
        "return_gap": figure(_total(gap, "return_gap"), "labour_gap", gap_filter, "return_gap"),
        "gap": figure(_total(gap, "gap"), "labour_gap", gap_filter, "gap"),
        "gap_by_industry": gap_by_industry(user, unit=unit, period=period),
    }
