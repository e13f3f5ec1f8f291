"""Placing an order refused: every kind of bad input gets its typed error, and nothing is half-written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.errors import ValidationFailed
from lapak.market.orders.tests import support
from lapak.market.orders.tests.support import JAYAPURA, address_in, choices, fill
from lapak.market.promotions.tests.conftest import terms

address, cart, couriers, market, place, places = (  # fixtures
    support.address, support.cart, support.couriers, support.market, support.place, support.places)
pytestmark = pytest.mark.django_db


@pytest.fixture
def untouched(cart):
    """After the test: no order, no stock held, no voucher used, no decision, and the cart as it was."""
    from lapak.market.checkout.models import CartLine

    lines = sorted(CartLine.objects.filter(cart=cart).values_list("variant_id", "quantity"))
    yield
    from lapak.compliance.models import Decision
    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.models import Order, OrderEvent, OrderLine, SellerOrder
    from lapak.market.promotions.models import VoucherRedemption

    assert not Order.objects.exists() and not SellerOrder.objects.exists() and not OrderLine.objects.exists()
    assert not OrderEvent.objects.exists() and not Reservation.objects.exists()
    assert not VoucherRedemption.objects.exists() and not Decision.objects.filter(event="checkout.place").exists()
    assert sorted(CartLine.objects.filter(cart=cart).values_list("variant_id", "quantity")) == lines


def _refused(place, error=ValidationFailed, **kwargs):
    with pytest.raises(error) as caught:
        place(**kwargs)
    return caught.value


def test_unknown_and_someone_elses_address_are_the_same_refusal(place, untouched, other_buyer, places):
    from lapak.accounts.services_addresses import address_create
    from lapak.accounts.tests.address_support import address_data

    theirs = address_create(user=other_buyer, data=address_data())
    for public_id in ("adr_00000000000000000000000000", theirs.public_id, "", "x" * 500):
        error = _refused(place, address_public_id=public_id)
        assert error.code == "address_not_found" and list(error.fields) == ["address"]


def test_a_courier_that_does_not_serve_the_destination(place, untouched, buyer, market, places):
    papua = address_in(buyer, JAYAPURA)
    error = _refused(place, address_public_id=papua.public_id, shipping_choices=choices(market, ("sicepat", "REG")))
    assert error.code == "courier_not_serving"
    assert set(error.fields) == {f"shipping.{market.budi.public_id}", f"shipping.{market.sari.public_id}"}
    error = _refused(place, shipping_choices=choices(market, ("jne", "NOPE")))  # no such service at all
    assert error.code == "courier_not_serving"


@pytest.mark.parametrize("given", [
    "missing_one", "unknown_seller", "not_a_pair", "not_a_mapping"])
def test_shipping_choices_must_name_every_seller_once(place, untouched, market, given):
    budi, sari = market.budi.public_id, market.sari.public_id
    shipping = {"missing_one": {budi: ("jne", "REG")},
                "unknown_seller": {**choices(market), "org_00000000000000000000000000": ("jne", "REG")},
                "not_a_pair": {budi: ("jne",), sari: "jne REG"},
                "not_a_mapping": [("jne", "REG")]}[given]
    error = _refused(place, shipping_choices=shipping)
    assert error.code == "shipping_choice_invalid" and error.fields


def test_expired_exhausted_unknown_and_foreign_vouchers(place, untouched, make_user, other_buyer, market):
    from lapak.market.promotions.services import voucher_create, voucher_redeem

    operator = make_user(email="ops@example.test", roles=["operator"])
    now = timezone.now()
    expired = voucher_create(actor=operator, data=terms(code="LAMA"))
    # Time passes: the window lies in the past now (the service refuses to issue it so).
    type(expired).objects.filter(pk=expired.pk).update(valid_from=now - timedelta(days=9),
                                                       valid_until=now - timedelta(days=1))
    used_up = voucher_create(actor=operator, data=terms(code="HABIS", max_redemptions=1))
    voucher_redeem(voucher=used_up, buyer=other_buyer, subtotal=100_000, order_ref="someone-else")
    assert _refused(place, voucher_codes=["lama"]).code == "voucher_expired"
    error = _refused(place, voucher_codes=["HABIS"])
    assert error.code == "voucher_exhausted" and list(error.fields) == ["vouchers.HABIS"]
    assert _refused(place, voucher_codes=["TIDAKADA"]).code == "voucher_not_found"
    voucher_create(actor=operator, data=terms(code="DUA"))
    voucher_create(actor=operator, data=terms(code="TIGA"))
    assert _refused(place, voucher_codes=["DUA", "TIGA"]).code == "voucher_one_platform"
    assert list(_refused(place, voucher_codes="DUA").fields) == ["vouchers"]  # a string, not a list
    from lapak.market.promotions.models import VoucherRedemption

    VoucherRedemption.objects.all().delete()  # the other buyer's use was only there to exhaust the voucher


def test_a_seller_voucher_needs_that_sellers_goods(place, untouched, shops, market):
    from lapak.market.promotions.services import voucher_create

    other = shops("Toko Lain", 4)
    voucher_create(actor=other.owner, seller=other.org, data=terms(code="LAIN5"))
    assert _refused(place, voucher_codes=["LAIN5"]).code == "voucher_not_for_cart"


def test_flagged_lines_are_all_named_at_once(place, untouched, market, catalogue):
    from lapak.market.catalog.services import listing_transition, variant_update
    from lapak.market.checkout.errors import CartNotReady
    from lapak.market.inventory.services import stock_adjust

    variant_update(variant=market.shirt, actor=market.budi_owner, data={"price": 79_000})
    listing_transition(product=catalogue.tea, actor=market.budi_owner, to="paused")
    stock_adjust(variant=market.batik, warehouse=market.batik.seller.warehouses.get(), quantity=0, actor="test")
    error = _refused(place, CartNotReady)
    assert error.code == "cart_not_ready" and set(error.fields) == {
        f"lines.{v.public_id}" for v in (market.shirt, market.tea, market.batik)}


def test_an_empty_cart(place, buyer, address, market):
    from lapak.market.checkout.errors import CartEmpty
    from lapak.market.orders.models import Order

    assert _refused(place, CartEmpty).code == "cart_empty"  # no cart at all
    fill(buyer, (market.shirt, 1))
    from lapak.market.checkout.models import CartLine

    CartLine.objects.all().delete()
    assert _refused(place, CartEmpty).code == "cart_empty"  # a cart without lines
    assert not Order.objects.exists()


@pytest.mark.parametrize("key", ["", "ü" * 3, "x" * 256, None])
def test_a_bad_idempotency_key(place, untouched, key):
    assert _refused(place, key=key).code == "idempotency_key_invalid"


def test_a_failure_inside_the_transaction_undoes_the_stock_hold(place, untouched, make_user, other_buyer,
                                                                 monkeypatch):
    """The voucher's last use is taken after it was quoted and before it is redeemed (injected at that point):
    the order is refused with `voucher_exhausted`, and the stock already held in the transaction is let go."""
    from lapak.market.checkout.services import placement
    from lapak.market.promotions.models import VoucherRedemption
    from lapak.market.promotions.services import voucher_create, voucher_redeem

    operator = make_user(email="ops@example.test", roles=["operator"])
    voucher = voucher_create(actor=operator, data=terms(code="SEKALI", max_redemptions=1))
    real = placement.plan_vouchers

    def then_someone_else_uses_it(plan, **kwargs):
        real(plan, **kwargs)
        voucher_redeem(voucher=voucher, buyer=other_buyer, subtotal=100_000, order_ref="the-other-order")

    monkeypatch.setattr(placement, "plan_vouchers", then_someone_else_uses_it)
    assert _refused(place, voucher_codes=["SEKALI"]).code == "voucher_exhausted"
    assert VoucherRedemption.objects.get().order_ref == "the-other-order"
    VoucherRedemption.objects.all().delete()


def test_a_compliance_refusal_places_nothing_and_keeps_the_refusal_on_record(place, cart, market):
    from lapak.compliance.models import Decision
    from lapak.market.checkout.errors import CheckoutRefused
    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.models import Order
    from lapak.market.sellers.models import SellerOrganisation

    # One of the shops in the cart turns out to be the platform's own (ID-MKT-1: not in Indonesia).
    SellerOrganisation.objects.filter(pk=market.sari.pk).update(seller_type="first_party")
    refused = _refused(place, CheckoutRefused)
    assert refused.code == "checkout_refused" and list(refused.fields) == ["rules.ID-MKT-1"]
    assert "produsen" in refused.fields["rules.ID-MKT-1"][0]  # in the active language: Bahasa Indonesia by default
    assert not Order.objects.exists() and not Reservation.objects.exists()
    kept = Decision.objects.get(event="checkout.place")
    assert (kept.outcome, kept.public_id) == ("deny", refused.decision.decision_id)
    assert kept.reasons[0]["evidence"]["refused_sellers"] == [market.sari.public_id]
