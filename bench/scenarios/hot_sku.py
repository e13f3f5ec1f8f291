"""`hot-sku`: a flash sale over HTTP: one variant with 1,000 units, 5,000 buyers, 200 at a time, one unit each.

On its own database of the bench cluster (bench/_shop.py): one verified seller, one listing with `--units`
units, `--buyers` buyers with a bearer token and a default address. Each buyer puts one unit in its cart
(`POST /api/v1/cart/lines`; refused with 422 `insufficient_stock` once the page-level hint sees no stock:
a loser at the cart) and, if that worked, places the cart (`POST /api/v1/cart/checkout` with an
Idempotency-Key). Exactly `--units` orders must succeed; every other buyer must get a sold-out answer in the
error shape (409 `insufficient_stock`, or 409 `cart_not_ready` naming the line when the cart already shows
it sold out); the stock must end with 0 available, none negative, and exactly `--units` units held by the
winners' orders. A failed check exits non-zero.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Iterator

import httpx

from bench._buying import Call, api_post, ms, run_flows, warm
from bench._orders import (
    SHIPPING,
    CpuMeter,
    WaitSampler,
    common,
    order_server,
    per_request,
    placed_orders,
    stock_state,
)
from bench._registry import scenario
from bench._server import add_server_arguments, log
from bench._shop import add_shop_arguments, buyers_seed, sellers_seed, shop_database, stamp

NAME = "hot-sku"
DATABASE = "lapak_hotsku_bench"
SOLD_OUT = {"insufficient_stock", "cart_not_ready"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=int, default=1_000, help="units of the one variant (1000)")
    parser.add_argument("--buyers", type=int, default=5_000, help="buyers, one unit each (5000)")
    parser.add_argument("--concurrency", type=int, default=200, help="concurrent clients (200)")
    parser.add_argument("--timeout", type=float, default=120.0, help="per-request timeout in seconds (120)")
    add_shop_arguments(parser)
    add_server_arguments(parser)


def _sold_out(call: Call, variant: str) -> bool:
    """A refusal that tells the buyer the unit is gone, in the error shape."""
    if call.code == "insufficient_stock":
        return call.status in (409, 422)
    fields = (call.body or {}).get("error", {}).get("fields", {})
    return call.status == 409 and call.code == "cart_not_ready" and f"lines.{variant}" in fields


@scenario(NAME, help="one variant, 1,000 units, 5,000 buyers over HTTP at 200 concurrent, checked in the database",
          configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    run_id = stamp()
    with shop_database(DATABASE, args) as shop:
        log(f"run {run_id}: seeding 1 seller, 1 listing × {args.units} units, {args.buyers} buyers")
        seller = sellers_seed(run=run_id, count=1, listings=1, units=args.units)[0]
        listing = seller.listings[0]
        buyers = buyers_seed(run=run_id, count=args.buyers, rng=random.Random(args.seed))
        payload = {"shipping": {seller.public_id: SHIPPING}, "vouchers": []}

        async def buy(client: httpx.AsyncClient, i: int) -> list[Call]:
            added = await api_post(client, "add", "/api/v1/cart/lines", buyers[i].token,
                                   {"variant": listing.public_id, "quantity": 1})
            if not added.ok:
                return [added]
            return [added, await api_post(client, "checkout", "/api/v1/cart/checkout", buyers[i].token,
                                          {"address": buyers[i].address, **payload}, key=f"hot-{run_id}-{i}")]

        with order_server(shop, args) as (server, server_info, probes):
            warmed = warm(base_url=server.base_url, tokens=[b.token for b in buyers[:50]],
                          requests=args.workers * 20, concurrency=args.workers * 2)
            log(f"{args.buyers} buyers, {args.concurrency} clients")
            meter, waits = CpuMeter(probes), WaitSampler(shop.url, shop.name)
            flows, wall, began = run_flows(base_url=server.base_url, count=len(buyers), flow=buy,
                                           concurrency=args.concurrency, timeout_s=args.timeout,
                                           on_start=lambda: (meter.start(), waits.start()))
            cpu, waited = meter.stop(), waits.stop()
        figures = _figures(flows, wall, began, listing.public_id)
        told = {i: calls[1].body["id"] for i, calls in enumerate(flows) if len(calls) == 2 and calls[1].ok}
        check = _check(buyers, told, listing.variant_id, args.units, figures)
        yield {"scenario": NAME, "target": "POST /api/v1/cart/lines + POST /api/v1/cart/checkout",
               "concurrency": args.concurrency, "buyers": len(buyers), "units": args.units, **figures, "cpu_s": cpu,
               "database_waits": waited, "cpu_ms_per_buyer": per_request(cpu, figures["attempts"]),
               "consistency": check,
               "warmup": {"requests": warmed["requests"], "outcomes": warmed["outcomes"]},
               "dataset": {"database": DATABASE, "run": run_id, "seller": seller.public_id,
                           "variant": listing.public_id, "seed": args.seed},
               **common(server_info, args.concurrency)}
        if not check["ok"]:
            raise SystemExit(f"bench: consistency check failed: {check}")


def _figures(flows: list[list[Call]], wall: float, began: float, variant: str) -> dict:
    adds = [calls[0] for calls in flows]
    checkouts = [calls[1] for calls in flows if len(calls) == 2]
    winners = [c for c in checkouts if c.ok]
    losers = [c for c in checkouts if not c.ok]
    cart_losers = [c for c in adds if not c.ok]
    sold_out_at = max((c.ended for c in winners), default=began) - began
    attempts = len(checkouts) + len(cart_losers)

    def latency(calls: list[Call]) -> dict:
        return {"count": len(calls), **ms(sorted(c.seconds for c in calls))}

    return {
        "duration_s": round(wall, 3),
        "attempts": attempts,
        "attempts_per_s": round(attempts / wall, 1),
        "orders": len(winners),
        "orders_per_s": round(len(winners) / wall, 1),
        "orders_per_s_until_sold_out": round(len(winners) / sold_out_at, 1) if sold_out_at else 0.0,
        "sold_out_after_s": round(sold_out_at, 3),
        "latency_ms": {"checkout_winners": latency(winners), "checkout_losers": latency(losers),
                       "add_to_cart_ok": latency([c for c in adds if c.ok]),
                       "add_to_cart_losers": latency(cart_losers)},
        "codes": {"checkout": dict(Counter(c.outcome for c in checkouts).most_common()),
                  "add_to_cart": dict(Counter(c.outcome for c in adds).most_common())},
        "losers_not_told_sold_out": sum(not _sold_out(c, variant) for c in [*losers, *cart_losers]),
    }


def _check(buyers: list, told: dict[int, str], variant_id: int, units: int, figures: dict) -> dict:
    orders = placed_orders([b.user_id for b in buyers])
    stock = stock_state([variant_id])
    row = stock["variants"][variant_id]
    by_user = {b.user_id: i for i, b in enumerate(buyers)}
    wrong = sum(1 for order_id, o in orders.items()
                if o["units"] != {variant_id: 1} or told.get(by_user[o["buyer"]]) != order_id)
    result = {
        "units": units,
        "orders_told_ok": len(told),
        "orders_in_db": len(orders),
        "orders_match_told": set(orders) == set(told.values()),
        "orders_not_one_unit_of_the_variant": wrong,
        "seller_orders_per_order": sorted({o["seller_orders"] for o in orders.values()}),
        "buyers_with_more_than_one_order": len(orders) - len({o["buyer"] for o in orders.values()}),
        "shelf": row["shelf"], "allocated": row["allocated"], "held": row["held"], "available": row["available"],
        "holds_without_order": len(set(stock["holds_by_key"]) - set(orders)),
        "every_buyer_answered": figures["attempts"] == len(buyers),
        "losers_not_told_sold_out": figures["losers_not_told_sold_out"],
    }
    result["ok"] = (len(told) == units == len(orders) and result["orders_match_told"] and wrong == 0
                    and result["seller_orders_per_order"] == [1] and result["buyers_with_more_than_one_order"] == 0
                    and row["held"] == units and row["available"] == 0 and row["shelf"] == units
                    and row["allocated"] == 0 and result["holds_without_order"] == 0
                    and result["every_buyer_answered"] and result["losers_not_told_sold_out"] == 0)
    return result
