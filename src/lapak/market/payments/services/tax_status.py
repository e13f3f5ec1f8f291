"""Recording a seller's PPh 22 standing (ID-TAX-2): an operator's action, audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.market.payments.models_release import SellerTaxStatus
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import actor_label, require_independent_operator

MAX_CERTIFICATE = 100


def _state(row: SellerTaxStatus | None) -> dict | None:
    if row is None:
        return None
    return {"pph22_exempt": row.pph22_exempt, "certificate_number": row.certificate_number,
            "valid_until": row.valid_until.isoformat() if row.valid_until else None}


def seller_tax_status_record(*, actor: object, organisation: SellerOrganisation, pph22_exempt: bool,
                             certificate_number: str = "", valid_until: date | None = None) -> SellerTaxStatus:
    """Records (or replaces) the seller's PPh 22 standing.

    Guarantees: only an operator who does not belong to the shop may record it (PermissionDenied); an exemption
    names the merchant's statement or certificate (ValidationFailed otherwise); one row per seller, written under
    its row lock, with an audit event holding the standing before and after. Releases after this read it; a
    release already made is not changed."""
    require_independent_operator(actor, organisation)
    number = (certificate_number or "").strip()
    if pph22_exempt and not number:
        raise ValidationFailed(fields={"certificate_number": [
            _("Give the number of the seller's statement or exemption certificate.")]})
    if len(number) > MAX_CERTIFICATE:
        raise ValidationFailed(fields={"certificate_number": [_("At most 100 characters.")]})
    with transaction.atomic():
        row = SellerTaxStatus.objects.select_for_update().filter(organisation=organisation).first()
        before = _state(row)
        row, _created = SellerTaxStatus.objects.update_or_create(organisation=organisation, defaults={
            "pph22_exempt": bool(pph22_exempt), "certificate_number": number, "valid_until": valid_until,
            "recorded_by": actor, "recorded_at": timezone.now()})
        audit_append(actor=actor_label(actor), action="seller.tax_status_recorded", subject_type="seller",
                     subject_id=organisation.public_id, jurisdiction=organisation.jurisdiction, before=before,
                     after=_state(row))
    return row
