"""`checkout`: buyers placing three-line, two-seller carts through the API at the same time.

On its own database of the bench cluster (bench/_shop.py): two verified sellers with `--listings` listings each
and plenty of stock, `--buyers` buyers with a bearer token and a default address. Every buyer first fills its
cart with three lines, two from one seller and one from the other (`POST /api/v1/cart/lines`, timed apart as
`cart_fill`), then all of them place their carts (`POST /api/v1/cart/checkout` with an Idempotency-Key), the
measured phase, `--concurrency` at a time. Then some placements are sent again with the same key (they must
answer with the same order), and the database is checked: one order per successful checkout, two seller
orders each, the units held equal to the units ordered, no order twice for a key. A failed check exits
non-zero. Target of issue 5: >= 250 checkouts/s with p95 <= 200 ms (reported, not asserted).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator

import httpx

from bench._buying import Call, api_post, ms, run_flows, summary, warm
from bench._orders import (
    SHIPPING,
    CpuMeter,
    WaitSampler,
    common,
    order_server,
    per_request,
    placed_orders,
    profile_requests,
    stock_state,
)
from bench._registry import scenario
from bench._server import add_server_arguments, log
from bench._shop import Buyer, add_shop_arguments, buyers_seed, sellers_seed, shop_database, stamp

NAME = "checkout"
DATABASE = "lapak_checkout_bench"
MIN_RPS, P95_MS = 250, 200


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--buyers", type=int, default=3_000, help="buyers, one checkout each (3000)")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--warmup-buyers", type=int, default=100,
                        help="buyers who check out before the measured phase, not measured but checked (100)")
    parser.add_argument("--listings", type=int, default=20, help="listings per seller (20)")
    parser.add_argument("--max-units", type=int, default=2, help="each line asks for 1..N units (2)")
    parser.add_argument("--replays", type=int, default=100, help="placements sent again with their key (100)")
    parser.add_argument("--profile", type=int, default=20,
                        help="probe checkouts served in-process after the run, half timed, half under cProfile "
                             "(20; 0 = none)")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-request timeout in seconds (60)")
    add_shop_arguments(parser)
    add_server_arguments(parser)


def _plans(sellers: list, count: int, rng: random.Random, max_units: int) -> list[list[tuple]]:
    """Each buyer's three lines: (listing, quantity), two from one seller and one from the other, alternating."""
    plans = []
    for i in range(count):
        two, one = (sellers[0], sellers[1]) if i % 2 == 0 else (sellers[1], sellers[0])
        picked = [*rng.sample(two.listings, 2), rng.choice(one.listings)]
        plans.append([(listing, rng.randint(1, max_units)) for listing in picked])
    return plans


@scenario(NAME, help="3-line, 2-seller checkouts over HTTP, 50 concurrent buyers, checked in the database",
          configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    rng = random.Random(args.seed)
    run_id = stamp()
    with shop_database(DATABASE, args) as shop:
        total = args.warmup_buyers + args.buyers
        units = max(1_000, (total + args.profile + 1) * args.max_units)
        log(f"run {run_id}: seeding 2 sellers × {args.listings} listings × {units} units, {total} buyers")
        sellers = sellers_seed(run=run_id, count=2, listings=args.listings, units=units)
        buyers = buyers_seed(run=run_id, count=total + args.profile, rng=rng)
        buyers, probe_buyers = buyers[:total], buyers[total:]
        plans = _plans(sellers, total, rng, args.max_units)
        shipping = {s.public_id: SHIPPING for s in sellers}
        keys = [f"checkout-{run_id}-{i}" for i in range(total)]
        placed: list[list[Call]] = [[] for _ in range(total)]

        def body(buyer: Buyer) -> dict:
            return {"address": buyer.address, "shipping": shipping, "vouchers": []}

        async def fill(client: httpx.AsyncClient, i: int) -> list[Call]:
            return [await api_post(client, "add", "/api/v1/cart/lines", buyers[i].token,
                                   {"variant": listing.public_id, "quantity": quantity})
                    for listing, quantity in plans[i]]

        def place_from(offset: int):
            async def place(client: httpx.AsyncClient, j: int) -> list[Call]:
                i = offset + j
                if not all(c.ok for c in filled[i]):
                    return []
                return [await api_post(client, "checkout", "/api/v1/cart/checkout", buyers[i].token,
                                       body(buyers[i]), key=keys[i])]
            return place

        with order_server(shop, args) as (server, server_info, probes):
            warmed = warm(base_url=server.base_url, tokens=[b.token for b in buyers[:50]],
                          requests=args.workers * 20, concurrency=args.workers * 2)
            log(f"filling {total} carts, {args.concurrency} clients")
            filled, fill_wall, _t0 = run_flows(base_url=server.base_url, count=total, flow=fill,
                                               concurrency=args.concurrency, timeout_s=args.timeout)
            if args.warmup_buyers:
                log(f"placing {args.warmup_buyers} orders to warm up (not measured)")
                placed[: args.warmup_buyers], _wall, _t0 = run_flows(
                    base_url=server.base_url, count=args.warmup_buyers, flow=place_from(0),
                    concurrency=args.concurrency, timeout_s=args.timeout)
            log(f"placing {args.buyers} orders, {args.concurrency} clients")
            meter, waits = CpuMeter(probes), WaitSampler(shop.url, shop.name)
            measured, wall, _t0 = run_flows(base_url=server.base_url, count=args.buyers,
                                            flow=place_from(args.warmup_buyers), concurrency=args.concurrency,
                                            timeout_s=args.timeout,
                                            on_start=lambda: (meter.start(), waits.start()))
            cpu, waited = meter.stop(), waits.stop()
            placed[args.warmup_buyers:] = measured
            told = {i: calls[0].body["id"] for i, calls in enumerate(placed) if calls and calls[0].ok}
            replay_of = sorted(told)[-args.replays:] if args.replays else []

            async def replay(client: httpx.AsyncClient, j: int) -> list[Call]:
                i = replay_of[j]
                return [await api_post(client, "replay", "/api/v1/cart/checkout", buyers[i].token, body(buyers[i]),
                                       key=keys[i])]

            log(f"sending {len(replay_of)} placements again with their keys")
            replayed, _wall, _t0 = run_flows(base_url=server.base_url, count=len(replay_of), flow=replay,
                                             concurrency=min(args.concurrency, 20), timeout_s=args.timeout)
        replays = _replays(replay_of, replayed, told)
        check = _check(buyers, plans, told, sellers, replays)
        profile = _profile(probe_buyers, sellers, body, run_id, args) if args.profile >= 2 else None
        checkouts = [c for calls in measured for c in calls]
        figures = summary(checkouts, wall)
        winners = sorted(c.seconds for c in checkouts if c.ok)
        targets = {"checkouts_per_s": {"target": f">= {MIN_RPS}", "measured": figures["ok_per_s"],
                                       "pass": figures["ok_per_s"] >= MIN_RPS},
                   "p95_ms": {"target": f"<= {P95_MS}", "measured": figures["latency_ms"]["p95"],
                              "pass": figures["latency_ms"]["p95"] <= P95_MS},
                   "errors": {"target": "0", "measured": args.buyers - figures["ok"],
                              "pass": figures["ok"] == args.buyers}}
        targets["all_pass"] = all(t["pass"] for t in targets.values())
        yield {"scenario": NAME, "target": "POST /api/v1/cart/checkout", "concurrency": args.concurrency,
               "buyers": args.buyers, "checkouts": figures["ok"], "checkouts_per_s": figures["ok_per_s"],
               "duration_s": figures["wall_s"], "latency_ms": figures["latency_ms"],
               "latency_ms_successful": ms(winners), "errors_by_kind": {
                   k: v for k, v in figures["outcomes"].items() if k != "ok"},
               "not_placed_because_cart_fill_failed": sum(1 for calls in measured if not calls),
               "cpu_s": cpu, "database_waits": waited,
               "cpu_ms_per_checkout": per_request(cpu, figures["ok"]),
               "targets": targets,
               "cart_fill": summary([c for calls in filled for c in calls], fill_wall),
               "warmup": {"requests": warmed["requests"], "outcomes": warmed["outcomes"],
                          "buyers_placed": args.warmup_buyers},
               "replays": replays, "consistency": check, "profile": profile,
               "dataset": {"database": DATABASE, "run": run_id, "sellers": [s.public_id for s in sellers],
                           "listings_per_seller": args.listings, "units_per_listing": units,
                           "lines_per_cart": 3, "units_per_line": f"1..{args.max_units}", "seed": args.seed},
               **common(server_info, args.concurrency)}
        if not check["ok"] or not replays["ok"]:
            raise SystemExit(f"bench: consistency check failed: {check} {replays}")


def _replays(replay_of: list[int], replayed: list[list[Call]], told: dict[int, str]) -> dict:
    calls = [calls[0] for calls in replayed]
    same = sum(1 for i, c in zip(replay_of, calls, strict=True) if c.ok and c.body.get("id") == told[i])
    result = {"sent": len(calls), "same_order": same, "marked_replayed": sum(c.replayed for c in calls),
              "latency_ms": ms(sorted(c.seconds for c in calls)),
              "outcomes": summary(calls)["outcomes"]}
    result["ok"] = same == len(calls)
    return result


def _check(buyers: list[Buyer], plans: list, told: dict[int, str], sellers: list, replays: dict) -> dict:
    """The database against what the clients were told."""
    orders = placed_orders([b.user_id for b in buyers])
    by_user = {b.user_id: i for i, b in enumerate(buyers)}
    expected_units: dict[int, int] = {}
    mismatched_lines = 0
    for i, order_id in told.items():
        wanted = {listing.variant_id: q for listing, q in plans[i]}
        for variant_id, quantity in wanted.items():
            expected_units[variant_id] = expected_units.get(variant_id, 0) + quantity
        stored = orders.get(order_id)
        if stored is None or stored["units"] != wanted or by_user[stored["buyer"]] != i:
            mismatched_lines += 1
    keys = [(o["buyer"], o["key"]) for o in orders.values()]
    variant_ids = [listing.variant_id for s in sellers for listing in s.listings]
    stock = stock_state(variant_ids)
    held_keys = set(stock["holds_by_key"])
    held = {v: row["held"] for v, row in stock["variants"].items()}
    result = {
        "checkouts_told_ok": len(told),
        "orders_in_db": len(orders),
        "orders_match_told": set(orders) == set(told.values()),
        "orders_with_wrong_lines_or_buyer": mismatched_lines,
        "seller_orders_per_order": sorted({o["seller_orders"] for o in orders.values()}),
        "duplicate_orders_per_key": len(keys) - len(set(keys)),
        "buyers_with_more_than_one_order": len(orders) - len({o["buyer"] for o in orders.values()}),
        "units_ordered": sum(expected_units.values()),
        "units_held": sum(held.values()),
        "held_equals_ordered_per_variant": all(held[v] == expected_units.get(v, 0) for v in variant_ids),
        "holds_without_order": len(held_keys - set(orders)),
        "allocated": sum(row["allocated"] for row in stock["variants"].values()),
        "min_available": min(row["available"] for row in stock["variants"].values()),
        "replays_same_order": replays["same_order"],
    }
    result["ok"] = (result["orders_in_db"] == len(told) and result["orders_match_told"]
                    and mismatched_lines == 0 and result["seller_orders_per_order"] in ([2], [])
                    and result["duplicate_orders_per_key"] == 0 and result["buyers_with_more_than_one_order"] == 0
                    and result["units_held"] == result["units_ordered"] and result["held_equals_ordered_per_variant"]
                    and result["holds_without_order"] == 0 and result["allocated"] == 0
                    and result["min_available"] >= 0)
    return result


def _profile(probe_buyers: list[Buyer], sellers: list, body, run_id: str, args: argparse.Namespace) -> dict:
    """Queries and time of one checkout served in this process, for probe buyers with carts like the others'."""
    import json

    from lapak.accounts.models import User
    from lapak.market.checkout.services import cart_line_add, cart_open

    rng = random.Random(args.seed + 1)
    plans = _plans(sellers, len(probe_buyers), rng, args.max_units)
    for buyer, plan in zip(probe_buyers, plans, strict=True):
        cart = cart_open(user=User.objects.get(pk=buyer.user_id))
        for listing, quantity in plan:
            cart_line_add(cart=cart, variant_id=listing.public_id, quantity=quantity)

    def send(client, i: int):
        buyer = probe_buyers[i % len(probe_buyers)]
        return client.post("/api/v1/cart/checkout", data=json.dumps(body(buyer)), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {buyer.token}", HTTP_IDEMPOTENCY_KEY=f"probe-{run_id}-{i}")

    log(f"profiling {len(probe_buyers) - 1} checkouts in-process")
    return profile_requests(send, len(probe_buyers) - 1)
