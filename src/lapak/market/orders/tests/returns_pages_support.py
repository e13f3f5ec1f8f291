"""Ground for the return page tests (import the fixtures into a test module): the desk's paid order (Toko Budi's
part with the sandbox courier, Toko Sari's with JNE, which Lapak cannot book in tests), delivered; a real JPEG;
an operator; and helpers that open and move returns through the services."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from lapak.market.orders.tests.desk_support import paid, staff

__all__ = ["delivered", "jpeg", "operator", "paid", "staff"]


def jpeg_bytes(colour: str = "red") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def jpeg() -> bytes:
    return jpeg_bytes()


@pytest.fixture
def operator(make_user):
    return make_user(email="ops.returns@example.test", roles=["operator"])


def deliver(so) -> object:
    from lapak.market.orders.models import SellerOrder
    from lapak.market.orders.services import seller_order_transition

    for to, kind in (("accepted", "seller"), ("shipped", "system"), ("delivered", "system")):
        fresh = SellerOrder.objects.select_related("order", "seller").get(pk=so.pk)
        if fresh.status != to:
            seller_order_transition(seller_order=fresh, to=to, actor_kind=kind)
    return SellerOrder.objects.select_related("order", "seller").get(pk=so.pk)


@pytest.fixture
def delivered(paid):
    """The paid order with both parts delivered (their return windows open)."""
    return SimpleNamespace(order=paid.order, budi=deliver(paid.budi), sari=deliver(paid.sari))


def open_return(so, buyer, *, quantities=None, reason="damaged", photos=()):
    """A return of one unit of each line (or `quantities`: variant id -> units), through the service."""
    from lapak.market.orders.models import OrderLine
    from lapak.market.orders.returns.services import return_request_open

    if quantities is None:
        quantities = {line.variant.public_id: 1 for line in OrderLine.objects.filter(seller_order=so)}
    return return_request_open(seller_order=so, buyer=buyer, quantities=quantities, reason=reason,
                               description="Robek di jahitan", photos=list(photos))


def refresh(ret):
    from lapak.market.orders.models import ReturnRequest

    return ReturnRequest.objects.select_related("seller_order__order").get(pk=ret.pk)
