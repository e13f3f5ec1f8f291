"""Matching a day's gateway settlement records with the ledger's lines on gateway clearing (ADR 0013). Pure:
no database, no network; `reconciliation_run` gathers both sides and stores what this finds.

Both sides are keyed by (kind, reference): a payment by its gateway order id, a refund by its refund key (the
refund's public id, which Lapak sends to the gateway as its idempotency key). Per key:
- more than one gateway record, or more than one ledger line → duplicated;
- a gateway record of the day and no ledger line (of any day) → missing in the ledger;
- a ledger line of the day and no gateway record of the day or of the day before or after → missing at the
  gateway (a settlement a second before midnight is booked a second after it: that is timing, not a mismatch);
- one of each whose amounts differ → amount differs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from lapak.market.payments.gateways.base import SettlementKind, SettlementRecord
from lapak.market.payments.models_reconciliation import MismatchKind


@dataclass(frozen=True)
class LedgerLine:
    """A ledger entry's movement of gateway clearing: a payment in (debit) or a refund out (credit)."""

    kind: SettlementKind
    reference: str
    provider_order_id: str
    amount: int
    entry_public_id: str
    on_day: bool  # created during the reconciled day (WIB)


@dataclass
class Mismatch:
    kind: str
    record_kind: str
    reference: str
    provider_order_id: str = ""
    gateway_amount: int | None = None
    ledger_amount: int | None = None
    gateway_count: int = 0
    ledger_count: int = 0
    ledger_entries: list[str] = field(default_factory=list)
    transaction_ids: list[str] = field(default_factory=list)


Key = tuple[str, str]


def record_key(record: SettlementRecord) -> Key:
    reference = record.refund_key if record.kind is SettlementKind.REFUND else record.provider_order_id
    return (record.kind.value, reference)


def _by_key(items: Iterable, key: Callable[[Any], Key]) -> dict[Key, list]:
    grouped: dict[Key, list] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


def reconciliation_match(*, day_records: list[SettlementRecord], near_records: list[SettlementRecord],
                         ledger_lines: list[LedgerLine]) -> list[Mismatch]:
    """Every mismatch between the day's gateway records (`near_records`: the neighbouring days', for timing)
    and the ledger lines (those of the day, and those of any day that match a record of the day)."""
    gateway = _by_key(day_records, record_key)
    near = _by_key(near_records, record_key)
    ledger = _by_key(ledger_lines, lambda line: (line.kind.value, line.reference))
    found: list[Mismatch] = []
    for key in sorted(set(gateway) | {k for k, lines in ledger.items() if any(x.on_day for x in lines)}):
        records, lines = gateway.get(key, []), ledger.get(key, [])
        if not records and key in near:
            records = near[key]  # booked across midnight from its record: compare amounts only
        mismatch = _compare(key, records, lines, on_day=bool(gateway.get(key)))
        if mismatch is not None:
            found.append(mismatch)
    return found


def _compare(key: Key, records: list[SettlementRecord], lines: list[LedgerLine], *, on_day: bool) -> Mismatch | None:
    kind = None
    if len(records) > 1 or len(lines) > 1:
        kind = MismatchKind.DUPLICATED
    elif records and not lines:
        kind = MismatchKind.MISSING_IN_LEDGER if on_day else None
    elif lines and not records:
        kind = MismatchKind.MISSING_AT_GATEWAY
    elif records and lines and records[0].amount != lines[0].amount:
        kind = MismatchKind.AMOUNT_DIFFERS
    if kind is None:
        return None
    order_id = records[0].provider_order_id if records else lines[0].provider_order_id
    return Mismatch(kind=kind.value, record_kind=key[0], reference=key[1], provider_order_id=order_id,
                    gateway_amount=sum(r.amount for r in records) if records else None,
                    ledger_amount=sum(x.amount for x in lines) if lines else None,
                    gateway_count=len(records), ledger_count=len(lines),
                    ledger_entries=[x.entry_public_id for x in lines],
                    transaction_ids=[r.transaction_id for r in records])
