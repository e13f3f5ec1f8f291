"""Returns through the orders API: the whole way from the buyer's request to the refund (refused, disputed,
decided by an operator, shipped back with the sandbox courier, delivered by its tracking), and bad input —
unknown variants, no units, too many, the window closed, a second open return, malformed or mistyped bodies —
answered in the one error shape with nothing written, never a 500."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.orders.models import RefundRequest, ReturnPhoto, ReturnRequest, SellerOrder
from lapak.market.orders.tests.returns_api_support import ORDERS, rworld_fixture  # noqa: F401
from lapak.market.sellers.tests.conftest import jpeg_bytes
from lapak.market.sellers.tests.test_api_support import call, error_of

pytestmark = pytest.mark.django_db


def _open_path(so) -> str:
    return f"{ORDERS}/{so.order.public_id}/seller-orders/{so.public_id}/returns"


def _body(w, *lines, reason="damaged", description="Jahitan sobek."):
    return {"lines": [{"variant": v.public_id, "quantity": n} for v, n in lines] or [],
            "reason": reason, "description": description}


def _ok(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def test_the_whole_return_through_the_api(rworld, django_capture_on_commit_callbacks):
    from lapak.market.shipping.sandbox import sandbox_tick

    w, h = rworld, rworld.headers
    so = w.seller_order()
    shop = f"{ORDERS}/seller/{w.market.budi.public_id}/returns"

    opened = _ok(call("POST", _open_path(so), h["buyer"], json_body=_body(w, (w.market.shirt, 1))), 201)
    rid = opened["id"]
    assert opened["status"] == "requested" and opened["refund_amount"] == 75_000 and opened["due_at"]
    assert opened["lines"] == [{"variant": w.market.shirt.public_id, "title": opened["lines"][0]["title"],
                                "variant_label": opened["lines"][0]["variant_label"], "sku": "KAOS-M-MERAH",
                                "unit_price": 75_000, "quantity": 1}]
    photo = _ok(call("POST", f"{ORDERS}/returns/{rid}/photos", h["buyer"], file=jpeg_bytes(size=(64, 48))), 201)
    assert [p["width"] for p in photo["photos"]] == [64] and photo["photos"][0]["id"].startswith("rph_")

    assert [r["id"] for r in _ok(call("GET", shop + "?status=requested", h["staff"]))] == [rid]
    refused = _ok(call("POST", f"{shop}/{rid}/refuse", h["owner"], json_body={"reason": "Barang tidak rusak."}))
    assert refused["status"] == "refused" and refused["refusal_reason"] == "Barang tidak rusak."
    disputed = _ok(call("POST", f"{ORDERS}/returns/{rid}/dispute", h["buyer"], json_body={"note": "Lihat foto."}))
    assert disputed["status"] == "disputed" and disputed["dispute_note"] == "Lihat foto."

    queue = _ok(call("GET", f"{ORDERS}/operator/returns?status=disputed", h["operator"]))
    assert [r["id"] for r in queue] == [rid]
    decided = _ok(call("POST", f"{ORDERS}/operator/returns/{rid}/decide", h["operator"],
                       json_body={"accept": True, "goods_back": True, "note": "Foto menunjukkan sobekan."}))
    assert decided["status"] == "accepted" and decided["decision_note"] == "Foto menunjukkan sobekan."

    shipped = _ok(call("POST", f"{ORDERS}/returns/{rid}/ship-back", h["buyer"], json_body={}))
    [parcel] = shipped["shipments"]
    assert shipped["status"] == "shipped_back" and parcel["courier"] == "sandbox" and parcel["of"] == rid
    assert parcel["tracking_number"].startswith("SBX") and parcel["events"] == []

    later = timezone.now()
    for _tick in range(3):  # picked up, in transit, delivered to the shop
        later += timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            assert sandbox_tick(now=later) == 1

    done = _ok(call("GET", f"{ORDERS}/returns/{rid}", h["buyer"]))
    assert done["status"] == "refund_requested" and done["closed_at"]
    assert done["refund"]["amount"] == 75_000 and done["refund"]["status"] == "requested"
    assert [e["status"] for e in done["shipments"][0]["events"]] == ["picked_up", "in_transit", "delivered"]
    assert RefundRequest.objects.get().amount == 75_000

    tracked = _ok(call("GET", f"{ORDERS}/{so.order.public_id}/seller-orders/{so.public_id}/shipments", h["buyer"]))
    assert [(s["of"], s["status"]) for s in tracked] == [(rid, "delivered")]
    desk = _ok(call("GET", f"{ORDERS}/seller/{w.market.budi.public_id}/orders/{so.public_id}/shipments",
                    h["staff"]))
    assert desk == tracked
    assert _ok(call("GET", f"{shop}/{rid}", h["owner"]))["refund"]["amount"] == 75_000


def test_accepted_without_the_goods_requests_the_refund_at_once(rworld):
    w = rworld
    ret = w.ret("requested")
    body = _ok(call("POST", f"{ORDERS}/seller/{w.market.budi.public_id}/returns/{ret.public_id}/accept",
                    w.headers["owner"], json_body={"goods_back": False}))
    assert body["status"] == "refund_requested" and body["goods_back"] is False and body["refund"]["amount"]


def test_a_courier_that_cannot_be_booked_needs_the_tracking_number(rworld):
    w = rworld
    from lapak.market.orders.returns.services import return_answer, return_request_open

    so = w.seller_order(courier=("jne", "REG"))  # JNE is booked through KiriminAja, not set up in tests
    ret = return_request_open(seller_order=so, buyer=w.buyer, reason="damaged",
                              quantities={w.market.tea.public_id: 1})
    return_answer(return_request=ret, seller_actor=w.owner, accept=True)
    path = f"{ORDERS}/returns/{ret.public_id}/ship-back"
    response = call("POST", path, w.headers["buyer"], json_body={})
    error = error_of(response)
    assert response.status_code == 422 and error["code"] == "tracking_number_required"
    assert "tracking_number" in error["fields"]
    assert ReturnRequest.objects.get(pk=ret.pk).status == "accepted"
    body = _ok(call("POST", path, w.headers["buyer"], json_body={"tracking_number": "JNE0099887766"}))
    assert body["status"] == "shipped_back" and body["shipments"][0]["tracking_number"] == "JNE0099887766"


def test_a_retry_with_the_same_idempotency_key_replays_the_answer(rworld):
    w = rworld
    ret = w.ret("requested")
    path = f"{ORDERS}/returns/{ret.public_id}/withdraw"
    first = call("POST", path, w.headers["buyer"], json_body={}, HTTP_IDEMPOTENCY_KEY="tarik-1")
    again = call("POST", path, w.headers["buyer"], json_body={}, HTTP_IDEMPOTENCY_KEY="tarik-1")
    assert first.status_code == again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() and first.json()["status"] == "withdrawn"
    without = call("POST", path, w.headers["buyer"], json_body={})
    assert without.status_code == 409 and error_of(without)["code"] == "return_step_not_allowed"


def _nothing_written(before: tuple) -> None:
    assert (ReturnRequest.objects.count(), ReturnPhoto.objects.count()) == before


@pytest.mark.parametrize(("lines", "field"), [
    ([], "lines"),  # zero lines
    ([("shirt", 0)], "lines"),  # no unit at all
    ([("shirt", 3)], "lines.{shirt}"),  # two were bought
    ([("batik", 1)], "lines.{batik}"),  # Toko Sari's, not part of this seller order
    ([("shirt", 1), ("shirt", 1)], "lines.{shirt}"),  # the same variant twice
])
def test_bad_lines_are_422_naming_the_line(rworld, lines, field):
    w = rworld
    so = w.seller_order()
    variants = {"shirt": w.market.shirt, "batik": w.market.batik}
    body = {"lines": [{"variant": variants[v].public_id, "quantity": n} for v, n in lines], "reason": "damaged"}
    response = call("POST", _open_path(so), w.headers["buyer"], json_body=body)
    error = error_of(response)
    assert response.status_code == 422 and error["code"] == "validation_error"
    assert list(error["fields"]) == [field.format(**{k: v.public_id for k, v in variants.items()})]
    _nothing_written((0, 0))


def test_an_unknown_variant_is_422(rworld):
    w = rworld
    body = {"lines": [{"variant": "var_nope", "quantity": 1}], "reason": "damaged"}
    response = call("POST", _open_path(w.seller_order()), w.headers["buyer"], json_body=body)
    assert response.status_code == 422 and list(error_of(response)["fields"]) == ["lines.var_nope"]


def test_units_already_returned_cannot_be_asked_again(rworld):
    w = rworld
    so = w.seller_order()
    first = call("POST", _open_path(so), w.headers["buyer"], json_body=_body(w, (w.market.shirt, 2)))
    assert first.status_code == 201
    second = call("POST", _open_path(so), w.headers["buyer"], json_body=_body(w, (w.market.tea, 1)))
    assert second.status_code == 409 and error_of(second)["code"] == "return_already_open"
    call("POST", f"{ORDERS}/returns/{first.json()['id']}/withdraw", w.headers["buyer"])
    # withdrawn: the shirts may be asked again, but never more than were bought
    again = call("POST", _open_path(so), w.headers["buyer"], json_body=_body(w, (w.market.shirt, 2)))
    assert again.status_code == 201 and ReturnRequest.objects.count() == 2


def test_the_window_closed_is_409(rworld):
    w = rworld
    so = w.seller_order()
    SellerOrder.objects.filter(pk=so.pk).update(return_deadline=timezone.now() - timedelta(seconds=1))
    response = call("POST", _open_path(so), w.headers["buyer"], json_body=_body(w, (w.market.shirt, 1)))
    assert response.status_code == 409 and error_of(response)["code"] == "return_window_closed"
    not_yet = w.seller_order("accepted")
    response = call("POST", _open_path(not_yet), w.headers["buyer"], json_body=_body(w, (w.market.shirt, 1)))
    assert response.status_code == 409 and error_of(response)["code"] == "return_window_closed"
    _nothing_written((0, 0))


def test_steps_out_of_turn_are_409(rworld):
    w = rworld
    ret = w.ret("requested")
    h, shop = w.headers, f"{ORDERS}/seller/{w.market.budi.public_id}/returns/{ret.public_id}"
    for method_path, who, body in [(f"{ORDERS}/returns/{ret.public_id}/dispute", "buyer", {}),
                                   (f"{ORDERS}/returns/{ret.public_id}/ship-back", "buyer", {}),
                                   (f"{shop}/confirm-received", "owner", None),
                                   (f"{ORDERS}/operator/returns/{ret.public_id}/decide", "operator",
                                    {"accept": True, "note": "Ya."})]:
        response = call("POST", method_path, h[who], json_body=body)
        assert response.status_code == 409 and error_of(response)["code"] == "return_step_not_allowed", method_path
    assert ReturnRequest.objects.get(pk=ret.pk).status == "requested"


def test_photos_only_before_the_answer_and_at_most_five(rworld):
    w = rworld
    ret = w.ret("requested")
    path = f"{ORDERS}/returns/{ret.public_id}/photos"
    for _n in range(5):
        assert call("POST", path, w.headers["buyer"], file=jpeg_bytes(size=(32, 32))).status_code == 201
    sixth = call("POST", path, w.headers["buyer"], file=jpeg_bytes(size=(32, 32)))
    assert sixth.status_code == 422 and error_of(sixth)["code"] == "too_many_photos"
    not_a_picture = call("POST", path, w.headers["buyer"], file=b"%PDF-1.4 bukan gambar")
    assert not_a_picture.status_code == 422 and "file" in error_of(not_a_picture)["fields"]
    missing = call("POST", path, w.headers["buyer"], json_body={})
    assert missing.status_code == 422 and "file" in error_of(missing)["fields"]
    answered = w.ret("refused")
    late = call("POST", f"{ORDERS}/returns/{answered.public_id}/photos", w.headers["buyer"],
                file=jpeg_bytes(size=(32, 32)))
    assert late.status_code == 409 and ReturnPhoto.objects.count() == 5


GARBAGE = [
    ("open", "{not json"), ("open", "[]"), ("open", '"lines"'), ("open", {"lines": "shirt", "reason": "damaged"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": "1"}], "reason": "damaged"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 1.5}], "reason": "damaged"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": -1}], "reason": "damaged"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 10**30}], "reason": "damaged"}),
    ("open", {"lines": [{"variant": ["x"], "quantity": 1}], "reason": "damaged"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 1}], "reason": "bosan"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 1}]}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 1}], "reason": "damaged", "refund": 1}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 1}], "reason": "not_as_described"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 1}], "reason": "damaged", "description": "a\x00b"}),
    ("open", {"lines": [{"variant": "{shirt}", "quantity": 1}], "reason": "damaged", "description": "x" * 1001}),
    ("dispute", {"note": 5}), ("dispute", {"note": "x" * 1001}), ("dispute", "null"),
    ("ship-back", {"tracking_number": "bad number"}), ("ship-back", {"tracking_number": 123456}),
    ("accept", {"goods_back": "yes"}), ("accept", {"goods_back": 1}), ("refuse", {}), ("refuse", {"reason": ""}),
    ("refuse", {"reason": "x" * 301}), ("decide", {"accept": "true", "note": "Ya."}), ("decide", {"accept": True}),
    ("decide", {"accept": True, "note": "   "}),
]


@pytest.mark.parametrize(("step", "body"), GARBAGE, ids=[f"{s}-{i}" for i, (s, _b) in enumerate(GARBAGE)])
def test_malformed_and_mistyped_bodies_are_400_or_422_and_write_nothing(rworld, step, body):
    from lapak.core.audit.models import AuditEvent

    w = rworld
    so = w.seller_order()
    ret = {"open": None, "dispute": "refused", "ship-back": "accepted", "accept": "requested",
           "refuse": "requested", "decide": "disputed"}[step]
    ret = w.ret(ret) if ret else None
    shop = f"{ORDERS}/seller/{w.market.budi.public_id}/returns"
    path, who = {"open": (_open_path(so), "buyer"),
                 "dispute": (f"{ORDERS}/returns/{ret and ret.public_id}/dispute", "buyer"),
                 "ship-back": (f"{ORDERS}/returns/{ret and ret.public_id}/ship-back", "buyer"),
                 "accept": (f"{shop}/{ret and ret.public_id}/accept", "owner"),
                 "refuse": (f"{shop}/{ret and ret.public_id}/refuse", "owner"),
                 "decide": (f"{ORDERS}/operator/returns/{ret and ret.public_id}/decide", "operator")}[step]
    raw = body if isinstance(body, str) else json.dumps(body).replace("{shirt}", w.market.shirt.public_id)
    before = (ReturnRequest.objects.count(), AuditEvent.objects.count(),
              list(ReturnRequest.objects.values_list("status", flat=True)))
    from django.test import Client

    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(path, raw, content_type="application/json",
                                                      **w.headers[who])
    assert response.status_code in (400, 422), response.content
    assert error_of(response)["code"] in ("malformed_request", "validation_error")
    assert before == (ReturnRequest.objects.count(), AuditEvent.objects.count(),
                      list(ReturnRequest.objects.values_list("status", flat=True)))


def test_two_uploads_at_once_never_make_a_sixth_photo(racing_db, rworld):
    from lapak.core.testing import race
    from lapak.market.orders.returns.photos import return_photo_add

    w = rworld
    ret = w.ret("requested")
    for _n in range(4):
        return_photo_add(return_request=ret, buyer=w.buyer, data=jpeg_bytes(size=(16, 16)))

    def upload() -> object:
        fresh = ReturnRequest.objects.select_related("seller_order__order").get(pk=ret.pk)
        return return_photo_add(return_request=fresh, buyer=w.buyer, data=jpeg_bytes(size=(16, 16)))

    outcomes = race(upload, upload)
    codes = sorted(getattr(o, "code", "added") for o in outcomes)
    assert codes == ["added", "too_many_photos"], outcomes
    assert ReturnPhoto.objects.filter(return_request=ret).count() == 5


def test_a_phone_sized_photo_is_not_refused_by_the_body_limit(rworld, settings):
    """The photo path must be one of API_UPLOAD_PATHS: ordinary bodies stop at 256 KiB, a phone's picture is
    larger (and uploads are not stored for idempotent replay)."""
    import io
    import os

    from PIL import Image

    w = rworld
    noise = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
    out = io.BytesIO()
    noise.save(out, format="JPEG", quality=95)
    assert len(out.getvalue()) > settings.API_MAX_BODY_BYTES
    ret = w.ret("requested")
    response = call("POST", f"{ORDERS}/returns/{ret.public_id}/photos", w.headers["buyer"], file=out.getvalue())
    assert response.status_code == 201, response.content
