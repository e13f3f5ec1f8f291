"""Privacy by construction: the one place where oversight tables lose what they must not show.

- A row counts as a cell of people when it says how many distinct sellers (`_sellers`) or buyers (`_buyers`)
  stand behind it. Below `SUPPRESSION_THRESHOLD` (10) of either, its numbers are blanked.
- Secondary suppression: when a line of the table (its rows agreeing on all dimensions but one, or the whole
  table) holds exactly one blanked row, its smallest other row is blanked too, so the blanked cell cannot be
  recovered by subtracting the others from a total (which the figure grouped more coarsely publishes).
- Sellers appear in listings only under a pseudonym: a keyed hash of their id, stable across queries (a
  regulator can follow one seller over time) and not reversible without the key. A seller is named only to a
  reader of the jurisdiction where a recorded legal request names them (`legal_requests.py`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from django.conf import settings

from lapak.oversight.figures.base import FigureTable

SUPPRESSION_THRESHOLD = 10
_MEASURES = {"count", "money", "share"}
_DIMENSIONS = {"dimension", "date"}


def apply_suppression(table: FigureTable, threshold: int = SUPPRESSION_THRESHOLD) -> FigureTable:
    """Blank the measures of rows with fewer than `threshold` sellers or buyers behind them, then apply
    secondary suppression; strip the underscore keys. Returns the same table, changed."""
    measures = [column.key for column in table.columns if column.kind in _MEASURES]
    for row in table.rows:
        if _too_few(row, threshold):
            _blank(row, measures)
    if measures:
        _secondary(table, measures)
    table.suppressed = sum(1 for row in table.rows if row.get("suppressed"))
    for row in table.rows:
        for key in [key for key in row if key.startswith("_")]:
            del row[key]
        row.setdefault("suppressed", False)
    return table


def _secondary(table: FigureTable, measures: list[str]) -> None:
    """Blank the smallest visible cell of every line holding exactly one blanked cell, until none does. A line is
    the rows that agree on every dimension but one (the whole table when it has fewer than two dimensions): its
    total is published by the same figure grouped by one dimension fewer, so a lone blank in it is a subtraction
    away from being known."""
    dimensions = [column.key for column in table.columns if column.kind in _DIMENSIONS]
    free_choices = dimensions if len(dimensions) > 1 else [None]
    changed = True
    while changed:
        changed = False
        for free in free_choices:
            lines: dict[tuple, list[dict[str, Any]]] = {}
            for row in table.rows:
                key = () if free is None else tuple(row.get(name) for name in dimensions if name != free)
                lines.setdefault(key, []).append(row)
            for members in lines.values():
                visible = [row for row in members if not row.get("suppressed")]
                if len(members) - len(visible) == 1 and visible:
                    _blank(min(visible, key=lambda row: (row.get(measures[0]) or 0)), measures)
                    changed = True


def _too_few(row: dict[str, Any], threshold: int) -> bool:
    counts = [row[key] for key in ("_sellers", "_buyers") if key in row]
    return any(count < threshold for count in counts)


def _blank(row: dict[str, Any], measures: list[str]) -> None:
    for key in measures:
        row[key] = None
    row["suppressed"] = True


def seller_pseudonym(seller_id: str) -> str:
    """"S-" and 10 characters of a keyed hash of the seller's id: the same seller, the same pseudonym."""
    key = hashlib.sha256(b"lapak-oversight-pseudonym\x00" + settings.SECRET_KEY.encode()).digest()
    digest = hmac.new(key, seller_id.encode(), hashlib.sha256).digest()
    return "S-" + base64.b32encode(digest).decode()[:10]
