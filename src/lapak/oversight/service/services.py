"""Keeping the money and service rollups current (see lapak.oversight.rollups for the contract).

Each rollup folds one or more *streams* of facts, each with its own watermark: successful payments (at
`paid_at`), PPh 22 withheld (at `released_at`), seller and creator payouts (at `paid_at`), and for each kind of
case (return, refund, complaint) its openings and, separately, its resolutions. A case that changes state later
is two facts: one when it opens, folded into the month it opened (`opened`), and one when it is resolved, folded
into the month it was resolved (`resolved`, and `within_sla` or `late` by comparing the resolution with its
deadline). Facts are read in (time, id) order up to `rollup_horizon()`, in batches; each batch is added into its
cells and the stream's watermark advanced in the same transaction, under the watermark's row lock, so a refresh
folds each fact exactly once however many run at the same time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import models, transaction

from lapak.market.affiliates.selectors_oversight import creator_payout_facts
from lapak.market.orders.selectors_service_oversight import KINDS, service_opened_facts, service_resolved_facts
from lapak.market.payments.selectors_oversight import payment_facts, pph22_facts, seller_payout_facts
from lapak.oversight.rollups import register_rollup, rollup_horizon, watermark_advance, watermark_lock
from lapak.oversight.service.common import month_of, saturate
from lapak.oversight.service.models import PaymentMethodMonth, PayoutMonth, ServiceMonth, TaxMonth, TaxSellerMonth

BATCH = 2000
Fact = dict[str, Any]
# What one fact adds: the cell (model and key), counters to add, and ids for the cell's saturating sets.
Contribution = tuple[type[models.Model], tuple[tuple[str, Any], ...], dict[str, int], dict[str, list[int]]]


@dataclass(frozen=True)
class Stream:
    name: str  # its watermark
    read: Callable[..., list[Fact]]
    fold: Callable[[Fact], list[Contribution]]


def _key(fact: Fact, **dims: Any) -> tuple[tuple[str, Any], ...]:
    return (("jurisdiction", fact["jurisdiction"]), ("month", month_of(fact["at"], fact["jurisdiction"])),
            *sorted(dims.items()))


def _payment(fact: Fact) -> list[Contribution]:
    return [(PaymentMethodMonth, _key(fact, method=fact["method"]), {"payments": 1, "amount": fact["amount"]},
             {"buyers": [fact["buyer"]]})]


def _tax(fact: Fact) -> list[Contribution]:
    key = _key(fact)
    return [(TaxMonth, key, {"seller_orders": 1, "withheld": fact["amount"]}, {}),
            (TaxSellerMonth, (*key, ("seller_id", fact["seller"])), {}, {})]


def _payout(kind: str, fact: Fact) -> list[Contribution]:
    payee = fact["payee"] if kind == "seller" else -fact["payee"]  # creators negated: never a seller's pk
    return [(PayoutMonth, _key(fact, kind=kind), {"payouts": 1, "amount": fact["amount"]}, {"payees": [payee]})]


def _opened(fact: Fact) -> list[Contribution]:
    return [(ServiceMonth, _key(fact, kind=fact["kind"]), {"opened": 1}, {"opened_buyers": [fact["buyer"]]})]


def _resolved(fact: Fact) -> list[Contribution]:
    within = fact["deadline"] is not None and fact["at"] <= fact["deadline"]
    counters = {"resolved": 1, "within_sla": int(within), "late": int(not within)}
    return [(ServiceMonth, _key(fact, kind=fact["kind"]), counters, {"resolved_buyers": [fact["buyer"]]})]


ROLLUPS: dict[str, tuple[Stream, ...]] = {
    "service.payments": (Stream("service.payments", payment_facts, _payment),),
    "service.tax": (Stream("service.tax", pph22_facts, _tax),),
    "service.payouts": (Stream("service.payouts.seller", seller_payout_facts, partial(_payout, "seller")),
                        Stream("service.payouts.creator", creator_payout_facts, partial(_payout, "creator"))),
    "service.cases": tuple(
        Stream(f"service.cases.{kind}.{step}", partial(read, kind), fold)
        for kind in KINDS for step, read, fold in (("opened", service_opened_facts, _opened),
                                                   ("resolved", service_resolved_facts, _resolved))),
}
MODELS: dict[str, tuple[type[models.Model], ...]] = {
    "service.payments": (PaymentMethodMonth,), "service.tax": (TaxMonth, TaxSellerMonth),
    "service.payouts": (PayoutMonth,), "service.cases": (ServiceMonth,),
}


def _fold(stream: Stream, facts: list[Fact]) -> None:
    """Adds a batch of facts into their cells: one locked read-modify-write per cell touched."""
    cells: dict[tuple[type[models.Model], tuple], tuple[dict[str, int], dict[str, list[int]]]] = {}
    for fact in facts:
        for model, key, counters, people in stream.fold(fact):
            sums, sets = cells.setdefault((model, key), ({}, {}))
            for name, value in counters.items():
                sums[name] = sums.get(name, 0) + value
            for name, ids in people.items():
                sets[name] = saturate(sets.get(name, []), ids)
    for (model, key), (sums, sets) in sorted(cells.items(), key=lambda item: (item[0][0].__name__, item[0][1])):
        row, _ = model.objects.select_for_update().get_or_create(**dict(key))
        for name, value in sums.items():
            setattr(row, name, getattr(row, name) + value)
        for name, ids in sets.items():
            setattr(row, name, saturate(getattr(row, name), ids))
        if sums or sets:
            row.save(update_fields=[*sums, *sets])


def rollup_refresh(name: str) -> int:
    """Folds into rollup `name` every fact of its streams stamped after their watermarks and before the horizon;
    returns how many. Guarantees: each fact is folded exactly once, also when refreshes run at the same time
    (the watermarks are locked, in a fixed order, for the whole transaction); nothing younger than the horizon."""
    horizon = rollup_horizon()
    folded = 0
    with transaction.atomic():
        marks = [(stream, watermark_lock(stream.name)) for stream in ROLLUPS[name]]
        for stream, mark in marks:
            while True:
                facts = stream.read(after=mark.position, after_id=mark.position_id, before=horizon, limit=BATCH)
                if not facts:
                    break
                _fold(stream, facts)
                watermark_advance(mark, position=facts[-1]["at"], position_id=facts[-1]["id"], folded=len(facts))
                folded += len(facts)
                if len(facts) < BATCH:
                    break
    return folded


def rollup_rebuild(name: str) -> int:
    """Empties rollup `name`, rewinds its watermarks and folds everything again, in one transaction (a refresh
    running meanwhile waits for the watermarks and then finds nothing new)."""
    with transaction.atomic():
        for stream in ROLLUPS[name]:
            mark = watermark_lock(stream.name)
            mark.position, mark.position_id, mark.rows_folded = None, 0, 0
            mark.save(update_fields=["position", "position_id", "rows_folded"])
        for model in MODELS[name]:
            model.objects.all().delete()
        return rollup_refresh(name)


for _name in ROLLUPS:
    register_rollup(_name, refresh=partial(rollup_refresh, _name), rebuild=partial(rollup_rebuild, _name))
