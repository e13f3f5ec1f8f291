"""`/api/v1/operator/` (placeholder: filled by the sellers API work)."""

from ninja import Router

router = Router(tags=["operator"])
