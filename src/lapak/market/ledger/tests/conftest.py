"""Ledger fixtures: accounts of every kind through the real `ledger_account`, and a thread racer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.db import connection, connections

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post


@pytest.fixture
def books(db):
    """The accounts of one paid order: gateway clearing, the order's escrow, the seller's payable, and the
    platform's commission and PPh 22 accounts; `pay(amount, key)` puts a buyer's payment into escrow."""
    gateway = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="sandbox")
    escrow = ledger_account(kind=AccountKind.ESCROW, owner_ref="so_ORDER1")
    seller = ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref="org_SHOP1")
    revenue = ledger_account(kind=AccountKind.COMMISSION_REVENUE)
    pph22 = ledger_account(kind=AccountKind.PPH22_PAYABLE)

    def pay(amount: int, key: str = "pay-1"):
        return ledger_post(key=key, cause_type="payment_notification", cause_id=key, memo="paid",
                           postings=[debit(gateway, amount), credit(escrow, amount)])

    return SimpleNamespace(gateway=gateway, escrow=escrow, seller=seller, revenue=revenue, pph22=pph22, pay=pay)


@pytest.fixture
def racing_db(transactional_db):
    """Threads racing on a real database need a file-backed SQLite test database or PostgreSQL."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Runs the calls in threads released together; returns each call's result or the exception it raised."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = calls[index]()
        except Exception as exc:  # the caller asserts on what each thread got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
