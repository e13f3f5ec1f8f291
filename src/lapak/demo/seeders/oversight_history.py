"""A year of marketplace history, so the oversight portal has numbers to show in the demo.

The figures suppress every cell with fewer than 10 sellers or buyers behind it, and a fresh demo has a handful
of orders: the portal would show nothing but "<10". This seeder gives the bulk catalogue's shops (at least
`HISTORY_SELLERS` of them) a year of completed orders from the demo's buyers, spread over the twelve months
before this one, paid by QRIS, virtual account, e-wallet or card, and released from escrow:

- orders, seller orders and lines are written in bulk, as the checkout would have left them once completed
  (the lines snapshot each variant's title, price and origin);
- each payment is a paid payment intent posted to the ledger by the payments' own `ledger_payment_post`, and
  each seller order's escrow is released by `escrow_release` (commission, PPh 22 and the seller's share), so
  the ledger balances and `ledger_check` stays clean;
- then the oversight rollups are rebuilt (the history lies below their watermarks).

It runs only when the demo has a crowd and a bulk catalogue (`--scale` ≥ 1 and `--products` > 0): `make demo`.
Order n of a seed is found again by its idempotency key, so a re-run adds nothing.
"""

from __future__ import annotations

import calendar
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from lapak.accounts.models import Role, User
from lapak.core.ids import new_public_id
from lapak.demo.seeders.accounts import DEMO_DOMAIN
from lapak.demo.seeders.base import SeedContext
from lapak.demo.seeders.catalog_bulk import bulk_products_count, catalog_bulk_load
from lapak.demo.seeders.catalog_bulk_sellers import PRODUCTS_PER_SELLER, Provinces
from lapak.market.catalog.models import ListingStatus, Variant
from lapak.market.checkout.tax import ppn_included
from lapak.market.orders.models import Order, OrderLine, OrderStatus, SellerOrder, SellerOrderStatus
from lapak.market.payments.models import Channel, IntentStatus, Method, PaymentIntent
from lapak.market.payments.services.money import ledger_payment_post
from lapak.market.payments.services.release import escrow_release
from lapak.market.sellers.models import OrganisationStatus, SellerType
from lapak.regions.models import Region

HISTORY_SELLERS = 30
ORDERS_PER_MONTH = 75  # × scale, growing through the year
MONTHS = 12
KEY_PREFIX = "demo-history"
METHODS = [(Method.QRIS, "", 36), (Method.VA, Channel.BCA, 14), (Method.VA, Channel.BRI, 8),
           (Method.VA, Channel.MANDIRI, 6), (Method.EWALLET, Channel.GOPAY, 16),
           (Method.EWALLET, Channel.SHOPEEPAY, 14), (Method.CARD, "", 6)]


def seed(ctx: SeedContext) -> dict[str, object]:
    if ctx.scale < 1 or ctx.products < 1:
        return {"skipped": "needs --scale >= 1 and a bulk catalogue"}
    report: dict[str, object] = {"products_added": _enough_shops(ctx)}
    variants = _variants_by_seller()
    buyers = list(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", role_grants__role=Role.BUYER)
                  .order_by("pk").values_list("pk", "full_name")[: 600 * ctx.scale])
    if len(variants) < 10 or len(buyers) < 10:
        report["skipped"] = "too few shops or buyers"
        return report
    provinces = Provinces()
    plan = _plan(ctx)
    done = set(Order.objects.filter(idempotency_key__startswith=f"{KEY_PREFIX}-{ctx.seed}-")
               .values_list("idempotency_key", flat=True))
    todo = [(n, at) for n, at in plan if _key(ctx, n) not in done]
    bar = ctx.progress(total=len(todo), desc="order history")
    sellers = sorted(variants)
    for n, placed_at in todo:
        _order_write(ctx, n, placed_at, sellers=sellers, variants=variants, buyers=buyers, provinces=provinces)
        bar.update(1)
    bar.close()
    report["orders_added"] = len(todo)
    report["orders_total"] = len(plan)
    from lapak.oversight.rollups import rollups_rebuild_all, rollups_refresh_all

    # The orders are stamped in past months, below any watermark a refresh already set (an earlier run, the
    # periodic job): a refresh would skip them, so when some were added the rollups are rebuilt.
    report["rollups"] = rollups_rebuild_all() if todo else rollups_refresh_all()
    return report


def _enough_shops(ctx: SeedContext) -> int:
    wanted = HISTORY_SELLERS * PRODUCTS_PER_SELLER
    have = bulk_products_count(ctx.seed)
    if have >= wanted:
        return 0
    added = catalog_bulk_load(seed=ctx.seed, products=wanted)["products_added"]
    from lapak.market.catalog.search import search_documents_rebuild

    search_documents_rebuild()
    return added


def _variants_by_seller() -> dict[int, list[dict]]:
    rows = (Variant.objects.filter(is_active=True, product__status=ListingStatus.ACTIVE,
                                   seller__status=OrganisationStatus.VERIFIED,
                                   seller__seller_type__in=[SellerType.INDIVIDUAL, SellerType.BUSINESS])
            .values("pk", "seller_id", "sku", "price", "weight_grams", "product__title", "product__origin",
                    "product__origin_country", "seller__pickup_region_id").order_by("pk").distinct())
    by_seller: dict[int, list[dict]] = {}
    for row in rows:
        if row["seller__pickup_region_id"]:
            by_seller.setdefault(row["seller_id"], []).append(row)
    return by_seller


def _plan(ctx: SeedContext) -> list[tuple[int, datetime]]:
    """(n, placed_at) for every history order: the twelve months before this one, more each month."""
    today = timezone.localdate()
    first = today.replace(day=1)
    plan, n = [], 0
    for back in range(MONTHS, 0, -1):
        year, month = first.year, first.month - back
        while month < 1:
            year, month = year - 1, month + 12
        days = calendar.monthrange(year, month)[1]
        count = ctx.scale * (ORDERS_PER_MONTH + (MONTHS - back) * ORDERS_PER_MONTH // 12)
        for _ in range(count):
            day = ctx.rng.randint(1, days)
            moment = datetime.combine(datetime(year, month, day).date(), time(ctx.rng.randint(6, 22),
                                                                               ctx.rng.randint(0, 59)))
            plan.append((n, timezone.make_aware(moment)))
            n += 1
    return plan


def _key(ctx: SeedContext, n: int) -> str:
    return f"{KEY_PREFIX}-{ctx.seed}-{n}"


def _order_write(ctx: SeedContext, n: int, placed_at: datetime, *, sellers: list[int], variants: dict[int, list],
                 buyers: list, provinces: Provinces) -> None:
    rng = ctx.rng
    buyer_id, buyer_name = rng.choice(buyers)
    province = rng.choices(provinces.codes, weights=provinces.weights)[0]
    villages = provinces.villages(province)
    if not villages:
        return
    village, postcode = rng.choice(villages)
    village_name = Region.objects.filter(code=village).values_list("name", flat=True).first() or ""
    chosen = rng.sample(sellers, 2 if rng.random() < 0.15 else 1)
    parts = []
    for seller in chosen:
        lines = [(variant, rng.choice((1, 1, 1, 2, 3))) for variant in rng.sample(variants[seller],
                                                                                  min(len(variants[seller]),
                                                                                      rng.choice((1, 1, 2, 3))))]
        parts.append((seller, lines, rng.choice((9000, 12000, 15000, 18000, 24000))))
    goods = sum(variant["price"] * qty for _s, lines, _f in parts for variant, qty in lines)
    shipping = sum(fee for _s, _l, fee in parts)
    paid_at = placed_at + timedelta(minutes=rng.randint(2, 90))
    delivered_at = paid_at + timedelta(days=rng.randint(1, 5))
    closed_at = delivered_at + timedelta(days=3)
    method, channel, _weight = rng.choices(METHODS, weights=[m[2] for m in METHODS])[0]
    with transaction.atomic():
        order = Order.objects.create(
            public_id=new_public_id("ord"), buyer_id=buyer_id, status=OrderStatus.COMPLETED,
            recipient_name=buyer_name, phone="+62812" + f"{rng.randrange(10**7):07d}", street=ctx.fake.street_address(),
            village_code=village, village_name=village_name, district_name="", regency_name="",
            province_name=provinces.names[province], postcode=postcode, goods_total=goods, shipping_total=shipping,
            grand_total=goods + shipping, ppn_total=ppn_included(goods, on=placed_at.date()), jurisdiction="ID",
            idempotency_key=_key(ctx, n), placed_at=placed_at, payment_due_at=placed_at + timedelta(hours=24),
            paid_at=paid_at, closed_at=closed_at)
        seller_orders = []
        for seller, lines, fee in parts:
            subtotal = sum(variant["price"] * qty for variant, qty in lines)
            so = SellerOrder.objects.create(
                order=order, seller_id=seller, status=SellerOrderStatus.COMPLETED, courier_code="jne",
                service_code="REG", shipping_fee=fee, eta_min_days=1, eta_max_days=4,
                origin_village_code=lines[0][0]["seller__pickup_region_id"], goods_subtotal=subtotal,
                ppn_amount=ppn_included(subtotal, on=placed_at.date()), delivered_at=delivered_at,
                return_deadline=delivered_at + timedelta(days=2), created_at=placed_at, updated_at=closed_at)
            OrderLine.objects.bulk_create([OrderLine(
                seller_order=so, variant_id=variant["pk"], title=variant["product__title"], sku=variant["sku"],
                unit_price=variant["price"], quantity=qty, weight_grams=variant["weight_grams"],
                origin=variant["product__origin"], origin_country=variant["product__origin_country"],
                line_total=variant["price"] * qty) for variant, qty in lines])
            seller_orders.append(so)
        intent = PaymentIntent.objects.create(
            public_id=new_public_id("pay"), order=order, method=method, channel=channel, amount=order.grand_total,
            status=IntentStatus.PAID, provider="midtrans", provider_order_id=f"{KEY_PREFIX}-{ctx.seed}-{n}",
            created_at=placed_at, paid_at=paid_at, closed_at=paid_at)
        ledger_payment_post(intent=intent, order=order)
    for so in seller_orders:
        escrow_release(seller_order=so, now=closed_at)
