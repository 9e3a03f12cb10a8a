"""Small helpers the page views share: pagination, putting a service's rejection on a form."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.shortcuts import redirect, render

from .errors import Rejected

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
