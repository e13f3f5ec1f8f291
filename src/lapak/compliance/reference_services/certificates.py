"""Certificate requirements per product category (ID-PRD-1): SNI, BPOM or halal, each in force for a range."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.validators import slug_re
from django.db import transaction
from django.utils.translation import gettext as _

from lapak.compliance.models import CertificateRequirement
from lapak.compliance.reference_selectors import by_public_id
from lapak.compliance.reference_services.common import (
    MAX_ROWS,
    RowErrors,
    check_jurisdiction,
    check_text,
    describe_range,
    lock_jurisdictions,
    overlaps,
    reevaluate,
)
from lapak.core.audit.services import audit_append
from lapak.core.errors import NotFound, ValidationFailed

CERTIFICATE_KINDS = ("sni", "bpom", "halal")


@dataclass(frozen=True)
class CertificateRow:
    jurisdiction: str
    category_slug: str
    kind: str
    effective_from: date
    effective_until: date | None = None
    source: str = ""
    key: str = ""


def _summary(req: CertificateRequirement) -> dict:
    return {"category_slug": req.category_slug, "kind": req.kind, "effective_from": req.effective_from,
            "effective_until": req.effective_until, "source": req.source}


def certificate_requirements_check(rows: Sequence[CertificateRow]) -> RowErrors:
    """Each row's values, and that one (jurisdiction, category, kind) has no two ranges sharing a day."""
    errors = RowErrors()
    if not rows:
        errors.add("", "rows", _("There are no requirements."))
    if len(rows) > MAX_ROWS:
        errors.add("", "rows", _("At most %(limit)d rows.") % {"limit": MAX_ROWS})
        return errors
    good: list[CertificateRow] = []
    for code in sorted({row.jurisdiction for row in rows}):
        check_jurisdiction(errors, next(r.key for r in rows if r.jurisdiction == code), code)
    for row in rows:
        before = len(errors.fields)
        if not row.category_slug or len(row.category_slug) > 80 or not slug_re.fullmatch(row.category_slug):
            errors.add(row.key, "category_slug", _("A category is given by its slug (letters, digits, hyphens)."))
        if row.kind not in CERTIFICATE_KINDS:
            errors.add(row.key, "kind", _("The certificate is one of: sni, bpom, halal."))
        if row.effective_until is not None and row.effective_until < row.effective_from:
            errors.add(row.key, "effective_until", _("The end date is before the start date."))
        check_text(errors, row.key, "source", row.source, limit=200, required=False)
        if len(errors.fields) == before:
            good.append(row)
    accepted: list[CertificateRow] = []
    for row in good:
        clash = _stored_clash(row, exclude=None)
        if clash is not None:
            errors.add(row.key, "effective_from", _("%(kind)s for %(slug)s is already required %(range)s.")
                       % {"kind": row.kind, "slug": row.category_slug,
                          "range": describe_range(clash.effective_from, clash.effective_until)})
            continue
        earlier = next((r for r in accepted if (r.jurisdiction, r.category_slug, r.kind)
                        == (row.jurisdiction, row.category_slug, row.kind)
                        and overlaps(row.effective_from, row.effective_until, r.effective_from, r.effective_until)),
                       None)
        if earlier is not None:
            errors.add(row.key, "effective_from", _("The dates overlap %(where)s.")
                       % {"where": earlier.key or _("another row")})
            continue
        accepted.append(row)
    return errors


def _stored_clash(row: CertificateRow, *, exclude: int | None) -> CertificateRequirement | None:
    stored = CertificateRequirement.objects.filter(jurisdiction=row.jurisdiction, category_slug=row.category_slug,
                                                   kind=row.kind).exclude(pk=exclude)
    return next((r for r in stored.order_by("effective_from")
                 if overlaps(row.effective_from, row.effective_until, r.effective_from, r.effective_until)), None)


def certificate_requirements_add(*, rows: Sequence[CertificateRow], actor: str,
                                 errors: RowErrors | None = None) -> list[CertificateRequirement]:
    """Store every requirement or none (ValidationFailed naming each bad row: an unknown kind or jurisdiction, a
    range that ends before it starts, or one that overlaps another of the same category and kind). Writers of a
    jurisdiction queue on its row. Audited; listings are re-decided after the commit."""
    found = errors or RowErrors()
    with transaction.atomic():
        lock_jurisdictions(row.jurisdiction for row in rows)
        found.merge(certificate_requirements_check(rows))
        found.raise_if_any()
        created = []
        for row in rows:
            req = CertificateRequirement.objects.create(
                jurisdiction=row.jurisdiction, category_slug=row.category_slug, kind=row.kind,
                effective_from=row.effective_from, effective_until=row.effective_until, source=row.source.strip(),
                created_by=actor)
            audit_append(actor=actor, action="compliance.certificate_requirement.add",
                         subject_type="certificate_requirement", subject_id=req.public_id,
                         jurisdiction=row.jurisdiction, after=_summary(req))
            created.append(req)
        for code in sorted({row.jurisdiction for row in rows}):
            slugs = ", ".join(sorted({r.category_slug for r in rows if r.jurisdiction == code}))
            reevaluate(jurisdictions=[code], actor=actor, cause=f"certificate requirements added: {slugs}")
    return created


def certificate_requirement_end(*, public_id: str, effective_until: date, actor: str) -> CertificateRequirement:
    """Set the last day the requirement `public_id` ("crq_…"; NotFound when there is none) is in force: not
    before its first day, and not so late that it overlaps a later requirement of the same category and kind.
    Audited; listings are re-decided after the commit."""
    with transaction.atomic():
        found = by_public_id(CertificateRequirement.objects.only("jurisdiction"), public_id)
        if found is None:
            raise NotFound(_("There is no such certificate requirement."), code="certificate_requirement_not_found")
        jurisdiction = found.jurisdiction
        lock_jurisdictions([jurisdiction])
        req = CertificateRequirement.objects.get(pk=found.pk)
        if effective_until < req.effective_from:
            raise ValidationFailed(fields={"effective_until": [_("The end date is before the start date.")]})
        row = CertificateRow(jurisdiction, req.category_slug, req.kind, req.effective_from, effective_until)
        clash = _stored_clash(row, exclude=req.pk)
        if clash is not None:
            raise ValidationFailed(fields={"effective_until": [
                _("It would overlap the requirement %(range)s.")
                % {"range": describe_range(clash.effective_from, clash.effective_until)}]})
        before = _summary(req)
        req.effective_until = effective_until
        req.save(update_fields=["effective_until"])
        audit_append(actor=actor, action="compliance.certificate_requirement.end",
                     subject_type="certificate_requirement", subject_id=req.public_id, jurisdiction=jurisdiction,
                     before=before, after=_summary(req))
        reevaluate(jurisdictions=[jurisdiction], actor=actor,
                   cause=f"certificate requirement {req.category_slug}/{req.kind} ends {effective_until.isoformat()}")
    return req
