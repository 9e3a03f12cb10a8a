"""API of the alliances app: the same services and permissions as the pages."""

from ninja import Router

router = Router(tags=["alliances"])
