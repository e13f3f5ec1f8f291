"""A small market for the report tests, written directly (bulk where there are many): the counts and revenue
read only what is stored, and the tests need exact control over when each order was paid and each ledger entry
written (entries are append-only, so they are written with the clock frozen inside the quarter).

In the previous full quarter (its middle month): 25 ID sellers each sell one seller order, 12 shipping from
DKI Jakarta (31), 10 from Jawa Barat (32), 3 from Jawa Timur (35), to 20 buyers, 12 receiving in Jawa Barat,
5 in Jawa Timur, 3 in DKI Jakarta. Around it, what must not count: an order paid the quarter before, an unpaid
one, and a GB order. The ledger: escrow released with commission for 11 ID sellers and one GB seller, and a
refund after release that gives back part of one commission."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from freezegun import freeze_time

from lapak.accounts.models import User
from lapak.market.catalog.models import Category, Product, Variant
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.orders.models import Order, OrderLine, RefundRequest, SellerOrder
from lapak.market.sellers.models import SellerOrganisation
from lapak.regions.models import Region

WIB = ZoneInfo("Asia/Jakarta")
PROVINCES = {"31": "DKI Jakarta", "32": "Jawa Barat", "35": "Jawa Timur"}
SELLERS = {"31": 12, "32": 10, "35": 3}
BUYER_PROVINCES = ["32"] * 12 + ["35"] * 5 + ["31"] * 3  # buyer i receives in BUYER_PROVINCES[i]
PRICE = 10_000
_serial = itertools.count(1)


@dataclass(frozen=True)
class Quarter:
    label: str  # "2026-Q3"
    month: str  # its middle month, "2026-08"
    moment: datetime  # the 15th of that month, noon WIB


def previous_quarter() -> Quarter:
    today = timezone.localdate()
    index = today.year * 4 + (today.month - 1) // 3 - 1
    year, number = divmod(index, 4)
    month = 3 * number + 2
    return Quarter(f"{year}-Q{number + 1}", f"{year}-{month:02d}", datetime(year, month, 15, 12, tzinfo=WIB))


def village(province: str) -> str:
    return f"{province}.01.01.1001"


def regions_make() -> None:
    for code, name in PROVINCES.items():
        parent, _created = Region.objects.get_or_create(code=code, defaults={
            "digits": code, "level": 1, "kind": "provinsi", "name": name})
        for level, suffix, kind in ((2, ".01", "kabupaten"), (3, ".01.01", "kecamatan"),
                                    (4, ".01.01.1001", "kelurahan")):
            full = code + suffix
            parent, _created = Region.objects.get_or_create(code=full, defaults={
                "digits": full.replace(".", ""), "level": level, "kind": kind, "name": f"{name} {level}",
                "parent": parent})


def seller(province: str, jurisdiction: str = "ID") -> tuple[SellerOrganisation, Variant]:
    n = next(_serial)
    org = SellerOrganisation.objects.create(seller_type="individual", status="verified", umkm_class="micro",
                                            jurisdiction=jurisdiction, shop_name=f"Toko Laporan {n}",
                                            shop_slug=f"toko-laporan-{n}", pickup_region_id=village(province))
    category = Category.objects.get_or_create(slug="t-report-goods", defaults={"name_id": "Barang",
                                                                              "name_en": "Goods"})[0]
    product = Product.objects.create(seller=org, category=category, title=f"Barang {n}", origin="domestic",
                                     status="active")
    variant = Variant.objects.create(product=product, seller=org, sku=f"REP-{n}", price=PRICE, weight_grams=100,
                                     length_mm=10, width_mm=10, height_mm=10)
    return org, variant


def buyers(count: int) -> list[User]:
    first = next(_serial)
    return User.objects.bulk_create([User(email=f"pembeli{first}-{i}@example.test", full_name=f"Pembeli {i}")
                                     for i in range(count)])


def order(buyer: User, org: SellerOrganisation, variant: Variant, *, paid_at: datetime | None, to: str,
          quantity: int = 1, jurisdiction: str = "ID") -> SellerOrder:
    goods = PRICE * quantity
    placed = (paid_at or timezone.now()) - timedelta(minutes=5)
    record = Order.objects.create(
        buyer=buyer, status="paid" if paid_at else "awaiting_payment", recipient_name="Penerima", phone="0812",
        street="Jalan 1", village_code=village(to), village_name="Desa", district_name="Kecamatan",
        regency_name="Kota", province_name=PROVINCES[to], postcode="40111", goods_total=goods, shipping_total=0,
        grand_total=goods, ppn_total=0, jurisdiction=jurisdiction, idempotency_key=f"rep{next(_serial)}",
        placed_at=placed, payment_due_at=placed + timedelta(days=1), paid_at=paid_at)
    so = SellerOrder.objects.create(
        order=record, seller=org, status="paid" if paid_at else "awaiting_payment", courier_code="jne",
        service_code="REG", shipping_fee=0, eta_min_days=1, eta_max_days=2,
        origin_village_code=village(org.pickup_region_id[:2]), goods_subtotal=goods, ppn_amount=0)
    OrderLine.objects.create(seller_order=so, variant=variant, title="Barang", sku=variant.sku, unit_price=PRICE,
                             quantity=quantity, weight_grams=100, origin="domestic", origin_country="ID",
                             line_total=goods)
    return so


def release(so: SellerOrder, commission: int) -> None:
    """What escrow_release books, in the shape release.py writes it: escrow (debit) → seller payable and
    commission revenue (credits); the escrow is funded first as a payment would fund it."""
    escrow = ledger_account(kind=AccountKind.ESCROW, owner_ref=so.public_id)
    gross = so.goods_subtotal
    ledger_post(key=f"test-fund:{so.public_id}", cause_type="test_funding", cause_id=so.public_id,
                postings=[debit(ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="test"), gross),
                          credit(escrow, gross)])
    ledger_post(key=f"escrow-release:{so.public_id}", cause_type="escrow_release", cause_id=so.public_id,
                postings=[debit(escrow, gross),
                          credit(ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref=so.seller.public_id),
                                 gross - commission),
                          credit(ledger_account(kind=AccountKind.COMMISSION_REVENUE), commission)])


def refund_after_release(so: SellerOrder, commission_back: int) -> RefundRequest:
    refund = RefundRequest.objects.create(order=so.order, seller_order=so, amount=commission_back,
                                          due_at=timezone.now() + timedelta(days=7))
    ledger_post(key=f"test-refund:{refund.public_id}", cause_type="refund_request", cause_id=refund.public_id,
                postings=[debit(ledger_account(kind=AccountKind.COMMISSION_REVENUE), commission_back),
                          credit(ledger_account(kind=AccountKind.REFUNDS_PAYABLE, owner_ref=so.order.public_id),
                                 commission_back)])
    return refund


@dataclass
class Market:
    quarter: Quarter
    seller_orders: list[SellerOrder] = field(default_factory=list)
    commission_charged: int = 0
    commission_returned: int = 0
    gmv: int = 0


def market_make() -> Market:
    quarter = previous_quarter()
    regions_make()
    market = Market(quarter)
    people = buyers(len(BUYER_PROVINCES) + 3)
    sellers = [seller(province) for province, count in SELLERS.items() for _ in range(count)]
    for i, (org, variant) in enumerate(sellers):
        buyer_index = i % len(BUYER_PROVINCES)
        quantity = 1 + i % 3
        market.seller_orders.append(order(people[buyer_index], org, variant, paid_at=quarter.moment,
                                          to=BUYER_PROVINCES[buyer_index], quantity=quantity))
        market.gmv += PRICE * quantity
    # What must not count in the quarter: paid the quarter before, never paid, and another jurisdiction's.
    old_org, old_variant = seller("31")
    order(people[-1], old_org, old_variant, paid_at=quarter.moment - timedelta(days=100), to="31")
    order(people[-2], old_org, old_variant, paid_at=None, to="31")
    gb_org, gb_variant = seller("31", jurisdiction="GB")
    gb_sale = order(people[-3], gb_org, gb_variant, paid_at=quarter.moment, to="31", jurisdiction="GB")
    with freeze_time(quarter.moment + timedelta(days=10)):
        for index, so in enumerate(market.seller_orders[:11]):
            commission = 500 + index
            release(so, commission)
            market.commission_charged += commission
        release(gb_sale, 777)
        refund_after_release(market.seller_orders[0], 200)
        market.commission_returned = 200
    return market
