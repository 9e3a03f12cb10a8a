"""API of targeted investment (精准招商): gaps, targets, target to lead, chain figures."""

from ninja import Router

router = Router(tags=["chains"])
