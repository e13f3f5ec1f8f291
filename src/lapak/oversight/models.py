"""The oversight portal's own state: how far each rollup has read."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class RollupWatermark(models.Model):
    """One row per rollup: the source rows up to `position` (a time, then an id for ties) are folded in.

    A refresh locks its row (`select_for_update`), so two refreshes of one rollup never fold a row twice."""

    name = models.CharField(max_length=60, unique=True)
    position = models.DateTimeField(null=True, blank=True)
    position_id = models.BigIntegerField(default=0)
    rows_folded = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} @ {self.position}"
