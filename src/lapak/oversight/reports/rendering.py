"""The quarterly report as JSON (the API) and as long-format CSV (one line per value: section, field, dimension,
value, unit, note, label), both opening with the header block that names the jurisdiction, the quarter, when it
was made and the signed audit tree head it is anchored to."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from lapak.oversight.rendering import csv_safe
from lapak.oversight.reports.quarterly import QuarterlyReport
from lapak.oversight.reports.results import FieldResult, Value

CSV_COLUMNS = ["section", "field", "dimension", "value", "unit", "note", "label"]


def _value_json(result: FieldResult, value: Value) -> dict[str, Any]:
    return {"dimension": value.dimension_text, "dimensions": value.dimensions, "value": value.value,
            "suppressed": value.suppressed, "unit": value.unit or result.field.unit}


def quarterly_json(report: QuarterlyReport) -> dict[str, Any]:
    sections = []
    for section, results in report.sections():
        sections.append({
            "key": section.key, "label": str(section.label),
            "available": all(result.available for result in results),
            "fields": [{"key": r.field.key, "label": str(r.field.label), "unit": r.field.unit,
                        "source": r.field.origin if r.field.origin != "figure" else f"figure:{r.field.figure}",
                        "definition": str(r.field.definition), "available": r.available, "reason": r.reason,
                        "method": r.method, "notes": r.notes, "grouped_by": list(r.grouped_by),
                        "values": [_value_json(r, v) for v in r.values]} for r in results],
        })
    return {"header": report.header(), "sections": sections,
            "unavailable": [{"section": r.field.section, "field": r.field.key, "reason": r.reason}
                            for r in report.unavailable()]}


def _note(result: FieldResult, value: Value | None) -> str:
    if not result.available:
        return _("unavailable: %(reason)s") % {"reason": result.reason}
    if value is None:
        return "; ".join([_("no data"), *result.notes])
    return _("suppressed") if value.suppressed else ""


def quarterly_csv_text(report: QuarterlyReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for key, value in report.header().items():
        writer.writerow(["header", key, "", csv_safe("" if value is None else str(value).lower()
                                                   if isinstance(value, bool) else str(value)), "", "", ""])
    for _section, results in report.sections():
        for result in results:
            field = result.field
            base = [field.section, field.key]
            if not result.values:
                writer.writerow([*base, "", "", field.unit, csv_safe(_note(result, None)), csv_safe(str(field.label))])
            for value in result.values:
                writer.writerow([*base, csv_safe(value.dimension_text), csv_safe(value.shown), value.unit or field.unit,
                                 _note(result, value), csv_safe(str(field.label))])
    return out.getvalue()
