"""The authorisation policy of the orders API (orders, seller desk, returns, tracking), as data, checked against
every operation the API publishes under /api/v1/orders/.

Columns are the kinds of caller of returns_api_support.CALLERS: anonymous (401 everywhere); the buyer of the
order or return the path names; another buyer, Toko Budi's owner, its staff member, Toko Sari's owner and an
operator on the buyer's paths (404: another person's order is not confirmed to exist); on the shop's paths the
owner acts, staff read (writes 403), anyone outside the shop gets 404 and a regulator 403; the operators' paths
answer operators only (403). Operations are read from the OpenAPI document, so an endpoint added without a row
here fails. Every operation gets a fresh object in the state its step needs; a refused call must change nothing
and must not show the object to the caller.
"""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.market.orders.models import Order, OrderEvent, RefundRequest, ReturnPhoto, ReturnRequest, SellerOrder
from lapak.market.orders.tests.returns_api_support import CALLERS, ORDERS, rworld_fixture  # noqa: F401
from lapak.market.sellers.tests.conftest import jpeg_bytes
from lapak.market.sellers.tests.test_api_support import call, error_of
from lapak.market.shipping.models import Shipment

SO = ORDERS + "/{order_id}/seller-orders/{seller_order_id}"
MY_RETURN = ORDERS + "/returns/{return_id}"
SHOP = ORDERS + "/seller/{organisation_id}"
DESK_ORDER = SHOP + "/orders/{seller_order_id}"
SHOP_RETURN = SHOP + "/returns/{return_id}"
QUEUE = ORDERS + "/operator/returns"

# Columns:     anonymous buyer other_buyer owner staff other_seller operator regulator
SIGNED_IN = (401, 200, 200, 200, 200, 200, 200, 200)  # each caller's own list
BUYER = (401, 200, 404, 404, 404, 404, 404, 404)
BUYER_CREATE = (401, 201, 404, 404, 404, 404, 404, 404)
SHOP_READ = (401, 404, 404, 200, 200, 404, 404, 403)
SHOP_WRITE = (401, 404, 404, 200, 403, 404, 404, 403)
SHOP_CREATE = (401, 404, 404, 201, 403, 404, 404, 403)
OPERATOR = (401, 403, 403, 403, 403, 403, 200, 403)

MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", ORDERS + "/"): SIGNED_IN,
    ("GET", ORDERS + "/{order_id}"): BUYER,
    ("POST", ORDERS + "/{order_id}/cancel"): BUYER,
    ("POST", SO + "/confirm"): BUYER,
    ("POST", SO + "/returns"): BUYER_CREATE,
    ("POST", SO + "/notes"): BUYER_CREATE,
    ("GET", SO + "/shipments"): BUYER,
    ("GET", ORDERS + "/returns"): SIGNED_IN,
    ("GET", MY_RETURN): BUYER,
    ("POST", MY_RETURN + "/photos"): BUYER_CREATE,
    ("POST", MY_RETURN + "/withdraw"): BUYER,
    ("POST", MY_RETURN + "/dispute"): BUYER,
    ("POST", MY_RETURN + "/ship-back"): BUYER,
    ("GET", SHOP + "/orders"): SHOP_READ,
    ("POST", DESK_ORDER + "/accept"): SHOP_WRITE,
    ("POST", DESK_ORDER + "/cancel"): SHOP_WRITE,
    ("POST", DESK_ORDER + "/ship"): SHOP_WRITE,
    ("POST", DESK_ORDER + "/notes"): SHOP_CREATE,
    ("GET", DESK_ORDER + "/shipments"): SHOP_READ,
    ("GET", SHOP + "/returns"): SHOP_READ,
    ("GET", SHOP_RETURN): SHOP_READ,
    ("POST", SHOP_RETURN + "/accept"): SHOP_WRITE,
    ("POST", SHOP_RETURN + "/refuse"): SHOP_WRITE,
    ("POST", SHOP_RETURN + "/confirm-received"): SHOP_WRITE,
    ("GET", QUEUE): OPERATOR,
    ("GET", QUEUE + "/{return_id}"): OPERATOR,
    ("POST", QUEUE + "/{return_id}/decide"): OPERATOR,
}
# Who may see the object a row's path (or list) concerns; anyone else must not find its id in the answer.
SEES = {BUYER: {"buyer"}, BUYER_CREATE: {"buyer"}, SIGNED_IN: {"buyer"}, SHOP_READ: {"owner", "staff"},
        SHOP_WRITE: {"owner", "staff"}, SHOP_CREATE: {"owner", "staff"}, OPERATOR: {"operator"}}


def _order(w) -> dict:
    order = w.placed()
    return {"order_id": order.public_id, "secret": order.public_id}


def _seller_order(status: str):
    def make(w) -> dict:
        so = w.seller_order(status)
        return {"order_id": so.order.public_id, "seller_order_id": so.public_id, "secret": so.public_id}
    return make


def _return(status: str):
    def make(w) -> dict:
        ret = w.ret(status)
        return {"return_id": ret.public_id, "secret": ret.public_id}
    return make


def _shipped_order(w) -> dict:
    """A delivered seller order with a return on its way back, so there is a parcel to track."""
    ret = w.ret("shipped_back")
    so = ret.seller_order
    return {"order_id": so.order.public_id, "seller_order_id": so.public_id, "secret": ret.public_id}


# How each operation is called: the path values (and the id only insiders may read), its JSON body or a file.
SETUP: dict[tuple[str, str], dict] = {
    ("GET", ORDERS + "/"): {"path": _order},
    ("GET", ORDERS + "/{order_id}"): {"path": _order},
    ("POST", ORDERS + "/{order_id}/cancel"): {"path": _order},
    ("POST", SO + "/confirm"): {"path": _seller_order("delivered")},
    ("POST", SO + "/returns"): {"path": _seller_order("delivered"), "json": lambda w: {
        "lines": [{"variant": w.market.shirt.public_id, "quantity": 1}], "reason": "damaged"}},
    ("POST", SO + "/notes"): {"path": _seller_order("paid"), "json": lambda w: {"text": "Titip ke satpam."}},
    ("GET", SO + "/shipments"): {"path": _shipped_order},
    ("GET", ORDERS + "/returns"): {"path": _return("requested")},
    ("GET", MY_RETURN): {"path": _return("requested")},
    ("POST", MY_RETURN + "/photos"): {"path": _return("requested"), "file": True},
    ("POST", MY_RETURN + "/withdraw"): {"path": _return("requested")},
    ("POST", MY_RETURN + "/dispute"): {"path": _return("refused"), "json": lambda w: {"note": "Lihat fotonya."}},
    ("POST", MY_RETURN + "/ship-back"): {"path": _return("accepted"), "json": lambda w: {}},
    ("GET", SHOP + "/orders"): {"path": _seller_order("paid")},
    ("POST", DESK_ORDER + "/accept"): {"path": _seller_order("paid")},
    ("POST", DESK_ORDER + "/cancel"): {"path": _seller_order("paid"), "json": lambda w: {"reason": "Stok habis."}},
    ("POST", DESK_ORDER + "/ship"): {"path": _seller_order("accepted"), "json": lambda w: {}},
    ("POST", DESK_ORDER + "/notes"): {"path": _seller_order("paid"), "json": lambda w: {"text": "Dikemas sore."}},
    ("GET", DESK_ORDER + "/shipments"): {"path": _shipped_order},
    ("GET", SHOP + "/returns"): {"path": _return("requested")},
    ("GET", SHOP_RETURN): {"path": _return("requested")},
    ("POST", SHOP_RETURN + "/accept"): {"path": _return("requested"), "json": lambda w: {"goods_back": True}},
    ("POST", SHOP_RETURN + "/refuse"): {"path": _return("requested"), "json": lambda w: {"reason": "Tidak rusak."}},
    ("POST", SHOP_RETURN + "/confirm-received"): {"path": _return("shipped_back")},
    ("GET", QUEUE): {"path": _return("disputed")},
    ("GET", QUEUE + "/{return_id}"): {"path": _return("disputed")},
    ("POST", QUEUE + "/{return_id}/decide"): {"path": _return("disputed"), "json": lambda w: {
        "accept": False, "note": "Foto tidak menunjukkan kerusakan."}},
}


def _published_operations() -> set[tuple[str, str]]:
    return published_operations(ORDERS + "/")


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = _published_operations()
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"
    assert set(MATRIX) == set(SETUP), "every row needs an object to act on"
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def _snapshot() -> tuple:
    """What a refused call could have changed."""
    counts = tuple(model.objects.count() for model in (
        Order, SellerOrder, OrderEvent, ReturnRequest, ReturnPhoto, RefundRequest, Shipment, AuditEvent))
    return (*counts, tuple(Order.objects.order_by("pk").values_list("status", flat=True)),
            tuple(SellerOrder.objects.order_by("pk").values_list("status", flat=True)),
            tuple(ReturnRequest.objects.order_by("pk").values_list("status", "goods_back")),
            tuple(Shipment.objects.order_by("pk").values_list("status", "tracking_number")))


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(rworld, method, template):
    w = rworld
    row = MATRIX[(method, template)]
    setup = SETUP[(method, template)]
    values = setup["path"](w)
    secret = values.pop("secret")
    path = w.path(template, **values)
    body = setup["json"](w) if "json" in setup else None
    expected = dict(zip(CALLERS, row, strict=True))
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first: the object is still fresh
        before = _snapshot()
        response = call(method, path, w.headers[caller], json_body=body,
                        file=jpeg_bytes(size=(32, 24)) if setup.get("file") else None)
        actual[caller] = response.status_code
        if response.status_code >= 400:
            assert error_of(response)["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
        if caller not in SEES[row]:
            assert secret not in response.content.decode(), f"{caller} read {secret}"
    assert actual == expected
