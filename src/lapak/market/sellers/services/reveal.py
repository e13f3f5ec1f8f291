"""Operators reading an identity number in full, for a stated reason (ID-PDP-4: every access logged)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.sellers.identity import IDENTITY_FIELDS, bank_number_read, identity_read
from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.permissions import actor_label, require_independent_operator

REVEALABLE_FIELDS = (*IDENTITY_FIELDS, "bank_account_number")
REVEAL_PURPOSE = "operator_review"


def identity_reveal(*, application: SellerApplication, field: str, actor: object, reason: str) -> str:
    """The plaintext of one identity field, for an operator who says why.

    Guarantees: only operators, only with a non-empty reason; the read goes through the vault (which logs
    who, why and which field), and a `seller.identity.revealed` audit event records the reason, in the
    same transaction, so no number is shown without both records.
    """
    require_independent_operator(actor, application.organisation)
    if field not in REVEALABLE_FIELDS:
        raise ValidationFailed(fields={"field": [_("This field cannot be shown.")]})
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(fields={"reason": [_("Say why you need to see the full number.")]})
    with transaction.atomic():
        audit_append(
            actor=actor_label(actor), action="seller.identity.revealed", subject_type="seller_application",
            subject_id=application.public_id, jurisdiction=application.organisation.jurisdiction,
            after={"field": field, "reason": reason[:500]},
        )
        if field == "bank_account_number":
            account = application.bank_account
            value = bank_number_read(account, actor=actor_label(actor), purpose=REVEAL_PURPOSE) if account else None
        else:
            value = identity_read(application, field, actor=actor_label(actor), purpose=REVEAL_PURPOSE)
    if value is None:
        raise NotFound(_("This application holds no such number."), code="identity_not_held")
    return value
