"""Commission by category and PPh 22 withholding, as data (ADR 0011).

Commission rates live in data/commission.json (top-level category slug → basis points, plus a default), so the
operator changes a rate without a code change. PPh 22 (ID-TAX-2) is a dated table like checkout/tax.py's PPN.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

COMMISSION_FILE = Path(__file__).parent / "data" / "commission.json"
BPS = 10_000  # basis points in a whole


@dataclass(frozen=True)
class CommissionTable:
    version: int
    default_bps: int
    by_category: dict[str, int]

    def bps_for(self, top_level_slug: str | None) -> int:
        """The rate of a top-level category; the default for one not listed (or a line without a category)."""
        return self.by_category.get(top_level_slug or "", self.default_bps)


def _bps(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= BPS:
        raise ValueError(f"commission {where}: basis points must be a whole number from 0 to {BPS}")
    return value


def commission_table_load(path: Path = COMMISSION_FILE) -> CommissionTable:
    """Reads and checks a commission file; a bad file fails loudly rather than charge a wrong rate."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    categories = raw.get("categories")
    if not isinstance(categories, dict):
        raise ValueError("commission file: 'categories' must map category slugs to basis points")
    return CommissionTable(version=int(raw["version"]), default_bps=_bps(raw.get("default_bps"), "default_bps"),
                           by_category={str(slug): _bps(bps, slug) for slug, bps in categories.items()})


@cache
def commission_table() -> CommissionTable:
    """The table in force (read once per process)."""
    return commission_table_load()


# ID-TAX-2: PPh 22 withheld by the marketplace on a merchant's gross turnover (PMK 37/2025, from 14 July 2025).
# Newest first; add a row when the rate changes, never edit a past one (releases were withheld by it).
PPH22_RATES: tuple[tuple[date, int], ...] = (
    (date(2025, 7, 14), 50),  # 0.5 %
    (date(1970, 1, 1), 0),  # marketplaces did not withhold before PMK 37/2025
)


def pph22_bps_on(day: date) -> int:
    return next(bps for since, bps in PPH22_RATES if since <= day)
