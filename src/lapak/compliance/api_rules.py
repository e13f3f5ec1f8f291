"""/api/v1/compliance/ — rules."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["compliance"])
