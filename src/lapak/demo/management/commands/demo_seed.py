"""`manage.py demo_seed --scale N --seed S [--products P]`: reproducible, realistic Indonesian demo data.

`--scale` sizes the crowd (1,000 buyers and 20 sellers in every state per unit) and, unless `--products` says
otherwise, the bulk catalogue (1,000 listings per unit). `--scale 0 --products 1000000` gives the search
benchmark's million listings without the crowd. Runs are idempotent and additive (see seeders/catalog_bulk.py).
"""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from lapak.core.audit.sealing import audit_seal
from lapak.demo.seeders import SEEDERS
from lapak.demo.seeders.base import SeedContext

PRODUCTS_PER_SCALE = 1_000


class Command(BaseCommand):
    help = "Create reproducible demo data (idempotent for the same --scale and --seed)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Size multiplier: 1 = 1,000 buyers.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; same seed, same data.")
        parser.add_argument("--products", type=int, default=None,
                            help="Bulk catalogue listings (default 1,000 × scale; up to 1,000,000 and more).")
        parser.add_argument("--reindex", action="store_true",
                            help="Rebuild the search index even when no listing was added.")
        parser.add_argument("--quiet", action="store_true", help="No progress bars.")

    def handle(self, *args: object, scale: int, seed: int, quiet: bool, products: int | None, reindex: bool,
               **options: object) -> None:
        if not 0 <= scale <= 1_000:
            raise CommandError("--scale must be between 0 and 1000.")
        products = PRODUCTS_PER_SCALE * scale if products is None else products
        if not 0 <= products <= 10_000_000:
            raise CommandError("--products must be between 0 and 10,000,000.")
        ctx = SeedContext(scale=scale, seed=seed, quiet=quiet or options.get("verbosity", 1) == 0, products=products,
                          reindex=reindex)
        report: dict[str, object] = {"scale": scale, "seed": seed, "products": products}
        started = time.perf_counter()
        for seeder in SEEDERS:
            report[seeder.__name__.rsplit(".", 1)[-1]] = seeder.seed(ctx)
        # Seal what the seeders logged, so the demo starts with a signed tree head to verify.
        report["audit"] = audit_seal()
        report["seconds"] = round(time.perf_counter() - started, 2)
        self.stdout.write(json.dumps(report))
