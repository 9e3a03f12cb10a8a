"""The labour gap page (用工缺口): a zone's recruitment figures for a period, and its gap per industry and per
enterprise on the period's last day; every number links to the list whose rows add up to it."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zonedesk.common.models import Industry
from zonedesk.common.pages import paginate, query_without_page
from zonedesk.projects.figures import Period

from .access import chosen_unit, optional_url, require_staff
from .figures import gap_by_industry, labour_gap, recruitment_figures, so_far
from .filters import filter_query

QUARTERS = [(1, gettext_lazy("Q1")), (2, gettext_lazy("Q2")), (3, gettext_lazy("Q3")), (4, gettext_lazy("Q4"))]
# The zone's figures in three groups: the gap first, then postings and fairs as the articles report them.
GROUPS = [
    (
        gettext_lazy("Labour gap"),
        [
            ("open_positions", gettext_lazy("Open positions")),
            ("return_gap", gettext_lazy("Return-to-work gap")),
            ("gap", gettext_lazy("Labour gap")),
        ],
    ),
    (
        gettext_lazy("Postings"),
        [
            ("postings", gettext_lazy("Postings published")),
            ("positions", gettext_lazy("Positions published")),
            ("posting_hires", gettext_lazy("Hires on postings")),
        ],
    ),
    (
        gettext_lazy("Job fairs"),
        [
            ("fairs_held", gettext_lazy("Job fairs held")),
            ("fair_positions", gettext_lazy("Positions at fairs")),
            ("views", gettext_lazy("Views")),
            ("visitors", gettext_lazy("Job seekers")),
            ("applications", gettext_lazy("Applications / CVs")),
            ("intents", gettext_lazy("Preliminary intents")),
            ("fair_hires", gettext_lazy("Hires at fairs")),
        ],
    ),
]

LIST_PAGES = {"posting_list": "recruitment:postings", "fair_list": "recruitment:fairs"}


def _number(params, name: str, low: int, high: int) -> int | None:
    value = str(params.get(name) or "")
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def figure_link(figure: dict) -> str:
    """The list page of a figure's rows ("" for the gap, whose rows are the table below)."""
    page = LIST_PAGES.get(figure["list"])
    return f"{reverse(page)}?{filter_query(figure['filter'])}" if page else "#by-enterprise"


def gap_page(request):
    require_staff(request)
    unit, units = chosen_unit(request.user, request.GET.get("unit"))
    user, today = request.user, timezone.localdate()
    period = Period.from_params(request.GET, today)
    span = so_far(period.start, period.end, today)
    last = span[1]
    figures = recruitment_figures(user, unit=unit, period=span)
    groups = [
        {
            "label": group,
            "cards": [
                {"key": key, "label": label, "value": figures[key]["value"], "link": figure_link(figures[key])}
                for key, label in cards
            ],
        }
        for group, cards in GROUPS
    ]
    industry = str(request.GET.get("industry") or "")
    industry = industry if Industry.objects.filter(code=industry).exists() else ""
    no_industry = request.GET.get("no_industry") == "1"
    base = {"unit": unit.pk, "open_on": last}
    industries = [
        {
            **row,
            "postings_link": f"{reverse('recruitment:postings')}?"
            + filter_query({**base, **({"industry": row["key"]} if row["key"] else {"no_industry": True})}),
            "select": filter_query({"industry": row["key"]} if row["key"] else {"no_industry": True}),
        }
        for row in gap_by_industry(user, unit=unit, period=span)
    ]
    rows = labour_gap(user, unit=unit, period=span, industry=industry or None, no_industry=no_industry)
    page = paginate(request, rows)
    enterprises = [
        {
            "e": e,
            "postings_link": f"{reverse('recruitment:postings')}?{filter_query({'enterprise': e.pk, 'open_on': last})}",
            "visits_link": optional_url("visits:calendar", e.pk),
        }
        for e in page.object_list
    ]
    period_query = {"unit": unit.pk, "year": period.start.year}
    if request.GET.get("quarter"):
        period_query["quarter"] = request.GET["quarter"]
    elif request.GET.get("month"):
        period_query["month"] = request.GET["month"]
    context = {
        "unit": unit,
        "units": units,
        "period": period,
        "year": period.start.year,
        "quarter": _number(request.GET, "quarter", 1, 4),
        "month": None if _number(request.GET, "quarter", 1, 4) else _number(request.GET, "month", 1, 12),
        "years": sorted({*range(today.year - 4, today.year + 1), period.start.year}, reverse=True),
        "quarters": QUARTERS,
        "months": range(1, 13),
        "groups": groups,
        "gap_on": last,
        "industries": industries,
        "industry": Industry.objects.filter(code=industry).first() if industry else None,
        "no_industry": no_industry,
        "page": page,
        "enterprises": enterprises,
        "query": query_without_page(request),
        "period_query": filter_query(period_query),
    }
    return render(request, "recruitment/gap.html", context)
