"""The `zonedesk` command: Django's management commands plus `demo` and `serve`."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zonedesk", *sys.argv[1:]])


if __name__ == "__main__":
    main()
