"""The in-app inbox: my messages, newest first; open one (marks it read) or mark all read."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zonedesk.common.pages import paginate

from . import services
from .models import InboxMessage


def inbox(request):
    messages = InboxMessage.objects.visible_to(request.user)
    context = {"page": paginate(request, messages), "query": "", "unread": messages.unread().count()}
    return render(request, "supervision/inbox.html", context)


@require_POST
def read(request, pk: int):
    message = get_object_or_404(InboxMessage.objects.visible_to(request.user), pk=pk)
    services.mark_read(message, user=request.user)
    safe = url_has_allowed_host_and_scheme(message.link, allowed_hosts={request.get_host()})
    return redirect(message.link if message.link and safe and request.POST.get("open") else "supervision:inbox")


@require_POST
def read_all(request):
    services.mark_all_read(user=request.user)
    return redirect("supervision:inbox")
