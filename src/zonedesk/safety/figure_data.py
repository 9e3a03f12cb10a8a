"""What the safety figures page and the monthly report show: a unit's figures for a period (and a region's zones side
by side) with every number's link, the ratings distribution against the day before the period, and its charts."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.projects.figures import Period

from .config import settings_for
from .filters import filter_query, rating_query
from .queries import safety_figures_by_unit

# The hazard cards, in the order a monthly report reads them.
CARDS = [
    ("found", gettext_lazy("Hazards found")),
    ("rectified", gettext_lazy("Rectified and accepted")),
    ("overdue", gettext_lazy("Overdue (due in the period, not rectified on time)")),
    ("open_overdue", gettext_lazy("Open past the deadline")),
]
HAZARD_FIGURES = ("found", "found_major", "rectified", "overdue", "on_time", "open_overdue", "open_major")
COLOUR_HEX = {"red": "#dc3545", "orange": "#fd7e14", "yellow": "#ffc107", "blue": "#0d6efd", "green": "#198754"}
GREY, BLUE = "#b8c2cf", "#2f6fbf"


def hazards_link(spec: dict) -> str:
    return f"{reverse('safety:hazards')}?{filter_query(spec)}"


def ratings_link(spec: dict) -> str:
    return f"{reverse('safety:ratings')}?{rating_query(spec)}"


def _linked(figure: dict, link) -> dict:
    return {"value": figure["value"], "link": link(figure["filter"])}


def _colour_cell(entry: dict) -> dict:
    return {**_linked(entry, ratings_link), "key": entry["key"], "label": entry["label"]}


def zones_below(user, unit: Unit) -> list[Unit]:
    """The zones a region's figures put side by side (those the user sees); a zone has none."""
    if unit.kind != UnitKind.REGION:
        return []
    zones = Unit.objects.visible_to(user).filter(path__startswith=unit.path, kind=UnitKind.ZONE, is_archived=False)
    return list(zones.order_by("path"))


def hazard_row(figures: dict) -> dict:
    """The hazard figures of one unit, each with the link to its list."""
    row = {name: _linked(figures[name], hazards_link) for name in HAZARD_FIGURES}
    row["on_time_rate"] = figures["on_time_rate"]["value"]
    row["judged"] = figures["on_time"]["value"] + figures["overdue"]["value"]
    return row


def _change(now: int, before: int) -> dict:
    diff = now - before
    return {"value": diff, "text": f"▲{diff}" if diff > 0 else (f"▼{-diff}" if diff < 0 else "—")}


def distribution(figures: dict, star_label) -> dict:
    """The ratings table: each colour and star level at the day before the period and at its end, and the change."""
    now, before = figures["ratings"], figures["ratings_before"]

    def rows(key: str, label) -> list[dict]:
        return [
            {
                "key": n["key"],
                "label": label(n),
                "before": _linked(b, ratings_link),
                "now": _linked(n, ratings_link),
                "change": _change(n["value"], b["value"]),
            }
            for n, b in zip(now[key], before[key], strict=True)
        ]

    rated = {
        "before": _linked(before["rated"], ratings_link),
        "now": _linked(now["rated"], ratings_link),
        "change": _change(now["rated"]["value"], before["rated"]["value"]),
    }
    return {
        "as_of": now["as_of"],
        "before_on": before["as_of"],
        "colours": rows("by_colour", lambda e: e["label"]),
        "stars": rows("by_stars", lambda e: star_label(e["key"])),
        "rated": rated,
    }


def unit_figures(user, unit: Unit, period: Period, today: date | None = None) -> dict:
    """Everything the page and the report show for a unit and a period: its hazard figures, ratings distribution
    and change and, for a region, each zone's row (a fixed number of grouped queries however many zones)."""
    today = today or timezone.localdate()
    span = (period.start, period.end)
    zones = zones_below(user, unit)
    figures = safety_figures_by_unit(user, zones, span, today) if zones else {}
    figures |= safety_figures_by_unit(user, [unit], span, today)  # a region's total: its subtree, one query more
    rules = settings_for([unit])[unit.pk]
    rows = []
    for zone in zones:
        own = figures[zone.pk]
        colours = [_colour_cell(e) for e in own["ratings"]["by_colour"]]
        rows.append({"unit": zone, "hazards": hazard_row(own), "colours": colours})
    mine = figures[unit.pk]
    return {
        "unit": unit,
        "period": period,
        "today": today,
        "hazards": hazard_row(mine),
        "ratings": distribution(mine, rules.star_label),
        "zones": rows,
        "total_colours": [_colour_cell(e) for e in mine["ratings"]["by_colour"]],
        "raw": mine,
    }


# --- charts (drawn by the dashboards' charts.js: a click opens the bar's list) -------------------------------------


def _day(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def _series(name: str, cells: list[dict], color) -> dict:
    return {"name": name, "y": [c["value"] for c in cells], "links": [c["link"] for c in cells], "color": color}


def colour_chart(data: dict) -> dict:
    ratings = data["ratings"]
    rows = ratings["colours"]
    return {
        "id": "chart-colours",
        "kind": "bar",
        "x": [str(r["label"]) for r in rows],
        "series": [
            _series(
                _("Before the period (%(day)s)") % {"day": _day(ratings["before_on"])},
                [r["before"] for r in rows],
                GREY,
            ),
            _series(
                _("At its end (%(day)s)") % {"day": _day(ratings["as_of"])},
                [r["now"] for r in rows],
                [COLOUR_HEX[r["key"]] for r in rows],
            ),
        ],
    }


def stars_chart(data: dict) -> dict:
    ratings = data["ratings"]
    rows = ratings["stars"]
    return {
        "id": "chart-stars",
        "kind": "bar",
        "x": [str(r["label"]) for r in rows],
        "series": [
            _series(
                _("Before the period (%(day)s)") % {"day": _day(ratings["before_on"])},
                [r["before"] for r in rows],
                GREY,
            ),
            _series(_("At its end (%(day)s)") % {"day": _day(ratings["as_of"])}, [r["now"] for r in rows], BLUE),
        ],
    }


def zones_chart(data: dict) -> dict:
    rows = data["zones"]
    names = [("found", _("Hazards found"), BLUE), ("rectified", _("Rectified and accepted"), "#2e9d5b")]
    names += [("overdue", _("Due, not on time"), "#e08a1e"), ("open_overdue", _("Open past the deadline"), "#d64545")]
    return {
        "id": "chart-zones",
        "kind": "bar",
        "x": [r["unit"].short_name or r["unit"].name for r in rows],
        "series": [_series(label, [r["hazards"][key] for r in rows], color) for key, label, color in names],
    }


def charts_of(data: dict) -> list[dict]:
    return [colour_chart(data), stars_chart(data), *([zones_chart(data)] if data["zones"] else [])]


def report_month(period: Period, today: date) -> tuple[int, int]:
    """The month the page's report button writes: the period's own month, else its last month up to today."""
    last = min(period.end, today)
    if last < period.start:  # a period not yet begun: its first month
        last = period.start
    return last.year, last.month
