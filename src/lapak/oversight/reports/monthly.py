"""The monthly summary: the headline numbers and the first rows of every registered figure for one month, and
the report's own counts (sellers with sales, buyers, net revenue), gathered for the PDF. As for the quarterly
report, the caller has checked the reader and logged the query; every figure is read through `figure_read`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

from lapak.config.db_router import replica_reads
from lapak.core.audit.selectors import latest_tree_head
from lapak.oversight.figures.base import Column, figures_in_order
from lapak.oversight.reports.fields import FIELDS
from lapak.oversight.reports.figure_fields import FigureCache
from lapak.oversight.reports.periods import Period
from lapak.oversight.reports.results import FieldResult
from lapak.oversight.reports.sources import participant_results, revenue_results

ROWS_SHOWN = 5
_OWN = ("sellers_with_sales", "buyers", "revenue_net")


@dataclass
class FigureSummary:
    key: str
    title: str | Promise
    headline: list[tuple[str | Promise, str]] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    rows_total: int = 0
    suppressed: int = 0
    error: str = ""


@dataclass
class MonthlySummary:
    period: Period
    generated_at: datetime
    tree_head: dict[str, Any] | None
    own: list[FieldResult]
    figures: list[FigureSummary]


def monthly_summary_build(*, user: Any, period: Period) -> MonthlySummary:
    own_fields = {f.key: f for f in FIELDS if f.key in _OWN}
    with replica_reads():  # the scans stay off the primary that serves checkout
        own = participant_results([own_fields["sellers_with_sales"], own_fields["buyers"]], period)
        own += revenue_results([own_fields["revenue_net"]], period)
    cache = FigureCache(user=user, period=period)
    figures = []
    for figure in figures_in_order():
        answer = cache.read(figure.key, figure.default_by)
        if isinstance(answer, str):
            figures.append(FigureSummary(figure.key, figure.title, error=answer))
            continue
        table = answer.table
        figures.append(FigureSummary(figure.key, figure.title, headline=list(table.headline),
                                     columns=list(table.columns), rows=table.rows[:ROWS_SHOWN],
                                     rows_total=len(table.rows), suppressed=table.suppressed))
    return MonthlySummary(period=period, generated_at=timezone.now(), tree_head=latest_tree_head(), own=own,
                          figures=figures)
