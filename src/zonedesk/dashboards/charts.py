"""What the Plotly charts of the dashboards draw: one small spec per chart, every bar carrying its list's link.

A spec is {"id", "kind" ("bar", "hbar", "funnel", "line"), "x", "series": [{"name", "y", "links", "color"}],
"stacked"}; static/dashboards/charts.js draws it and opens the link of the clicked element.
"""

from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext as _

from zonedesk.common.amounts import format_wan

BLUE, ORANGE, GREEN, RED, GREY, TEAL = "#2f6fbf", "#e08a1e", "#2e9d5b", "#d64545", "#8c9bb0", "#17a2b8"
STAGE_COLORS = [BLUE, ORANGE, GREEN]


def month_names() -> list[str]:
    """The month names of the active language (Jan. … / 一月 …)."""
    return [str(MONTHS_AP[m]) for m in range(1, 13)]


def _series(name: str, figures: list[dict], color: str, key: str = "value") -> dict:
    return {"name": name, "y": [f[key] for f in figures], "links": [f["link"] for f in figures], "color": color}


def funnel_chart(data: dict) -> dict:
    rows = data["funnel"]
    return {
        "id": "chart-funnel",
        "title": _("Investment funnel"),
        "kind": "funnel",
        "x": [r["label"] for r in rows],
        "series": [_series(_("Projects"), rows, BLUE, "count")],
    }


def bands_chart(data: dict) -> dict:
    rows = data["bands"]
    series = _series(_("Projects"), rows, BLUE, "count")
    series["text"] = [format_wan(r["investment_wan"]) for r in rows]
    return {
        "id": "chart-bands",
        "title": _("Projects by amount"),
        "kind": "bar",
        "x": [r["label"] for r in rows],
        "series": [series],
    }


def health_chart(data: dict) -> dict:
    health = data["health"]
    statuses = [("on_track", _("On track"), GREEN), ("due_soon", _("Due soon"), ORANGE), ("overdue", _("Overdue"), RED)]
    kinds = [("milestone", _("Milestones")), ("task", _("Tasks"))]
    return {
        "id": "chart-health",
        "title": _("Key-project health"),
        "kind": "bar",
        "stacked": True,
        "x": [label for _kind, label in kinds],
        "series": [
            _series(label, [health[kind][status] for kind, _l in kinds], color) for status, label, color in statuses
        ],
    }


def departments_chart(data: dict, limit: int = 12) -> dict:
    rows = sorted(data["departments"], key=lambda r: r["open"]["value"], reverse=True)[:limit][::-1]
    return {
        "id": "chart-departments",
        "title": _("Demands by department"),
        "kind": "hbar",
        "x": [r["label"] for r in rows],
        "series": [
            _series(_("Open"), [r["open"] for r in rows], BLUE),
            _series(_("Overdue"), [r["overdue"] for r in rows], RED),
        ],
    }


def project_trend_chart(data: dict) -> dict:
    return {
        "id": "chart-project-trend",
        "title": _("Projects per month"),
        "kind": "bar",
        "x": month_names(),
        "series": [
            _series(s["label"], s["points"], color, "count")
            for s, color in zip(data["project_trend"], STAGE_COLORS, strict=False)
        ],
    }


def demand_trend_chart(data: dict) -> dict:
    months = data["demand_trend"]
    return {
        "id": "chart-demand-trend",
        "title": _("Demands per month"),
        "kind": "line",
        "x": month_names(),
        "series": [
            _series(_("Submitted"), [m["submitted"] for m in months], BLUE),
            _series(_("Resolved"), [m["resolved"] for m in months], GREEN),
            _series(_("Confirmed by the enterprise"), [m["confirmed"] for m in months], ORANGE),
        ],
    }


def zones_chart(region: dict) -> dict:
    rows = region["zones"]
    stages = [("signed", _("Signed"), BLUE), ("started", _("Started"), ORANGE), ("producing", _("Producing"), GREEN)]
    series = [_series(label, [r["projects"][stage] for r in rows], color, "count") for stage, label, color in stages]
    series += [
        _series(_("Open demands"), [r["demands"]["open"] for r in rows], TEAL),
        _series(_("Overdue demands"), [r["demands"]["overdue"] for r in rows], RED),
    ]
    return {
        "id": "chart-zones",
        "title": _("Zones side by side"),
        "kind": "bar",
        "x": [r["unit"]["short_name"] for r in rows],
        "series": series,
    }


def zone_charts(data: dict) -> list[dict]:
    """The charts of the zone dashboard."""
    return [
        funnel_chart(data),
        bands_chart(data),
        health_chart(data),
        departments_chart(data),
        project_trend_chart(data),
        demand_trend_chart(data),
    ]


def screen_charts(data: dict, region: dict | None) -> list[dict]:
    """Six charts for the big screen: per zone instead of per department for a region."""
    middle = zones_chart(region) if region else departments_chart(data, limit=8)
    return [
        funnel_chart(data),
        project_trend_chart(data),
        middle,
        demand_trend_chart(data),
        health_chart(data),
        bands_chart(data),
    ]
