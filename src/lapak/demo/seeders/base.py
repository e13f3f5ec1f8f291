"""What every seeder receives: the scale, a seeded random source and Faker, and a progress bar factory."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from faker import Faker
from tqdm import tqdm

T = TypeVar("T")


@dataclass
class SeedContext:
    scale: int
    seed: int
    quiet: bool = False
    products: int = 0  # bulk catalogue listings (catalog_bulk.py)
    reindex: bool = False  # rebuild the search index even when no listing was added
    rng: random.Random = field(init=False)
    fake: Faker = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 (reproducible demo data, not secrets)
        self.fake = Faker("id_ID")
        self.fake.seed_instance(self.seed)

    def progress(self, *, total: int, desc: str) -> tqdm:
        """A progress bar counted in rows; call `.update(n)` after each batch and `.close()` at the end."""
        return tqdm(total=total, desc=desc, unit="row", disable=self.quiet, leave=False)

    def public_id(self, prefix: str) -> str:
        """A public id drawn from the seeded random source, so a re-run with the same seed gives the same ids."""
        from lapak.core.ids import encode_public_id

        millis = 1_764_288_000_000 + self.rng.getrandbits(24)
        return encode_public_id(prefix, millis=millis, random_bits=self.rng.getrandbits(80))


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
