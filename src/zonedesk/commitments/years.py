"""The enterprises' yearly figures (output, tax, employees at year end, fixed-asset investment): one row per
enterprise and year, entered on a page, through the API or by an Excel import; each change is an Event."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import values

FIGURES = ["output_wan", "tax_wan", "employees", "fixed_asset_investment_wan"]


def clean_figures(data: dict) -> dict:
    """The four figures as typed (a blank one stays blank); at least one is needed."""
    out = {
        "output_wan": values.wan(data.get("output_wan"), "output_wan"),
        "tax_wan": values.wan(data.get("tax_wan"), "tax_wan"),
        "employees": values.count(data.get("employees"), "employees"),
        "fixed_asset_investment_wan": values.wan(data.get("fixed_asset_investment_wan"), "fixed_asset_investment_wan"),
    }
    if all(v is None for v in out.values()):
        raise Rejected("output_wan", _("Enter at least one of the figures."))
    return out


def _enterprises(by: Actor):
    return Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)


def save_year(by: Actor, enterprise: Enterprise, year: int, figures: dict, *, version: int | None = None):
    """Create or change the figures of an enterprise's year inside the caller's transaction (record_year's, or an
    import's for all its rows); returns (row, "created" | "updated" | "unchanged")."""
    ensure_can(by, "enterprise_year.edit", enterprise.unit)
    row = EnterpriseYear.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    if row is None:
        row = EnterpriseYear.objects.create(enterprise=enterprise, year=year, **figures)
        after = {"year": year, **snapshot(row, FIGURES)}
        record(by, "enterprise_year.recorded", enterprise, after=after, unit=enterprise.unit)
        return row, "created"
    if version is not None and version != row.version:
        raise Conflict()
    before = snapshot(row, FIGURES)
    for key, value in figures.items():
        setattr(row, key, value)
    before, after = changes(before, snapshot(row, FIGURES))
    if not after:
        return row, "unchanged"
    row.version += 1
    row.updated_at = timezone.now()
    row.save()
    after = {"year": year, **after}
    record(by, "enterprise_year.updated", enterprise, before=before, after=after, unit=enterprise.unit)
    return row, "updated"


@transaction.atomic(durable=True)
def record_year(
    by: Actor,
    enterprise: Enterprise | int,
    *,
    year,
    output_wan=None,
    tax_wan=None,
    employees=None,
    fixed_asset_investment_wan=None,
    version: int | None = None,
) -> EnterpriseYear:
    """Enter an enterprise's figures of a year (one row per enterprise and year). Without `version` the year must be
    new; with it, the row read is changed (a stale version is a Conflict)."""
    enterprise = _enterprises(by).select_related("unit").get(pk=getattr(enterprise, "pk", enterprise))
    ensure_can(by, "enterprise_year.edit", enterprise.unit)
    year = values.year(year)
    figures = clean_figures(
        {
            "output_wan": output_wan,
            "tax_wan": tax_wan,
            "employees": employees,
            "fixed_asset_investment_wan": fixed_asset_investment_wan,
        }
    )
    exists = EnterpriseYear.objects.filter(enterprise=enterprise, year=year).exists()
    if exists and version is None:
        raise Rejected("year", _("This enterprise's figures of %(year)d are already in: change them.") % {"year": year})
    if not exists and version is not None:
        raise Conflict(_("These figures were removed or moved to another year. Reload the page."))
    row, _outcome = save_year(by, enterprise, year, figures, version=version)
    return row


@transaction.atomic(durable=True)
def update_year(by: Actor, row: EnterpriseYear | int, data: dict, *, version: int | None = None) -> EnterpriseYear:
    """Change the figures given of an enterprise's year (the API's PATCH); a stale `version` is a Conflict."""
    scope = EnterpriseYear.objects.all() if by.is_system else EnterpriseYear.objects.visible_to(by.user)
    row = scope.select_related("enterprise__unit").get(pk=getattr(row, "pk", row))
    merged = {**{name: getattr(row, name) for name in FIGURES}, **{k: v for k, v in data.items() if k in FIGURES}}
    row, _outcome = save_year(by, row.enterprise, row.year, clean_figures(merged), version=version)
    return row


def year_list(user, **filters) -> QuerySet[EnterpriseYear]:
    """The yearly figures the user can see (staff of the enterprises' zones), newest year first.

    Filters: year, enterprise, unit (the zone and below), q (enterprise name or credit code).
    """
    qs = EnterpriseYear.objects.visible_to(user).filter(enterprise__unit__in=Unit.objects.visible_to(user))
    qs = qs.select_related("enterprise", "enterprise__unit")
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("enterprise"):
        qs = qs.filter(enterprise=getattr(filters["enterprise"], "pk", filters["enterprise"]))
    if filters.get("unit"):
        unit = filters["unit"]
        path = unit.path if isinstance(unit, Unit) else Unit.objects.get(pk=unit).path
        qs = qs.filter(enterprise__unit__path__startswith=path)
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(Q(enterprise__name__icontains=text) | Q(enterprise__uscc__icontains=text.upper()))
    return qs.order_by("-year", "enterprise__name", "pk")
