"""The registry of oversight rollups and the watermark each one keeps.

A rollup is a table of pre-aggregated figures kept current by folding in only what changed since the last
refresh (its watermark), never by scanning everything again. Each rollup app registers itself here with
`register_rollup(name, refresh=..., rebuild=...)`; the periodic job `oversight.rollups_refresh` and the
benchmark run them all.

Source rows are read up to `now - ROLLUP_LAG`: on PostgreSQL a transaction that stamped a row at time t can
commit after another stamped later, so rows younger than the lag are left for the next refresh. Transactions
here last milliseconds; the lag is two minutes. `rebuild` recomputes a rollup from the source tables (after a
schema change, or to heal one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lapak.oversight.models import RollupWatermark

ROLLUP_LAG = timedelta(minutes=2)


@dataclass(frozen=True)
class Rollup:
    name: str
    refresh: Callable[[], int]  # folds in what changed; returns the number of source rows folded
    rebuild: Callable[[], int]  # empties the rollup and recomputes it from the source tables


ROLLUPS: dict[str, Rollup] = {}


def register_rollup(name: str, *, refresh: Callable[[], int], rebuild: Callable[[], int]) -> None:
    ROLLUPS[name] = Rollup(name=name, refresh=refresh, rebuild=rebuild)


def rollup_horizon() -> datetime:
    """Source rows stamped before this moment are safe to fold in."""
    return timezone.now() - ROLLUP_LAG


def watermark_lock(name: str) -> RollupWatermark:
    """The rollup's watermark row, created on first use and locked until the caller's transaction ends.
    Must be called inside `transaction.atomic()`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("watermark_lock needs a transaction")
    RollupWatermark.objects.get_or_create(name=name)
    return RollupWatermark.objects.select_for_update().get(name=name)


def watermark_advance(mark: RollupWatermark, *, position: datetime, position_id: int, folded: int) -> None:
    mark.position = position
    mark.position_id = position_id
    mark.rows_folded += folded
    mark.updated_at = timezone.now()
    mark.save(update_fields=["position", "position_id", "rows_folded", "updated_at"])


def watermark_reset(name: str) -> None:
    RollupWatermark.objects.filter(name=name).delete()


def rollups_refresh_all() -> dict[str, int]:
    return {name: rollup.refresh() for name, rollup in sorted(ROLLUPS.items())}


def rollups_rebuild_all() -> dict[str, int]:
    return {name: rollup.rebuild() for name, rollup in sorted(ROLLUPS.items())}
