from django.apps import AppConfig


class CliConfig(AppConfig):
    """Commands that stand above every app: demo data, the production server."""

    name = "zonedesk.cli"
    label = "cli"
