"""Reads of recruitment: the posting and fair lists (pages, API and exports share them), a fair's figures, and the
contact mobiles each reader may see. Every figure carries the filter of the list that produces it."""

from datetime import date

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zonedesk.enterprises.models import mask_mobile
from zonedesk.enterprises.queries import industry_codes_under
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import in_scope, scope_of

from .models import FairParticipant, JobFair, JobPosting, PostingHire
from .states import FairStatus


def _values(value) -> list:
    if isinstance(value, list | tuple | set | frozenset):
        return [getattr(v, "pk", v) for v in value]
    return [getattr(value, "pk", value)]


def _unit_path(unit) -> str:
    return unit.path if isinstance(unit, Unit) else Unit.objects.get(pk=unit).path


def open_on(day: date, prefix: str = "") -> Q:
    """Postings recruiting on `day`: published by then, not yet closed, filled or past their closing date."""
    p = prefix
    return (
        Q(**{f"{p}published_on__lte": day})
        & (Q(**{f"{p}closed_on__isnull": True}) | Q(**{f"{p}closed_on__gt": day}))
        & (Q(**{f"{p}filled_on__isnull": True}) | Q(**{f"{p}filled_on__gt": day}))
        & (Q(**{f"{p}closes_on__isnull": True}) | Q(**{f"{p}closes_on__gte": day}))
    )


def sum_of(qs: QuerySet, group: str, field: str) -> Subquery:
    """A correlated SUM(field) over `qs` grouped by `group`, as a scalar subquery (no join, no row multiplication)."""
    return Subquery(qs.order_by().values(group).annotate(total=Sum(field)).values("total")[:1])


def posting_list(user, **filters) -> QuerySet[JobPosting]:
    """The postings the user can see, narrowed by the filters a list page and every figure use.

    Filters: status, enterprise, unit (the zone and below), industry (a GB/T 4754 code and every code under it),
    no_industry, q (position or enterprise name), published_in=(first, last), fair (shown at that fair),
    open_on=day (recruiting that day; annotates `open_positions`, the count less the hires by that day),
    hired_in=(first, last) (with hires in the period; annotates `hires_in_period`).
    """
    qs = JobPosting.objects.visible_to(user).select_related("enterprise", "enterprise__industry", "unit")
    if filters.get("status"):
        qs = qs.filter(status__in=_values(filters["status"]))
    if filters.get("enterprise"):
        qs = qs.filter(enterprise__in=_values(filters["enterprise"]))
    if filters.get("unit"):
        qs = qs.filter(unit__path__startswith=_unit_path(filters["unit"]))
    if filters.get("industry"):
        qs = qs.filter(enterprise__industry__in=industry_codes_under(str(filters["industry"])))
    if filters.get("no_industry"):
        qs = qs.filter(enterprise__industry__isnull=True)
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(Q(position__icontains=text) | Q(enterprise__name__icontains=text))
    if filters.get("published_in"):
        first, last = filters["published_in"]
        qs = qs.filter(published_on__gte=first, published_on__lte=last)
    if filters.get("fair"):
        shown = FairParticipant.postings.through.objects.filter(fairparticipant__fair__in=_values(filters["fair"]))
        qs = qs.filter(pk__in=shown.values("jobposting_id"))
    if filters.get("open_on"):
        day = filters["open_on"]
        hired = PostingHire.objects.filter(posting=OuterRef("pk"), hired_on__lte=day)
        qs = qs.filter(open_on(day)).annotate(
            open_positions=F("count") - Coalesce(sum_of(hired, "posting", "count"), 0)
        )
    if filters.get("hired_in"):
        first, last = filters["hired_in"]
        hires = PostingHire.objects.filter(posting=OuterRef("pk"), hired_on__gte=first, hired_on__lte=last)
        qs = qs.annotate(hires_in_period=sum_of(hires, "posting", "count")).filter(hires_in_period__gt=0)
    return qs.order_by("-published_on", "-pk")


def with_shown_mobiles(user, postings) -> list[JobPosting]:
    """The postings with `shown_mobile`: in clear for roles that call enterprises, masked for the others (PIPL)."""
    scope = scope_of(user, "enterprise.view_contacts")
    out = list(postings)
    for posting in out:
        clear = in_scope(scope, posting.unit.path, posting.enterprise_id)
        posting.shown_mobile = posting.contact_mobile if clear else mask_mobile(posting.contact_mobile)
    return out


def participant_list(user, **filters) -> QuerySet[FairParticipant]:
    """Fair participants the user can see (an enterprise user: only its own rows). Filters: fair, enterprise."""
    qs = FairParticipant.objects.visible_to(user).select_related("enterprise", "fair")
    if filters.get("fair"):
        qs = qs.filter(fair__in=_values(filters["fair"]))
    if filters.get("enterprise"):
        qs = qs.filter(enterprise__in=_values(filters["enterprise"]))
    return qs.order_by("fair", "pk")


def fair_list(user, **filters) -> QuerySet[JobFair]:
    """The fairs the user can see with their totals, each added up from the records the user can see.

    Filters: pk, status, kind, unit (the unit and below), held_in=(first, last) (held in the period), q (name or
    alliance), enterprise (taking part). Annotations: participant_count, postings_shown, positions (the counts of
    the postings shown, never typed), applications, intents, hires (sums over the participants; None until
    recorded), top_salary (yuan a month).
    """
    qs = JobFair.objects.visible_to(user).select_related("unit")
    if filters.get("pk"):
        qs = qs.filter(pk__in=_values(filters["pk"]))
    if filters.get("status"):
        qs = qs.filter(status__in=_values(filters["status"]))
    if filters.get("kind"):
        qs = qs.filter(kind__in=_values(filters["kind"]))
    if filters.get("unit"):
        qs = qs.filter(unit__path__startswith=_unit_path(filters["unit"]))
    if filters.get("held_in"):
        first, last = filters["held_in"]
        qs = qs.filter(status=FairStatus.HELD, held_on__gte=first, held_on__lte=last)
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(Q(name__icontains=text) | Q(alliance__icontains=text))
    if filters.get("enterprise"):
        taking_part = FairParticipant.objects.filter(enterprise__in=_values(filters["enterprise"]))
        qs = qs.filter(pk__in=taking_part.values("fair_id"))
    participants = FairParticipant.objects.visible_to(user).filter(fair=OuterRef("pk"))
    shown = JobPosting.objects.visible_to(user).filter(fair_participations__fair=OuterRef("pk"))
    shown = shown.order_by().values("fair_participations__fair")
    return qs.annotate(
        participant_count=Coalesce(
            Subquery(participants.order_by().values("fair").annotate(n=Count("pk")).values("n")[:1]), 0
        ),
        postings_shown=Coalesce(Subquery(shown.annotate(n=Count("pk")).values("n")[:1]), 0),
        positions=Coalesce(Subquery(shown.annotate(n=Sum("count")).values("n")[:1]), 0),
        top_salary=Subquery(shown.annotate(n=Max("salary_max")).values("n")[:1], output_field=IntegerField()),
        **{name: sum_of(participants, "fair", name) for name in ("applications", "intents", "hires")},
    ).order_by("-held_on", "-pk")


# The figures a fair reports and the list behind each
# (the articles: 发布岗位, 点击量, 简历/报名, 求职人数, 初步意向, 录用).
FAIR_FIGURES = {
    "participants": ("participant_count", "participants"),
    "postings": ("postings_shown", "postings"),
    "positions": ("positions", "postings"),
    "applications": ("applications", "participants"),
    "intents": ("intents", "participants"),
    "hires": ("hires", "participants"),
    "views": ("views", "fair"),
    "visitors": ("visitors", "fair"),
    "top_salary": ("top_salary", "postings"),
}


def fair_figures(user, fair: JobFair | int) -> dict:
    """One fair's figures, each as {"value", "list", "filter"}: `list`_list(user, **filter) gives its rows (postings
    for positions, participants for applications, intents and hires, the fair itself for views and job seekers)."""
    pk = getattr(fair, "pk", fair)
    row = fair_list(user).get(pk=pk)
    lists = {"participants": {"fair": pk}, "postings": {"fair": pk}, "fair": {"pk": pk}}
    return {
        name: {"value": getattr(row, field), "list": source, "filter": lists[source]}
        for name, (field, source) in FAIR_FIGURES.items()
    }


def open_positions_of(user, day: date, **filters) -> int:
    """Positions still to fill on `day` over posting_list(user, open_on=day, **filters) (the sum of its rows)."""
    rows = posting_list(user, open_on=day, **filters).order_by()
    return rows.aggregate(total=Coalesce(Sum("open_positions"), Value(0)))["total"]
