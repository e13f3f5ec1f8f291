"""Operator console pages — decisions."""

from __future__ import annotations

urlpatterns: list = []
