"""One figure answer, three renderings: JSON (the API), CSV (downloads) and the page's chart and table."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.formats import number_format

from lapak.oversight.selectors import FigureAnswer


def figure_json(answer: FigureAnswer) -> dict[str, Any]:
    table, query = answer.table, answer.query
    return {
        "figure": answer.figure.key,
        "title": str(answer.figure.title),
        "jurisdiction": query.jurisdiction,
        "from": query.date_from.isoformat(),
        "to": query.date_to.isoformat(),
        "by": list(query.by),
        "source": query.source,
        "columns": [{"key": column.key, "label": str(column.label), "kind": column.kind} for column in table.columns],
        "rows": table.rows,
        "headline": [{"label": str(label), "value": value} for label, value in table.headline],
        "method": str(table.method),
        "notes": [str(note) for note in table.notes],
        "suppressed_rows": table.suppressed,
        "rules": list(answer.figure.rule_ids),
    }


def figure_csv_text(answer: FigureAnswer) -> str:
    """The table as CSV: a header of column labels, then one line per row; suppressed cells are empty and the
    last column says which rows were suppressed."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = answer.table.columns
    writer.writerow([column.key for column in columns] + ["suppressed"])
    for row in answer.table.rows:
        writer.writerow([_cell(row.get(column.key)) for column in columns] + [str(bool(row.get("suppressed"))).lower()])
    return out.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else csv_safe(str(value))


def csv_safe(text: str) -> str:
    """A cell starting with a formula character would run as a formula in a spreadsheet (CSV injection): it is
    quoted with an apostrophe; numbers (also negative ones) and "<10" are left alone."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def display_cell(value: Any, kind: str, *, suppressed: bool) -> str:
    """A cell as the page shows it: grouped digits, rupiah, percentages; "<10" where suppressed."""
    if value is None:
        return "<10" if suppressed and kind in {"count", "money", "share"} else "—"
    if kind == "money":
        return "Rp " + number_format(int(value), force_grouping=True)
    if kind == "count":
        return number_format(value, force_grouping=True)
    if kind == "share":
        return number_format(round(float(value) * 100, 1), decimal_pos=1) + " %"
    return str(value)


def table_body(answer: FigureAnswer) -> list[dict[str, Any]]:
    columns = answer.table.columns
    return [{"suppressed": bool(row.get("suppressed")),
             "values": [display_cell(row.get(column.key), column.kind, suppressed=bool(row.get("suppressed")))
                        for column in columns]}
            for row in answer.table.rows]


CHART_BARS = 40
_BAR_SPACE = 300  # SVG units between the label column and the right edge, minus room for the value's text


def chart(answer: FigureAnswer) -> dict[str, Any]:
    """A horizontal bar chart of one column: bars sized against the largest shown value; suppressed rows are a
    grey stub with "<10", so the chart never shows more than the table."""
    table = answer.table
    value_key = table.chart[1] if table.chart else _first_measure(table.columns)
    if value_key is None or not table.rows:
        return {"bars": []}
    column = next(column for column in table.columns if column.key == value_key)
    label_keys = [table.chart[0]] if table.chart else [c.key for c in table.columns if c.kind in {"dimension", "date",
                                                                                                    "text"}]
    rows = table.rows[:CHART_BARS]
    largest = max((float(row.get(value_key) or 0) for row in rows), default=0.0) or 1.0
    bars = []
    for index, row in enumerate(rows):
        value = row.get(value_key)
        width = 2 if value is None else max(1, round(float(value) / largest * _BAR_SPACE))
        label = " · ".join(str(row.get(key, "")) for key in label_keys) or str(index + 1)
        text = display_cell(value, column.kind, suppressed=bool(row.get("suppressed")))
        bars.append({"y": index * 22, "label": label, "width": width, "text": text, "text_x": 236 + width,
                     "suppressed": value is None})
    return {"bars": bars, "height": len(bars) * 22 + 4, "column": column.label,
            "truncated": len(table.rows) > len(rows), "title": f"{answer.figure.title}: {column.label}"}


def _first_measure(columns: list) -> str | None:
    return next((column.key for column in columns if column.kind in {"money", "count", "share"}), None)
