"""`ledger-balance`: a seller's payable with 1,000,000 postings; how long does reading its balance take?

On the bench PostgreSQL cluster: one seller payable account gets `--postings` postings (9 escrow releases of
Rp10.000 then one payout of Rp50.000, repeated), written set-based (INSERT … SELECT generate_series) in one
transaction, so the database's deferred balanced-entry triggers check every entry at commit. The account's
snapshot and posting count are then set from the postings, as `ledger_post` would have left them.

Measured: `--reads` calls of `account_balance` (the selector the seller centre will use: one primary-key
read of the snapshot), in-process through the Django ORM on a warm connection; then the same while
`--writers` threads post entries to the same account (reads must not wait for the writers' row locks); and,
for contrast, a few reads the naive way (SUM over the account's postings). The issue's target: p95 ≤ 20 ms.
The run checks itself: the snapshot equals the sum of the postings, and the last posting's running balance
equals the snapshot, and `ledger_check` over the whole ledger (timed) finds nothing; a failed check exits
non-zero.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from bench._load import percentile
from bench._proc import cores
from bench._registry import scenario
from bench._server import REPO, django_env, django_prepare, log, postgres

NAME = "ledger-balance"
RELEASE, PAYOUT = 10_000, 50_000  # per 10 postings: 9 releases in, 1 payout out, so the payable stays positive


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--postings", type=int, default=1_000_000, help="postings on the seller's payable (1e6)")
    parser.add_argument("--reads", type=int, default=2_000, help="balance reads measured (2000)")
    parser.add_argument("--writers", type=int, default=2, help="threads posting during the second read run (2)")
    parser.add_argument("--naive-reads", type=int, default=5, help="SUM-over-postings reads, for contrast (5)")
    parser.add_argument("--no-ledger-check", action="store_true", help="skip timing a full ledger_check")


@scenario(NAME, help="balance reads of a seller payable with 1,000,000 postings on PostgreSQL", configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    with postgres("bench") as database:
        env = django_env(database.url)
        django_prepare(env)
        os.environ.update(env)
        sys.path.insert(0, str(REPO / "src"))
        import django

        django.setup()
        began = time.perf_counter()
        seller, gateway = _seed(args.postings)
        seed_s = round(time.perf_counter() - began, 1)
        log(f"seeded {args.postings} postings in {seed_s} s; {args.reads} reads")
        quiet = _reads(seller, args.reads)
        busy = _reads_while_writing(seller, gateway, args.reads, args.writers)
        naive = _naive_reads(seller, args.naive_reads)
        check = _check(seller)
        if not args.no_ledger_check:
            check["ledger_check"] = _ledger_check()
            check["ok"] = check["ok"] and check["ledger_check"]["problems"] == 0
        yield {"scenario": NAME, "postings_on_account": args.postings, "seed_s": seed_s,
               "latency_ms": quiet, "latency_ms_with_writers": busy, "naive_sum_ms": naive,
               "target": {"p95_ms": "<= 20", "pass": quiet["p95"] <= 20 and busy["p95"] <= 20},
               "consistency": check,
               "client": {"kind": "direct-selector-calls", "note": "account_balance called in-process via the "
                          "Django ORM, one warm connection, no HTTP", "reads": args.reads, "writers": args.writers},
               "database": f"postgresql {database.version}", "django": django.__version__,
               "python": platform.python_version(), "cores": cores(),
               "date": datetime.now(UTC).isoformat(timespec="seconds")}
        if not check["ok"]:
            raise SystemExit(f"bench: consistency check failed: {check}")


def _seed(postings: int):
    from django.db import connection, transaction

    from lapak.market.ledger.kinds import AccountKind
    from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post

    stamp = f"{time.time_ns():x}"
    seller = ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref=f"org_bench_{stamp}")
    escrow = ledger_account(kind=AccountKind.ESCROW, owner_ref=f"so_bench_{stamp}")
    gateway = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref=f"bench_{stamp}")
    funded = (postings - postings // 10) * RELEASE  # what the releases take out of escrow
    ledger_post(key=f"bench-{stamp}-paid", cause_type="bench", cause_id=stamp,
                postings=[debit(gateway, funded), credit(escrow, funded)])
    params = {"n": postings, "prefix": f"bench-{stamp}-", "seller": seller.pk, "escrow": escrow.pk,
              "gateway": gateway.pk, "release": RELEASE, "payout": PAYOUT}
    with transaction.atomic(), connection.cursor() as cursor:
        log("inserting entries")
        cursor.execute("""
            INSERT INTO ledger_journalentry (public_id, key, cause_type, cause_id, memo, currency, fingerprint,
                                             created_at)
            SELECT 'jrn_' || %(prefix)s || g, %(prefix)s || g, 'bench', g::text, '', 'IDR', '', now()
            FROM generate_series(1, %(n)s) g""", params)
        log("inserting postings")
        # Leg 1 debits, leg 2 credits: a release moves escrow to the seller, every 10th entry pays the seller out.
        # Rows are inserted in (entry, leg) order, so ids follow it and the running balances are by id.
        cursor.execute("""
            INSERT INTO ledger_posting (entry_id, account_id, amount, balance_after)
            SELECT entry_id, account_id, amount,
                   a.balance + SUM(amount) OVER (PARTITION BY account_id ORDER BY g, leg)
            FROM (SELECT e.id AS entry_id, g, v.leg, v.account_id, v.amount
                  FROM generate_series(1, %(n)s) g
                  JOIN ledger_journalentry e ON e.key = %(prefix)s || g
                  CROSS JOIN LATERAL (VALUES
                    (1, CASE WHEN g %% 10 = 0 THEN %(seller)s ELSE %(escrow)s END,
                        CASE WHEN g %% 10 = 0 THEN %(payout)s ELSE %(release)s END),
                    (2, CASE WHEN g %% 10 = 0 THEN %(gateway)s ELSE %(seller)s END,
                        CASE WHEN g %% 10 = 0 THEN -%(payout)s ELSE -%(release)s END)) v(leg, account_id, amount)
                 ) legs JOIN ledger_account a ON a.id = legs.account_id
            ORDER BY g, leg""", params)
        log("setting the snapshots")
        cursor.execute("""
            UPDATE ledger_account a SET balance = s.total, posting_count = s.legs, updated_at = now()
            FROM (SELECT account_id, SUM(amount) AS total, COUNT(*) AS legs FROM ledger_posting
                  WHERE account_id IN (%(seller)s, %(escrow)s, %(gateway)s) GROUP BY account_id) s
            WHERE a.id = s.account_id""", params)
        log("committing (the deferred triggers check every entry)")
    with connection.cursor() as cursor:
        for table in ("ledger_posting", "ledger_journalentry", "ledger_account"):
            cursor.execute(f"ANALYZE {table}")
    return seller, gateway


def _figures(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    ms = lambda p: round(percentile(ordered, p) * 1000, 3)  # noqa: E731
    return {"reads": len(ordered), "p50": ms(50), "p95": ms(95), "p99": ms(99), "max": round(ordered[-1] * 1000, 3)}


def _reads(account, reads: int) -> dict:
    from lapak.market.ledger.selectors import account_balance

    account_balance(account)  # connect and warm up outside the clock
    latencies = []
    for _ in range(reads):
        began = time.perf_counter()
        account_balance(account)
        latencies.append(time.perf_counter() - began)
    return _figures(latencies)


def _reads_while_writing(seller, gateway, reads: int, writers: int) -> dict:
    from django.db import connections

    from lapak.market.ledger.services import credit, debit, ledger_post

    done = threading.Event()
    written = [0] * writers

    def write(index: int) -> None:
        try:
            while not done.is_set():
                written[index] += 1
                ledger_post(key=f"bench-w{index}-{written[index]}-{time.time_ns()}", cause_type="bench",
                            cause_id="writer", postings=[debit(gateway, 1_000), credit(seller, 1_000)])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    try:
        figures = _reads(seller, reads)
    finally:
        done.set()
        for thread in threads:
            thread.join()
    return {**figures, "entries_written_meanwhile": sum(written)}


def _naive_reads(account, reads: int) -> dict:
    from django.db.models import Sum

    from lapak.market.ledger.models import Posting

    latencies = []
    for _ in range(reads):
        began = time.perf_counter()
        Posting.objects.filter(account=account).aggregate(total=Sum("amount"))
        latencies.append(time.perf_counter() - began)
    return _figures(latencies)


def _ledger_check() -> dict:
    from lapak.market.ledger.checks import ledger_check

    log("ledger_check over the whole ledger")
    began = time.perf_counter()
    problems = ledger_check()
    return {"problems": len(problems), "first": [str(p) for p in problems[:3]],
            "seconds": round(time.perf_counter() - began, 1)}


def _check(account) -> dict:
    from django.db.models import Count, Sum

    from lapak.market.ledger.models import Account, Posting

    row = Account.objects.values("balance", "posting_count").get(pk=account.pk)
    sums = Posting.objects.filter(account=account).aggregate(total=Sum("amount"), legs=Count("id"))
    last = Posting.objects.filter(account=account).order_by("-id").values_list("balance_after", flat=True).first()
    result = {"snapshot": row["balance"], "sum_of_postings": sums["total"], "postings": sums["legs"],
              "snapshot_postings": row["posting_count"], "last_running_balance": last}
    result["ok"] = row["balance"] == sums["total"] == last and row["posting_count"] == sums["legs"]
    return result
