"""Reads of the zone's site plan: the current plan, the dots of its placed enterprises coloured by risk (the 五星五色
colour), by open hazards or by industry, and the legend counting them (an aggregate query, equal to the dots)."""

from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.common.models import Industry
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit

from .models import Hazard
from .models_maps import EnterprisePlacement, SitePlan
from .states import COLOURS, OPEN, HazardLevel, SafetyColour
from .zones import enterprise_link

COLOURINGS = {"risk": _("By risk colour"), "hazards": _("By open hazards"), "industry": _("By industry")}
RISK_FILL = {
    SafetyColour.RED: "#dc3545",
    SafetyColour.ORANGE: "#fd7e14",
    SafetyColour.YELLOW: "#ffc107",
    SafetyColour.BLUE: "#0d6efd",
    SafetyColour.GREEN: "#198754",
}
GREY = "#adb5bd"
UNRATED = "unrated"
NONE = "none"
# Industries: ten colours far apart (Tableau 10, the grey swapped for navy); more industries than that share "other".
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#1f3a93"]
OTHER = "other"
OTHER_FILL = "#6c757d"
# Open hazards: (key, label, fill), the worst first.
HAZARD_KEYS = [
    ("major", _("A major hazard open"), "#dc3545"),
    ("general", _("General hazards open"), "#ffc107"),
    (NONE, _("No open hazard"), "#198754"),
]


def current_plan(user, unit: Unit) -> SitePlan | None:
    """The zone's current site plan, if the user sees the zone and it has one."""
    return SitePlan.objects.visible_to(user).current().filter(unit=unit).first()


def plan_for(user, pk: int) -> SitePlan:
    """A site plan (current or earlier) of a zone the user sees (DoesNotExist, hence 404, for any other)."""
    return SitePlan.objects.visible_to(user).get(pk=pk)


def dot_size(plan: SitePlan | None) -> dict:
    """A dot's radius and outline in the image's pixels: a steady size on screen whatever the image's resolution."""
    radius = max(plan.width, plan.height) / 110 if plan else 0
    return {"radius": f"{radius:.1f}", "stroke": f"{radius / 4:.1f}"}


def _placements(user, plan: SitePlan):
    """The plan's placements of active enterprises the user sees, each with its colouring keys."""
    open_hazards = Hazard.objects.filter(enterprise=OuterRef("enterprise"), state__in=OPEN)
    return (
        EnterprisePlacement.objects.visible_to(user)
        .filter(plan=plan, enterprise__in=Enterprise.objects.visible_to(user).active())
        .annotate(
            risk=Coalesce(NullIf(F("enterprise__safety_profile__colour"), Value("")), Value(UNRATED)),
            has_open=Exists(open_hazards),
            has_major=Exists(open_hazards.filter(level=HazardLevel.MAJOR)),
            industry=Coalesce(Substr("enterprise__industry_id", 1, 2), Value(NONE)),
        )
    )


def _hazard_key(has_open: bool, has_major: bool) -> str:
    return "major" if has_major else "general" if has_open else NONE


def _industry_names(codes) -> dict[str, str]:
    names = dict(Industry.objects.filter(code__in=[c for c in codes if c != NONE]).values_list("code", "name"))
    return {**names, NONE: str(pgettext_lazy("industry", "Not classified"))}


def industry_scheme(counts: dict[str, int]) -> dict[str, dict]:
    """What each industry key on the plan shows as: the ten largest divisions (大类) a colour each, in code order, so
    a division keeps its colour while the zone's mix of industries stays the same; the rest one "other" colour; the
    unclassified grey. Distinct colours matter more on a map than one colour per code across all 97 divisions."""
    known = [k for k in counts if k != NONE]
    top = sorted(sorted(known, key=lambda k: (-counts[k], k))[: len(PALETTE)])
    names = _industry_names(counts)
    scheme = {k: {"key": k, "label": names.get(k, k), "fill": PALETTE[n]} for n, k in enumerate(top)}
    rest = [k for k in known if k not in scheme]
    other = {"key": OTHER, "label": _("Other industries (%(n)d)") % {"n": len(rest)}, "fill": OTHER_FILL}
    scheme |= dict.fromkeys(rest, other)
    scheme[NONE] = {"key": NONE, "label": names[NONE], "fill": GREY}
    return scheme


def legend(user, plan: SitePlan, by: str) -> list[dict]:
    """The colours of a colouring with how many placed enterprises show each (grouped in the database)."""
    rows = _placements(user, plan).order_by()
    if by == "hazards":
        counts = rows.aggregate(
            major=Count("pk", filter=Q(has_major=True)),
            general=Count("pk", filter=Q(has_open=True, has_major=False)),
            none=Count("pk", filter=Q(has_open=False)),
        )
        return [{"key": k, "label": label, "fill": fill, "count": counts[k]} for k, label, fill in HAZARD_KEYS]
    if by == "industry":
        counts = dict(rows.values_list("industry").annotate(n=Count("pk")))
        grouped: dict[str, dict] = {}
        for key, shown in industry_scheme(counts).items():
            entry = grouped.setdefault(shown["key"], {**shown, "count": 0})
            entry["count"] += counts.get(key, 0)
        # The coloured divisions in code order, then the other industries, then the unclassified.
        shown = [e for e in grouped.values() if e["count"]]
        return sorted(shown, key=lambda e: (e["key"] == NONE, e["key"] == OTHER, e["key"]))
    counts = dict(rows.values_list("risk").annotate(n=Count("pk")))
    entries = [{"key": c, "label": SafetyColour(c).label, "fill": RISK_FILL[c]} for c in COLOURS]
    entries.append({"key": UNRATED, "label": _("Not rated"), "fill": GREY})
    return [{**entry, "count": counts.get(entry["key"], 0)} for entry in entries]


def dots(user, plan: SitePlan, by: str) -> list[dict]:
    """One dot per placed enterprise: where (fractions and image pixels), its colour under the colouring, what the
    colour means, and the link to its safety page."""
    rows = _placements(user, plan).values(
        "enterprise_id", "enterprise__name", "x", "y", "risk", "has_open", "has_major", "industry"
    )
    rows = list(rows.order_by("enterprise__name", "pk"))
    link = enterprise_link()
    scheme = industry_scheme(Counter(r["industry"] for r in rows)) if by == "industry" else {}
    hazard_keys = {k: (label, fill) for k, label, fill in HAZARD_KEYS}
    out = []
    for r in rows:
        if by == "hazards":
            key = _hazard_key(r["has_open"], r["has_major"])
            label, fill = hazard_keys[key]
        elif by == "industry":
            shown = scheme[r["industry"]]
            key, label, fill = shown["key"], shown["label"], shown["fill"]
        else:
            key = r["risk"]
            label = _("Not rated") if key == UNRATED else SafetyColour(key).label
            fill = RISK_FILL.get(key, GREY)
        out.append(
            {
                "pk": r["enterprise_id"],
                "name": r["enterprise__name"],
                "x": r["x"],
                "y": r["y"],
                "cx": round(r["x"] * plan.width, 1),
                "cy": round(r["y"] * plan.height, 1),
                "key": key,
                "label": label,
                "fill": fill,
                "url": link(r["enterprise_id"]),
            }
        )
    return out


def placeable(user, unit: Unit):
    """The zone's active enterprises the user sees, each with its placement (if placed), by name."""
    return (
        Enterprise.objects.visible_to(user)
        .active()
        .filter(unit__path__startswith=unit.path)
        .annotate(px=F("placement__x"), py=F("placement__y"))
        .order_by("name", "pk")
    )
