"""A hand-built market for the sellers and sales rollup tests: provinces, two top-level categories (one with a
child), sellers of every kind and orders paid at chosen moments. Rows are written directly (bulk where there are
many): the rollups read only what is stored, and the tests need exact control over when each order was paid."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from lapak.accounts.models import User
from lapak.market.catalog.models import Category, Product, Variant
from lapak.market.orders.models import Order, OrderLine, SellerOrder
from lapak.market.sellers.models import SellerOrganisation
from lapak.regions.models import Region

PROVINCES = {"31": "DKI Jakarta", "32": "Jawa Barat", "35": "Jawa Timur"}
_serial = itertools.count(1)


def village(province: str) -> str:
    return f"{province}.01.01.1001"


def regions_make() -> None:
    for code, name in PROVINCES.items():
        top, _ = Region.objects.get_or_create(code=code, defaults={"digits": code, "level": 1, "kind": "provinsi",
                                                                   "name": name})
        parent = top
        for level, suffix, kind in ((2, ".01", "kabupaten"), (3, ".01.01", "kecamatan"),
                                    (4, ".01.01.1001", "kelurahan")):
            full = code + suffix
            parent, _ = Region.objects.get_or_create(code=full, defaults={
                "digits": full.replace(".", ""), "level": level, "kind": kind, "name": f"{name} {level}",
                "parent": parent})


def categories_make() -> dict[str, Category]:
    fashion = Category.objects.create(slug="t-fashion", name_id="Busana", name_en="Fashion")
    batik = Category.objects.create(slug="t-fashion-batik", name_id="Batik", name_en="Batik", parent=fashion)
    food = Category.objects.create(slug="t-food", name_id="Makanan", name_en="Food")
    return {"fashion": fashion, "batik": batik, "food": food}


def seller(*, province: str | None = "31", umkm: str = "micro", seller_type: str = "individual",
           status: str = "verified", jurisdiction: str = "ID", save: bool = True) -> SellerOrganisation:
    n = next(_serial)
    org = SellerOrganisation(seller_type=seller_type, status=status, umkm_class=umkm, jurisdiction=jurisdiction,
                             shop_name=f"Toko {n}", shop_slug=f"toko-{n}",
                             pickup_region_id=village(province) if province else None)
    if save:
        org.save()
    return org


def listing(org: SellerOrganisation, category: Category, *, origin: str = "domestic", price: int = 10_000,
            status: str = "active") -> Variant:
    product = Product.objects.create(seller=org, category=category, title=f"Barang {next(_serial)}", origin=origin,
                                     status=status)
    return Variant.objects.create(product=product, seller=org, sku=f"SKU-{next(_serial)}", price=price,
                                  weight_grams=100, length_mm=10, width_mm=10, height_mm=10)


def buyers(count: int) -> list[User]:
    first = next(_serial)
    return User.objects.bulk_create([User(email=f"buyer{first}-{i}@example.test", full_name=f"Pembeli {i}")
                                     for i in range(count)])


def order(buyer: User, parts: list[tuple[SellerOrganisation, list[tuple[Variant, int]]]], *,
          paid_at: datetime | None, to_province: str = "32", jurisdiction: str = "ID") -> Order:
    """One order with a seller order per (seller, [(variant, quantity)]), paid at `paid_at` (None: unpaid)."""
    goods = sum(variant.price * quantity for _seller, lines in parts for variant, quantity in lines)
    placed = (paid_at or timezone.now()) - timedelta(minutes=5)
    record = Order.objects.create(
        buyer=buyer, status="paid" if paid_at else "awaiting_payment", recipient_name="Penerima", phone="0812",
        street="Jalan 1", village_code=village(to_province), village_name="Desa", district_name="Kecamatan",
        regency_name="Kota", province_name=PROVINCES.get(to_province, "?"), postcode="40111", goods_total=goods,
        shipping_total=0, grand_total=goods, ppn_total=0, jurisdiction=jurisdiction,
        idempotency_key=f"k{next(_serial)}", placed_at=placed, payment_due_at=placed + timedelta(days=1),
        paid_at=paid_at)
    for org, lines in parts:
        subtotal = sum(variant.price * quantity for variant, quantity in lines)
        so = SellerOrder.objects.create(
            order=record, seller=org, status="paid" if paid_at else "awaiting_payment", courier_code="jne",
            service_code="REG", shipping_fee=0, eta_min_days=1, eta_max_days=2,
            origin_village_code=village(org.pickup_region_id[:2]) if org.pickup_region_id else "",
            goods_subtotal=subtotal, ppn_amount=0)
        OrderLine.objects.bulk_create([OrderLine(
            seller_order=so, variant=variant, title="x", sku=variant.sku, unit_price=variant.price,
            quantity=quantity, weight_grams=100, origin=variant.product.origin,
            origin_country="ID" if variant.product.origin == "domestic" else "CN",
            line_total=variant.price * quantity) for variant, quantity in lines])
    return record


def months_ago(months: int, *, day: int = 10, hour: int = 12) -> datetime:
    """A moment `months` calendar months before this month, on `day` at `hour` (local time)."""
    now = timezone.localtime()
    year, month = now.year, now.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return now.replace(year=year, month=month, day=day, hour=hour, minute=0, second=0, microsecond=0)
