"""The gateway's own state in its own SQLite file: transactions, refunds and the notifications it sent.

One process, a few threads: every access goes through one lock and one connection, which is plenty for a
test double and makes each read-check-write (a refund against what is left, say) atomic.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS transactions (
    order_id TEXT PRIMARY KEY,
    transaction_id TEXT NOT NULL UNIQUE,
    payment_type TEXT NOT NULL,
    status TEXT NOT NULL,
    gross_amount INTEGER NOT NULL,
    transaction_time TEXT NOT NULL,
    expiry_ts REAL NOT NULL,
    expiry_time TEXT NOT NULL,
    settlement_time TEXT,
    notify_url TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL,
    history TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_pending ON transactions (status, expiry_ts);
CREATE TABLE IF NOT EXISTS refunds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES transactions (order_id),
    refund_key TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (order_id, refund_key)
);
CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts TEXT NOT NULL DEFAULT '[]',
    delivered INTEGER NOT NULL DEFAULT 0
);
"""

_JSON_COLUMNS = ("details", "history", "attempts", "body")


def _row(row: sqlite3.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    data = dict(row)
    for name in _JSON_COLUMNS:
        if name in data:
            data[name] = json.loads(data[name])
    return data


class Store:
    """Thread-safe access to the SQLite file; `transaction()` gives an exclusive, atomic unit of work."""

    def __init__(self, path: Path) -> None:
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and one SQLite transaction; commit on success, roll back on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (tests do, so tmp_path can go)."""
        with self._lock:
            self._conn.close()

    # Transactions -------------------------------------------------------------------------------------

    def find(self, conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
        """A transaction by order_id or transaction_id, as Midtrans accepts either in its URLs."""
        row = conn.execute(
            "SELECT * FROM transactions WHERE order_id = ? OR transaction_id = ?", (key, key)
        ).fetchone()
        return _row(row)

    def insert(self, conn: sqlite3.Connection, tx: dict[str, Any]) -> None:
        """Store a new transaction; the primary key refuses a second one with the same order_id."""
        conn.execute(
            "INSERT INTO transactions (order_id, transaction_id, payment_type, status, gross_amount,"
            " transaction_time, expiry_ts, expiry_time, settlement_time, notify_url, details, history)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tx["order_id"], tx["transaction_id"], tx["payment_type"], tx["status"], tx["gross_amount"],
                tx["transaction_time"], tx["expiry_ts"], tx["expiry_time"], tx.get("settlement_time"),
                tx.get("notify_url", ""), json.dumps(tx["details"]), json.dumps(tx["history"]),
            ),
        )

    def set_status(
        self, conn: sqlite3.Connection, tx: dict[str, Any], status: str, *, settlement_time: str | None = None
    ) -> dict[str, Any]:
        """Move a transaction to `status`, appending it to its history; returns the updated row."""
        history = [*tx["history"], status]
        conn.execute(
            "UPDATE transactions SET status = ?, history = ?, settlement_time = COALESCE(?, settlement_time)"
            " WHERE order_id = ?",
            (status, json.dumps(history), settlement_time, tx["order_id"]),
        )
        return {**tx, "status": status, "history": history, "settlement_time": settlement_time or tx.get(
            "settlement_time")}

    def due_for_expiry(self, conn: sqlite3.Connection, now: float) -> list[dict[str, Any]]:
        """Pending transactions whose expiry time has passed."""
        rows = conn.execute(
            "SELECT * FROM transactions WHERE status = 'pending' AND expiry_ts <= ? ORDER BY expiry_ts", (now,)
        ).fetchall()
        return [_row(r) for r in rows]  # type: ignore[misc]

    def all_transactions(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every transaction, newest first (for the control listing)."""
        rows = conn.execute("SELECT * FROM transactions ORDER BY rowid DESC").fetchall()
        return [_row(r) for r in rows]  # type: ignore[misc]

    # Refunds ------------------------------------------------------------------------------------------

    def refunds(self, conn: sqlite3.Connection, order_id: str) -> list[dict[str, Any]]:
        """The refunds of one transaction in the order they were made."""
        rows = conn.execute("SELECT * FROM refunds WHERE order_id = ? ORDER BY id", (order_id,)).fetchall()
        return [dict(r) for r in rows]

    def add_refund(
        self, conn: sqlite3.Connection, *, order_id: str, refund_key: str, amount: int, reason: str, at: str
    ) -> dict[str, Any]:
        """Record one refund; (order_id, refund_key) is unique."""
        cur = conn.execute(
            "INSERT INTO refunds (order_id, refund_key, amount, reason, created_at) VALUES (?, ?, ?, ?, ?)",
            (order_id, refund_key, amount, reason, at),
        )
        return dict(conn.execute("SELECT * FROM refunds WHERE id = ?", (cur.lastrowid,)).fetchone())

    # Notifications ------------------------------------------------------------------------------------

    def add_notification(self, *, order_id: str, url: str, body: dict[str, Any], at: str) -> int:
        """Log a notification before it is sent; returns its id."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO notifications (order_id, url, body, created_at) VALUES (?, ?, ?, ?)",
                (order_id, url, json.dumps(body), at),
            )
            return int(cur.lastrowid or 0)

    def record_attempt(self, notification_id: int, attempt: dict[str, Any], *, delivered: bool) -> None:
        """Append one delivery attempt (time, HTTP status or error) to a notification's log."""
        with self.transaction() as conn:
            row = conn.execute("SELECT attempts FROM notifications WHERE id = ?", (notification_id,)).fetchone()
            attempts = [*json.loads(row["attempts"]), attempt]
            conn.execute(
                "UPDATE notifications SET attempts = ?, delivered = ? WHERE id = ?",
                (json.dumps(attempts), int(delivered), notification_id),
            )

    def notifications(self, order_id: str) -> list[dict[str, Any]]:
        """The notifications logged for one order, oldest first."""
        with self.transaction() as conn:
            rows = conn.execute("SELECT * FROM notifications WHERE order_id = ? ORDER BY id", (order_id,)).fetchall()
        return [_row(r) for r in rows]  # type: ignore[misc]
