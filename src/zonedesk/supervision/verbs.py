"""Reader labels of the supervision app's Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "channel.configured": _("configured a notification channel"),
}
