"""What a report field came to: its values (one per cell of its grouping), or why it is unavailable."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lapak.oversight.reports.fields import ReportField

SMALL = "<10"  # how a count of fewer than 10 people is shown (privacy.SUPPRESSION_THRESHOLD)


@dataclass
class Value:
    """One cell. `value` is None when suppressed; a people count below the threshold shows `SMALL` instead."""

    value: int | float | str | None
    dimensions: dict[str, str] = field(default_factory=dict)  # column key -> value, with "<key>_name" labels
    suppressed: bool = False
    unit: str = ""  # when it differs from the field's (revenue in another currency)

    @property
    def shown(self) -> str:
        if self.value is None:
            return ""
        return self.value if isinstance(self.value, str) else str(self.value)

    @property
    def dimension_text(self) -> str:
        """`province=32 (Jawa Barat); origin=domestic`: the cell's address, "" for a total."""
        parts = []
        for key, text in self.dimensions.items():
            if key.endswith("_name") and key[:-5] in self.dimensions:
                continue
            name = self.dimensions.get(f"{key}_name")
            parts.append(f"{key}={text}" + (f" ({name})" if name and name != text else ""))
        return "; ".join(parts)


@dataclass
class FieldResult:
    field: ReportField
    values: list[Value] = field(default_factory=list)
    available: bool = True
    reason: str = ""  # why it is unavailable
    method: str = ""  # how the figure behind it was computed
    notes: list[str] = field(default_factory=list)  # the figure's notes ("no snapshot before …")
    grouped_by: tuple[str, ...] = ()

    @classmethod
    def unavailable(cls, report_field: ReportField, reason: str) -> FieldResult:
        return cls(field=report_field, available=False, reason=reason)


def plain(value: Any) -> str:
    """A dimension value as text (months as YYYY-MM-DD, None as "")."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
