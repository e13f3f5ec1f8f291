"""Closing delivered seller orders: the buyer's "Confirm received" (service, page, API) and the periodic
automatic completion some days after delivery; one completion only, even when both happen at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import Order, OrderEvent, SellerOrder

pytestmark = pytest.mark.django_db


def _deliver(order) -> list[SellerOrder]:
    """Pay the order and take each seller order to delivered through the transition service."""
    from lapak.market.orders.services import order_mark_paid, seller_order_transition

    order_mark_paid(order=order, payment_reference=f"pay-{order.public_id}")
    for so in SellerOrder.objects.filter(order=order).order_by("pk"):
        for to, kind in (("accepted", "seller"), ("shipped", "system"), ("delivered", "system")):
            seller_order_transition(seller_order=SellerOrder.objects.get(pk=so.pk), to=to, actor_kind=kind)
    return list(SellerOrder.objects.filter(order=order).select_related("order", "seller").order_by("pk"))


@pytest.fixture
def delivered(place, cart):
    """(order, [Toko Budi's seller order, Toko Sari's]), both delivered."""
    order = place()
    return order, _deliver(order)


def _completions(so) -> list[OrderEvent]:
    return list(OrderEvent.objects.filter(seller_order=so, to_status="completed"))


def _age(so, days: float) -> None:
    """Pretend the delivery happened `days` ago (the seller order's last status change) and its return window
    has closed (the window's own rules are tested in test_returns_window.py)."""
    then = timezone.now() - timedelta(days=days)
    SellerOrder.objects.filter(pk=so.pk).update(updated_at=then, delivered_at=then,
                                                return_deadline=timezone.now() - timedelta(seconds=1))


def _fresh(so) -> SellerOrder:
    return SellerOrder.objects.select_related("order", "seller").get(pk=so.pk)


def test_the_table_lets_the_buyer_and_the_system_complete_only_a_delivered_order():
    from lapak.market.orders.transitions import seller_order_transition_allowed as allowed

    assert allowed("delivered", "completed", "buyer") and allowed("delivered", "completed", "system")
    assert not allowed("delivered", "completed", "seller")
    assert not any(allowed(s, "completed", "buyer") for s in ("paid", "accepted", "shipped", "completed"))


def test_the_buyer_confirms_received_audited_with_one_event(delivered, buyer):
    from lapak.core.audit.models import AuditEvent
    from lapak.market.orders.services import seller_order_confirm_received

    order, (budi, sari) = delivered
    done = seller_order_confirm_received(seller_order=budi, buyer=buyer)
    assert done.status == "completed" and _fresh(budi).status == "completed"
    [event] = _completions(budi)
    assert event.actor == buyer.public_id and event.data["actor_kind"] == "buyer"
    assert AuditEvent.objects.filter(action="seller_order.completed", subject_id=budi.public_id,
                                     actor=buyer.public_id).count() == 1
    assert Order.objects.get(pk=order.pk).status == "paid"  # Toko Sari's part is still open
    seller_order_confirm_received(seller_order=sari, buyer=buyer)
    assert Order.objects.get(pk=order.pk).status == "completed"


def test_a_second_click_is_an_illegal_transition_and_writes_nothing(delivered, buyer):
    from lapak.core.audit.models import AuditEvent
    from lapak.market.orders.errors import IllegalTransition
    from lapak.market.orders.services import seller_order_confirm_received

    _order, (budi, _sari) = delivered
    seller_order_confirm_received(seller_order=budi, buyer=buyer)
    events, audits = OrderEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(IllegalTransition):
        seller_order_confirm_received(seller_order=_fresh(budi), buyer=buyer)
    with pytest.raises(IllegalTransition):  # a stale object still says delivered; the lock re-reads
        seller_order_confirm_received(seller_order=budi, buyer=buyer)
    assert (OrderEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)
    assert len(_completions(budi)) == 1


def test_only_a_delivered_order_and_only_its_buyer(place, cart, buyer, other_buyer):
    from lapak.market.orders.errors import IllegalTransition, OrderNotFound
    from lapak.market.orders.services import order_mark_paid, seller_order_confirm_received

    order = order_mark_paid(order=place(), payment_reference="pay-x")
    so = _fresh(SellerOrder.objects.filter(order=order).first())
    with pytest.raises(IllegalTransition):  # paid, not delivered
        seller_order_confirm_received(seller_order=so, buyer=buyer)
    [delivered_so, _other] = _deliver_again(order)
    with pytest.raises(OrderNotFound):
        seller_order_confirm_received(seller_order=delivered_so, buyer=other_buyer)
    assert _fresh(delivered_so).status == "delivered" and not _completions(delivered_so)


def _deliver_again(order) -> list[SellerOrder]:
    """Take an already paid order's seller orders on to delivered."""
    from lapak.market.orders.services import seller_order_transition

    for so in SellerOrder.objects.filter(order=order).order_by("pk"):
        for to, kind in (("accepted", "seller"), ("shipped", "system"), ("delivered", "system")):
            seller_order_transition(seller_order=_fresh(so), to=to, actor_kind=kind)
    return [_fresh(so) for so in SellerOrder.objects.filter(order=order).order_by("pk")]


def test_auto_completion_after_the_set_days_in_batches(delivered, settings):
    from lapak.market.orders.services import seller_orders_auto_complete

    order, (budi, sari) = delivered
    _age(budi, 2.9)
    _age(sari, 3.1)
    assert seller_orders_auto_complete() == 1  # default: 3 days
    assert _fresh(sari).status == "completed" and _fresh(budi).status == "delivered"
    [event] = _completions(sari)
    assert event.actor == "system" and event.data["actor_kind"] == "system"
    settings.ORDER_COMPLETE_AFTER_DAYS = 2
    assert seller_orders_auto_complete(batch=1) == 1
    assert _fresh(budi).status == "completed" and Order.objects.get(pk=order.pk).status == "completed"
    assert seller_orders_auto_complete() == 0


def test_auto_completion_pages_through_more_than_one_batch(place, cart, market, buyer, settings):
    from lapak.market.orders.services import seller_orders_auto_complete
    from lapak.market.orders.tests.support import fill

    first = _deliver(place(key="a"))
    fill(buyer, (market.tea, 1))
    second = _deliver(place(key="b", shipping_choices={market.budi.public_id: ("jne", "REG")}))
    for so in first + second:
        _age(so, 4)
    assert seller_orders_auto_complete(batch=2) == 3
    assert {_fresh(so).status for so in first + second} == {"completed"}


def test_the_task_completes_and_is_a_periodic_job(delivered):
    from lapak.core.tasks.periodic import _jobs
    from lapak.market.orders.tasks import auto_complete_seller_orders_task

    _order, (budi, sari) = delivered
    _age(budi, 5)
    assert auto_complete_seller_orders_task.enqueue().return_value == {"completed": 1}
    assert auto_complete_seller_orders_task.enqueue().return_value == {"completed": 0}
    assert "orders.auto_complete" in _jobs and _fresh(sari).status == "delivered"


def test_the_buyers_click_racing_the_timer_completes_once(racing_db, place, cart, buyer):
    from lapak.core.testing import race
    from lapak.market.orders.services import seller_order_confirm_received, seller_orders_auto_complete

    budi = _deliver(place())[0]
    _age(budi, 4)
    clicked, timer = race(lambda: seller_order_confirm_received(seller_order=_fresh(budi), buyer=buyer),
                          lambda: seller_orders_auto_complete())
    assert _fresh(budi).status == "completed" and len(_completions(budi)) == 1
    if isinstance(clicked, Exception):  # the timer won
        assert type(clicked).__name__ == "IllegalTransition" and timer == 1
    else:  # the buyer won; the timer found nothing left to do (or skipped it under the lock)
        assert clicked.status == "completed" and timer == 0


# --- the buyer's page --------------------------------------------------------------------------------------

def test_the_page_offers_the_button_and_the_post_completes(delivered, buyer):
    order, (budi, sari) = delivered
    client = client_in("en", buyer)
    html = client.get(f"/orders/{order.public_id}/").content.decode()
    assert f'id="confirm-received-{budi.public_id}"' in html and "csrfmiddlewaretoken" in html
    url = f"/orders/{order.public_id}/seller-orders/{budi.public_id}/confirm/"
    response = client.post(url, follow=True)
    assert response.status_code == 200 and "is completed" in response.content.decode()
    html = response.content.decode()
    assert f'id="confirm-received-{budi.public_id}"' not in html and f'id="confirm-received-{sari.public_id}"' in html
    again = client.post(url)  # a second click: the error, inline, and nothing written
    assert again.status_code == 409 and 'id="order-error"' in again.content.decode()
    assert len(_completions(budi)) == 1


def test_the_page_needs_csrf_and_the_orders_buyer(delivered, buyer, other_buyer):
    order, (budi, _sari) = delivered
    url = f"/orders/{order.public_id}/seller-orders/{budi.public_id}/confirm/"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(buyer)
    assert strict.post(url).status_code == 403
    assert client_in("en", other_buyer).post(url).status_code == 404
    assert client_in("en", buyer).get(url).status_code == 405
    assert client_in("en", buyer).post(f"/orders/{order.public_id}/seller-orders/so_nope/confirm/").status_code == 404
    assert _fresh(budi).status == "delivered"


def test_no_button_before_delivery(place, cart, buyer):
    order = place()
    assert "confirm-received-" not in client_in("en", buyer).get(f"/orders/{order.public_id}/").content.decode()


# --- the API -----------------------------------------------------------------------------------------------

def test_the_api_confirms_once_and_only_for_the_buyer(delivered, api_client, bearer, buyer, other_buyer, place,
                                                      market):
    from lapak.market.orders.tests.support import fill

    order, (budi, _sari) = delivered
    path = f"/api/v1/orders/{order.public_id}/seller-orders/{budi.public_id}/confirm"
    assert api_client.post(path).status_code == 401
    assert api_client.post(path, **bearer(other_buyer)).status_code == 404
    fill(buyer, (market.tea, 1))
    elsewhere = place(key="k9", shipping_choices={market.budi.public_id: ("jne", "REG")})
    mixed = f"/api/v1/orders/{elsewhere.public_id}/seller-orders/{budi.public_id}/confirm"
    assert api_client.post(mixed, **bearer(buyer)).status_code == 404  # not a part of that order
    response = api_client.post(path, **bearer(buyer))
    assert response.status_code == 200, response.json()
    parts = {so["id"]: so["status"] for so in response.json()["seller_orders"]}
    assert parts[budi.public_id] == "completed"
    again = api_client.post(path, **bearer(buyer))
    assert again.status_code == 409 and again.json()["error"]["code"] == "order_transition_not_allowed"
    assert len(_completions(budi)) == 1
