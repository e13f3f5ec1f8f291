"""`manage.py shipping_load_couriers [--file PATH]`: create or update couriers, services and rate tables."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lapak.core.errors import ValidationFailed
from lapak.market.shipping.loading import COURIERS_FILE, couriers_file_read, couriers_load


class Command(BaseCommand):
    help = "Upsert couriers, their services, zones and rate tables from shipping/data/couriers.json."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--file", type=Path, default=COURIERS_FILE, help="The couriers as JSON (the shipped one).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            data = couriers_file_read(file)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = couriers_load(data=data)
        except ValidationFailed as exc:
            problems = "; ".join(f"{field}: {' '.join(map(str, messages))}" for field, messages in exc.fields.items())
            raise CommandError(f"{file} was not loaded (nothing changed): {problems}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Shipping: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."))
