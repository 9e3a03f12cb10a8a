"""API of the chains app: the same services and permissions as the pages."""

from ninja import Router

router = Router(tags=["chains"])
