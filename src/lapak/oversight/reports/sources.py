"""The report fields no oversight figure answers: the company, its workforce, its revenue (the ledger) and the
counts of distinct sellers and buyers (the orders). Privacy applies to them exactly as to the figures: each table
of people goes through `privacy.apply_suppression`, so a count of fewer than 10 people is never shown, nor a
revenue that would reveal the sales of fewer than 10 sellers."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from lapak.market.ledger.selectors_oversight import platform_revenue
from lapak.market.orders.selectors_report_counts import participant_counts
from lapak.oversight.figures.base import Column, FigureTable
from lapak.oversight.privacy import SUPPRESSION_THRESHOLD, apply_suppression
from lapak.oversight.reports.fields import ReportField
from lapak.oversight.reports.models import WorkforceCount
from lapak.oversight.reports.periods import Period
from lapak.oversight.reports.results import SMALL, FieldResult, Value
from lapak.regions.selectors import provinces

_REVENUE_KEYS = {"commission_charged": "commission_charged", "commission_returned": "commission_returned",
                 "voucher_rounding": "voucher_rounding", "revenue_net": "net",
                 "platform_voucher_cost": "platform_vouchers"}


def company_results(fields: list[ReportField]) -> list[FieldResult]:
    company = getattr(settings, "PLATFORM_COMPANY", {}) or {}
    results = []
    for report_field in fields:
        text = str(company.get(report_field.key.removeprefix("company_"), "") or "")
        results.append(FieldResult(report_field, [Value(text)]) if text else
                       FieldResult.unavailable(report_field, _("Not configured (settings: PLATFORM_COMPANY).")))
    return results


def workforce_results(fields: list[ReportField], period: Period) -> list[FieldResult]:
    entry = WorkforceCount.objects.filter(jurisdiction=period.jurisdiction, quarter=period.label).first()
    if entry is None:
        return [FieldResult.unavailable(f, _("No operator has entered the headcount for this quarter yet."))
                for f in fields]
    method = _("Entered by %(who)s on %(when)s.") % {"who": entry.entered_by,
                                                      "when": entry.entered_at.date().isoformat()}
    return [FieldResult(f, [Value(entry.employees)], method=method) for f in fields]


def revenue_results(fields: list[ReportField], period: Period) -> list[FieldResult]:
    """One row per currency (Indonesia: rupiah only); blanked when fewer than 10 sellers' releases stand behind
    it, since the commission would then reveal their sales."""
    figures = platform_revenue(jurisdiction=period.jurisdiction, start=period.start, end=period.end)
    if not figures:
        return [FieldResult(f, [Value(0)]) for f in fields]
    columns = [Column("currency", "", "dimension")] + [Column(key, "", "money") for key in _REVENUE_KEYS]
    rows = [{"currency": item.currency, "_sellers": item.sellers,
             **{key: getattr(item, attr) for key, attr in _REVENUE_KEYS.items()}} for item in figures]
    table = apply_suppression(FigureTable(columns=columns, rows=rows))
    several = len(table.rows) > 1
    return [FieldResult(f, [Value(row[f.key], {"currency": row["currency"]} if several else {},
                                  suppressed=bool(row["suppressed"]), unit=row["currency"])
                            for row in table.rows]) for f in fields]


def participant_results(fields: list[ReportField], period: Period) -> list[FieldResult]:
    counts = participant_counts(jurisdiction=period.jurisdiction, start=period.start, end=period.end)
    tables = {"sellers_with_sales": (False, {"": counts.sellers}, "_sellers"),
              "buyers": (False, {"": counts.buyers}, "_buyers"),
              "sellers_by_province": (True, counts.sellers_by_province, "_sellers"),
              "buyers_by_province": (True, counts.buyers_by_province, "_buyers")}
    names = dict(provinces().values_list("code", "name")) if counts.sellers else {}
    results = []
    for report_field in fields:
        grouped, cells, people = tables[report_field.key]
        results.append(FieldResult(report_field, _people_values(cells, people, names if grouped else None),
                                   grouped_by=("province",) if grouped else ()))
    return results


def _people_values(cells: dict[str, int], people: str, names: dict[str, str] | None) -> list[Value]:
    """Counts of people through the one suppression rule: a count below the threshold shows "<10"; a larger one
    blanked by secondary suppression (so the small one cannot be recovered from a total) shows nothing.
    `names`: province names when the cells are provinces, None for a single total."""
    codes = sorted(cells)
    rows = [{"province": code, "people": cells[code], people: cells[code]} for code in codes]
    table = apply_suppression(FigureTable(columns=[Column("province", "", "dimension"),
                                                   Column("people", "", "count")], rows=rows))
    values = []
    for code, row in zip(codes, table.rows, strict=True):
        shown: int | str | None = row["people"]
        if row["suppressed"] and cells[code] < SUPPRESSION_THRESHOLD:
            shown = SMALL
        dimensions = {} if names is None else {"province": code or "-",
                                               "province_name": names.get(code) or ("" if code else _("unknown"))}
        values.append(Value(shown, dimensions, suppressed=bool(row["suppressed"])))
    return values
