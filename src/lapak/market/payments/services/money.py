"""The ledger entries a payment causes (ADR 0009, 0010). Called inside the transaction that records the payment;
keyed by the intent, so a replayed event posts nothing."""

from __future__ import annotations

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.orders.models import Order, SellerOrder
from lapak.market.orders.shares import platform_voucher_share
from lapak.market.payments.models import PaymentIntent


def escrow_shares(order: Order) -> list[tuple[str, int]]:
    """(seller order public id, rupiah) per seller order: what the buyer paid for it — its goods after its own
    voucher, less its share of the platform voucher, plus its shipping. The platform voucher is split by what
    was paid for each shop's goods, rounded down: the same rule `refund_for` uses, so refunding a whole seller
    order never needs more than its escrow holds."""
    return [(so.public_id, so.goods_subtotal - so.seller_discount - platform_voucher_share(order, so) + so.shipping_fee)
            for so in SellerOrder.objects.filter(order=order).order_by("pk")]


def _key(intent: PaymentIntent) -> str:
    return f"payments.intent:{intent.public_id}"


def ledger_payment_post(*, intent: PaymentIntent, order: Order) -> JournalEntry:
    """Gateway clearing (debit, what the buyer paid) → escrow of each seller order (credit). Rounding the
    platform voucher down leaves the shares up to a few rupiah above the total; the platform bears that part
    of its own voucher (a debit of commission revenue), so escrow always matches `escrow_shares`."""
    clearing = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref=intent.provider)
    legs = [debit(clearing, intent.amount)]
    shares = escrow_shares(order)
    for seller_order_id, amount in shares:
        if amount > 0:
            legs.append(credit(ledger_account(kind=AccountKind.ESCROW, owner_ref=seller_order_id), amount))
    rounding = sum(amount for _so, amount in shares) - intent.amount
    if rounding > 0:
        legs.append(debit(ledger_account(kind=AccountKind.COMMISSION_REVENUE), rounding))
    return ledger_post(key=_key(intent), cause_type="payment_intent", cause_id=intent.public_id,
                       memo=f"payment of {order.public_id}", postings=legs)


def ledger_refund_needed_post(*, intent: PaymentIntent, order: Order, amount: int) -> JournalEntry:
    """Money that arrived and cannot pay its order: gateway clearing (debit) → refunds payable to the buyer of
    the order (credit), so it is on the books until the refund goes out."""
    clearing = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref=intent.provider)
    payable = ledger_account(kind=AccountKind.REFUNDS_PAYABLE, owner_ref=order.public_id)
    return ledger_post(key=_key(intent), cause_type="payment_refund_needed", cause_id=intent.public_id,
                       memo=f"payment of {order.public_id} to give back", postings=[debit(clearing, amount),
                                                                                    credit(payable, amount)])
