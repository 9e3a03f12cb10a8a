"""Reader labels of the chains Event verbs."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

VERBS: dict = {}
# Reads that are themselves audited (data leaves the system).
READ_VERBS: dict = {}
