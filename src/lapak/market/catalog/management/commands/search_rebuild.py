"""`manage.py search_rebuild`: re-index every public listing (after a bulk load or a restore)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from lapak.market.catalog.search import search_documents_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the catalogue (every public listing in, everything else out)."

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        count = search_documents_rebuild()
        self.stdout.write(f"search index: {count} listings in {time.monotonic() - started:.1f} s")
