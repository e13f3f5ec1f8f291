"""A hypothesis state machine drives the marketplace's money flows through the ledger and checks, after every
step, that the ledger agrees with an independent model of what should have happened.

Flows: a buyer pays an order into escrow via gateway clearing; escrow is released to the seller's payable, the
platform's commission, PPh 22 (0.5 %, ID-TAX-2) and a creator's commission; refunds before release (from
escrow), after release (a partial clawback of every part, or the release reversed in full); payouts to sellers
and creators, PPh 22 remitted; replays of earlier requests and reuses of a key for another request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from lapak.core.errors import Conflict
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.errors import InsufficientBalance
from lapak.market.ledger.kinds import AccountKind as K
from lapak.market.ledger.models import Account, JournalEntry
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.services import PostingLine, ledger_account, ledger_entry_reverse, ledger_post

SELLERS = ["org_S1", "org_S2"]
CREATORS = ["crt_C1"]
COMMISSION_PERCENT = 5
PPH22_PER_MILLE = 5  # 0.5 %
CREATOR_PERCENT = 2

Leg = tuple[K, str, int]  # kind, owner, signed amount on the account's normal side (+ raises the balance)


@dataclass
class Order:
    ref: str
    seller: str
    creator: str | None
    paid: int
    refunded_from_escrow: int = 0
    released: int = 0  # moved out of escrow by the release (0 again after a reversal)
    parts: dict[tuple[K, str], int] = field(default_factory=dict)  # the release's credits
    clawed_back: dict[tuple[K, str], int] = field(default_factory=dict)
    refunded_after_release: int = 0
    release_entry: JournalEntry | None = None


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()  # each example starts from an empty ledger
        self.expected: dict[tuple[K, str], int] = {}
        self.orders: list[Order] = []
        self.history: list[tuple[str, dict]] = []  # (key, request) of every entry written
        self.entries = 0
        self.counter = 0

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)

    # -- the model's view of one entry ----------------------------------------------------------------------
    def _key(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def _lines(self, legs: list[Leg]) -> list[PostingLine]:
        return [PostingLine(ledger_account(kind=kind, owner_ref=owner), kind.side.sign * amount)
                for kind, owner, amount in legs if amount]

    def _refused(self, legs: list[Leg]) -> bool:
        after = dict(self.expected)
        for kind, owner, amount in legs:
            after[(kind, owner)] = after.get((kind, owner), 0) + amount
        return any(not kind.rule.may_go_negative and after[(kind, owner)] < 0 and amount < 0
                   for kind, owner, amount in legs)

    def _apply(self, legs: list[Leg]) -> None:
        for kind, owner, amount in legs:
            self.expected[(kind, owner)] = self.expected.get((kind, owner), 0) + amount

    def post(self, prefix: str, cause_type: str, cause_id: str, legs: list[Leg]) -> JournalEntry | None:
        """Posts the legs; asserts the ledger refuses exactly when the model says an account would go negative."""
        key = self._key(prefix)
        request = {"cause_type": cause_type, "cause_id": cause_id, "postings": self._lines(legs)}
        if self._refused(legs):
            with pytest.raises(InsufficientBalance):
                ledger_post(key=key, **request)
            return None
        entry = ledger_post(key=key, **request)
        self._apply(legs)
        self.entries += 1
        self.history.append((key, request))
        return entry

    def _refund_to_buyer(self, order: Order, amount: int, debits: list[Leg]) -> bool:
        legs = [*debits, (K.REFUNDS_PAYABLE, order.ref, amount)]
        if self.post("refund", "refund_request", order.ref, legs) is None:
            return False
        paid = self.post("refund-paid", "refund_request", order.ref,
                         [(K.REFUNDS_PAYABLE, order.ref, -amount), (K.GATEWAY_CLEARING, "sandbox", -amount)])
        assert paid is not None
        return True

    # -- rules ----------------------------------------------------------------------------------------------
    @rule(amount=st.integers(1, 5_000_000), seller=st.sampled_from(SELLERS),
          creator=st.sampled_from([None, *CREATORS]))
    def buyer_pays(self, amount: int, seller: str, creator: str | None) -> None:
        order = Order(ref=f"so_{len(self.orders)}", seller=seller, creator=creator, paid=amount)
        self.orders.append(order)
        self.post("pay", "payment_notification", order.ref,
                  [(K.GATEWAY_CLEARING, "sandbox", amount), (K.ESCROW, order.ref, amount)])

    def _in_escrow(self, order: Order) -> int:
        return order.paid - order.refunded_from_escrow - order.released

    @precondition(lambda self: any(not o.released and self._in_escrow(o) > 0 for o in self.orders))
    @rule(data=st.data())
    def escrow_released(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from([o for o in self.orders if not o.released and self._in_escrow(o) > 0]))
        base = self._in_escrow(order)
        commission, pph22 = base * COMMISSION_PERCENT // 100, base * PPH22_PER_MILLE // 1000
        creator_cut = base * CREATOR_PERCENT // 100 if order.creator else 0
        parts = {(K.SELLER_PAYABLE, order.seller): base - commission - pph22 - creator_cut,
                 (K.COMMISSION_REVENUE, ""): commission, (K.PPH22_PAYABLE, ""): pph22}
        if order.creator:
            parts[(K.CREATOR_PAYABLE, order.creator)] = creator_cut
        legs = [(K.ESCROW, order.ref, -base), *((kind, owner, n) for (kind, owner), n in parts.items())]
        order.release_entry = self.post("release", "seller_order", order.ref, legs)
        order.released, order.parts = base, {part: n for part, n in parts.items() if n}
        order.clawed_back = dict.fromkeys(order.parts, 0)

    @precondition(lambda self: any(not o.released and self._in_escrow(o) > 0 for o in self.orders))
    @rule(data=st.data())
    def refund_before_release(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from([o for o in self.orders if not o.released and self._in_escrow(o) > 0]))
        amount = data.draw(st.integers(1, self._in_escrow(order)))
        assert self._refund_to_buyer(order, amount, [(K.ESCROW, order.ref, -amount)])
        order.refunded_from_escrow += amount

    @precondition(lambda self: any(o.released > o.refunded_after_release for o in self.orders))
    @rule(data=st.data())
    def partial_refund_after_release(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from([o for o in self.orders if o.released > o.refunded_after_release]))
        amount = data.draw(st.integers(1, order.released - order.refunded_after_release))
        total = order.refunded_after_release + amount
        # Cumulative shares, so all partial refunds together claw back each part exactly once.
        seller = (K.SELLER_PAYABLE, order.seller)
        targets = {part: total * n // order.released for part, n in order.parts.items() if part != seller}
        targets[seller] = total - sum(targets.values())
        claws = {part: targets[part] - order.clawed_back[part] for part in order.parts}
        if self._refund_to_buyer(order, amount, [(kind, owner, -n) for (kind, owner), n in claws.items()]):
            order.refunded_after_release = total
            order.clawed_back = targets

    @precondition(lambda self: any(o.release_entry and not o.refunded_after_release for o in self.orders))
    @rule(data=st.data())
    def release_reversed_and_refunded(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from([o for o in self.orders if o.release_entry and not o.refunded_after_release]))
        legs = [(K.ESCROW, order.ref, order.released), *((k, o, -n) for (k, o), n in order.parts.items())]
        if self._refused(legs):  # part of the release was paid out already
            with pytest.raises(InsufficientBalance):
                ledger_entry_reverse(entry=order.release_entry, cause_type="refund_request", cause_id=order.ref)
            return
        ledger_entry_reverse(entry=order.release_entry, cause_type="refund_request", cause_id=order.ref)
        self._apply(legs)
        self.entries += 1
        order.released, order.parts, order.release_entry = 0, {}, None
        rest = self._in_escrow(order)
        assert self._refund_to_buyer(order, rest, [(K.ESCROW, order.ref, -rest)])
        order.refunded_from_escrow += rest

    @rule(data=st.data(), payee=st.sampled_from([(K.SELLER_PAYABLE, s) for s in SELLERS]
                                                + [(K.CREATOR_PAYABLE, c) for c in CREATORS] + [(K.PPH22_PAYABLE, "")]),
          overdraw=st.booleans())
    def paid_out(self, data: st.DataObject, payee: tuple[K, str], overdraw: bool) -> None:
        held = self.expected.get(payee, 0)
        if held == 0 and not overdraw:
            return
        amount = held + data.draw(st.integers(1, 1_000)) if overdraw else data.draw(st.integers(1, held))
        self.post("payout", "payout", payee[1] or "tax", [(*payee, -amount), (K.GATEWAY_CLEARING, "sandbox", -amount)])

    @precondition(lambda self: self.history)
    @rule(data=st.data(), change=st.booleans())
    def key_used_again(self, data: st.DataObject, change: bool) -> None:
        key, request = data.draw(st.sampled_from(self.history))
        if not change:
            assert ledger_post(key=key, **request).key == key  # a replay: the first entry, nothing written
            return
        first, *rest = request["postings"]
        altered = [PostingLine(first.account, first.amount + 1), *rest[:-1],
                   PostingLine(rest[-1].account, rest[-1].amount - 1)]
        with pytest.raises(Conflict):
            ledger_post(key=key, cause_type=request["cause_type"], cause_id=request["cause_id"], postings=altered)

    # -- invariants -----------------------------------------------------------------------------------------
    @invariant()
    def ledger_agrees_with_the_model(self) -> None:
        if connection.vendor == "postgresql":  # run the deferred balanced-entry triggers now, as COMMIT would
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        assert ledger_check() == []
        assert JournalEntry.objects.count() == self.entries
        for (kind, owner), balance in self.expected.items():
            assert ledger_balance(kind=kind, owner_ref=owner) == balance, (kind, owner)
        for order in self.orders:
            assert ledger_balance(kind=K.ESCROW, owner_ref=order.ref) == self._in_escrow(order) >= 0
        assert sum(Account.objects.values_list("balance", flat=True)) == 0  # net debits of all accounts


@pytest.mark.django_db
def test_the_ledger_stays_sound_under_random_marketplace_flows():
    run_state_machine_as_test(LedgerMachine, settings=settings(
        max_examples=50, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]))
