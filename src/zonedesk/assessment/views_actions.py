"""The assessment pages' actions and downloads: one POST per service (redirect, field errors, 403 or 409), and the
Excel and Word exports of a ranking and of score sheets."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor

from . import services
from .documents import DOCX_MIME, export_ranking_docx, export_scores_docx
from .exporting import export_ranking_xlsx
from .forms import ItemForm
from .models import SchemeItem, Score, ScoreSheet
from .views import leaders_for, render_scheme, require, visible_scheme, visible_sheet


def _refused(request, scheme, exc, status: int):
    messages.error(request, exc.message)
    return render_scheme(request, scheme, status=status)


@require_POST
def add_item(request, pk: int):
    scheme = visible_scheme(request, pk)
    form = ItemForm(request.POST, scheme=scheme, people=leaders_for(request.user), auto_id="item_%s")
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["scorers"] = list(data["scorers"] or [])
        try:
            services.add_item(Actor.of(request), scheme, **data)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            return _refused(request, scheme, exc, 403)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect("assessment:scheme", scheme.pk)
    messages.error(request, _("The indicator was not added: correct the fields marked below."))
    return render_scheme(request, scheme, item_form=form)


@require_POST
def remove_item(request, pk: int):
    require(request, "assessment.view")
    item = get_object_or_404(SchemeItem.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    try:
        services.remove_item(Actor.of(request), item)
    except Forbidden as exc:
        return _refused(request, visible_scheme(request, item.scheme_id), exc, 403)
    except Conflict as exc:
        return _refused(request, visible_scheme(request, item.scheme_id), exc, 409)
    messages.success(request, _("The indicator was removed; sheets already computed keep it."))
    return redirect("assessment:scheme", item.scheme_id)


@require_POST
def compute(request, pk: int):
    scheme = visible_scheme(request, pk)
    try:
        sheet = services.compute(Actor.of(request), scheme, request.POST.get("period_start", ""))
    except Rejected as exc:
        messages.error(request, exc.message)
        return redirect("assessment:scheme", scheme.pk)
    except Forbidden as exc:
        return _refused(request, scheme, exc, 403)
    messages.success(request, _("The scores were computed as a draft: check them, then publish."))
    return redirect("assessment:sheet", sheet.pk)


@require_POST
def publish(request, pk: int):
    sheet = visible_sheet(request, pk)
    try:
        services.publish(Actor.of(request), sheet)
    except Rejected as exc:
        messages.error(request, exc.message)
        return _back(sheet)
    except Conflict as exc:
        return _refused(request, sheet.scheme, exc, 409)
    except Forbidden as exc:
        return _refused(request, sheet.scheme, exc, 403)
    messages.success(request, _("The scores were published: they no longer change."))
    return _back(sheet)


def _back(sheet: ScoreSheet):
    return redirect("assessment:sheet", sheet.pk)


# --- downloads ------------------------------------------------------------------------------------------------


def _download(request, export, mime: str, **kwargs):
    require(request, "assessment.view")
    try:
        name, out = export(by=Actor.of(request), **kwargs)
    except (ScoreSheet.DoesNotExist, Score.DoesNotExist):
        raise Http404 from None
    except Forbidden:
        raise Http404 from None
    return FileResponse(out, as_attachment=True, filename=name, content_type=mime)


def ranking_xlsx(request, pk: int):
    return _download(request, export_ranking_xlsx, XLSX_MIME, sheet_pk=pk)


def ranking_docx(request, pk: int):
    return _download(request, export_ranking_docx, DOCX_MIME, sheet_pk=pk)


def scores_docx(request, pk: int):
    """Every subject's score sheet of a ranking, one after the other."""
    return _download(request, export_scores_docx, DOCX_MIME, sheet_pk=pk)


def score_docx(request, pk: int):
    require(request, "assessment.view")
    score = get_object_or_404(Score.objects.filter(sheet__in=ScoreSheet.objects.visible_to(request.user)), pk=pk)
    return _download(request, export_scores_docx, DOCX_MIME, sheet_pk=score.sheet_id, score_pk=score.pk)
