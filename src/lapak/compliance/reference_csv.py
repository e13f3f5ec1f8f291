"""Importing reference tables from CSV files: parse every row, check every row, then write all of them in one
transaction or none (the active rule set never changes partly). Errors name the row as a spreadsheet numbers it
(the header is row 1) and the column: {"rows.3.hs_code": ["…"]}. Used by the console, the API and
`manage.py compliance_import`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.utils.translation import gettext as _

from lapak.compliance.models import CertificateRequirement, ExchangeRate, HolidayChange, HsListVersion
from lapak.compliance.reference_services import (
    MAX_BYTES,
    MAX_ROWS,
    CertificateRow,
    HolidayRow,
    HsEntryRow,
    RateRow,
    RowErrors,
    certificate_requirements_add,
    exchange_rates_add,
    holiday_changes_add,
    hs_list_version_create,
)
from lapak.core.errors import ValidationFailed

T = TypeVar("T")
Row = tuple[str, dict[str, str]]  # ("rows.3", {"hs_code": "4901.10.00", …})

HS_COLUMNS = (("hs_code",), ("description", "source"))
RATE_COLUMNS = (("currency", "idr_per_unit", "valid_from", "valid_until", "source"), ())
CERTIFICATE_COLUMNS = (("category_slug", "kind", "effective_from"), ("effective_until", "source"))
HOLIDAY_COLUMNS = (("day", "change", "name"), ("source",))
_CHANGES = {"add": True, "remove": False}


def _file_error(message: str) -> ValidationFailed:
    return ValidationFailed(_("Nothing was saved: %(problem)s") % {"problem": message}, fields={"file": [message]})


def csv_rows(data: bytes | str, *, columns: tuple[tuple[str, ...], tuple[str, ...]]) -> list[Row]:
    """The file's data rows as {column: text}; ValidationFailed (field "file") when the file is too big, not
    UTF-8, empty, has more than MAX_ROWS rows, or its header lacks a required column or names an unknown one."""
    required, optional = columns
    if len(data) > MAX_BYTES:
        raise _file_error(_("the file is larger than %(size)d KB.") % {"size": MAX_BYTES // 1024})
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _file_error(_("the file is not UTF-8 text.")) from None
    if "\x00" in data:
        raise _file_error(_("the file is not a CSV text file."))
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff"), newline=""), strict=True)
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise _file_error(_("the file is empty."))
        names = [cell.strip().lower() for cell in header]
        missing = [name for name in required if name not in names]
        unknown = [name for name in names if name not in required + optional]
        if missing or unknown or len(set(names)) != len(names):
            raise _file_error(_("the first row must name the columns %(columns)s (optional: %(optional)s).")
                              % {"columns": ", ".join(required), "optional": ", ".join(optional) or "—"})
        rows: list[Row] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _file_error(_("the file has more than %(limit)d rows.") % {"limit": MAX_ROWS})
            key = f"rows.{reader.line_num}"
            if len(cells) != len(names):
                rows.append((key, {"__all__": _("This row has %(found)d cells; the header has %(expected)d.")
                                   % {"found": len(cells), "expected": len(names)}}))
                continue
            rows.append((key, {name: cell.strip() for name, cell in zip(names, cells, strict=True)}))
    except csv.Error as exc:
        raise _file_error(_("row %(line)d cannot be read as CSV (%(why)s).")
                          % {"line": reader.line_num, "why": str(exc)[:80]}) from None
    if not rows:
        raise _file_error(_("the file has a header but no rows."))
    return rows


def _parse(errors: RowErrors, rows: list[Row], build: Callable[[str, dict[str, str], RowErrors], T | None]) -> list[T]:
    parsed = []
    for key, cells in rows:
        if "__all__" in cells:
            errors.add(key, "__all__", cells["__all__"])
            continue
        before = len(errors.fields)
        item = build(key, cells, errors)
        if item is not None and len(errors.fields) == before:
            parsed.append(item)
    return parsed


def _date(errors: RowErrors, key: str, cells: dict[str, str], column: str, *, required: bool = True) -> date | None:
    text = cells.get(column, "")
    if not text:
        if required:
            errors.add(key, column, _("This field is required."))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(key, column, _("“%(text)s” is not a date as YYYY-MM-DD.") % {"text": text[:20]})
        return None


def _decimal(errors: RowErrors, key: str, cells: dict[str, str], column: str) -> Decimal | None:
    text = cells.get(column, "").replace(",", "")  # "16,250.50": thousands separators as KMK tables print them
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.add(key, column, _("“%(text)s” is not a number.") % {"text": text[:20]})
        return None
    return value


def _raise_parse_only(errors: RowErrors, parsed: list) -> None:
    # Every row failed to parse: the services' own "no rows" error would only confuse.
    if not parsed:
        errors.raise_if_any()


def hs_list_import(*, data: bytes | str, jurisdiction: str, label: str, source: str, effective_from: date,
                   effective_until: date | None = None, actor: str) -> HsListVersion:
    """A draft positive-list version from a CSV of hs_code[,description][,source]. The version's source is
    `source`, or else the one value the file's source column holds."""
    rows = csv_rows(data, columns=HS_COLUMNS)
    errors = RowErrors()
    entries = _parse(errors, rows, lambda key, c, e: HsEntryRow(c["hs_code"], c.get("description", ""), key))
    _raise_parse_only(errors, entries)
    if not source.strip():
        sources = {cells.get("source", "") for _key, cells in rows} - {""}
        if len(sources) == 1:
            source = sources.pop()
    return hs_list_version_create(jurisdiction=jurisdiction, label=label, source=source,
                                  effective_from=effective_from, effective_until=effective_until, entries=entries,
                                  actor=actor, errors=errors)


def _rate(key: str, cells: dict[str, str], errors: RowErrors) -> RateRow | None:
    rate = _decimal(errors, key, cells, "idr_per_unit")
    start, until = _date(errors, key, cells, "valid_from"), _date(errors, key, cells, "valid_until")
    if rate is None or start is None or until is None:
        return None
    return RateRow(cells["currency"], rate, start, until, cells["source"], key)


def exchange_rates_import(*, data: bytes | str, actor: str) -> list[ExchangeRate]:
    """KMK rates from a CSV of currency,idr_per_unit,valid_from,valid_until,source: all or none."""
    errors = RowErrors()
    parsed = _parse(errors, csv_rows(data, columns=RATE_COLUMNS), _rate)
    _raise_parse_only(errors, parsed)
    return exchange_rates_add(rows=parsed, actor=actor, errors=errors)


def certificate_requirements_import(*, data: bytes | str, jurisdiction: str,
                                    actor: str) -> list[CertificateRequirement]:
    """Requirements from a CSV of category_slug,kind,effective_from[,effective_until][,source]: all or none."""

    def build(key: str, cells: dict[str, str], errors: RowErrors) -> CertificateRow | None:
        start = _date(errors, key, cells, "effective_from")
        until = _date(errors, key, cells, "effective_until", required=False)
        if start is None:
            return None
        return CertificateRow(jurisdiction, cells["category_slug"], cells["kind"].lower(), start, until,
                              cells.get("source", ""), key)

    errors = RowErrors()
    parsed = _parse(errors, csv_rows(data, columns=CERTIFICATE_COLUMNS), build)
    _raise_parse_only(errors, parsed)
    return certificate_requirements_add(rows=parsed, actor=actor, errors=errors)


def holiday_changes_import(*, data: bytes | str, jurisdiction: str, actor: str) -> list[HolidayChange]:
    """Calendar corrections from a CSV of day,change (add or remove),name[,source]: all or none."""

    def build(key: str, cells: dict[str, str], errors: RowErrors) -> HolidayRow | None:
        day = _date(errors, key, cells, "day")
        change = _CHANGES.get(cells["change"].lower())
        if change is None:
            errors.add(key, "change", _("The change is “add” or “remove”."))
        if day is None or change is None:
            return None
        return HolidayRow(jurisdiction, day, change, cells["name"], cells.get("source", ""), key)

    errors = RowErrors()
    parsed = _parse(errors, csv_rows(data, columns=HOLIDAY_COLUMNS), build)
    _raise_parse_only(errors, parsed)
    return holiday_changes_add(rows=parsed, actor=actor, errors=errors)


def no_file_message() -> str:
    return _("Choose a CSV file to upload.")


def year_message() -> str:
    return _("Give a year between 2000 and 2100.")
