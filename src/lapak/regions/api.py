"""`/api/v1/regions/` (filled by the regions work)."""

from ninja import Router

router = Router(tags=["regions"])
