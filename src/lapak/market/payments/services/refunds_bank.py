"""Refunds by bank transfer: the buyer gives the account, an operator (or, later, the payout batch) transfers the
money and marks it paid. The account number is sealed with the identity vault, shown masked, and every reading
of it is audited (COMPLIANCE ID-PDP-1, ID-PDP-4), as the sellers' payout accounts are."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound
from lapak.market.orders.models import BankRefund, RefundRequest, RefundRoute, RefundStatus
from lapak.market.orders.models.refunds import bank_refund_context
from lapak.market.payments.services.refunds import paying_intent, refund_confirm, refund_route
from lapak.market.sellers.services.bank_accounts import bank_account_fields_checked
from lapak.market.sellers.vault import VaultAccess, decrypt_text, encrypt_text, mask

S = RefundStatus
OPEN_FOR_ACCOUNT = (S.AWAITING_BANK_ACCOUNT, S.EXECUTING, S.FAILED, S.REQUESTED)



def refund_bank_account_give(*, refund_request: RefundRequest, buyer: object, bank_code: str, account_number: str,
                             holder_name: str) -> BankRefund:
    """The buyer says where a bank refund goes (or corrects it while it is unpaid).

    Guarantees: only the order's buyer (anyone else: NotFound, as if the refund did not exist); only for a
    refund that is not paid and not going back through the gateway (Conflict); the number is stored encrypted
    and masked, never in clear; a refund waiting for its account moves to executing (the transfer is now with
    the operators); an audit event records the change, without the number. Under the refund's row lock."""
    if refund_request.order.buyer_id != getattr(buyer, "pk", None):
        raise NotFound(_("There is no such refund."), code="refund_not_found")
    bank_code, number, holder_name = bank_account_fields_checked(bank_code, account_number, holder_name)
    with transaction.atomic():
        refund = RefundRequest.objects.select_for_update().get(pk=refund_request.pk)
        route = refund.route or refund_route(paying_intent(refund))
        if refund.status not in OPEN_FOR_ACCOUNT or route == RefundRoute.GATEWAY:
            raise Conflict(_("This refund does not need a bank account."), code="refund_no_bank_account")
        row = BankRefund.objects.filter(refund=refund).first() or BankRefund(refund=refund)
        row.bank_code, row.holder_name, row.given_by, row.given_at = bank_code, holder_name, buyer, timezone.now()
        row.number_encrypted = encrypt_text(number, context=bank_refund_context(row))
        row.number_masked = mask("bank_account", number)
        row.save()
        if refund.status == S.AWAITING_BANK_ACCOUNT:
            RefundRequest.objects.filter(pk=refund.pk).update(status=S.EXECUTING)
        audit_append(actor=buyer.public_id, action="refund.bank_account.given", subject_type="refund",
                     subject_id=refund.public_id, jurisdiction=refund_request.order.jurisdiction,
                     after={"bank_code": bank_code, "number": row.number_masked})
    return row


def bank_refund_number(*, bank_refund: BankRefund, actor: str, purpose: str = "refund.bank_transfer") -> str:
    """The account number in clear, for the person making the transfer; the reading is audited."""
    access = VaultAccess(actor=actor, purpose=purpose, subject_type="refund", subject_id=bank_refund.refund.public_id)
    return decrypt_text(bank_refund.number_encrypted, context=bank_refund_context(bank_refund), access=access)


def bank_refund_mark_paid(*, bank_refund: BankRefund, actor: str, transfer_ref: str = "",
                          now: datetime | None = None) -> RefundRequest:
    """The transfer was made: the instruction is marked paid and the refund confirmed (ledger: refunds payable
    → gateway clearing), once; a second call changes nothing. Only a refund being executed can be paid."""
    now = now or timezone.now()
    with transaction.atomic():
        refund = RefundRequest.objects.select_for_update().get(pk=bank_refund.refund_id)
        if refund.status == S.PAID:
            return refund
        if refund.status != S.EXECUTING or refund.route != RefundRoute.BANK:
            raise Conflict(_("This refund is not waiting for a bank transfer."), code="refund_not_executing")
        BankRefund.objects.filter(pk=bank_refund.pk, paid_at=None).update(paid_at=now, paid_by=actor[:80],
                                                                          transfer_ref=transfer_ref[:100])
        audit_append(actor=actor, action="refund.bank_transfer.paid", subject_type="refund",
                     subject_id=refund.public_id, after={"transfer_ref": transfer_ref[:100]})
        return refund_confirm(refund_request=refund, gateway_ref=transfer_ref, now=now)
