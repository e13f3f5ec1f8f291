"""`payment-notify`: 10,000 Midtrans notifications (10 % duplicates, 5 % late out-of-order) POSTed concurrently.

On its own database of the bench cluster (bench/_shop.py, bench/_paying.py): two verified sellers, orders
awaiting payment (a few placed through the checkout services, the rest set-based copies of them, two seller
orders each) and one live payment intent per order. With N notifications, D = N × duplicates % and
R = N × reordered %, there are N − D − R intents. The deliveries: one `settlement` per intent, D exact copies of
settlements (the same bytes; an intent may get several), and for R intents a `pending` notification placed at
least 2 × concurrency deliveries after that intent's settlement (a stale status arriving late, which must not
undo anything). Shuffled, then POSTed to /api/v1/payments/webhooks/midtrans by `--concurrency` clients through
gunicorn, the measured phase. Lapak confirms each settlement (and copy) by asking the gateway for the order's
status, so the real sandbox gateway runs beside it (its own gunicorn process, its store seeded with one
`settlement` transaction per intent, matching the notifications; bench/_paying.py `sandbox_gateway`) and Lapak's
MIDTRANS_BASE_URL points at it. Reported: notifications/s, latency p50/p95/p99/max, status codes, the inbox
outcomes, CPU by process (gateway included). Then checked in the database (in this process): a stored raw row
per delivery with its body as sent, every paid row keyed by its own notification's event key (the gateway's
answer agreed with it), no row with an error,
every intent paid once, every order paid once (one order event to paid), one ledger entry per intent (its key)
with gateway clearing and escrow moved by exactly the intents' amounts, duplicates recorded as duplicates, late
pendings as no change, the units allocated and no hold left, no refund queued, and `ledger_check()` empty.
A failed check exits non-zero. Issue 6 asks only to report the rate and p99.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import time
from collections import Counter
from collections.abc import Iterator

import httpx

from bench._buying import Call, ms, run_flows, summary, warm
from bench._orders import CpuMeter, WaitSampler, common, order_server, per_request
from bench._paying import (
    WEBHOOK,
    Delivery,
    Intent,
    deliveries_plan,
    intents_seed,
    orders_copy,
    sandbox_gateway,
    templates_place,
)
from bench._proc import tree_cpu_seconds
from bench._registry import scenario
from bench._server import add_server_arguments, log
from bench._shop import add_shop_arguments, buyers_seed, sellers_seed, shop_database, stamp

NAME = "payment-notify"
DATABASE = "lapak_paynotify_bench"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notifications", type=int, default=10_000, help="notifications sent in all (10000)")
    parser.add_argument("--duplicates-percent", type=float, default=10.0,
                        help="extra exact copies of settlements, as a share of all notifications (10)")
    parser.add_argument("--reordered-percent", type=float, default=5.0,
                        help="late pending notifications after their settlement, as a share (5)")
    parser.add_argument("--concurrency", type=int, default=64, help="concurrent clients (64)")
    parser.add_argument("--templates", type=int, default=20,
                        help="orders placed through the checkout services; the rest are copies of them (20)")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-request timeout in seconds (60)")
    parser.add_argument("--gateway-threads", type=int, default=0,
                        help="threads of the sandbox gateway's one gunicorn worker (default: one per Lapak worker)")
    add_shop_arguments(parser)
    add_server_arguments(parser)


async def _post(client: httpx.AsyncClient, delivery: Delivery) -> Call:
    started = time.perf_counter()
    try:
        response = await client.post(WEBHOOK, content=delivery.body, headers={"Content-Type": "application/json"})
    except httpx.HTTPError as exc:
        ended = time.perf_counter()
        return Call(delivery.kind, 0, type(exc).__name__, ended - started, None, ended=ended)
    ended = time.perf_counter()
    try:
        body = response.json()
    except ValueError:
        body = None
    code = "" if response.status_code < 300 else str(((body or {}).get("error") or {}).get("code") or "no_error_shape")
    return Call(delivery.kind, response.status_code, code, ended - started, body, ended=ended)


@scenario(NAME, help="10,000 Midtrans notifications (10 percent duplicates, 5 percent late) over HTTP, "
                     "checked in the database", configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    rng = random.Random(args.seed)
    run_id = stamp()
    duplicates = round(args.notifications * args.duplicates_percent / 100)
    reordered = round(args.notifications * args.reordered_percent / 100)
    count = args.notifications - duplicates - reordered
    if count < max(1, args.templates) or reordered > count:
        raise SystemExit("bench: too few notifications for these percentages")
    with shop_database(DATABASE, args) as shop:
        began = time.perf_counter()
        log(f"run {run_id}: seeding 2 sellers, {count} orders awaiting payment ({args.templates} placed through "
            "checkout, the rest copied), one intent each")
        sellers = sellers_seed(run=run_id, count=2, listings=args.templates, units=count + 10)
        buyers = buyers_seed(run=run_id, count=args.templates, rng=rng)
        orders = orders_copy(run=run_id, templates=templates_place(run=run_id, sellers=sellers, buyers=buyers),
                             count=count)
        intents = intents_seed(orders=orders)
        created = time.time() - 120  # when the buyers were charged: the notifications' and the gateway's time
        plan = deliveries_plan(intents, duplicates=duplicates, reordered=reordered, gap=2 * args.concurrency,
                               created=created, rng=rng)
        seed_s = round(time.perf_counter() - began, 1)
        log(f"seeded in {seed_s} s; {len(plan)} deliveries: {dict(Counter(d.kind for d in plan))}")

        async def send(client: httpx.AsyncClient, i: int) -> list[Call]:
            return [await _post(client, plan[i])]

        from django.conf import settings

        gateway_threads = args.gateway_threads or args.workers
        with sandbox_gateway(intents, created=created, threads=gateway_threads) as gateway:
            served = dataclasses.replace(shop, env={**shop.env, "MIDTRANS_BASE_URL": gateway.base_url,
                                                    "MIDTRANS_SERVER_KEY": settings.MIDTRANS_SERVER_KEY})
            with order_server(served, args) as (server, server_info, probes):
                probes["gateway"] = lambda: tree_cpu_seconds(gateway.pid)
                server_info = {**server_info, "gateway": {
                    "kind": "lapak.gateway_sandbox under gunicorn", "workers": 1, "threads": gateway_threads,
                    "transactions": len(intents), "store": "sqlite"}}
                warmed = warm(base_url=server.base_url, tokens=[b.token for b in buyers],
                              requests=args.workers * 20, concurrency=args.workers * 2)
                from django.utils import timezone

                phase_began = timezone.now()
                log(f"sending {len(plan)} notifications, {args.concurrency} clients")
                meter, waits = CpuMeter(probes), WaitSampler(shop.url, shop.name)
                flows, wall, _t0 = run_flows(base_url=server.base_url, count=len(plan), flow=send,
                                             concurrency=args.concurrency, timeout_s=args.timeout,
                                             on_start=lambda: (meter.start(), waits.start()))
                cpu, waited = meter.stop(), waits.stop()
        calls = [c for calls in flows for c in calls]
        figures = summary(calls, wall)
        order_figures = _ordering(plan, calls)
        check = _check(intents, plan, calls, phase_began)
        yield {"scenario": NAME, "target": f"POST {WEBHOOK}", "concurrency": args.concurrency,
               "notifications": len(plan), "notifications_per_s": round(len(calls) / wall, 1),
               "ok_per_s": figures["ok_per_s"], "duration_s": figures["wall_s"], "latency_ms": figures["latency_ms"],
               "latency_ms_by_kind": {kind: {"count": len(v), **ms(sorted(v))} for kind, v in sorted(
                   _by_kind(calls).items())},
               "status_codes": dict(Counter(str(c.status) for c in calls).most_common()),
               "answers": dict(Counter(f"{c.status} {(c.body or {}).get('outcome', c.code)}" for c in calls)
                               .most_common()),
               "deliveries": {"intents": len(intents), "settlements": len(intents), "duplicates": duplicates,
                              "late_pending": reordered, **order_figures},
               "cpu_s": cpu, "database_waits": waited, "cpu_ms_per_notification": per_request(cpu, len(calls)),
               "consistency": check, "seed_s": seed_s,
               "warmup": {"requests": warmed["requests"], "outcomes": warmed["outcomes"]},
               "dataset": {"database": DATABASE, "run": run_id, "sellers": [s.public_id for s in sellers],
                           "orders": len(orders), "seller_orders_per_order": 2, "templates": args.templates,
                           "intent_methods": "half QRIS, half BCA virtual account", "seed": args.seed},
               **common(server_info, args.concurrency)}
        if not check["ok"]:
            raise SystemExit(f"bench: consistency check failed: {check}")


def _by_kind(calls: list[Call]) -> dict[str, list[float]]:
    kinds: dict[str, list[float]] = {}
    for call in calls:
        if call.status:
            kinds.setdefault(call.kind, []).append(call.seconds)
    return kinds


def _ordering(plan: list[Delivery], calls: list[Call]) -> dict:
    """How the copies actually met their originals in time: a duplicate in flight while its settlement was
    (the claim race), and a late pending sent only after its settlement had been answered."""
    settled = {d.intent: c for d, c in zip(plan, calls, strict=True) if d.kind == "settlement"}
    overlapping = pending_after = 0
    for delivery, call in zip(plan, calls, strict=True):
        first = settled[delivery.intent]
        if delivery.kind == "duplicate":
            overlapping += call.ended - call.seconds < first.ended and first.ended - first.seconds < call.ended
        elif delivery.kind == "pending":
            pending_after += call.ended - call.seconds >= first.ended
    return {"duplicates_in_flight_with_their_settlement": overlapping,
            "late_pending_sent_after_settlement_answered": pending_after}


def _check(intents: list[Intent], plan: list[Delivery], calls: list[Call], since) -> dict:
    """The database against what was sent."""
    from django.db.models import Sum

    from lapak.market.inventory.models import Reservation, Stock
    from lapak.market.ledger.checks import ledger_check
    from lapak.market.ledger.kinds import AccountKind
    from lapak.market.ledger.models import JournalEntry, Posting
    from lapak.market.orders.models import Order, OrderEvent, OrderLine, SellerOrder
    from lapak.market.payments.gateways.midtrans import event_key
    from lapak.market.payments.models import PaymentIntent, PaymentNotification, PaymentRefundNeeded

    intent_pks = [i.pk for i in intents]
    order_pks = [i.order_id for i in intents]
    by_pk = {i.pk: i for i in intents}
    rows = list(PaymentNotification.objects.filter(received_at__gte=since).values_list(
        "body", "outcome", "intent_id", "signature_ok", "processed_at"))
    outcomes = Counter(outcome for _b, outcome, *_rest in rows)
    paid_rows = Counter(intent for _b, outcome, intent, *_rest in rows if outcome == "paid")
    expected = {"paid": len(intents), "duplicate": sum(d.kind == "duplicate" for d in plan),
                "no_change": sum(d.kind == "pending" for d in plan)}
    wrong_kind = sum(1 for d_kind, outcome in _outcome_by_kind(plan, calls) if outcome != _OUTCOME[d_kind])
    intent_status = Counter(PaymentIntent.objects.filter(pk__in=intent_pks).values_list("status", flat=True))
    orders = dict(Order.objects.filter(pk__in=order_pks).values_list("pk", "payment_reference"))
    order_status = Counter(Order.objects.filter(pk__in=order_pks).values_list("status", flat=True))
    paid_events = Counter(OrderEvent.objects.filter(order_id__in=order_pks, seller_order=None, to_status="paid")
                          .values_list("order_id", flat=True))
    keys = [f"payments.intent:{i.public_id}" for i in intents]
    entries = Counter(JournalEntry.objects.filter(key__in=keys).values_list("key", flat=True))
    moved = dict(Posting.objects.filter(entry__key__in=keys).values("account__kind")
                 .annotate(total=Sum("amount")).values_list("account__kind", "total"))
    amounts = sum(i.amount for i in intents)
    variant_ids = list(OrderLine.objects.filter(seller_order__order_id__in=order_pks)
                       .values_list("variant_id", flat=True).distinct())
    units = OrderLine.objects.filter(seller_order__order_id__in=order_pks).aggregate(n=Sum("quantity"))["n"]
    allocated = Stock.objects.filter(variant_id__in=variant_ids).aggregate(n=Sum("quantity_allocated"))["n"]
    problems = ledger_check()
    result = {
        "notifications_sent": len(plan),
        "answered_200": sum(c.status == 200 for c in calls),
        "notifications_stored": len(rows),
        "stored_bodies_equal_sent": Counter(bytes(b) for b, *_rest in rows) == Counter(d.body for d in plan),
        "unprocessed_or_unverified": sum(1 for _b, o, _i, ok, at in rows if o == "received" or not ok or not at),
        "outcomes": dict(outcomes.most_common()),
        "paid_rows_not_keyed_as_their_notification": sum(
            1 for body, key in PaymentNotification.objects.filter(received_at__gte=since, outcome="paid")
            .values_list("body", "event_key") if key != event_key(json.loads(bytes(body)))),
        "rows_with_an_error": PaymentNotification.objects.filter(received_at__gte=since).exclude(error="").count(),
        "outcomes_expected": expected,
        "answers_not_matching_their_kind": wrong_kind,
        "intents_with_paid_rows_not_1": sum(1 for pk in intent_pks if paid_rows[pk] != 1)
        + sum(1 for pk in paid_rows if pk not in by_pk),
        "intent_status": dict(intent_status),
        "order_status": dict(order_status),
        "orders_with_wrong_payment_reference": sum(
            1 for i in intents if orders.get(i.order_id) != i.public_id),
        "orders_with_paid_events_not_1": sum(1 for pk in order_pks if paid_events[pk] != 1),
        "seller_order_status": dict(Counter(SellerOrder.objects.filter(order_id__in=order_pks)
                                            .values_list("status", flat=True))),
        "ledger_entries": sum(entries.values()), "intents_without_exactly_one_entry": sum(
            1 for key in keys if entries[key] != 1),
        "intent_amounts": amounts,
        "gateway_clearing_debited": moved.get(AccountKind.GATEWAY_CLEARING, 0),
        "escrow_credited": -moved.get(AccountKind.ESCROW, 0),
        "refunds_queued": PaymentRefundNeeded.objects.filter(intent_id__in=intent_pks).count(),
        "units_ordered": units, "units_allocated": allocated,
        "holds_left": Reservation.objects.filter(stock__variant_id__in=variant_ids).count(),
        "ledger_check_problems": [str(p) for p in problems[:10]],
        "notifications_per_intent": dict(Counter(Counter(
            i for _b, _o, i, *_rest in rows).values()).most_common()),
    }
    result["ok"] = (len(rows) == len(plan) == result["answered_200"] and result["stored_bodies_equal_sent"]
                    and result["unprocessed_or_unverified"] == 0 and dict(outcomes) == expected
                    and result["paid_rows_not_keyed_as_their_notification"] == 0
                    and result["rows_with_an_error"] == 0
                    and wrong_kind == 0 and result["intents_with_paid_rows_not_1"] == 0
                    and dict(intent_status) == {"paid": len(intents)}
                    and dict(order_status) == {"paid": len(intents)}
                    and result["orders_with_wrong_payment_reference"] == 0
                    and result["orders_with_paid_events_not_1"] == 0
                    and set(result["seller_order_status"]) == {"paid"}
                    and result["intents_without_exactly_one_entry"] == 0
                    and result["gateway_clearing_debited"] == amounts == result["escrow_credited"]
                    and result["refunds_queued"] == 0 and units == allocated and result["holds_left"] == 0
                    and not problems)
    return result


_OUTCOME = {"settlement": "paid", "duplicate": "duplicate", "pending": "no_change"}


def _outcome_by_kind(plan: list[Delivery], calls: list[Call]) -> Iterator[tuple[str, str]]:
    """(what was sent, what the webhook answered). A duplicate may win the claim before its original: then the
    first copy to arrive is the one answered `paid`, so settlements and duplicates are judged together."""
    answers: dict[int, Counter] = {}
    for delivery, call in zip(plan, calls, strict=True):
        outcome = (call.body or {}).get("outcome", "")
        if delivery.kind == "pending":
            yield "pending", outcome
        else:
            answers.setdefault(delivery.intent, Counter())[outcome] += 1
    for counts in answers.values():
        yield "settlement", "paid" if counts["paid"] == 1 else f"paid x{counts['paid']}"
        for outcome, n in counts.items():
            if outcome != "paid":
                yield from [("duplicate", outcome)] * n
