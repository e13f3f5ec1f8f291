"""Ground for the order desk tests (import the fixtures into a test module): one paid order whose Toko Budi part
ships with the sandbox courier and whose Toko Sari part with JNE (booked through KiriminAja, not set up in
tests, so the seller types the tracking number), and a staff member of Toko Budi."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lapak.market.orders.tests.support import choices


@pytest.fixture
def paid(place, cart, market):
    from lapak.market.orders.models import SellerOrder
    from lapak.market.orders.services import order_mark_paid

    order = place(shipping_choices={**choices(market), market.budi.public_id: ("sandbox", "REG")})
    order_mark_paid(order=order, payment_reference="pay-desk")
    return SimpleNamespace(order=order, budi=SellerOrder.objects.get(order=order, seller=market.budi),
                           sari=SellerOrder.objects.get(order=order, seller=market.sari))


@pytest.fixture
def staff(make_user, market):
    from lapak.market.sellers.services import member_add

    user = make_user(email="staf.budi@example.test")
    member_add(organisation=market.budi, actor=market.budi_owner, user=user, role="staff")
    return user


def accept(so, market):
    from lapak.market.orders.services import seller_order_transition

    owner = market.budi_owner if so.seller_id == market.budi.pk else market.sari_owner
    return seller_order_transition(seller_order=so, to="accepted", actor_kind="seller", actor=owner)


def status_of(so) -> str:
    from lapak.market.orders.models import SellerOrder

    return SellerOrder.objects.get(pk=so.pk).status
