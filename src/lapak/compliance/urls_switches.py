"""Operator console pages — switches."""

from __future__ import annotations

urlpatterns: list = []
