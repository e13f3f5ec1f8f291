"""Recording a seller's PPh 22 standing (ID-TAX-2, PMK 37/2025): an operator's action, audited.

An exemption has one of two bases:
- statement: an individual merchant (seller type individual, "perorangan") declares a turnover for the tax year
  of at most Rp500 million and files a statement (surat pernyataan: number and date). It holds from its start
  (by default the statement's date) to the end of that tax year (31 December), or to an earlier end if given.
- certificate: the tax office's exemption certificate (SKB: number, and an end date, which is required).
Withdrawing an exemption (exempt=False) is always allowed.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.market.payments.models_release import ExemptionBasis, SellerTaxStatus
from lapak.market.sellers.lock_objects import organisation_for_update
from lapak.market.sellers.models import SellerOrganisation, SellerType
from lapak.market.sellers.permissions import actor_label, require_independent_operator

MAX_CERTIFICATE = 100
TURNOVER_LIMIT = 500_000_000  # Rp a tax year (ID-TAX-2): above it an individual merchant is withheld from


def _state(row: SellerTaxStatus | None) -> dict | None:
    if row is None:
        return None
    iso = {name: getattr(row, name).isoformat() if getattr(row, name) else None
           for name in ("document_date", "valid_from", "valid_until")}
    return {"pph22_exempt": row.pph22_exempt, "basis": row.basis, "certificate_number": row.certificate_number,
            "declared_turnover": row.declared_turnover, **iso}


def _exemption_checked(*, organisation: SellerOrganisation, basis: str, number: str, document_date: date | None,
                       declared_turnover: int | None, valid_from: date | None, valid_until: date | None,
                       today: date) -> dict:
    """The exemption's fields as stored, or ValidationFailed naming every field that breaks a rule."""
    errors: dict[str, list] = {}

    def fail(field: str, message: object) -> None:
        errors.setdefault(field, []).append(message)

    if basis not in ExemptionBasis.values:
        fail("basis", _("Choose the basis of the exemption: a statement or a tax office certificate."))
    if not number:
        fail("certificate_number", _("Give the number of the seller's statement or exemption certificate."))
    elif len(number) > MAX_CERTIFICATE:
        fail("certificate_number", _("At most 100 characters."))
    if document_date is not None and document_date > today:
        fail("document_date", _("The document cannot be dated in the future."))
    if basis == ExemptionBasis.STATEMENT:
        if organisation.seller_type != SellerType.INDIVIDUAL:
            fail("basis", _("Only an individual merchant (perorangan) can be exempt by a statement; a business "
                            "needs the tax office's certificate (SKB)."))
        if document_date is None:
            fail("document_date", _("Give the date of the statement."))
        if declared_turnover is None:
            fail("declared_turnover", _("Give the turnover the seller declared for the year."))
        elif declared_turnover < 0:
            fail("declared_turnover", _("The turnover cannot be negative."))
        elif declared_turnover > TURNOVER_LIMIT:
            fail("declared_turnover", _("Above Rp500,000,000 a year PPh 22 is withheld: no exemption by statement."))
    start = valid_from or document_date or today
    if basis == ExemptionBasis.STATEMENT:
        # The statement's own tax year: a statement made in March 2026 covers 2026 and no later year.
        year_end = date((document_date or start).year, 12, 31)
        if valid_until is not None and valid_until > year_end:
            fail("valid_until", _("A statement holds until the end of its tax year (31 December) at the latest."))
        if start > year_end:
            fail("valid_from", _("A statement covers only the tax year it was made in."))
        if document_date is not None and start < document_date:
            fail("valid_from", _("A statement cannot exempt before the day it was made."))
        end = valid_until or year_end
    else:
        if basis == ExemptionBasis.CERTIFICATE and valid_until is None:
            fail("valid_until", _("Give the end date written on the certificate."))
        end = valid_until
    if end is not None and end < start:
        fail("valid_until", _("The end cannot be before the start."))
    if errors:
        raise ValidationFailed(fields=errors)
    return {"basis": basis, "certificate_number": number, "document_date": document_date,
            "declared_turnover": declared_turnover if basis == ExemptionBasis.STATEMENT else None,
            "valid_from": start, "valid_until": end}


NOT_EXEMPT = {"basis": "", "certificate_number": "", "document_date": None, "declared_turnover": None,
              "valid_from": None, "valid_until": None}


def seller_tax_status_record(*, actor: object, organisation: SellerOrganisation, pph22_exempt: bool,
                             basis: str = "", certificate_number: str = "", document_date: date | None = None,
                             declared_turnover: int | None = None, valid_from: date | None = None,
                             valid_until: date | None = None) -> SellerTaxStatus:
    """Records (or replaces) the seller's PPh 22 standing.

    Guarantees: only an operator who does not belong to the shop may record it (PermissionDenied); an exemption
    follows the rules of its basis (module docstring; ValidationFailed naming each field otherwise, and nothing
    is written); a withdrawal is always accepted and clears the exemption's fields. One row per seller, written
    while the seller organisation's row is locked — so even the first recording, when there is no status row
    to lock yet, is serialised with any other — with an audit event holding the standing before and after.
    Releases after this read it; a release already made is not changed."""
    require_independent_operator(actor, organisation)
    today = timezone.localdate()
    fields = NOT_EXEMPT
    if pph22_exempt:
        fields = _exemption_checked(organisation=organisation, basis=basis, number=(certificate_number or "").strip(),
                                    document_date=document_date, declared_turnover=declared_turnover,
                                    valid_from=valid_from, valid_until=valid_until, today=today)
    with transaction.atomic():
        # The organisation's row exists before any status does: locking it is what serialises the first recording.
        organisation_for_update().get(pk=organisation.pk)
        row = SellerTaxStatus.objects.filter(organisation=organisation).first()
        before = _state(row)
        row = row or SellerTaxStatus(organisation=organisation)
        for name, value in fields.items():
            setattr(row, name, value)
        row.pph22_exempt, row.recorded_by, row.recorded_at = bool(pph22_exempt), actor, timezone.now()
        row.save()
        audit_append(actor=actor_label(actor), action="seller.tax_status_recorded", subject_type="seller",
                     subject_id=organisation.public_id, jurisdiction=organisation.jurisdiction, before=before,
                     after=_state(row))
    return row
