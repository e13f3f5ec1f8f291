"""Writes: recording a legal request that names a seller to a jurisdiction's regulators."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lapak.compliance.access import require_operator
from lapak.compliance.reference_selectors import jurisdiction_codes
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.catalog.selectors_pricing import seller_shop_names
from lapak.oversight.pricing.models import LegalRequest
from lapak.oversight.pricing.selectors import local_today

EARLIEST = date(2000, 1, 1)
TEXT_LIMITS = {"authority": 200, "reference_number": 100, "legal_basis": 300, "scope_note": 4000}


def legal_request_record(*, actor: object, jurisdiction: str, authority: str, reference_number: str,
                         legal_basis: str, received_on: date | None, seller_id: str, scope_note: str = "",
                         expires_on: date | None = None) -> LegalRequest:
    """Record a legal request naming one seller organisation of `jurisdiction`.

    Guarantees: only an operator (not a regulator) records; every problem is reported at once, per field (a
    known jurisdiction, the texts present and within limits, a received date neither in the future nor before
    2000, an expiry not before receipt, a seller of that jurisdiction); the same reference cannot name the same
    seller twice (Conflict); the request and its `oversight.legal_request.record` audit event commit together."""
    require_operator(actor)
    jurisdiction = (jurisdiction or "").strip().upper()
    texts = {"authority": authority, "reference_number": reference_number, "legal_basis": legal_basis,
             "scope_note": scope_note}
    texts = {name: (value or "").strip() for name, value in texts.items()}
    seller_id = (seller_id or "").strip()
    errors = _check(jurisdiction, texts, received_on, expires_on, seller_id)
    if errors:
        raise ValidationFailed(fields=errors)
    try:
        with transaction.atomic():
            request = LegalRequest.objects.create(
                jurisdiction=jurisdiction, received_on=received_on, expires_on=expires_on, seller_id=seller_id,
                recorded_by=actor.public_id, **texts)
            audit_append(
                actor=actor.public_id, action="oversight.legal_request.record", subject_type="legal_request",
                subject_id=request.public_id, jurisdiction=jurisdiction,
                after={"seller": seller_id, "authority": texts["authority"],
                       "reference_number": texts["reference_number"], "legal_basis": texts["legal_basis"],
                       "received_on": received_on.isoformat(),
                       "expires_on": expires_on.isoformat() if expires_on else None})
    except IntegrityError:
        raise Conflict(_("This reference number already names this seller."), code="legal_request_exists",
                       fields={"reference_number": [_("This reference number already names this seller.")]}) from None
    return request


def _check(jurisdiction: str, texts: dict[str, str], received_on: date | None, expires_on: date | None,
           seller_id: str) -> dict[str, list]:
    errors: dict[str, list] = {}
    if jurisdiction not in jurisdiction_codes(readable=None):
        errors["jurisdiction"] = [_("Choose a configured jurisdiction.")]
    for name, limit in TEXT_LIMITS.items():
        if name != "scope_note" and not texts[name]:
            errors[name] = [_("This field is required.")]
        elif len(texts[name]) > limit:
            errors[name] = [_("At most %(limit)s characters.") % {"limit": limit}]
    today = local_today(jurisdiction or "ID")
    if received_on is None:
        errors["received_on"] = [_("Enter the date the request was received.")]
    elif received_on > today:
        errors["received_on"] = [_("The request cannot have been received in the future.")]
    elif received_on < EARLIEST:
        errors["received_on"] = [_("Enter a date from the year 2000 on.")]
    if expires_on is not None and received_on is not None and expires_on < received_on:
        errors["expires_on"] = [_("The request cannot expire before it was received.")]
    known = seller_shop_names(public_ids=[seller_id]) if seller_id else {}
    if not seller_id:
        errors["seller_id"] = [_("Enter the seller organisation id (org_…).")]
    elif seller_id not in known:
        errors["seller_id"] = [_("There is no seller with this id.")]
    elif "jurisdiction" not in errors and known[seller_id][1] != jurisdiction:
        errors["seller_id"] = [_("This seller does not sell in %(code)s.") % {"code": jurisdiction}]
    return errors
