"""Returns through the services: asked inside the ID-CON-1 window, answered, disputed and decided, sent back
with the sandbox courier, ending in one refund request; every step on the order's timeline; nothing
half-written on bad input; races between buyers, sellers and the timers."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from lapak.core.errors import ValidationFailed
from lapak.core.workdays import working_days_deadline
from lapak.market.orders.errors import (
    OrderNotFound,
    ReturnAlreadyOpen,
    ReturnNotFound,
    ReturnStepNotAllowed,
    ReturnWindowClosed,
)
from lapak.market.orders.models import OrderEvent, RefundRequest, ReturnLine, ReturnRequest, SellerOrder
from lapak.market.orders.returns.services import (
    return_answer,
    return_decide,
    return_dispute,
    return_request_open,
    return_withdraw,
)
from lapak.market.orders.tests.support import choices

pytestmark = pytest.mark.django_db


def _deliver(so) -> SellerOrder:
    from lapak.market.orders.services import seller_order_transition

    for to, kind in (("accepted", "seller"), ("shipped", "system"), ("delivered", "system")):
        seller_order_transition(seller_order=SellerOrder.objects.get(pk=so.pk), to=to, actor_kind=kind)
    return SellerOrder.objects.select_related("order", "seller").get(pk=so.pk)


@pytest.fixture
def delivered(place, cart, market):
    """Toko Budi's part (2 shirts at 75,000, 1 tea at 120,000), sent with the sandbox courier, delivered."""
    from lapak.market.orders.services import order_mark_paid

    order = place(shipping_choices={**choices(market), market.budi.public_id: ("sandbox", "REG")})
    order_mark_paid(order=order, payment_reference="pay-ret")
    return _deliver(SellerOrder.objects.get(order=order, seller=market.budi))


@pytest.fixture
def operator(make_user):
    return make_user(email="ops@example.test", roles=["operator"])


def _ask(so, buyer, market, **overrides):
    args = {"seller_order": so, "buyer": buyer, "quantities": {market.shirt.public_id: 1}, "reason": "damaged",
            "description": "Jahitan lepas"}
    args.update(overrides)
    return return_request_open(**args)


def _fresh(ret) -> ReturnRequest:
    return ReturnRequest.objects.select_related("seller_order__order").get(pk=ret.pk)


def _return_timeline(so) -> list[tuple[str, str]]:
    return list(OrderEvent.objects.filter(seller_order=so, kind__in=["return", "shipping"], data__has_key="return")
                .order_by("pk").values_list("kind", "to_status"))


def test_delivery_fixes_the_return_deadline(delivered):
    assert delivered.delivered_at is not None
    assert delivered.return_deadline > delivered.delivered_at + timedelta(days=1)


def test_a_category_with_a_longer_window_lengthens_the_parcels(place, cart, market):
    from lapak.market.catalog.models import Category
    from lapak.market.orders.services import order_mark_paid

    order = place()
    order_mark_paid(order=order, payment_reference="pay-cat")
    budi, sari = SellerOrder.objects.filter(order=order).order_by("pk")
    short = _deliver(sari)
    Category.objects.filter(pk=market.shirt.product.category_id).update(return_window_days=7)
    long = _deliver(budi)  # the shirt's category now allows 7 working days; the tea's the default
    assert short.return_deadline == working_days_deadline(short.delivered_at, 2)
    assert long.return_deadline == working_days_deadline(long.delivered_at, 7)


def test_the_whole_way_back_with_the_sandbox_courier(delivered, buyer, market, django_capture_on_commit_callbacks):
    from lapak.market.orders.returns.shipping import return_ship_back
    from lapak.market.shipping.adapters.base import TrackingUpdate
    from lapak.market.shipping.models import Shipment
    from lapak.market.shipping.services import tracking_event_record

    ret = _ask(delivered, buyer, market, quantities={market.shirt.public_id: 2})
    assert ret.refund_amount == 150_000 and ret.due_at is not None
    ret = return_answer(return_request=ret, seller_actor=market.budi_owner, accept=True)
    assert ret.status == "accepted" and ret.goods_back
    ret = return_ship_back(return_request=_fresh(ret), buyer=buyer)
    assert ret.status == "shipped_back"
    shipment = Shipment.objects.get(seller_order_ref=ret.public_id)
    assert (shipment.origin_region, shipment.destination_region) == (
        delivered.order.village_code, delivered.origin_village_code)
    assert shipment.tracking_number
    for status in ("picked_up", "delivered"):
        with django_capture_on_commit_callbacks(execute=True):
            tracking_event_record(shipment=shipment, actor="test", update=TrackingUpdate(
                provider_event_id=f"{shipment.public_id}:{status}", status=status, occurred_at=timezone.now(),
                tracking_number=shipment.tracking_number))
    ret = _fresh(ret)
    assert ret.status == "refund_requested" and ret.closed_at is not None
    refund = RefundRequest.objects.get(return_request=ret)
    assert refund.amount == 150_000 and refund.seller_order_id == delivered.pk
    assert refund.due_at - refund.requested_at == timedelta(days=7)  # ID-CON-2
    assert _return_timeline(delivered) == [
        ("return", "requested"), ("return", "accepted"), ("return", "shipped_back"), ("shipping", ""),
        ("shipping", ""), ("return", "refund_requested")]
    lines = OrderEvent.objects.filter(seller_order=delivered, kind="shipping", data__return=ret.public_id).first()
    assert lines.data["lines"] == [{"sku": market.shirt.sku, "quantity": 2}]


def test_accepting_without_the_goods_requests_the_refund_at_once(delivered, buyer, market):
    ret = _ask(delivered, buyer, market)
    ret = return_answer(return_request=ret, seller_actor=market.budi_owner, accept=True, goods_back=False)
    assert ret.status == "refund_requested" and not ret.goods_back
    assert RefundRequest.objects.filter(return_request=ret).count() == 1


def test_refused_disputed_and_decided_by_an_operator(delivered, buyer, market, operator):
    ret = _ask(delivered, buyer, market)
    with pytest.raises(ValidationFailed) as caught:
        return_answer(return_request=ret, seller_actor=market.budi_owner, accept=False, reason="  ")
    assert "reason" in caught.value.fields and _fresh(ret).status == "requested"
    ret = return_answer(return_request=ret, seller_actor=market.budi_owner, accept=False, reason="Bekas pakai")
    assert ret.status == "refused" and ret.refusal_reason == "Bekas pakai"
    ret = return_dispute(return_request=_fresh(ret), buyer=buyer, note="Belum dipakai, lihat foto")
    assert ret.status == "disputed"
    with pytest.raises(ValidationFailed):  # an operator always says why
        return_decide(return_request=_fresh(ret), operator=operator, accept=False, note="")
    ret = return_decide(return_request=_fresh(ret), operator=operator, accept=False, note="Foto menunjukkan bekas")
    assert ret.status == "rejected" and ret.decision_note and not RefundRequest.objects.exists()
    with pytest.raises(ReturnStepNotAllowed):
        return_withdraw(return_request=_fresh(ret), buyer=buyer)


def test_nobody_but_the_buyer_asks_and_only_inside_the_window(delivered, buyer, other_buyer, market, place):
    with pytest.raises(OrderNotFound):
        _ask(delivered, other_buyer, market)
    SellerOrder.objects.filter(pk=delivered.pk).update(return_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ReturnWindowClosed):
        _ask(SellerOrder.objects.select_related("order").get(pk=delivered.pk), buyer, market)
    assert not ReturnRequest.objects.exists()


def test_an_order_not_yet_delivered_cannot_be_returned(place, cart, market, buyer):
    from lapak.market.orders.services import order_mark_paid

    order = place()
    order_mark_paid(order=order, payment_reference="pay-early")
    so = SellerOrder.objects.select_related("order").get(order=order, seller=market.budi)
    with pytest.raises(ReturnWindowClosed):
        _ask(so, buyer, market)


@pytest.mark.parametrize(("quantities", "field"), [
    ({}, "lines"), ("shirt:0", "lines"), ("shirt:3", "lines.shirt"), ("shirt:-1", "lines.shirt"),
    ("shirt:x", "lines.shirt"), ("batik:1", "lines.batik"), ("nope:1", "lines.nope")])
def test_bad_quantities_are_refused_per_line_and_nothing_is_written(delivered, buyer, market, quantities, field):
    variants = {"shirt": market.shirt.public_id, "batik": market.batik.public_id, "nope": "var_nothing"}
    if isinstance(quantities, str):
        name, raw = quantities.split(":")
        value = raw if raw == "x" else int(raw)
        quantities = {variants[name]: value}
        field = field.replace(name, variants[name])
    with pytest.raises(ValidationFailed) as caught:
        _ask(delivered, buyer, market, quantities=quantities)
    assert field in caught.value.fields
    assert not ReturnRequest.objects.exists() and not ReturnLine.objects.exists()


def test_reason_description_and_photos_are_checked(delivered, buyer, market):
    with pytest.raises(ValidationFailed) as caught:
        _ask(delivered, buyer, market, reason="bosan")
    assert "reason" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        _ask(delivered, buyer, market, reason="not_as_described", description="")
    assert "description" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        _ask(delivered, buyer, market, photos=[b"not a picture"])
    assert "photos" in caught.value.fields
    assert not ReturnRequest.objects.exists()


def test_photos_are_kept_privately_without_metadata(delivered, buyer, market, settings, tmp_path):
    import io

    from PIL import Image

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(picture, "PNG")
    ret = _ask(delivered, buyer, market, photos=[picture.getvalue()])
    [photo] = ret.photos.all()
    with pytest.raises(ValueError):  # no public address: a view that checks access serves it
        _ = photo.image.url
    assert (tmp_path / "private" / photo.image.name).exists() and (photo.width, photo.height) == (40, 30)
    with Image.open(photo.image.open()) as stored:
        assert stored.format == "JPEG" and not stored.getexif()


def test_one_open_return_per_seller_order_and_units_are_not_returned_twice(delivered, buyer, market):
    first = _ask(delivered, buyer, market, quantities={market.shirt.public_id: 1})
    with pytest.raises(ReturnAlreadyOpen):
        _ask(delivered, buyer, market, quantities={market.tea.public_id: 1})
    return_answer(return_request=first, seller_actor=market.budi_owner, accept=True, goods_back=False)
    with pytest.raises(ValidationFailed) as caught:  # one shirt already came back: one is left
        _ask(delivered, buyer, market, quantities={market.shirt.public_id: 2})
    assert "lines." + market.shirt.public_id in caught.value.fields
    second = _ask(delivered, buyer, market, quantities={market.shirt.public_id: 1})
    return_withdraw(return_request=second, buyer=buyer)
    assert _ask(delivered, buyer, market, quantities={market.shirt.public_id: 1}).status == "requested"


def test_only_the_buyer_withdraws_or_disputes(delivered, buyer, other_buyer, market):
    ret = _ask(delivered, buyer, market)
    with pytest.raises(ReturnNotFound):
        return_withdraw(return_request=ret, buyer=other_buyer)
    with pytest.raises(ReturnStepNotAllowed):  # nothing to dispute before a refusal
        return_dispute(return_request=ret, buyer=buyer)
    assert _fresh(ret).status == "requested"


def test_the_timers_move_returns_nobody_answered(delivered, buyer, market):
    from lapak.market.orders.returns.deadlines import returns_overdue_move

    ret = _ask(delivered, buyer, market)
    assert returns_overdue_move() == 0
    later = timezone.now() + timedelta(days=3)
    assert returns_overdue_move(now=later) == 1
    assert _fresh(ret).status == "disputed"  # the seller never answered: Lapak decides
    ret = return_withdraw(return_request=_fresh(ret), buyer=buyer)
    refused = _ask(delivered, buyer, market)
    return_answer(return_request=refused, seller_actor=market.budi_owner, accept=False, reason="Tidak sesuai")
    assert returns_overdue_move(now=later) == 1 and _fresh(refused).status == "rejected"
    accepted = _ask(delivered, buyer, market)
    return_answer(return_request=accepted, seller_actor=market.budi_owner, accept=True)
    assert returns_overdue_move(now=later + timedelta(days=1)) == 1 and _fresh(accepted).status == "withdrawn"
    assert returns_overdue_move(now=later + timedelta(days=30)) == 0


def test_auto_completion_waits_for_the_window_and_for_open_returns(delivered, buyer, market):
    from lapak.market.orders.services import seller_orders_auto_complete

    long_after = timezone.now() + timedelta(days=4)
    SellerOrder.objects.filter(pk=delivered.pk).update(return_deadline=timezone.now() + timedelta(days=5))
    assert seller_orders_auto_complete(now=long_after) == 0  # the window is still open
    ret = _ask(SellerOrder.objects.select_related("order").get(pk=delivered.pk), buyer, market)
    SellerOrder.objects.filter(pk=delivered.pk).update(return_deadline=timezone.now() - timedelta(seconds=1))
    assert seller_orders_auto_complete(now=long_after) == 0  # a return is open
    return_withdraw(return_request=ret, buyer=buyer)
    assert seller_orders_auto_complete(now=long_after) == 1


def test_a_buyer_who_confirmed_receipt_may_still_return_inside_the_window(delivered, buyer, market):
    from lapak.market.orders.services import seller_order_confirm_received

    so = seller_order_confirm_received(seller_order=delivered, buyer=buyer)
    assert so.status == "completed"
    assert _ask(SellerOrder.objects.select_related("order").get(pk=delivered.pk), buyer, market).status == "requested"


def _race(*calls) -> list[str]:
    start, outcomes = threading.Barrier(len(calls)), []

    def run(call):
        try:
            start.wait()
            outcomes.append(call())
        except (ReturnAlreadyOpen, ReturnStepNotAllowed) as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_requests_at_once_open_one_return(racing_db, delivered, buyer, market):
    outcomes = _race(*[lambda: _ask(SellerOrder.objects.select_related("order").get(pk=delivered.pk), buyer,
                                    market).status] * 2)
    assert sorted(outcomes) == ["requested", "return_already_open"], outcomes
    assert ReturnRequest.objects.count() == 1 and ReturnLine.objects.count() == 1


def test_a_seller_answer_racing_the_timer_moves_the_return_once(racing_db, delivered, buyer, market):
    from lapak.market.orders.returns.deadlines import returns_overdue_move

    ret = _ask(delivered, buyer, market)
    later = timezone.now() + timedelta(days=3)
    outcomes = _race(
        lambda: return_answer(return_request=_fresh(ret), seller_actor=market.budi_owner, accept=True).status,
        lambda: returns_overdue_move(now=later))
    final = _fresh(ret).status
    assert final in {"accepted", "disputed"}
    steps = list(OrderEvent.objects.filter(kind="return", data__return=ret.public_id).exclude(
        to_status="requested").values_list("to_status", flat=True))
    assert steps == [final], (outcomes, steps)


def test_a_refusal_reason_is_at_most_300_characters(delivered, buyer, market):
    ret = _ask(delivered, buyer, market)
    with pytest.raises(ValidationFailed) as caught:
        return_answer(return_request=ret, seller_actor=market.budi_owner, accept=False, reason="x" * 301)
    assert "reason" in caught.value.fields and _fresh(ret).status == "requested"
    assert return_answer(return_request=ret, seller_actor=market.budi_owner, accept=False,
                         reason="x" * 300).status == "refused"
