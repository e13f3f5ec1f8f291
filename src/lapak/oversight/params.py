"""Reading a figure query from a request's parameters, with one clear error per bad field.

`jurisdiction` (two letters; a regulator's own by default), `from` and `to` (YYYY-MM-DD or YYYY-MM, inclusive;
the last twelve months by default), `by` (dimensions, comma-separated, in order) and `source` (`rollup`, or
`scratch` for operators measuring the rollups against the source tables).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.access import is_operator
from lapak.core.errors import ValidationFailed
from lapak.oversight.access import scope_jurisdiction
from lapak.oversight.figures.base import Figure, FigureQuery

EARLIEST = date(2000, 1, 1)
LONGEST_RANGE_DAYS = 366 * 10 + 3
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_KNOWN = {"jurisdiction", "from", "to", "by", "source", "lang", "format"}


def figure_query(figure: Figure, params: Mapping[str, str], *, user: object) -> FigureQuery:
    """The validated query, or ValidationFailed naming every bad field; PermissionDenied for a jurisdiction the
    reader may not read."""
    errors: dict[str, list] = {}
    unknown = sorted(set(params) - _KNOWN)
    if unknown:
        errors["__all__"] = [_("Unknown parameters: %(names)s.") % {"names": ", ".join(unknown)}]
    jurisdiction = scope_jurisdiction(user, params.get("jurisdiction"))
    today = timezone.localdate()
    date_to = _parse_day(params.get("to", ""), end=True, field="to", errors=errors) or today
    date_from = _parse_day(params.get("from", ""), end=False, field="from", errors=errors)
    if date_from is None:
        # max(): a `to` in the year 1 would step below date.min (the range check then names it).
        date_from = (max(date_to.replace(day=1), EARLIEST) - timedelta(days=334)).replace(day=1)
    if "from" not in errors and "to" not in errors:
        _check_range(date_from, date_to, today, errors)
    by = _parse_by(figure, params.get("by"), errors)
    source = params.get("source") or "rollup"
    if source not in {"rollup", "scratch"}:
        errors["source"] = [_("Choose rollup or scratch.")]
    elif source == "scratch" and not is_operator(user):
        errors["source"] = [_("Only operators may compute figures from the source tables.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return FigureQuery(jurisdiction=jurisdiction, date_from=date_from, date_to=date_to, by=by, source=source)


def _parse_day(raw: str, *, end: bool, field: str, errors: dict[str, list]) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        if match := _DAY.fullmatch(raw):
            return date(*(int(part) for part in match.groups()))
        if match := _MONTH.fullmatch(raw):
            year, month = (int(part) for part in match.groups())
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    except ValueError:
        pass  # a day or month that does not exist (2026-02-30, 2026-13): the same error as malformed text
    errors[field] = [_("Enter a date as YYYY-MM-DD or a month as YYYY-MM.")]
    return None


def _check_range(date_from: date, date_to: date, today: date, errors: dict[str, list]) -> None:
    if date_from > date_to:
        errors["from"] = [_("The start comes after the end.")]
    elif date_from < EARLIEST:
        errors["from"] = [_("Figures start in the year 2000.")]
    elif date_from > today:
        errors["from"] = [_("The start is in the future.")]
    elif (date_to - date_from).days > LONGEST_RANGE_DAYS:
        errors["to"] = [_("Ask for ten years at most.")]


def _parse_by(figure: Figure, raw: str | None, errors: dict[str, list]) -> tuple[str, ...]:
    if raw is None:
        return figure.default_by
    names = tuple(part.strip() for part in raw.split(",") if part.strip())
    unknown = [name for name in names if name not in figure.dimensions]
    if unknown:
        allowed = ", ".join(figure.dimensions) or "-"
        errors["by"] = [_("Unknown dimensions: %(names)s. This figure can be grouped by: %(allowed)s.")
                        % {"names": ", ".join(unknown), "allowed": allowed}]
    elif len(set(names)) != len(names):
        errors["by"] = [_("Name each dimension once.")]
    return names
