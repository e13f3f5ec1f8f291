"""/api/v1/compliance/ — switches."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["compliance"])
