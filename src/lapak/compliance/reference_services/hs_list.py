"""HS-code positive list versions (ID-XB-2, Kepmendag 1998/2023): created as drafts from rows, then activated."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.compliance.models import HsListEntry, HsListVersion, VersionStatus
from lapak.compliance.reference_selectors import by_public_id
from lapak.compliance.reference_services.common import (
    MAX_ROWS,
    RowErrors,
    check_jurisdiction,
    check_range,
    check_text,
    describe_range,
    overlaps,
    reevaluate,
)
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound

_EIGHT_DIGITS = re.compile(r"[0-9]{8}")


@dataclass(frozen=True)
class HsEntryRow:
    hs_code: str  # as typed: "4901.10.00" or "49011000"
    description: str = ""
    key: str = ""  # where the row came from ("rows.3"); its errors are reported under it


def hs_code_normalise(raw: str) -> str | None:
    """The eight digits of an HS code typed with or without dots ("4901.10.00" → "49011000"); None if it is not
    exactly eight digits."""
    code = raw.strip().replace(".", "")
    return code if _EIGHT_DIGITS.fullmatch(code) else None


def hs_entries_check(entries: Sequence[HsEntryRow]) -> tuple[RowErrors, list[tuple[str, str]]]:
    """Each row's code (8 digits, no repeats) and description; the clean (code, description) pairs."""
    errors, clean, seen = RowErrors(), [], {}
    if not entries:
        errors.add("", "rows", _("The list has no HS codes."))
    if len(entries) > MAX_ROWS:
        errors.add("", "rows", _("At most %(limit)d rows.") % {"limit": MAX_ROWS})
        return errors, []
    for row in entries:
        code = hs_code_normalise(row.hs_code)
        if code is None:
            errors.add(row.key, "hs_code", _("An HS code has exactly eight digits (dots allowed): “%(code)s” "
                                             "has not.") % {"code": row.hs_code[:20]})
        elif code in seen:
            errors.add(row.key, "hs_code", _("%(code)s is already on the list (%(where)s).")
                       % {"code": code, "where": seen[code] or _("an earlier row")})
        else:
            seen[code] = row.key
        check_text(errors, row.key, "description", row.description, limit=200, required=False)
        if code is not None:
            clean.append((code, row.description.strip()))
    return errors, clean


def hs_version_header_check(*, jurisdiction: str, label: str, source: str, effective_from: date,
                            effective_until: date | None) -> RowErrors:
    errors = RowErrors()
    check_jurisdiction(errors, "", jurisdiction)
    check_text(errors, "", "label", label, limit=80)
    check_text(errors, "", "source", source, limit=200)
    check_range(errors, "", effective_from, effective_until, until_column="effective_until")
    return errors


def hs_list_version_create(*, jurisdiction: str, label: str, source: str, effective_from: date,
                           effective_until: date | None = None, entries: Sequence[HsEntryRow], actor: str,
                           errors: RowErrors | None = None) -> HsListVersion:
    """A draft version with every entry, or nothing at all: every row is checked first and all errors are
    raised together (ValidationFailed, fields "rows.N.hs_code"). `errors` carries problems a caller found
    earlier (a CSV row that did not parse), so they are reported with the rest. A draft decides nothing until
    it is activated."""
    found = errors or RowErrors()
    found.merge(hs_version_header_check(jurisdiction=jurisdiction, label=label, source=source,
                                        effective_from=effective_from, effective_until=effective_until))
    entry_errors, clean = hs_entries_check(entries)
    found.merge(entry_errors)
    found.raise_if_any()
    with transaction.atomic():
        version = HsListVersion.objects.create(
            jurisdiction=jurisdiction, label=label.strip(), source=source.strip(), effective_from=effective_from,
            effective_until=effective_until, status=VersionStatus.DRAFT, created_by=actor)
        HsListEntry.objects.bulk_create(HsListEntry(version=version, hs_code=code, description=text)
                                        for code, text in clean)
        audit_append(actor=actor, action="compliance.hs_list.create", subject_type="hs_list_version",
                     subject_id=version.public_id, jurisdiction=jurisdiction,
                     after={**_summary(version), "codes": sorted(code for code, _text in clean)})
    return version


def _summary(version: HsListVersion) -> dict:
    return {"label": version.label, "source": version.source, "status": version.status,
            "effective_from": version.effective_from, "effective_until": version.effective_until}


def hs_list_version_activate(*, public_id: str, actor: str) -> HsListVersion:
    """Put the draft `public_id` ("hsl_…"; NotFound when there is none) in force. Refused (Conflict) when its
    dates overlap another active version of the same jurisdiction, except that an open-ended active version
    starting earlier is closed the day before the new one starts. All of the jurisdiction's versions are locked
    (by primary key) while this is checked, so two overlapping activations cannot both succeed. Audited; existing
    listings are re-decided after the commit."""
    with transaction.atomic():
        found = by_public_id(HsListVersion.objects.only("jurisdiction"), public_id)
        jurisdiction = found.jurisdiction if found else ""
        versions = list(HsListVersion.objects.select_for_update().filter(jurisdiction=jurisdiction).order_by("pk"))
        version = next((v for v in versions if v.pk == found.pk), None) if found else None
        if version is None:  # none, or deleted before the lock
            raise NotFound(_("There is no such positive list version."), code="hs_list_not_found")
        if version.status != VersionStatus.DRAFT:
            raise Conflict(_("Only a draft can be activated; this version is %(status)s.")
                           % {"status": version.get_status_display()}, code="hs_list_not_draft")
        to_close = []
        for other in versions:
            if other.pk == version.pk or other.status != VersionStatus.ACTIVE:
                continue
            if not overlaps(version.effective_from, version.effective_until, other.effective_from,
                            other.effective_until):
                continue
            if other.effective_until is None and other.effective_from < version.effective_from:
                to_close.append(other)
                continue
            raise Conflict(_("Its dates overlap the active version “%(label)s” (%(range)s).")
                           % {"label": other.label, "range": describe_range(other.effective_from,
                                                                             other.effective_until)},
                           code="hs_list_overlap")
        for other in to_close:
            before = _summary(other)
            other.effective_until = version.effective_from - timedelta(days=1)
            other.save(update_fields=["effective_until"])
            audit_append(actor=actor, action="compliance.hs_list.close", subject_type="hs_list_version",
                         subject_id=other.public_id, jurisdiction=jurisdiction, before=before, after=_summary(other))
        before = _summary(version)
        version.status = VersionStatus.ACTIVE
        version.save(update_fields=["status"])
        audit_append(actor=actor, action="compliance.hs_list.activate", subject_type="hs_list_version",
                     subject_id=version.public_id, jurisdiction=jurisdiction, before=before,
                     after={**_summary(version), "activated_at": timezone.now()})
        reevaluate(jurisdictions=[jurisdiction], actor=actor,
                   cause=f"positive list {version.label} activated from {version.effective_from}")
    return version
