"""Operator console pages — reference."""

from __future__ import annotations

urlpatterns: list = []
