"""Operator console pages — rules."""

from __future__ import annotations

urlpatterns: list = []
