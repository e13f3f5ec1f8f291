"""What the reference-data services share: row-level errors, date ranges, the locks, and the follow-ups (audit,
re-evaluation) every change makes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from lapak.compliance.models import Jurisdiction
from lapak.compliance.reevaluation import compliance_reevaluate_request
from lapak.core.errors import ValidationFailed

# A bigger table than this is not reference data a person checks row by row; the import refuses it whole.
MAX_ROWS = 5000
MAX_BYTES = 1024 * 1024
# The events whose existing subjects a reference change can turn from allowed to refused (listings published
# under a rate, a positive list or a certificate requirement); checkout asks afresh every time.
REEVALUATED_EVENTS = ["listing.publish"]


class RowErrors:
    """Errors keyed by field path ("rows.3.hs_code", or "currency" for a single row), in the order found."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, key: str, column: str, message: str) -> None:
        path = f"{key}.{column}" if key else column
        self.fields.setdefault(path, []).append(str(message))

    def merge(self, other: RowErrors) -> None:
        for path, messages in other.fields.items():
            self.fields.setdefault(path, []).extend(messages)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, message: str | None = None) -> None:
        if self.fields:
            raise ValidationFailed(message or _("Nothing was saved: correct the rows marked and try again."),
                                   fields=self.fields)


def overlaps(a_from: date, a_until: date | None, b_from: date, b_until: date | None) -> bool:
    """Two inclusive date ranges share a day (an empty end means open-ended)."""
    return (b_until is None or a_from <= b_until) and (a_until is None or b_from <= a_until)


def describe_range(start: date, until: date | None) -> str:
    if until is None:
        return _("from %(start)s, open-ended") % {"start": start.isoformat()}
    return _("%(start)s to %(until)s") % {"start": start.isoformat(), "until": until.isoformat()}


def check_text(errors: RowErrors, key: str, column: str, value: str, *, limit: int, required: bool = True) -> None:
    if required and not value.strip():
        errors.add(key, column, _("This field is required."))
    elif len(value) > limit:
        errors.add(key, column, _("At most %(limit)d characters.") % {"limit": limit})
    elif "\x00" in value:
        errors.add(key, column, _("The text may not contain NUL characters."))


def check_range(errors: RowErrors, key: str, start: date, until: date | None, *, until_column: str) -> None:
    if until is not None and until < start:
        errors.add(key, until_column, _("The end date is before the start date."))


def check_jurisdiction(errors: RowErrors, key: str, code: str) -> None:
    if not Jurisdiction.objects.filter(code=code).exists():
        errors.add(key, "jurisdiction", _("There is no jurisdiction %(code)s.") % {"code": code[:10]})


def lock_jurisdictions(codes: Iterable[str]) -> None:
    """Serialise writers of one jurisdiction's reference rows: a new row cannot be locked before it exists, so
    two overlapping inserts would both pass their checks; the jurisdiction row is the lock they queue on."""
    list(Jurisdiction.objects.select_for_update().filter(code__in=sorted(set(codes))).order_by("pk"))


def reevaluate(*, jurisdictions: Iterable[str], cause: str, actor: str) -> None:
    """Ask for the subjects whose decisions may change to be decided again (after the caller's commit)."""
    for code in sorted(set(jurisdictions)):
        compliance_reevaluate_request(jurisdiction=code, events=list(REEVALUATED_EVENTS), cause=cause[:200],
                                      actor=actor)
