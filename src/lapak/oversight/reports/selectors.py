"""Reading a report: the request checked (jurisdiction, period, format), the query written to the audit log,
then the report built. Pages, downloads and the API all come through here, so they log and validate alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.oversight.access import query_log, scope_jurisdiction
from lapak.oversight.reports.models import WorkforceCount
from lapak.oversight.reports.monthly import MonthlySummary, monthly_summary_build
from lapak.oversight.reports.periods import Period, month_parse, quarter_parse
from lapak.oversight.reports.quarterly import QuarterlyReport, quarterly_report_build

QUARTERLY_FORMATS = ("json", "csv")
LANGUAGES = ("id", "en")


def _check(params: Mapping[str, str], known: set[str], errors: dict[str, list]) -> None:
    unknown = sorted(set(params) - known)
    if unknown:
        errors["__all__"] = [_("Unknown parameters: %(names)s.") % {"names": ", ".join(unknown)}]


def _period(parse: Any, raw: str | None, jurisdiction: str, errors: dict[str, list]) -> Period | None:
    try:
        return parse(raw, jurisdiction=jurisdiction)
    except ValidationFailed as failed:
        errors.update(failed.fields)
        return None


def quarterly_request(*, user: Any, params: Mapping[str, str]) -> tuple[Period, str]:
    """The quarter and format asked for, for a jurisdiction `user` may read; ValidationFailed naming every bad
    field, PermissionDenied for another's jurisdiction."""
    errors: dict[str, list] = {}
    _check(params, {"jurisdiction", "quarter", "format"}, errors)
    jurisdiction = scope_jurisdiction(user, params.get("jurisdiction"))
    period = _period(quarter_parse, params.get("quarter"), jurisdiction, errors)
    fmt = (params.get("format") or "json").strip().lower()
    if fmt not in QUARTERLY_FORMATS:
        errors["format"] = [_("Choose json or csv.")]
    if errors or period is None:
        raise ValidationFailed(fields=errors)
    return period, fmt


def quarterly_report_read(*, user: Any, params: Mapping[str, str], channel: str) -> tuple[QuarterlyReport, str]:
    """The quarterly report and its format; the query is logged before anything is computed."""
    period, fmt = quarterly_request(user=user, params=params)
    query_log(user=user, jurisdiction=period.jurisdiction, what="report:quarterly",
              params={"channel": channel, "quarter": period.label, "format": fmt})
    return quarterly_report_build(user=user, period=period), fmt


def monthly_request(*, user: Any, params: Mapping[str, str]) -> tuple[Period, str]:
    errors: dict[str, list] = {}
    _check(params, {"jurisdiction", "month", "lang"}, errors)
    jurisdiction = scope_jurisdiction(user, params.get("jurisdiction"))
    period = _period(month_parse, params.get("month"), jurisdiction, errors)
    language = (params.get("lang") or translation.get_language() or "id")[:2].lower()
    if language not in LANGUAGES:
        if params.get("lang"):
            errors["lang"] = [_("Choose id or en.")]
        language = "id"
    if errors or period is None:
        raise ValidationFailed(fields=errors)
    return period, language


def monthly_summary_read(*, user: Any, params: Mapping[str, str], channel: str) -> tuple[MonthlySummary, str]:
    """The month's summary and the language to write it in; the query is logged before anything is computed."""
    period, language = monthly_request(user=user, params=params)
    query_log(user=user, jurisdiction=period.jurisdiction, what="report:monthly",
              params={"channel": channel, "month": period.label, "lang": language})
    return monthly_summary_build(user=user, period=period), language


def workforce_entries(*, jurisdiction: str) -> dict[str, WorkforceCount]:
    return {entry.quarter: entry for entry in WorkforceCount.objects.filter(jurisdiction=jurisdiction)}
