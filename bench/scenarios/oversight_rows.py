"""The world the `oversight` benchmark's orders are drawn from, and the rows of one batch of them (see
bench/scenarios/oversight_seed.py, which writes them): shops and their listings from the demo catalogue, buyers'
home villages, the months with their weights, the payment methods.

Every draw comes from a random source seeded by the data seed (the world) or by the batch number (a batch), so
batch b is the same in whichever worker process draws it.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

MONTHS = 24
PROVINCE_WEIGHTS = {"31": 16, "32": 20, "33": 11, "34": 3, "35": 15, "36": 7, "51": 2, "12": 4, "16": 2, "18": 2,
                    "73": 3, "64": 1.5, "13": 1.5, "14": 1.5, "61": 1, "63": 1, "71": 1, "52": 1}
METHODS = (("qris", "", 30), ("va", "bca", 12), ("va", "bri", 7), ("va", "mandiri", 6), ("ewallet", "gopay", 14),
           ("ewallet", "shopeepay", 11), ("card", "", 5), ("cod", "", 15))
COD_MAX = 5_000_000


@dataclass(frozen=True)
class Listing:
    variant_id: int
    title: str
    label: str
    sku: str
    price: int
    weight: int
    origin: str
    country: str


@dataclass(frozen=True)
class Shop:
    org_id: int
    village: str
    listings: list[Listing]


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    district: str
    regency: str
    province: str
    postcode: str


def _shops() -> list[Shop]:
    from lapak.market.catalog.models import Variant
    from lapak.market.sellers.models import SellerOrganisation

    villages = dict(SellerOrganisation.objects.filter(status="verified", products__status="active")
                    .values_list("id", "pickup_region_id").distinct())
    listings: dict[int, list[Listing]] = {}
    rows = (Variant.objects.filter(product__status="active", is_active=True, seller_id__in=list(villages))
            .order_by("pk").values_list("seller_id", "pk", "product__title", "options", "sku", "price",
                                        "weight_grams", "product__origin", "product__origin_country"))
    for seller, pk, title, options, sku, price, weight, origin, country in rows:
        label = " / ".join(str(v) for v in (options or {}).values())[:200]
        listings.setdefault(seller, []).append(Listing(pk, title, label, sku, price, weight, origin, country))
    return [Shop(org, villages[org], listings[org]) for org in sorted(listings)]


def _villages(rng: random.Random) -> dict[str, list[Village]]:
    """Up to 40 villages with a postcode per province, with their district, regency and province names."""
    from lapak.regions.models import Region

    by_province: dict[str, list[Village]] = {}
    rows = (Region.objects.filter(level=4).exclude(postcode="").order_by("code")
            .values_list("code", "name", "parent__name", "parent__parent__name", "parent__parent__parent__name",
                         "postcode"))
    pools: dict[str, list[tuple]] = {}
    for row in rows:
        pools.setdefault(row[0][:2], []).append(row)
    for province, pool in pools.items():
        by_province[province] = [Village(*row) for row in rng.sample(pool, min(40, len(pool)))]
    return by_province


class World:
    """What every batch draws from, the same in every worker."""

    def __init__(self, *, seed: int, buyers: list[int], now: datetime) -> None:
        rng = random.Random(f"lapak-oversight:{seed}:world")
        self.now = now
        self.buyers = buyers
        self.shops = _shops()
        if not self.shops:
            raise SystemExit("oversight_seed: no active listings; run demo_seed --products first")
        # A heavy tail: shop k is drawn with weight ~ 1/(k+1)^0.9 of a shuffled order.
        order = list(range(len(self.shops)))
        rng.shuffle(order)
        weights = [0.0] * len(self.shops)
        for rank, k in enumerate(order):
            weights[k] = 1 / (rank + 1) ** 0.9
        self.shop_cum = list(itertools.accumulate(weights))
        villages = _villages(rng)
        provinces = sorted(villages)
        province_cum = list(itertools.accumulate(PROVINCE_WEIGHTS.get(p, 0.5) for p in provinces))
        self.homes = [rng.choice(villages[rng.choices(provinces, cum_weights=province_cum)[0]])
                      for _ in range(len(buyers))]
        # Month m (0 = 24 months ago): growth of ~50 % a year and a December peak (Harbolnas 12.12).
        first = (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)).replace(day=1)
        self.months = []
        start = first
        for _ in range(MONTHS - 1):
            start = (start - timedelta(days=1)).replace(day=1)
        for _month in range(MONTHS):
            end = (start + timedelta(days=32)).replace(day=1)
            self.months.append((start, min(end, now - timedelta(hours=1))))
            start = end
        # The current month so far, too.
        self.months.append((start, now - timedelta(hours=1)))
        month_weights = [(1.5 ** (m / 12)) * (1.4 if s.month == 12 else 1.0)
                         * max(0.0, (e - s).total_seconds()) / (30 * 86_400) for m, (s, e) in enumerate(self.months)]
        self.month_cum = list(itertools.accumulate(month_weights))
        self.method_cum = list(itertools.accumulate(w for _m, _c, w in METHODS))


def _pick(cum: list[float], rng: random.Random) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _public_id(prefix: str, at: datetime, rng: random.Random) -> str:
    from lapak.core.ids import encode_public_id

    return encode_public_id(prefix, millis=int(at.timestamp() * 1000), random_bits=rng.getrandbits(80))


def _ppn(amount: int) -> int:
    return (amount * 11 * 2 + 111) // (111 * 2)  # 11/111 of a tax-inclusive amount, half up


def batch_rows(world: World, batch: int, count: int, seed: int) -> dict[str, list[list]]:
    """The rows of one batch, with every id still to be filled in: orders, seller orders, lines, intents.
    Parents are referred to by their position in the batch."""
    rng = random.Random(f"lapak-oversight:{seed}:batch:{batch}")
    orders, seller_orders, lines, intents, parcels = [], [], [], [], []
    now = world.now
    for i in range(count):
        buyer_index = rng.randrange(len(world.buyers))
        home = world.homes[buyer_index]
        start, end = world.months[_pick(world.month_cum, rng)]
        placed = start + timedelta(seconds=rng.random() * (end - start).total_seconds())
        age_days = (now - placed).total_seconds() / 86_400
        fate = rng.random()
        if age_days < 1 and fate < 0.3:
            status, so_status = "awaiting_payment", "awaiting_payment"
        elif fate < 0.09:
            status, so_status = "cancelled", "cancelled"  # never paid: the payment window ran out
        elif fate < 0.12:
            status, so_status = "cancelled", "cancelled"  # paid, then cancelled by the seller (refunded)
        elif age_days < 10:
            status, so_status = "paid", rng.choice(("paid", "accepted", "shipped", "delivered"))
        else:
            status, so_status = "completed", "completed"
        paid = status in ("paid", "completed") or (status == "cancelled" and fate >= 0.09)
        paid_at = placed + timedelta(minutes=2 + rng.random() * 60) if paid else None
        delivered = placed + timedelta(days=2 + rng.random() * 5) if so_status in ("delivered", "completed") else None
        closed_at = None
        if status == "completed":
            closed_at = delivered + timedelta(days=3)
        elif status == "cancelled":
            closed_at = paid_at + timedelta(hours=20) if paid else placed + timedelta(hours=24)
        n_sellers = 1 if rng.random() < 0.8 else (2 if rng.random() < 0.8 else 3)
        shops = {_pick(world.shop_cum, rng) for _ in range(n_sellers)}
        goods_total = shipping_total = discounts = 0
        order_at, first_so = len(orders), len(seller_orders)
        for k in sorted(shops):
            shop = world.shops[k]
            picked = rng.sample(shop.listings, min(len(shop.listings), rng.choice((1, 1, 1, 1, 1, 2, 2, 2, 3, 3))))
            subtotal = 0
            for listing in picked:
                quantity = 1 if rng.random() < 0.75 else rng.choice((2, 2, 2, 3, 4, 5))
                total = listing.price * quantity
                subtotal += total
                lines.append([len(seller_orders), listing.variant_id, listing.title, listing.label, listing.sku,
                              listing.price, quantity, listing.weight, listing.origin, listing.country, total,
                              "", "", "", ""])
            discount = min(subtotal // 5, rng.randrange(5_000, 25_000, 1_000)) if rng.random() < 0.1 else 0
            fee = rng.randrange(9_000, 36_000, 500)
            seller_orders.append([None, _public_id("so", placed, rng), order_at, shop.org_id, so_status, "jne",
                                  "REG", fee, 2, 4, shop.village, subtotal, discount, _ppn(subtotal - discount),
                                  "payment_overdue" if status == "cancelled" and not paid else "", delivered,
                                  delivered + timedelta(days=4) if delivered else None, placed,
                                  closed_at or paid_at or placed])
            goods_total += subtotal
            shipping_total += fee
            discounts += discount
        platform = 10_000 if rng.random() < 0.05 and goods_total - discounts > 10_000 else 0
        grand = goods_total + shipping_total - discounts - platform
        public_id = _public_id("ord", placed, rng)
        orders.append([None, public_id, world.buyers[buyer_index], status, f"Pembeli {buyer_index}",
                       f"+62812{buyer_index:08d}", f"Jl. Uji Beban No. {buyer_index % 200 + 1}", home.code, home.name,
                       home.district, home.regency, home.province, home.postcode, goods_total, shipping_total,
                       discounts, platform, grand, _ppn(goods_total - discounts - platform), "ID",
                       f"ovs-{batch}-{i}", "", placed, placed + timedelta(hours=24), paid_at, closed_at])
        if status == "awaiting_payment" and rng.random() < 0.5:
            continue  # the buyer has not chosen how to pay yet
        method, channel, _w = METHODS[_pick(world.method_cum, rng)]
        if method == "cod" and grand > COD_MAX:
            method, channel = "qris", ""
        intent_status = "paid" if paid else ("requires_action" if status == "awaiting_payment" else "expired")
        intent_id = _public_id("pay", placed, rng)
        intents.append([None, intent_id, order_at, method, channel, grand, intent_status,
                        "" if method == "cod" else "midtrans", intent_id, "", "", "", "", "", "",
                        placed + timedelta(hours=24), "", placed, paid_at,
                        paid_at if paid else (closed_at if status == "cancelled" else None)])
        if method == "cod" and paid:
            _parcels(parcels, seller_orders, first_so, len(intents) - 1, platform, status, rng)
    return {"orders": orders, "seller_orders": seller_orders, "lines": lines, "intents": intents, "parcels": parcels}


def _parcels(parcels: list, seller_orders: list, first: int, intent: int, platform: int, status: str,
             rng: random.Random) -> None:
    """One cash-on-delivery parcel per seller order: remitted once completed, collected once delivered, void when
    cancelled. The platform voucher comes off the first shop's parcel."""
    for index in range(first, len(seller_orders)):
        row = seller_orders[index]
        amount = row[11] - row[12] + row[7] - (platform if index == first else 0)
        delivered = row[15]
        parcel_status = ("void" if status == "cancelled" else "remitted" if status == "completed"
                         else "collected" if delivered else "awaiting")
        parcels.append([_public_id("cod", row[17], rng), intent, index, amount, amount, parcel_status, "jne",
                        f"JNE{rng.getrandbits(48):015d}", row[17], delivered if parcel_status != "void" else None,
                        delivered + timedelta(days=2) if parcel_status == "remitted" else None])
