"""Placing an order: the happy path from a two-shop cart to an accepted seller order, totals and PPN, and
idempotency. Bad input is in test_placement_refusals.py, races in test_placement_races.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.orders.tests import support
from lapak.market.orders.tests.support import BANDUNG
from lapak.market.promotions.tests.conftest import terms

address, cart, couriers, market, place, places = (  # fixtures
    support.address, support.cart, support.couriers, support.market, support.place, support.places)
pytestmark = pytest.mark.django_db


def _units(variant):
    from lapak.market.inventory.selectors import variant_availability

    return variant_availability(variant_ids=[variant.pk])[variant.pk]


def _quote(origin, parcel, courier="jne", service="REG"):
    from lapak.market.shipping.quotes import shipping_quote

    quotes = shipping_quote(origin_region=origin, destination_region=BANDUNG, parcels=[parcel])
    return next(q for q in quotes if (q.courier, q.service) == (courier, service))


def test_two_shop_cart_becomes_one_order_with_two_seller_orders(place, cart, market, buyer, make_user):
    from lapak.compliance.models import Decision
    from lapak.core.audit.models import AuditEvent
    from lapak.market.checkout.models import CartLine
    from lapak.market.inventory.models import Allocation, Reservation
    from lapak.market.orders.models import OrderEvent
    from lapak.market.orders.services import order_mark_paid, seller_order_transition
    from lapak.market.promotions.models import RedemptionStatus, VoucherRedemption
    from lapak.market.promotions.services import voucher_create

    operator = make_user(email="ops@example.test", roles=["operator"])
    voucher_create(actor=operator, data=terms(code="HEMAT10"))  # Rp10,000 off from Rp50,000
    voucher_create(actor=market.sari_owner, seller=market.sari, data=terms(
        code="SARI10", kind="percentage", amount=0, percent_bp=1_000))  # 10 % off Toko Sari's goods
    before = {v: _units(v) for v in (market.shirt, market.tea, market.batik)}

    order = place(voucher_codes=["hemat10", "SARI10"])

    # Shipping: each shop's units as one parcel, priced by the rate table, from Jakarta to Bandung.
    budi_fee = _quote("31.71.01.1001", (250 * 3, 300, 200, 20 * 3)).price
    sari_fee = _quote("31.71.01.1001", (250, 300, 200, 20)).price
    assert order.status == "awaiting_payment" and order.public_id.startswith("ord_")
    assert (order.goods_total, order.shipping_total) == (520_000, budi_fee + sari_fee)
    assert (order.seller_discount_total, order.platform_discount) == (25_000, 10_000)
    assert order.grand_total == 520_000 + budi_fee + sari_fee - 35_000
    assert order.ppn_total == 48_063  # 485,000 × 11/111 = 48,063.06
    assert (order.village_code, order.recipient_name) == (BANDUNG, "Sari Wulandari") and len(order.postcode) == 5
    assert order.payment_due_at - order.placed_at == timedelta(minutes=15)

    budi, sari = order.seller_orders.order_by("pk")
    assert (budi.seller, sari.seller) == (market.budi, market.sari)
    assert (budi.goods_subtotal, budi.seller_discount, budi.shipping_fee, budi.courier_code) == (
        270_000, 0, budi_fee, "jne")
    assert (sari.goods_subtotal, sari.seller_discount, sari.ppn_amount) == (250_000, 25_000, 22_297)
    lines = {line.sku: line for line in budi.lines.all()}
    shirt = lines["KAOS-M-MERAH"]
    assert (shirt.title, shirt.variant_label, shirt.unit_price, shirt.quantity, shirt.line_total,
            shirt.weight_grams, shirt.origin) == ("Kaos Katun Lengan Pendek", "M / Merah", 75_000, 2, 150_000,
                                                  250, "domestic")
    assert lines["TEH-100"].origin == "imported_local"

    # Held, not yet taken: stock reserved under the order's id, vouchers held, cart emptied.
    assert Reservation.objects.filter(key=order.public_id).count() == 3
    assert _units(market.shirt) == before[market.shirt] - 2 and _units(market.batik) == before[market.batik] - 1
    assert set(VoucherRedemption.objects.filter(order_ref=order.public_id).values_list("status", flat=True)) == {
        RedemptionStatus.HELD}
    assert not CartLine.objects.filter(cart=cart).exists()
    decision = Decision.objects.get(event="checkout.place", subject_id=order.public_id)
    # Decided under the pack of the address's jurisdiction, on every line with its seller and origin.
    assert (order.jurisdiction, decision.jurisdiction, decision.outcome) == ("ID", "ID", "allow")
    assert len(decision.evidence["lines"]) == 3 and {v["rule_id"] for v in decision.rule_versions} >= {
        "ID-SEL-1", "ID-MKT-1", "ID-XB-1"}
    assert AuditEvent.objects.filter(action="order.place", subject_id=order.public_id).count() == 1

    paid = order_mark_paid(order=order, payment_reference="pay_1")
    assert paid.status == "paid" and paid.paid_at is not None
    assert not Reservation.objects.filter(key=order.public_id).exists()
    assert Allocation.objects.filter(order_line_ref__startswith=f"{order.public_id}/").count() == 3
    assert _units(market.shirt) == before[market.shirt] - 2  # allocated instead of held
    assert set(VoucherRedemption.objects.filter(order_ref=order.public_id).values_list("status", flat=True)) == {
        RedemptionStatus.CONFIRMED}
    assert set(order.seller_orders.values_list("status", flat=True)) == {"paid"}
    assert order_mark_paid(order=order, payment_reference="pay_1").status == "paid"  # a repeated webhook
    assert Allocation.objects.filter(order_line_ref__startswith=f"{order.public_id}/").count() == 3

    accepted = seller_order_transition(seller_order=budi, to="accepted", actor_kind="seller",
                                       actor=market.budi_owner)
    assert accepted.status == "accepted"
    timeline = list(OrderEvent.objects.filter(order=order).values_list("seller_order_id", "from_status",
                                                                        "to_status"))
    assert timeline == [(None, "", "awaiting_payment"), (None, "awaiting_payment", "paid"),
                        (budi.pk, "awaiting_payment", "paid"), (sari.pk, "awaiting_payment", "paid"),
                        (budi.pk, "paid", "accepted")]
    assert AuditEvent.objects.filter(action="seller_order.accepted", subject_id=budi.public_id).exists()


def test_ppn_without_vouchers_is_eleven_of_111(place, cart):
    order = place()
    assert order.ppn_total == 51_532  # 520,000 × 11/111 = 51,531.53
    assert order.grand_total == order.goods_total + order.shipping_total


def test_same_key_returns_the_same_order_and_a_new_key_needs_a_cart(place, cart, market):
    from lapak.market.checkout.errors import CartEmpty
    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.models import Order

    first = place(key="click-1")
    assert place(key="click-1").pk == first.pk  # the double click
    assert Order.objects.count() == 1 and Reservation.objects.filter(key=first.public_id).count() == 3
    with pytest.raises(CartEmpty):
        place(key="click-2")


def test_payment_after_expiry_is_refused_and_expiry_releases_everything(place, cart, market, make_user):
    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.services import order_mark_paid, orders_expire
    from lapak.market.promotions.models import RedemptionStatus, VoucherRedemption
    from lapak.market.promotions.services import voucher_create

    operator = make_user(email="ops@example.test", roles=["operator"])
    voucher = voucher_create(actor=operator, data=terms(code="HEMAT10", per_buyer_limit=1))
    before = _units(market.batik)
    order = place(voucher_codes=["HEMAT10"])
    assert _units(market.batik) == before - 1
    assert orders_expire(now=timezone.now()) == 0  # not due yet
    assert orders_expire(now=order.payment_due_at + timedelta(seconds=1)) == 1
    order.refresh_from_db()
    assert order.status == "cancelled" and set(order.seller_orders.values_list("status", flat=True)) == {
        "cancelled"}
    assert not Reservation.objects.filter(key=order.public_id).exists() and _units(market.batik) == before
    assert VoucherRedemption.objects.get(voucher=voucher).status == RedemptionStatus.RELEASED
    assert orders_expire(now=order.payment_due_at + timedelta(hours=1)) == 0  # idempotent
    with pytest.raises(IllegalTransition):
        order_mark_paid(order=order, payment_reference="pay_late")
