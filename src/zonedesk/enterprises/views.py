"""Enterprise pages: list, detail, create, edit, archive, contacts, import, export."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common import pages
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.forms import XlsxImportForm
from zonedesk.common.models import Industry
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import staff_in, timeline, units_for, zones_for
from zonedesk.orgs.timeline import describe
from zonedesk.visits.models import Visit, VisitStatus
from zonedesk.visits.queries import RiskEnterprise

from . import services
from .exporting import export_enterprises
from .forms import ContactForm, EnterpriseForm
from .importing import import_enterprises, template_file
from .models import Contact, Enterprise
from .queries import EnterpriseFilter, contacts_of, enterprise_list
from .views_invite import people_of


def _visible(request, pk: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("unit", "industry"), pk=pk)


def _require(request, perm: str, unit=None) -> None:
    if not can(request.user, perm, unit):
        raise Http404


def enterprise_list_page(request):
    _require(request, "enterprise.view")
    f = EnterpriseFilter.from_params(request.GET)
    context = {
        "page": paginate(request, enterprise_list(request.user, f)),
        "f": f,
        "query": query_without_page(request),
        "zones": units_for(request.user).filter(kind__in=["region", "zone"]),
        "sections": Industry.objects.filter(level="section"),
        "can_create": can(request.user, "enterprise.create"),
        "can_export": can(request.user, "enterprise.export"),
        "can_import": can(request.user, "enterprise.import"),
    }
    template = "enterprises/_table.html" if request.htmx else "enterprises/list.html"
    return render(request, template, context)


def export(request):
    _require(request, "enterprise.export")
    out = export_enterprises(EnterpriseFilter.from_params(request.GET), by=Actor.of(request))
    name = f"enterprises-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def detail(request, pk: int):
    enterprise = _visible(request, pk)
    context = {
        "e": enterprise,
        "contacts": contacts_of(request.user, enterprise),
        "events": describe(timeline(request.user, enterprise)[:50]),
        "can_edit": can(request.user, "enterprise.edit", enterprise.unit),
        "can_archive": can(request.user, "enterprise.archive", enterprise.unit),
        "can_edit_contacts": can(
            request.user, "enterprise.edit_contacts", enterprise.unit, enterprise_id=enterprise.pk
        ),
        "contact_form": ContactForm(),
        "is_own": request.user.enterprise_id == enterprise.pk,
        "can_invite": can(request.user, "enterprise.invite", enterprise.unit),
        "risk": _risk(request.user, enterprise),
    }
    if context["can_invite"]:
        context.update(people_of(request.user, enterprise))
    return render(request, "enterprises/detail.html", context)


def _risk(user, enterprise: Enterprise) -> dict | None:
    """The flags of the enterprise's latest done visit (expand, relocate, downsize), for staff who see visits."""
    if not can(user, "visit.view", enterprise.unit):
        return None
    done = Visit.objects.visible_to(user).filter(enterprise=enterprise, status=VisitStatus.DONE)
    latest = done.order_by("-visited_on", "-pk").first()
    if latest is None or not (latest.has_risk or latest.risk_note):
        return None
    flags = [Visit._meta.get_field(name).verbose_name for name in RiskEnterprise(enterprise, latest).flags]
    return {"visit": latest, "flags": flags}


def _form(request, instance: Enterprise | None = None) -> EnterpriseForm:
    units = units_for(request.user)
    initial = None
    if instance is not None:
        initial = {f: getattr(instance, f) for f in services.EDITABLE} | {"version": instance.version}
    return EnterpriseForm(request.POST or None, initial=initial, zones=zones_for(request.user), people=staff_in(units))


def create(request):
    _require(request, "enterprise.create")
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.create_enterprise(form.service_data(), by=Actor.of(request))
        except (Rejected, Forbidden) as exc:
            _show(form, exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": enterprise})
            return redirect(enterprise)
    return render(request, "enterprises/form.html", {"form": form})


def edit(request, pk: int):
    enterprise = _visible(request, pk)
    _require(request, "enterprise.edit", enterprise.unit)
    form = _form(request, enterprise)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_enterprise(
                enterprise, form.service_data(), by=Actor.of(request), version=form.cleaned_data.get("version")
            )
        except (Rejected, Forbidden) as exc:
            _show(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Saved."))
            return redirect(enterprise)
    return render(request, "enterprises/form.html", {"form": form, "e": enterprise}, status=status)


def _show(form, exc) -> None:
    if isinstance(exc, Rejected):
        show_rejection(form, exc)
    else:
        form.add_error(None, exc.message)


@require_POST
def archive(request, pk: int):
    enterprise = _visible(request, pk)
    try:
        services.set_archived(enterprise, archived=request.POST.get("archived") != "0", by=Actor.of(request))
    except Forbidden as exc:
        messages.error(request, exc.message)
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect(enterprise)


@require_POST
def contact_add(request, pk: int):
    enterprise = _visible(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_contact(enterprise, form.cleaned_data, by=Actor.of(request))
        except (Rejected, Forbidden) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.error(request, "; ".join(m for errs in form.errors.values() for m in errs))
    return redirect(enterprise)


@require_POST
def contact_archive(request, pk: int, contact_pk: int):
    enterprise = _visible(request, pk)
    contact = get_object_or_404(Contact.objects.visible_to(request.user), enterprise=enterprise, pk=contact_pk)
    try:
        services.archive_contact(contact, by=Actor.of(request))
    except (Conflict, Forbidden) as exc:
        messages.error(request, exc.message)
    return redirect(enterprise)


def import_page(request):
    _require(request, "enterprise.import")
    form = XlsxImportForm(
        request.POST or None,
        request.FILES or None,
        units=zones_for(request.user),
        unit_help=_("Rows whose 所属园区 column is empty are registered in this zone."),
    )

    def run(file, unit) -> int:
        return import_enterprises(file, by=Actor.of(request), default_zone=unit).created

    context = {
        "title": _("Import enterprises"),
        "back_url": reverse("enterprises:list"),
        "back_label": _("Enterprises"),
        "template_url": reverse("enterprises:import_template"),
    }
    return pages.import_page(
        request,
        form,
        run,
        done_message=_("%(n)d enterprises were imported."),
        done_url=reverse("enterprises:list"),
        context=context,
    )


def import_template(request):
    _require(request, "enterprise.import")
    return FileResponse(template_file(), as_attachment=True, filename="企业信息导入模板.xlsx", content_type=XLSX_MIME)
