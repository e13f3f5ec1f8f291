"""The courier collects (ADR 0010): when a parcel paid on delivery is delivered, the cash its courier took is
owed to Lapak by the courier (COD receivable) and held for the shop (escrow). A parcel never delivered —
cancelled before shipping, refused at the door, returned to the shop — collected nothing: no entry, void.

Both run from outbox handlers (handlers_cod.py), at least once and possibly twice at once: the parcel row is
locked and its status re-read, and the ledger entry is keyed by the seller order, so only one delivery posts.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.orders.models import SellerOrder, SellerOrderStatus
from lapak.market.payments.models import IntentStatus, PaymentIntent
from lapak.market.payments.models_cod import CodParcel, CodStatus
from lapak.market.shipping.selectors import shipment_cod_provider

COLLECTED_BY = frozenset({SellerOrderStatus.DELIVERED, SellerOrderStatus.COMPLETED})
OPEN = (CodStatus.AWAITING, CodStatus.COLLECTED)


def collected_key(seller_order_public_id: str) -> str:
    return f"payments.cod.collected:{seller_order_public_id}"


def ledger_cod_collected_post(*, parcel: CodParcel, seller_order: SellerOrder, provider: str) -> JournalEntry:
    """COD receivable of the courier (debit, the cash collected) → escrow of the seller order (credit, its share);
    the few rupiah of platform voucher rounding between them are the platform's (a debit of commission revenue,
    as for a paid order). Once per seller order."""
    legs = []
    if parcel.amount:
        legs.append(debit(ledger_account(kind=AccountKind.COD_RECEIVABLE, owner_ref=provider), parcel.amount))
    if parcel.escrow_amount > parcel.amount:
        legs.append(debit(ledger_account(kind=AccountKind.COMMISSION_REVENUE), parcel.escrow_amount - parcel.amount))
    legs.append(credit(ledger_account(kind=AccountKind.ESCROW, owner_ref=seller_order.public_id),
                       parcel.escrow_amount))
    return ledger_post(key=collected_key(seller_order.public_id), cause_type="cod_parcel", cause_id=parcel.public_id,
                       memo=f"cash on delivery of {seller_order.public_id} collected", postings=legs)


def cod_parcel_collect(*, seller_order_id: int, now: datetime | None = None) -> CodParcel | None:
    """The parcel of a delivered seller order paid on delivery is collected: one ledger entry (see
    `ledger_cod_collected_post`), the parcel marked collected with the courier that remits the cash and its
    airway bill. None for a seller order not paid on delivery; the parcel unchanged when it is not awaiting
    collection (a redelivered event) or its seller order is not delivered."""
    now = now or timezone.now()
    with transaction.atomic():
        parcel = CodParcel.objects.select_for_update().filter(seller_order_id=seller_order_id).first()
        if parcel is None or parcel.status != CodStatus.AWAITING:
            return parcel
        seller_order = SellerOrder.objects.get(pk=seller_order_id)
        if seller_order.status not in COLLECTED_BY:
            return parcel
        provider, tracking_number = shipment_cod_provider(seller_order_ref=seller_order.public_id) or ("", "")
        ledger_cod_collected_post(parcel=parcel, seller_order=seller_order, provider=provider)
        parcel.status, parcel.collected_at = CodStatus.COLLECTED, now
        parcel.provider, parcel.tracking_number = provider[:20], tracking_number[:64]
        parcel.save(update_fields=["status", "collected_at", "provider", "tracking_number"])
    return parcel


def cod_parcel_void(*, seller_order_id: int, now: datetime | None = None) -> CodParcel | None:
    """A parcel paid on delivery that will not be delivered (its seller order cancelled, or its shipment returned
    to the shop) collected nothing: it becomes void, nothing is posted. Only from awaiting; a collected parcel
    stays collected (the money was taken; a return of it is a refund)."""
    now = now or timezone.now()
    with transaction.atomic():
        parcel = CodParcel.objects.select_for_update().filter(seller_order_id=seller_order_id).first()
        if parcel is None or parcel.status != CodStatus.AWAITING:
            return parcel
        parcel.status = CodStatus.VOID
        parcel.save(update_fields=["status"])
        cod_intent_settle(intent_id=parcel.intent_id, now=now)
    return parcel


def cod_intent_settle(*, intent_id: int, now: datetime) -> PaymentIntent:
    """Closes the COD intent once none of its parcels waits for collection or remittance: paid when the cash of
    at least one reached Lapak, else cancelled (nothing was collected). Runs in the caller's transaction."""
    intent = PaymentIntent.objects.select_for_update().get(pk=intent_id)
    parcels = CodParcel.objects.filter(intent_id=intent_id)
    if intent.status != IntentStatus.PENDING or parcels.filter(status__in=OPEN).exists():
        return intent
    if parcels.filter(status=CodStatus.REMITTED).exists():
        intent.status, intent.paid_at = IntentStatus.PAID, now
    else:
        intent.status = IntentStatus.CANCELLED
    intent.closed_at = now
    intent.save(update_fields=["status", "paid_at", "closed_at"])
    return intent
