"""A seller order on the road: shipped with the sandbox courier, then moved by the courier's tracking events
(through the shipping app's outbox event) to shipped and delivered; replays and late events change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.orders.models import EventKind, OrderEvent, SellerOrder, SellerOrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(place, cart, market, couriers):
    """Toko Budi's part of a paid order, accepted, with the sandbox courier chosen at checkout."""
    from lapak.market.orders.services import order_mark_paid, seller_order_transition
    from lapak.market.orders.tests.support import choices

    order = place(shipping_choices={**choices(market), market.budi.public_id: ("sandbox", "REG")})
    order_mark_paid(order=order, payment_reference="pay-1")
    so = SellerOrder.objects.get(order=order, seller=market.budi)
    return seller_order_transition(seller_order=so, to=SellerOrderStatus.ACCEPTED, actor_kind="seller",
                                   actor=market.budi_owner)


def _shipment(so):
    from lapak.market.shipping.models import Shipment

    return Shipment.objects.get(seller_order_ref=so.public_id)


def _step(so, status, at, event_id=None, capture=None):
    """One sandbox tracking event for the seller order's shipment, delivered through the outbox after commit."""
    from lapak.market.shipping.adapters.base import TrackingUpdate
    from lapak.market.shipping.services import tracking_event_record

    shipment = _shipment(so)
    with capture(execute=True):
        return tracking_event_record(shipment=shipment, actor="test", update=TrackingUpdate(
            provider_event_id=event_id or f"{shipment.public_id}:{status}", status=status, occurred_at=at,
            tracking_number=shipment.tracking_number))


def _status(so):
    return SellerOrder.objects.get(pk=so.pk).status


def _timeline(so):
    return list(OrderEvent.objects.filter(seller_order=so).order_by("pk").values_list("kind", "to_status"))


def test_paid_to_delivered_with_the_sandbox_courier(accepted, market, django_capture_on_commit_callbacks):
    from lapak.market.orders.services import seller_order_ship

    shipped = seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    shipment = _shipment(accepted)
    assert shipped.status == SellerOrderStatus.SHIPPED and shipment.tracking_number.startswith("SBX")
    assert (shipment.courier.code, shipment.service.code) == ("sandbox", "REG")
    event = OrderEvent.objects.filter(seller_order=accepted, to_status="shipped").get()
    assert event.data["tracking_number"] == shipment.tracking_number and event.data["shipment"] == shipment.public_id

    now = timezone.now()
    _step(accepted, "picked_up", now, capture=django_capture_on_commit_callbacks)
    _step(accepted, "in_transit", now + timedelta(hours=1), capture=django_capture_on_commit_callbacks)
    assert _status(accepted) == SellerOrderStatus.SHIPPED
    _step(accepted, "delivered", now + timedelta(hours=2), capture=django_capture_on_commit_callbacks)
    assert _status(accepted) == SellerOrderStatus.DELIVERED
    shipping = OrderEvent.objects.filter(seller_order=accepted, kind=EventKind.SHIPPING).order_by("pk")
    assert [e.data["status"] for e in shipping] == ["picked_up", "in_transit", "delivered"]
    assert shipping[0].data["tracking_number"] == shipment.tracking_number
    assert shipping[0].data["lines"] == [{"sku": "KAOS-M-MERAH", "quantity": 2}, {"sku": shipping[0].data[
        "lines"][1]["sku"], "quantity": 1}]
    assert _timeline(accepted)[-1] == (EventKind.STATUS_CHANGE, "delivered")


def test_the_sandbox_tick_drives_the_order_to_delivered(accepted, market, django_capture_on_commit_callbacks):
    from lapak.market.orders.services import seller_order_ship
    from lapak.market.shipping.services import sandbox_tick

    seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    later = timezone.now()
    for _step_number in range(3):
        later += timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            assert sandbox_tick(now=later) == 1
    assert _status(accepted) == SellerOrderStatus.DELIVERED


def test_a_redelivered_outbox_event_changes_nothing(accepted, market, django_capture_on_commit_callbacks):
    from lapak.core.outbox.models import OutboxEvent
    from lapak.market.orders.handlers import orders_follow_shipment
    from lapak.market.orders.services import seller_order_ship
    from lapak.market.shipping.tracking import STATUS_CHANGED_TOPIC

    seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    _step(accepted, "delivered", timezone.now(), capture=django_capture_on_commit_callbacks)
    before = _timeline(accepted)
    for event in OutboxEvent.objects.filter(topic=STATUS_CHANGED_TOPIC):
        orders_follow_shipment(event)  # at-least-once: the same event again
    assert _timeline(accepted) == before and _status(accepted) == SellerOrderStatus.DELIVERED


def test_late_and_repeated_tracking_events_change_nothing(accepted, market, django_capture_on_commit_callbacks):
    from lapak.market.orders.services import seller_order_ship

    seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    now = timezone.now()
    _step(accepted, "delivered", now, capture=django_capture_on_commit_callbacks)
    before = _timeline(accepted)
    late = _step(accepted, "in_transit", now - timedelta(hours=1), capture=django_capture_on_commit_callbacks)
    replay = _step(accepted, "delivered", now, capture=django_capture_on_commit_callbacks)
    assert not late.applied and not replay.created
    assert _timeline(accepted) == before and _status(accepted) == SellerOrderStatus.DELIVERED


def test_a_stale_payload_never_moves_the_order_back(accepted, market):
    from lapak.market.orders.services import seller_order_ship
    from lapak.market.orders.services.tracking import seller_order_follow_shipment

    seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    ref = {"seller_order_ref": accepted.public_id, "shipment": "shp_x", "tracking_number": "SBX1"}
    seller_order_follow_shipment(payload={**ref, "status": "delivered"}, event_key="k1")
    before = _timeline(accepted)
    seller_order_follow_shipment(payload={**ref, "status": "in_transit"}, event_key="k2")  # out of order
    assert _timeline(accepted) == before and _status(accepted) == SellerOrderStatus.DELIVERED


def test_delivered_straight_after_acceptance_passes_through_shipped(accepted):
    from lapak.market.orders.services.tracking import seller_order_follow_shipment

    seller_order_follow_shipment(payload={"seller_order_ref": accepted.public_id, "status": "delivered",
                                          "shipment": "shp_x", "tracking_number": "T1"}, event_key="k1")
    steps = [to for kind, to in _timeline(accepted) if kind == EventKind.STATUS_CHANGE]
    assert steps[-2:] == ["shipped", "delivered"] and _status(accepted) == SellerOrderStatus.DELIVERED


def test_tracking_of_a_cancelled_or_unknown_order_is_ignored(accepted, market):
    from lapak.market.orders.services import seller_order_transition
    from lapak.market.orders.services.tracking import seller_order_follow_shipment

    seller_order_transition(seller_order=accepted, to="cancelled", actor_kind="seller", reason="Stok habis")
    before = _timeline(accepted)
    for ref in (accepted.public_id, "so_missing"):
        assert seller_order_follow_shipment(payload={"seller_order_ref": ref, "status": "in_transit"},
                                            event_key=f"k-{ref}") is None
    assert _timeline(accepted) == before and _status(accepted) == SellerOrderStatus.CANCELLED


def test_only_an_accepted_order_ships(place, cart, market):
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.services import seller_order_ship
    from lapak.market.shipping.models import Shipment

    so = SellerOrder.objects.filter(order=place(), seller=market.budi).get()  # awaiting payment
    with pytest.raises(IllegalTransition):
        seller_order_ship(seller_order=so, actor=market.budi_owner)
    assert not Shipment.objects.exists()


def test_a_courier_without_booking_needs_a_typed_tracking_number(place, cart, market):
    """JNE books through KiriminAja, which is not set up in tests: the seller types the receipt's number."""
    from lapak.market.orders.services import order_mark_paid, seller_order_ship, seller_order_transition
    from lapak.market.orders.services.shipping import TrackingNumberNeeded
    from lapak.market.shipping.models import Shipment

    order = place()
    order_mark_paid(order=order, payment_reference="pay-2")
    so = seller_order_transition(seller_order=SellerOrder.objects.get(order=order, seller=market.budi),
                                 to="accepted", actor_kind="seller")
    with pytest.raises(TrackingNumberNeeded) as caught:
        seller_order_ship(seller_order=so, actor=market.budi_owner)
    assert "tracking_number" in caught.value.fields and _status(so) == SellerOrderStatus.ACCEPTED
    from lapak.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        seller_order_ship(seller_order=so, actor=market.budi_owner, tracking_number="bad number!")
    shipped = seller_order_ship(seller_order=so, actor=market.budi_owner, tracking_number="JNE0012345678")
    assert shipped.status == SellerOrderStatus.SHIPPED
    assert Shipment.objects.filter(seller_order_ref=so.public_id).get().tracking_number == "JNE0012345678"


def test_two_ship_clicks_at_once_book_one_parcel(racing_db, place, cart, market):
    """Two requests ship the same order at the same moment: one ships it, the other is refused, and the
    sandbox courier is booked once (one shipment, one airway bill, one shipped event)."""
    import threading

    from django.db import connection

    from lapak.core.errors import Conflict
    from lapak.market.orders.services import order_mark_paid, seller_order_ship, seller_order_transition
    from lapak.market.orders.tests.support import choices
    from lapak.market.shipping.models import Shipment

    order = place(shipping_choices={**choices(market), market.budi.public_id: ("sandbox", "REG")})
    order_mark_paid(order=order, payment_reference="pay-race")
    so = seller_order_transition(seller_order=SellerOrder.objects.get(order=order, seller=market.budi),
                                 to="accepted", actor_kind="seller")
    start, outcomes = threading.Barrier(2), []

    def click():
        try:
            start.wait()
            seller_order_ship(seller_order=SellerOrder.objects.select_related("order", "seller").get(pk=so.pk),
                              actor=market.budi_owner)
            outcomes.append("shipped")
        except Conflict as exc:  # IllegalTransition, or the booking claim
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "shipped" and outcomes.count("shipped") == 1, outcomes
    shipments = Shipment.objects.filter(seller_order_ref=so.public_id)
    assert shipments.count() == 1 and shipments.get().tracking_number
    assert OrderEvent.objects.filter(seller_order=so, to_status="shipped").count() == 1


def test_a_parcel_booked_by_an_unfinished_request_is_not_booked_again(accepted, market):
    """A first request booked the courier but has not moved the order yet (or failed right after booking):
    shipping again takes that parcel and its airway bill instead of booking a second one."""
    from lapak.market.orders.services import seller_order_ship
    from lapak.market.orders.services.shipping import _contacts, seller_order_parcel
    from lapak.market.shipping.models import Shipment
    from lapak.market.shipping.services import shipment_book, shipment_create

    parcel = seller_order_parcel(accepted)
    first = shipment_create(seller_order_ref=accepted.public_id, courier_code="sandbox", service_code="REG",
                            origin_region=accepted.origin_village_code, destination_region=accepted.order.village_code,
                            parcels=[parcel], actor="test")
    sender, recipient = _contacts(accepted)
    first = shipment_book(shipment=first, sender=sender, recipient=recipient, parcels=[parcel], item_name="Kaos",
                          item_value=1, actor="test")
    shipped = seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    assert shipped.status == SellerOrderStatus.SHIPPED
    assert list(Shipment.objects.filter(seller_order_ref=accepted.public_id).values_list("pk", flat=True)) == [first.pk]
    event = OrderEvent.objects.get(seller_order=accepted, to_status="shipped")
    assert event.data["tracking_number"] == first.tracking_number


def test_a_parcel_returned_to_the_shop_cancels_the_part_and_frees_its_units(
        accepted, market, django_capture_on_commit_callbacks):
    from django.test import Client

    from lapak.market.inventory.models import Allocation
    from lapak.market.orders.services import seller_order_ship
    from lapak.market.orders.services.transitions import line_stock_ref

    refs = [line_stock_ref(accepted.order, line) for line in accepted.lines.all()]
    seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    assert Allocation.objects.filter(order_line_ref__in=refs).exists()
    now = timezone.now()
    _step(accepted, "in_transit", now, capture=django_capture_on_commit_callbacks)
    _step(accepted, "returned", now + timedelta(days=2), capture=django_capture_on_commit_callbacks)
    so = SellerOrder.objects.get(pk=accepted.pk)
    assert so.status == SellerOrderStatus.CANCELLED and so.cancel_reason == "returned_to_sender"
    assert not Allocation.objects.filter(order_line_ref__in=refs).exists()  # the units are back on the shelf
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(market.budi_owner)
    page = client.get(f"/seller/orders/{market.budi.public_id}/{so.public_id}/").content.decode()
    assert "the courier brought the parcel back to the shop" in page


def test_only_the_couriers_word_cancels_a_shipped_part(accepted, market, make_user):
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.services import seller_order_ship, seller_order_transition

    seller_order_ship(seller_order=accepted, actor=market.budi_owner)
    operator = make_user(email="ops-ship@example.test", roles=["operator"])
    for actor_kind, actor in (("operator", operator), ("seller", market.budi_owner)):
        # A parcel lost on the way is not back on the shelf: no one may cancel it and free its units.
        with pytest.raises(IllegalTransition):
            seller_order_transition(seller_order=accepted, to="cancelled", actor_kind=actor_kind, actor=actor,
                                    reason="Paket hilang")
    assert _status(accepted) == SellerOrderStatus.SHIPPED
