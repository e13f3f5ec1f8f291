"""Report fields answered by the registered oversight figures, read exactly as a regulator's own query is:
through `figure_read` (validated, written to the audit log with channel "report", suppressed).

The figures are written by their own modules and may not all be registered; a field whose figure is missing,
cannot be grouped as the field needs, has no such measure or fails to compute is reported as unavailable, with
the reason, and the rest of the report still stands."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lapak.core.errors import LapakError, NotAuthenticated, PermissionDenied
from lapak.oversight.figures.base import FIGURES, Column, Figure
from lapak.oversight.reports.fields import ReportField
from lapak.oversight.reports.periods import Period
from lapak.oversight.reports.results import FieldResult, Value, plain
from lapak.oversight.selectors import FigureAnswer, figure_read

logger = logging.getLogger(__name__)
_LABEL_SUFFIXES = ("_name", "_label")


class FigureCache:
    """One `figure_read` per (figure, grouping) per report, however many fields read it."""

    def __init__(self, *, user: Any, period: Period) -> None:
        self.user, self.period = user, period
        self._answers: dict[tuple[str, tuple[str, ...]], FigureAnswer | str] = {}

    def read(self, key: str, by: tuple[str, ...]) -> FigureAnswer | str:
        """The answer, or the reason there is none, as text."""
        if (key, by) not in self._answers:
            self._answers[(key, by)] = self._read(key, by)
        return self._answers[(key, by)]

    def _read(self, key: str, by: tuple[str, ...]) -> FigureAnswer | str:
        params = {**self.period.figure_params(), "by": ",".join(by)}
        try:
            # A savepoint: a figure failing on PostgreSQL must not poison the transaction for the fields after it.
            with transaction.atomic():
                return figure_read(user=self.user, key=key, params=params, channel="report")
        except (PermissionDenied, NotAuthenticated):
            raise
        except LapakError as error:
            return str(error.message)
        except Exception:  # one broken figure must not take the regulator's whole report down
            logger.exception("oversight report: figure %s by %s failed", key, by)
            return _("The figure could not be computed; the operators have been alerted.")


def figure_result(report_field: ReportField, cache: FigureCache) -> FieldResult:
    figure = FIGURES.get(report_field.figure)
    if figure is None:
        return FieldResult.unavailable(report_field, _("The figure “%(key)s” is not available.")
                                       % {"key": report_field.figure})
    by = _grouping(report_field, figure)
    if by is None:
        wanted = " / ".join(",".join(option) for option in report_field.by)
        return FieldResult.unavailable(report_field, _("The figure “%(key)s” cannot be grouped by %(by)s.")
                                       % {"key": figure.key, "by": wanted})
    answer = cache.read(figure.key, by)
    if isinstance(answer, str):
        return FieldResult.unavailable(report_field, answer)
    column = _measure(report_field, answer.table.columns)
    if column is None:
        return FieldResult.unavailable(report_field, _("The figure “%(key)s” has no such measure.")
                                       % {"key": figure.key})
    dimensions = [c.key for c in answer.table.columns if c.kind in ("dimension", "date")]
    labels = {c.key for c in answer.table.columns if c.key.endswith(_LABEL_SUFFIXES)}
    values = [Value(row.get(column.key), _dimensions(row, dimensions, labels), suppressed=bool(row.get("suppressed")),
                    unit="share" if column.kind == "share" else "")
              for row in answer.table.rows]
    return FieldResult(report_field, values, method=str(answer.table.method), grouped_by=answer.query.by,
                       notes=[str(note) for note in answer.table.notes])


def _grouping(report_field: ReportField, figure: Figure) -> tuple[str, ...] | None:
    for option in report_field.by:
        if all(name in figure.dimensions for name in option):
            return option
    return None


def _measure(report_field: ReportField, columns: list[Column]) -> Column | None:
    by_key = {column.key: column for column in columns}
    for key in report_field.measure:
        if key in by_key and by_key[key].kind in ("count", "money", "share"):
            return by_key[key]
    return next((column for column in columns if column.kind == report_field.kind), None)


def _dimensions(row: dict[str, Any], dimensions: list[str], labels: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in dimensions:
        out[key] = plain(row.get(key))
        for suffix in _LABEL_SUFFIXES:
            if f"{key}{suffix}" in labels and row.get(f"{key}{suffix}"):
                out[f"{key}_name"] = plain(row.get(f"{key}{suffix}"))
                break
    return out
