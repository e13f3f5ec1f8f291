"""/api/v1/compliance/ — decisions."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["compliance"])
