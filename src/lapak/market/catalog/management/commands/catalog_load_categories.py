"""`manage.py catalog_load_categories [--file PATH]`: create or update the category tree from its data file."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.services.categories import CATEGORIES_FILE, categories_load, categories_tree_read


class Command(BaseCommand):
    help = "Upsert the category tree (slugs, names, required certificates) from catalog/data/categories.json."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--file", type=Path, default=CATEGORIES_FILE, help="The tree as JSON (the shipped one).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            tree = categories_tree_read(file)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = categories_load(tree=tree)
        except ValidationFailed as exc:
            problems = "; ".join(f"{field}: {' '.join(map(str, messages))}" for field, messages in exc.fields.items())
            raise CommandError(f"{file} was not loaded (nothing changed): {problems}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Categories: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
            f"{f', {result.not_in_file} not in the file (left as they are)' if result.not_in_file else ''}."
        ))
