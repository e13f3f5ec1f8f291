"""Back-office views of the region data. Read-only: the data changes only by `manage.py regions_load`."""

from __future__ import annotations

from django.contrib import admin

from lapak.core.admin import ReadOnlyAdmin
from lapak.regions.models import HistoricalRegionCode, Region, RegionDataset


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "level", "postcode")
    list_filter = ("level", "kind")
    search_fields = ("=code", "=digits", "name", "=postcode")
    ordering = ("code",)
    raw_id_fields = ("parent",)
    # Counting 90k rows on every page is wasted work.
    show_full_result_count = False


@admin.register(HistoricalRegionCode)
class HistoricalRegionCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "successor", "changed_in", "source")
    list_filter = ("level", "changed_in", "source")
    search_fields = ("=code", "name", "successor__name")
    ordering = ("code",)
    raw_id_fields = ("successor",)
    list_select_related = ("successor",)


@admin.register(RegionDataset)
class RegionDatasetAdmin(ReadOnlyAdmin):
    list_display = (
        "loaded_at",
        "source",
        "source_version",
        "decree",
        "province_count",
        "regency_count",
        "district_count",
        "village_count",
        "historical_code_count",
        "load_ms",
    )
    ordering = ("-loaded_at",)
