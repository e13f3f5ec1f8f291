"""`/api/v1/sellers/` (placeholder: filled by the sellers API work)."""

from ninja import Router

router = Router(tags=["sellers"])
