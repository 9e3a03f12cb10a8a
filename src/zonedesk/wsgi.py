"""WSGI entry point for `zonedesk serve` and any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
application = get_wsgi_application()
