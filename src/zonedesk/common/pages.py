"""Small helpers the page views share: pagination, putting a service's rejection on a form, an Excel import."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from .errors import Rejected
from .excel import XLSX_MIME
from .forms import XlsxUploadForm

PER_PAGE = 25


def paginate(request, queryset, per_page: int = PER_PAGE):
    """The requested page of `queryset` (out-of-range pages give the last page)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def show_rejection(form: Form, exc: Rejected) -> None:
    """Put each message of a service rejection on its field (or on the form when no such field)."""
    for error in exc.errors:
        field = error.get("field")
        form.add_error(field if field in form.fields else None, error["message"])


def query_without_page(request) -> str:
    """The current filter as a query string, without the page number (for pager and export links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def import_page(request, form, run, *, done_message: str, done_url: str, context: dict):
    """The Excel import page: upload, run the all-or-nothing import, list the rows to fix (422) or redirect."""
    errors, status = [], 200
    if request.method == "POST" and form.is_valid():
        try:
            created = run(form.cleaned_data["file"], form.cleaned_data["unit"])
        except Rejected as exc:
            form.add_error(None, exc.message)
            errors = [e for e in exc.errors if "row" in e]
            status = 422
        else:
            messages.success(request, done_message % {"n": created})
            return redirect(done_url)
    return render(request, "includes/import_page.html", {**context, "form": form, "errors": errors}, status=status)


@dataclass(frozen=True)
class SheetImport:
    """The two views of an Excel import that needs no unit chosen: the upload page and the empty template.

    `importer(file, by=actor)` returns a result with `.created`; without `perm` anywhere both views answer 404, like
    any page outside the user's reach; `back` names the list the import fills: the way back, and where a finished
    import lands with the `done` message (%(n)d rows).
    """

    perm: str
    importer: Callable
    template_file: Callable
    template_name: str  # the file name of the downloaded template
    template_url: str  # the url name of the template view
    title: str
    back: str
    back_label: str
    done: str

    def _require(self, request) -> None:
        if not can(request.user, self.perm):
            raise Http404

    def page(self, request):
        self._require(request)
        form = XlsxUploadForm(request.POST or None, request.FILES or None)

        def run(file, _unit) -> int:
            return self.importer(file, by=Actor.of(request)).created

        context = {
            "title": self.title,
            "back_url": reverse(self.back),
            "back_label": self.back_label,
            "template_url": reverse(self.template_url),
        }
        return import_page(request, form, run, done_message=self.done, done_url=reverse(self.back), context=context)

    def template(self, request):
        self._require(request)
        return FileResponse(
            self.template_file(), as_attachment=True, filename=self.template_name, content_type=XLSX_MIME
        )
