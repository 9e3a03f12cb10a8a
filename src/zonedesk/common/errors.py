"""Errors a service raises for the user to read: a field-level rejection, a lost race, a refusal."""

from django.utils.translation import gettext_lazy as _


class Rejected(Exception):
    """Input the user can fix: shown on the field in a page, 422 in the API."""

    def __init__(self, field: str, message, *, errors: list[dict] | None = None):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        # Several problems at once (an import): [{"row": 5, "field": "uscc", "message": "..."}]
        self.errors = errors or [{"field": field, "message": str(message)}]


class Conflict(Exception):
    """Someone else changed the record since it was read: HTTP 409."""

    def __init__(self, message=None):
        self.message = message or _("This record was changed by someone else. Reload it and try again.")
        super().__init__(str(self.message))


class Forbidden(Exception):
    """In scope but not allowed for the user's roles: HTTP 403 with a reason."""

    def __init__(self, message=None):
        self.message = message or _("Your roles do not allow this action.")
        super().__init__(str(self.message))
