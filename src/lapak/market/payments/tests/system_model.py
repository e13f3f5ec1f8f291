"""The system invariants test's model of the world (what it expects of each order, seller order and payment)
and the checks of the rows against it, run after every step."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import NON_NEGATIVE_KINDS, AccountKind
from lapak.market.ledger.models import Account, JournalEntry, Posting
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.payments.tests.system_support import SystemGateway

K = AccountKind


@dataclass
class Part:
    """The model of one seller order."""

    pk: int
    public_id: str
    shop: str  # "budi" | "sari"
    lines: dict[str, tuple[int, int]]  # variant public id -> (unit price, quantity)
    shipping: int
    status: str = "awaiting_payment"
    paid: int = 0
    asked: int = 0  # refunds requested for it, in total
    pending: list[int] = field(default_factory=list)  # refunds requested, not yet executed
    unpaid: list[int] = field(default_factory=list)  # refunds reserved (refunds payable), the gateway failed
    from_escrow: int = 0  # refunds executed out of its escrow
    released: int | None = None  # what escrow release moved
    returned: dict[str, int] = field(default_factory=dict)  # units in returns not withdrawn, per variant
    open_return: tuple[int, int] | None = None  # (return pk, refund amount) of the open return
    window_closed: bool = False

    @property
    def goods(self) -> int:
        return sum(price * quantity for price, quantity in self.lines.values())

    @property
    def escrow(self) -> int:
        return 0 if self.released is not None or not self.paid else self.paid - self.from_escrow


@dataclass
class Intent:
    """The model of one payment intent and of its charge as Lapak knows it."""

    pk: int
    gateway_id: str
    amount: int
    order: Purchase
    lapak: str = "live"  # live | paid | closed
    learned: bool = False  # Lapak knows the gateway settled it
    refund_needed: bool = False


@dataclass
class Purchase:
    pk: int
    public_id: str
    total: int
    parts: list[Part]
    status: str = "awaiting_payment"  # awaiting_payment | paid | cancelled (before payment)
    paid_by: Intent | None = None
    owed_back: int = 0  # money that arrived and cannot pay it, not yet refunded

    def cancel(self) -> None:
        """Cancelled before payment: the order and every seller order."""
        self.status = "cancelled"
        for part in self.parts:
            part.status = "cancelled"


def learn(intents: list[Intent], intent: Intent, state: str) -> None:
    """What Lapak does when it learns the gateway's current `state` of `intent`'s charge (ADR 0010): a
    settlement pays an order awaiting payment (its other live intents are cancelled), else the money is owed
    back; an expiry or cancel closes a live intent, and the order with it when no other intent is live."""
    purchase = intent.order
    if state == "settlement" and not intent.learned:
        intent.learned = True
        if purchase.status == "awaiting_payment":
            purchase.status, purchase.paid_by, intent.lapak = "paid", intent, "paid"
            for part in purchase.parts:
                part.status, part.paid = "paid", part.goods + part.shipping
            for other in intents:
                if other.order is purchase and other is not intent and other.lapak == "live":
                    other.lapak = "closed"
        else:  # cancelled, or paid by another intent: the money is owed back
            intent.lapak, intent.refund_needed = "paid", True
            purchase.owed_back += intent.amount
    elif state in ("expire", "cancel") and intent.lapak == "live":
        intent.lapak = "closed"
        others_live = any(i.order is purchase and i.lapak == "live" for i in intents)
        if purchase.status == "awaiting_payment" and not others_live:
            purchase.cancel()


def books_sound() -> None:
    """Every entry balances (on PostgreSQL the deferred triggers run now, as COMMIT would run them), the ledger's
    own check finds nothing, all postings and all balances sum to zero, no liability is below zero."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert ledger_check() == []
    assert (Posting.objects.aggregate(total=Sum("amount"))["total"] or 0) == 0
    assert (Account.objects.aggregate(total=Sum("balance"))["total"] or 0) == 0
    for account in Account.objects.filter(kind__in=[k.value for k in NON_NEGATIVE_KINDS]):
        assert account.account_kind.side.sign * account.balance >= 0, account


def escrow_as_modelled(parts: list[Part]) -> None:
    for part in parts:
        assert ledger_balance(kind=K.ESCROW, owner_ref=part.public_id) == part.escrow, part


def clearing_as_the_gateway_saw_it(gateway: SystemGateway, orders: list[Purchase], intents: list[Intent]) -> None:
    """Clearing holds what the gateway settled and Lapak learned of, less what the gateway refunded and paid out;
    refunds payable of an order holds the money that arrived for it and could not pay it, until refunded."""
    received = sum(i.amount for i in intents if i.learned)
    expected = received - gateway.refunded() - gateway.paid_out()
    assert ledger_balance(kind=K.GATEWAY_CLEARING, owner_ref="midtrans") == expected
    for purchase in orders:
        reserved = sum(sum(part.unpaid) for part in purchase.parts)
        assert ledger_balance(kind=K.REFUNDS_PAYABLE, owner_ref=purchase.public_id) == purchase.owed_back + reserved


def payments_counted_once(orders: list[Purchase], intents: list[Intent]) -> None:
    """A paid order: exactly one paid intent that is not being given back, its reference on the order, one
    notification that paid it and one payment entry; no event key claimed twice; statuses as modelled."""
    from lapak.market.orders.models import Order, SellerOrder
    from lapak.market.payments.models import PaymentIntent, PaymentNotification, PaymentRefundNeeded

    needed = Counter(PaymentRefundNeeded.objects.values_list("intent_id", flat=True))
    rows = {pk: (status, public_id, order) for pk, status, public_id, order in
            PaymentIntent.objects.values_list("pk", "status", "public_id", "order_id")}
    paying = Counter(order for pk, (status, _id, order) in rows.items() if status == "paid" and not needed[pk])
    applied = Counter(PaymentNotification.objects.filter(outcome="paid").values_list("intent__order_id", flat=True))
    posted = set(JournalEntry.objects.filter(cause_type="payment_intent").values_list("cause_id", flat=True))
    entries = Counter(order for _status, public_id, order in rows.values() if public_id in posted)
    for intent in intents:
        assert (rows[intent.pk][0] == "paid") == (intent.lapak == "paid"), intent.gateway_id
        assert needed[intent.pk] == int(intent.refund_needed), intent.gateway_id
    references = dict(Order.objects.values_list("pk", "payment_reference"))
    statuses = dict(SellerOrder.objects.values_list("pk", "status"))
    for purchase in orders:
        paid = purchase.paid_by is not None
        assert references[purchase.pk] == (rows[purchase.paid_by.pk][1] if paid else "")
        assert paying[purchase.pk] == applied[purchase.pk] == entries[purchase.pk] == int(paid), purchase.public_id
        for part in purchase.parts:
            assert statuses[part.pk] == part.status, part
    keys = list(PaymentNotification.objects.exclude(event_key="").values_list("provider", "event_key"))
    assert len(keys) == len(set(keys))
