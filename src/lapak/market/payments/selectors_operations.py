"""Reads for the operators' money pages (/operations/payments/): bank refunds to pay, payouts held or failed, and
the sellers' PPh 22 standing with its history. Operators only; the views check that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import NotFound
from lapak.market.orders.models import BankRefund, RefundRequest, RefundRoute, RefundStatus
from lapak.market.payments.models_payouts import Payout, PayoutStatus
from lapak.market.payments.models_release import SellerTaxStatus
from lapak.market.sellers.models import BankAccount, SellerOrganisation
from lapak.market.sellers.rules import PAYOUT_HOLD_AFTER_BANK_CHANGE

S = RefundStatus
REFUND_FILTERS = {"open": (S.AWAITING_BANK_ACCOUNT, S.EXECUTING, S.FAILED, S.REQUESTED), "paid": (S.PAID,)}
PAYOUT_FILTERS = {"held": (PayoutStatus.HELD,), "failed": (PayoutStatus.FAILED,),
                  "returned": (PayoutStatus.RETURNED,)}


def bank_refunds(*, state: str) -> QuerySet[RefundRequest]:
    """Refunds paid (or to be paid) by bank transfer to the buyer, by state ("open" or "paid"), the earliest due
    first. A refund still requested shows only once execution chose the bank route (or asked for an account)."""
    bank = RefundRequest.objects.filter(Q(route=RefundRoute.BANK) | Q(status=S.AWAITING_BANK_ACCOUNT))
    return (bank.filter(status__in=REFUND_FILTERS[state]).select_related("order", "seller_order__seller",
                                                                         "bank_refund")
            .order_by("due_at", "pk"))


def bank_refund_counts() -> dict[str, int]:
    return {state: bank_refunds(state=state).count() for state in REFUND_FILTERS}


def bank_refund_for_operator(*, public_id: str) -> RefundRequest:
    refund = (RefundRequest.objects.filter(Q(route=RefundRoute.BANK) | Q(status=S.AWAITING_BANK_ACCOUNT))
              .select_related("order", "seller_order__seller").filter(public_id=public_id[:40]).first())
    if refund is None:
        raise NotFound(code="refund_not_found")
    return refund


def bank_refund_row(refund: RefundRequest) -> BankRefund | None:
    return BankRefund.objects.filter(refund=refund).first()


def payouts_needing_attention(*, state: str) -> QuerySet[Payout]:
    return (Payout.objects.filter(status__in=PAYOUT_FILTERS[state]).select_related("seller", "bank_account")
            .order_by("-created_at", "-pk"))


def payout_counts() -> dict[str, int]:
    return {state: payouts_needing_attention(state=state).count() for state in PAYOUT_FILTERS}


def payout_for_operator(*, public_id: str) -> Payout:
    payout = Payout.objects.select_related("seller", "bank_account").filter(public_id=public_id[:40]).first()
    if payout is None:
        raise NotFound(code="payout_not_found")
    return payout


def bank_change_hold_ends(organisation: SellerOrganisation, *, now: datetime | None = None) -> datetime | None:
    """When the 24-hour hold after a payout account change lifts by itself (None: no such hold now)."""
    now = now or timezone.now()
    replaced = BankAccount.objects.filter(organisation=organisation).aggregate(last=Max("replaced_at"))["last"]
    ends = [t for t in (organisation.payout_hold_until,
                        replaced + PAYOUT_HOLD_AFTER_BANK_CHANGE if replaced else None) if t is not None]
    latest = max(ends, default=None)
    return latest if latest is not None and latest > now else None


def later_payout_exists(payout: Payout) -> bool:
    """A later batch made another payout for the seller (a held one is then only history)."""
    return Payout.objects.filter(seller_id=payout.seller_id, batch_date__gt=payout.batch_date).exists()



@dataclass(frozen=True)
class TaxStanding:
    organisation: SellerOrganisation
    status: SellerTaxStatus | None
    exempt_today: bool
    expired_on: date | None  # an exemption on record that ended before today


def tax_standings(*, query: str = "") -> QuerySet[SellerOrganisation]:
    """Seller organisations with their PPh 22 status row joined, by shop name; `query` filters the name."""
    rows = SellerOrganisation.objects.select_related("tax_status").order_by("shop_name", "pk")
    return rows.filter(shop_name__icontains=query) if query else rows


def tax_standing(organisation: SellerOrganisation, *, today: date | None = None) -> TaxStanding:
    today = today or timezone.localdate()
    status = _status_of(organisation)
    exempt = status is not None and status.exempt_on(today)
    expired = status.valid_until if (status is not None and status.pph22_exempt and not exempt and status.valid_until
                                     and status.valid_until < today) else None
    return TaxStanding(organisation=organisation, status=status, exempt_today=exempt, expired_on=expired)


def _status_of(organisation: SellerOrganisation) -> SellerTaxStatus | None:
    try:
        return organisation.tax_status
    except SellerTaxStatus.DoesNotExist:  # a missing reverse one-to-one raises
        return None


def organisation_for_operator(*, public_id: str) -> SellerOrganisation:
    org = SellerOrganisation.objects.filter(public_id=public_id[:40]).first()
    if org is None:
        raise NotFound(code="seller_not_found")
    return org


def tax_status_history(organisation: SellerOrganisation) -> list[AuditEvent]:
    """Every recording of the seller's standing, newest first, from the audit log."""
    return list(AuditEvent.objects.filter(action="seller.tax_status_recorded", subject_type="seller",
                                          subject_id=organisation.public_id).order_by("-occurred_at", "-pk"))
