"""GET /v1/settlements?date=YYYY-MM-DD: the day's settled payments and refunds, for Lapak's daily reconciliation.

Real Midtrans has no such endpoint: its settlement data comes as a report from the Merchant Administration
Portal (see docs/adr/0013-reconciliation.md). The sandbox offers the same facts as one small JSON answer, so
the adapter's `settlements(day)` has something to read in the demo and in tests. The day is a Jakarta (WIB)
calendar day, as Midtrans writes its times.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

from lapak.gateway_sandbox import errors
from lapak.gateway_sandbox.payloads import money
from lapak.gateway_sandbox.store import Store

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Statuses in which the money of a settled transaction was received (a refund does not undo the settlement).
SETTLED = ("settlement", "capture", "refund", "partial_refund")


def settlements_of(store: Store, environ: dict[str, Any]) -> dict[str, Any]:
    """Every transaction settled on the day (its settlement_time) and every refund made on it."""
    day = parse_qs(environ.get("QUERY_STRING", "")).get("date", [""])[0]
    if not _DATE.fullmatch(day):
        raise errors.invalid("date must be YYYY-MM-DD")
    like = f"{day} %"
    with store.transaction() as conn:
        paid = conn.execute(
            "SELECT order_id, transaction_id, payment_type, gross_amount, settlement_time FROM transactions"
            " WHERE settlement_time LIKE ? AND status IN (?, ?, ?, ?) ORDER BY settlement_time, order_id",
            (like, *SETTLED)).fetchall()
        refunds = conn.execute(
            "SELECT r.order_id, t.transaction_id, t.payment_type, r.refund_key, r.amount, r.created_at"
            " FROM refunds r JOIN transactions t ON t.order_id = r.order_id"
            " WHERE r.created_at LIKE ? ORDER BY r.id", (like,)).fetchall()
    records = [{"type": "payment", "order_id": r["order_id"], "transaction_id": r["transaction_id"],
                "payment_type": r["payment_type"], "amount": money(r["gross_amount"]),
                "settled_at": r["settlement_time"], "refund_key": ""} for r in paid]
    records += [{"type": "refund", "order_id": r["order_id"], "transaction_id": r["transaction_id"],
                 "payment_type": r["payment_type"], "amount": money(r["amount"]), "settled_at": r["created_at"],
                 "refund_key": r["refund_key"]} for r in refunds]
    return {"status_code": "200", "status_message": "Success", "date": day, "currency": "IDR",
            "records": records}
