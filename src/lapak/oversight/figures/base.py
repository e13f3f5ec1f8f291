"""The shape every oversight figure shares: what it is grouped by, its columns, its rows and how it was computed.

A figure is a registered object with a `key` (its address: `/oversight/figures/<key>/`,
`/api/v1/oversight/figures/<key>`, `…/<key>.csv`), the dimensions it may be grouped by, and `compute(query)`,
which returns a `FigureTable`. The pages, the API, the CSV and the reports all render the same table, so they
always agree. Privacy rules are applied here, once, for every figure (`privacy.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.utils.functional import Promise

ColumnKind = Literal["dimension", "count", "money", "share", "text", "date"]
Source = Literal["rollup", "scratch"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: ColumnKind = "count"


@dataclass(frozen=True)
class FigureQuery:
    """What a reader asked for, already validated (`params.py`): a jurisdiction they may read, a date range
    (inclusive), the dimensions to group by, in order, and where the numbers come from (the rollups, or
    computed from the source tables: the benchmark compares the two)."""

    jurisdiction: str
    date_from: date
    date_to: date
    by: tuple[str, ...] = ()
    source: Source = "rollup"
    names_allowed: frozenset[str] = frozenset()  # seller ids a recorded legal request lets this reader see


@dataclass
class FigureTable:
    """Rows of plain values by column key. A row may carry `_sellers` and `_buyers`: how many distinct sellers
    and buyers stand behind it (at least; privacy only needs to know whether each reaches the threshold).
    Rows with too few have their measures blanked and `suppressed` set; underscore keys never leave."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    method: str | Promise = ""
    chart: tuple[str, str] | None = None  # (label column, value column) for the bar chart
    headline: list[tuple[str | Promise, str]] = field(default_factory=list)  # key figures above the table
    notes: list[str | Promise] = field(default_factory=list)
    suppressed: int = 0
    privacy: Literal["aggregate", "listing"] = "aggregate"


@dataclass(frozen=True)
class Figure:
    key: str
    title: str | Promise
    description: str | Promise
    compute: Callable[[FigureQuery], FigureTable]
    dimensions: dict[str, str | Promise] = field(default_factory=dict)  # key -> label; empty: not groupable
    default_by: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = ()  # the COMPLIANCE.md rules the figure bears on
    order: int = 100


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in FIGURES:
        raise ValueError(f"figure {figure.key!r} registered twice")
    FIGURES[figure.key] = figure
    return figure


def figures_in_order() -> list[Figure]:
    return sorted(FIGURES.values(), key=lambda figure: (figure.order, figure.key))
