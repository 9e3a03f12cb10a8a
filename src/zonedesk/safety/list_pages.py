"""Pages of the zone's saved lists (五张清单): the lists with their counts, one list's rows (25 a page) and its
Excel export, and the zone admin's new list, new name and deletion. A list outside the user's zones is 404."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import paginate, show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import lists
from .forms_maps import ENTERPRISE_FIELDS, HAZARD_FIELDS, KIND_LABELS, RenameForm, SavedListForm
from .list_export import export_list
from .list_queries import enterprise_rows, list_counts, list_for, lists_of, run_list
from .models import HazardCategory
from .models_maps import ListKind
from .states import OPEN, HazardLevel, HazardState, SafetyColour
from .zones import chosen_zone, enterprise_link, hazard_link, staff_zones

COLOUR_CSS = {
    "red": "text-bg-danger",
    "orange": "zd-badge-orange",
    "yellow": "text-bg-warning",
    "blue": "text-bg-primary",
    "green": "text-bg-success",
}


def _categories(user, zone):
    """The categories a list of the zone may filter on: the zone's and those of the units above it."""
    above = [int(p) for p in zone.path.strip("/").split("/") if p]
    return HazardCategory.objects.visible_to(user).filter(unit__in=above, is_archived=False).order_by("code")


def _visible(request, pk: int):
    """The list if it is of one of the user's zones (404 otherwise, and for an enterprise user)."""
    if not staff_zones(request.user):
        raise Http404
    return list_for(request.user, pk)


def index(request):
    zone, zones = chosen_zone(request.user, request.GET.get("unit"))
    lists.ensure_default_lists(zone)
    may_configure = can(request.user, "safety.configure", zone)
    form = SavedListForm(categories=_categories(request.user, zone)) if may_configure else None
    return _index(request, zone, zones, form)


def _index(request, zone, zones, form, status: int = 200):
    entries = list_counts(request.user, lists_of(request.user, zone), today=timezone.localdate())
    for entry in entries:
        entry["kind_label"] = KIND_LABELS[entry["list"].kind]
    context = {"zone": zone, "zones": zones, "entries": entries, "form": form}
    return render(request, "safety_maps/lists.html", context, status=status)


@require_POST
def create(request):
    zone, zones = chosen_zone(request.user, request.POST.get("unit"))
    form = SavedListForm(request.POST, categories=_categories(request.user, zone))
    if form.is_valid():
        try:
            saved = lists.create_list(
                Actor.of(request),
                zone,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                filters=form.filters(),
            )
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            messages.success(request, _("The list is saved."))
            return redirect("safety_lists:detail", saved.pk)
    return _index(request, zone, zones, form, status=422)


def _rows(request, saved, page) -> list[dict]:
    link = enterprise_link()
    if saved.kind == ListKind.HAZARDS:
        today, hazard_url = timezone.localdate(), hazard_link()
        return [
            {
                "h": h,
                "url": link(h.enterprise_id),
                "hazard_url": hazard_url(h.pk),
                "overdue": h.state in OPEN and h.deadline < today,
                "major": h.level == HazardLevel.MAJOR,
            }
            for h in page
        ]
    rows = enterprise_rows(request.user, page)
    for row in rows:
        row["url"] = link(row["e"].pk)
        row["colour_css"] = COLOUR_CSS.get(row["p"].colour, "")
    return rows


FILTER_FIELDS = {name: field for fields in (ENTERPRISE_FIELDS, HAZARD_FIELDS) for field, name in fields.items()}
CHOICE_LABELS = {"colour": SafetyColour, "state": HazardState, "level": HazardLevel}


def describe(saved) -> list[tuple[str, str]]:
    """What the list's filter asks, as the new-list form labels it: (label, values) pairs."""
    names = dict(HazardCategory.objects.filter(pk__in=saved.filters.get("category", [])).values_list("pk", "name"))
    out = []
    for name, value in saved.filters.items():
        label = SavedListForm.base_fields[FILTER_FIELDS[name]].label if name in FILTER_FIELDS else name
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif name == "category":
            shown = "、".join(names.get(v, str(v)) for v in value)
        elif name in CHOICE_LABELS:
            shown = "、".join(str(CHOICE_LABELS[name](v).label) for v in value)
        else:
            shown = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        out.append((label, shown))
    return out


def detail(request, pk: int):
    saved = _visible(request, pk)
    return _detail(request, saved, RenameForm(initial={"name": saved.name}))


def _detail(request, saved, rename_form, status: int = 200):
    page = paginate(request, run_list(request.user, saved, today=timezone.localdate()))
    context = {
        "saved": saved,
        "zone": saved.unit,
        "page": page,
        "query": "",
        "rows": _rows(request, saved, page),
        "is_hazards": saved.kind == ListKind.HAZARDS,
        "kind_label": KIND_LABELS[saved.kind],
        "described": describe(saved),
        "may_configure": can(request.user, "safety.configure", saved.unit),
        "rename_form": rename_form,
        "export_url": reverse("safety_lists:export", args=[saved.pk]),
    }
    return render(request, "safety_maps/list_detail.html", context, status=status)


def export(request, pk: int):
    saved = _visible(request, pk)
    out = export_list(saved, by=Actor.of(request))
    name = f"{saved.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


@require_POST
def rename(request, pk: int):
    saved = _visible(request, pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            lists.rename_list(Actor.of(request), saved, form.cleaned_data["name"])
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            messages.success(request, _("The list is renamed."))
            return redirect("safety_lists:detail", saved.pk)
    return _detail(request, saved, form, status=422)


@require_POST
def delete(request, pk: int):
    saved = _visible(request, pk)
    lists.delete_list(Actor.of(request), saved)
    messages.success(request, _("The list is deleted."))
    return redirect(f"{reverse('safety_lists:index')}?unit={saved.unit_id}")
