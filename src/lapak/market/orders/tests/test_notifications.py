"""E-mails about orders and returns: each step tells the right cast, in their own language, with a link to
the page; a redelivered or doubly delivered outbox event sends nothing twice; a failed send is retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone, translation

from lapak.core.money import Money
from lapak.core.outbox.delivery import outbox_deliver_due
from lapak.core.outbox.models import OutboxEvent
from lapak.market.orders.events import ORDER_EVENT_TOPIC
from lapak.market.orders.handlers import order_event_email
from lapak.market.orders.models import OrderEvent, OrderNotification, SellerOrder
from lapak.market.orders.notifications.common import when
from lapak.market.orders.tests.support import choices

pytestmark = pytest.mark.django_db

FAILING_FOR = "pemilik.gagal@example.test"


class FlakyBackend(LocmemBackend):
    """The locmem outbox, except that the mail server refuses one address."""

    def send_messages(self, messages):
        if any(FAILING_FOR in m.to for m in messages):
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


def _announce() -> None:
    """What the worker does after commit: deliver the pending order-timeline events through the real outbox."""
    pending = OutboxEvent.objects.filter(topic=ORDER_EVENT_TOPIC, status="pending").values_list("pk", flat=True)
    report = outbox_deliver_due(event_ids=list(pending))
    assert report.failed == report.dead == 0


def _to(outbox, user) -> list:
    return [m for m in outbox if m.to == [user.email]]


def _one(outbox, user):
    mails = _to(outbox, user)
    assert len(mails) == 1, [(m.to, m.subject) for m in outbox]
    return mails[0]


def _rp(amount: int, language: str) -> str:
    return Money(amount, "IDR").format(language)


def _at(moment, language: str) -> str:
    with translation.override(language):
        return when(moment)


def _speaks(message, language: str) -> bool:
    greeting = {"id": "Halo ", "en": "Hello "}[language]
    return message.extra_headers["Content-Language"] == language and message.body.startswith(greeting)


@pytest.fixture
def cast(buyer, market, make_user):
    """The buyer reads English; Toko Budi's owner Indonesian, its manager English; its staff is not told."""
    from lapak.market.sellers.services import member_add

    buyer.language = "en"
    buyer.save(update_fields=["language"])
    manager = make_user(email="manajer.budi@example.test")
    manager.language = "en"
    manager.save(update_fields=["language"])
    member_add(organisation=market.budi, actor=market.budi_owner, user=manager, role="manager")
    staff = make_user(email="staf.budi@example.test")
    member_add(organisation=market.budi, actor=market.budi_owner, user=staff, role="staff")
    return type("Cast", (), {"buyer": buyer, "owner": market.budi_owner, "manager": manager, "staff": staff,
                               "sari": market.sari_owner})


def _place(place, market):
    return place(shipping_choices={**choices(market), market.budi.public_id: ("sandbox", "REG")})


def _parts(order):
    parts = SellerOrder.objects.filter(order=order).select_related("order", "seller").order_by("pk")
    return {so.seller.shop_name: so for so in parts}


def test_an_order_from_placement_to_completion(place, cart, market, cast, mailoutbox):
    from lapak.market.orders.services import (
        order_mark_paid,
        seller_order_confirm_received,
        seller_order_ship,
        seller_order_transition,
    )

    order = _place(place, market)
    _announce()
    placed = _one(mailoutbox, cast.buyer)
    assert len(mailoutbox) == 1 and order.public_id in placed.subject and _speaks(placed, "en")
    assert _rp(order.grand_total, "en") in placed.body and _at(order.payment_due_at, "en") in placed.body
    assert f"/orders/{order.public_id}/" in placed.body

    mailoutbox.clear()
    order_mark_paid(order=order, payment_reference="pay-mail")
    _announce()
    budi, sari = _parts(order)["Toko Budi"], _parts(order)["Toko Sari"]
    paid = _one(mailoutbox, cast.buyer)
    assert paid.subject == f"Payment received for order {order.public_id}" and _speaks(paid, "en")
    to_accept = _one(mailoutbox, cast.owner)
    accept_by = OrderEvent.objects.get(seller_order=budi, to_status="paid").at + timedelta(days=2)
    assert budi.public_id in to_accept.subject and _speaks(to_accept, "id")
    assert _at(accept_by, "id") in to_accept.subject and _at(accept_by, "id") in to_accept.body
    assert f"/seller/orders/{market.budi.public_id}/{budi.public_id}/" in to_accept.body
    assert _speaks(_one(mailoutbox, cast.manager), "en") and budi.public_id in _one(mailoutbox, cast.manager).body
    assert sari.public_id in _one(mailoutbox, cast.sari).subject
    assert not _to(mailoutbox, cast.staff) and len(mailoutbox) == 4

    mailoutbox.clear()
    seller_order_transition(seller_order=budi, to="accepted", actor_kind="seller", actor=cast.owner)
    _announce()
    accepted = _one(mailoutbox, cast.buyer)
    assert accepted.subject == f"Toko Budi accepted your order {order.public_id}" and len(mailoutbox) == 1

    mailoutbox.clear()
    budi = seller_order_ship(seller_order=SellerOrder.objects.select_related("order", "seller").get(pk=budi.pk),
                             actor=cast.owner)
    _announce()
    number = OrderEvent.objects.get(seller_order=budi, to_status="shipped").data["tracking_number"]
    shipped = _one(mailoutbox, cast.buyer)
    assert "on its way" in shipped.subject and len(mailoutbox) == 1
    assert f"Tracking number: {number}" in shipped.body and "Lapak Sandbox Kurir" in shipped.body

    mailoutbox.clear()
    budi = seller_order_transition(seller_order=budi, to="delivered", actor_kind="system")
    _announce()
    delivered = _one(mailoutbox, cast.buyer)
    assert f"ask for a return until {_at(budi.return_deadline, 'en')}" in delivered.body
    assert _at(budi.return_deadline, "id") in _one(mailoutbox, cast.owner).body
    assert _one(mailoutbox, cast.manager).subject == f"Order {budi.public_id} was delivered"
    assert len(mailoutbox) == 3

    mailoutbox.clear()
    seller_order_confirm_received(seller_order=budi, buyer=cast.buyer)
    _announce()
    assert _one(mailoutbox, cast.owner).subject == f"Pesanan {budi.public_id} telah selesai"  # in Indonesian
    assert "confirmed receiving" in _one(mailoutbox, cast.manager).body and len(mailoutbox) == 2

    # Toko Sari cancels its part: the buyer hears why and from whom; the shop did it, so it is not told; the
    # order is then completed (one part completed), which the buyer hears once.
    mailoutbox.clear()
    seller_order_transition(seller_order=sari, to="cancelled", actor_kind="seller", actor=cast.sari,
                            reason="Stok habis")
    _announce()
    cancelled, completed = sorted(_to(mailoutbox, cast.buyer), key=lambda m: "completed" in m.subject)
    assert cancelled.subject == f"Your order {order.public_id} from Toko Sari is cancelled"
    assert "Toko Sari cancelled your order." in cancelled.body and "Reason: Stok habis" in cancelled.body
    assert completed.subject == f"Order {order.public_id} is completed" and len(mailoutbox) == 2


def test_the_buyer_cancelling_an_unpaid_order_is_told_and_no_seller_is(place, cart, market, cast, mailoutbox):
    from lapak.market.orders.services import order_cancel_unpaid

    order = _place(place, market)
    _announce()
    mailoutbox.clear()
    order_cancel_unpaid(order=order, actor_kind="buyer", actor=cast.buyer)
    _announce()
    mail_ = _one(mailoutbox, cast.buyer)
    assert mail_.subject == f"Order {order.public_id} is cancelled" and "You cancelled" in mail_.body
    assert len(mailoutbox) == 1


def test_an_unpaid_order_cancelled_at_its_due_time(place, cart, market, cast, mailoutbox):
    from lapak.market.orders.services import orders_expire

    order = _place(place, market)
    orders_expire(now=order.payment_due_at + timedelta(minutes=1))
    _announce()
    cancelled = [m for m in _to(mailoutbox, cast.buyer) if "cancelled" in m.subject]
    assert len(cancelled) == 1 and f"not paid by {_at(order.payment_due_at, 'en')}" in cancelled[0].body
    assert len(mailoutbox) == 2  # placed, cancelled


def test_paid_parts_not_accepted_in_time_are_cancelled_and_everyone_told(place, cart, market, cast, mailoutbox):
    from lapak.market.orders.services import order_mark_paid, seller_orders_overdue_cancel

    order = _place(place, market)
    order_mark_paid(order=order, payment_reference="pay-late")
    _announce()
    mailoutbox.clear()
    assert seller_orders_overdue_cancel(now=timezone.now() + timedelta(days=3)) == 2
    _announce()
    to_buyer = _to(mailoutbox, cast.buyer)
    assert len(to_buyer) == 2  # one per shop; the whole order's cancellation adds nothing
    assert all("cancelled automatically" in m.body and "did not accept the order in time" in m.body
               for m in to_buyer)
    owner = _one(mailoutbox, cast.owner)
    assert owner.subject == f"Pesanan {_parts(order)['Toko Budi'].public_id} dibatalkan" and _speaks(owner, "id")
    assert "tidak diterima hingga tenggatnya" in owner.body
    assert _one(mailoutbox, cast.manager) and _one(mailoutbox, cast.sari) and len(mailoutbox) == 5


@pytest.fixture
def delivered(place, cart, market, cast):
    """Toko Budi's part, paid, shipped with the sandbox courier and delivered (its return window open)."""
    from lapak.market.orders.services import order_mark_paid, seller_order_transition

    order = _place(place, market)
    order_mark_paid(order=order, payment_reference="pay-ret")
    so = _parts(order)["Toko Budi"]
    for to, kind in (("accepted", "seller"), ("shipped", "system"), ("delivered", "system")):
        seller_order_transition(seller_order=SellerOrder.objects.get(pk=so.pk), to=to, actor_kind=kind)
    _announce()
    mail.outbox.clear()
    return SellerOrder.objects.select_related("order", "seller").get(pk=so.pk)


def _ask(so, buyer, variant, **extra):
    from lapak.market.orders.returns.services import return_request_open

    return return_request_open(seller_order=so, buyer=buyer, quantities={variant.public_id: 1}, reason="damaged",
                               description="Jahitan lepas", **extra)


def test_a_return_sent_back_and_refunded(delivered, market, cast, mailoutbox):
    from lapak.market.orders.models import RefundRequest, ReturnRequest
    from lapak.market.orders.returns.services import return_answer
    from lapak.market.orders.returns.shipping import return_confirm_received, return_ship_back

    ret = _ask(delivered, cast.buyer, market.shirt)
    _announce()
    ret = ReturnRequest.objects.get(pk=ret.pk)
    asked = _one(mailoutbox, cast.buyer)
    assert asked.subject == f"Return {ret.public_id} requested for order {delivered.order.public_id}"
    assert _at(ret.due_at, "en") in asked.body and _rp(ret.refund_amount, "en") in asked.body
    to_answer = _one(mailoutbox, cast.owner)
    assert ret.public_id in to_answer.subject and _at(ret.due_at, "id") in to_answer.subject
    assert "Jahitan lepas" in to_answer.body and _speaks(to_answer, "id")
    assert f"/seller/orders/{market.budi.public_id}/{delivered.public_id}/" in to_answer.body
    assert _one(mailoutbox, cast.manager) and len(mailoutbox) == 3

    mailoutbox.clear()
    ret = return_answer(return_request=ret, seller_actor=cast.owner, accept=True, goods_back=True)
    _announce()
    accepted = _one(mailoutbox, cast.buyer)
    assert accepted.subject == f"Toko Budi accepted your return {ret.public_id}" and len(mailoutbox) == 1
    assert f"send the items back by {_at(ret.due_at, 'en')}" in accepted.body

    mailoutbox.clear()
    ret = return_ship_back(return_request=ReturnRequest.objects.select_related("seller_order__order").get(
        pk=ret.pk), buyer=cast.buyer)
    _announce()
    number = OrderEvent.objects.get(kind="return", to_status="shipped_back").data["tracking_number"]
    assert number and f"Tracking number: {number}" in _one(mailoutbox, cast.buyer).body
    assert "Courier: Lapak Sandbox Kurir" in _one(mailoutbox, cast.buyer).body
    coming = _one(mailoutbox, cast.owner)
    assert f"Nomor resi: {number}" in coming.body and ret.public_id in coming.subject  # in Indonesian
    assert _one(mailoutbox, cast.manager) and len(mailoutbox) == 3

    mailoutbox.clear()
    return_confirm_received(return_request=ret, seller_actor=cast.owner)
    _announce()
    refund = RefundRequest.objects.get(return_request=ret)
    refunded = _one(mailoutbox, cast.buyer)
    assert refunded.subject == f"Refund requested for return {ret.public_id}"
    assert _rp(refund.amount, "en") in refunded.body and _at(refund.due_at, "en") in refunded.body
    assert len(mailoutbox) == 1  # the shop confirmed it itself


def test_a_refused_return_disputed_and_decided_then_another_withdrawn(delivered, market, cast, make_user,
                                                                      mailoutbox):
    from lapak.market.orders.returns.services import return_answer, return_decide, return_dispute, return_withdraw

    operator = make_user(email="ops@example.test", roles=["operator"])
    ret = _ask(delivered, cast.buyer, market.shirt)
    _announce()
    mailoutbox.clear()
    ret = return_answer(return_request=ret, seller_actor=cast.owner, accept=False, reason="Sudah dipakai")
    _announce()
    refused = _one(mailoutbox, cast.buyer)
    assert refused.subject == f"Toko Budi refused your return {ret.public_id}" and len(mailoutbox) == 1
    assert "Reason: Sudah dipakai" in refused.body and _at(ret.due_at, "en") in refused.body

    mailoutbox.clear()
    ret = return_dispute(return_request=ret, buyer=cast.buyer, note="Foto jelas menunjukkan jahitan")
    _announce()
    assert _one(mailoutbox, cast.buyer).subject == f"Lapak will decide on return {ret.public_id}"
    disputed = _one(mailoutbox, cast.owner)
    assert "Foto jelas menunjukkan jahitan" in disputed.body and _one(mailoutbox, cast.manager)
    assert len(mailoutbox) == 3

    mailoutbox.clear()
    ret = return_decide(return_request=ret, operator=operator, accept=True, note="Jahitan memang cacat",
                        goods_back=False)
    _announce()
    decided = _one(mailoutbox, cast.buyer)
    assert decided.subject == f"Lapak decided on return {ret.public_id}: accepted"
    assert "Lapak's note: Jahitan memang cacat" in decided.body and "do not need to send" in decided.body
    assert "Jahitan memang cacat" in _one(mailoutbox, cast.owner).body
    assert len(mailoutbox) == 3  # the refund requested in the same breath adds no letter
    assert ret.status == "refund_requested"

    mailoutbox.clear()
    other = _ask(delivered, cast.buyer, market.tea)
    return_withdraw(return_request=other, buyer=cast.buyer)
    _announce()
    assert [m.subject for m in _to(mailoutbox, cast.buyer)][-1] == f"You withdrew return {other.public_id}"
    assert _to(mailoutbox, cast.owner)[-1].subject == (
        f"Pengembalian {other.public_id} untuk pesanan {delivered.public_id} dibatalkan")
    assert len(mailoutbox) == 6  # requested ×3, withdrawn ×3


def test_a_parcel_the_courier_reported_first_is_named_by_its_shipment(delivered):
    """When the courier's scan moved the step, the timeline entry names the shipment but not the courier."""
    from lapak.market.orders.notifications.order_steps import courier_of
    from lapak.market.shipping.services import shipment_create

    shipment = shipment_create(seller_order_ref=delivered.public_id, courier_code="jne", service_code="REG",
                               origin_region=delivered.origin_village_code,
                               destination_region=delivered.order.village_code, parcels=[(1000, 10, 10, 10)],
                               actor="test")
    assert courier_of({"shipment": shipment.public_id}, "sandbox") == "JNE"
    assert courier_of({}, "sandbox") == "Lapak Sandbox Kurir" and courier_of({}) == ""


def test_a_redelivered_event_sends_nothing_twice(place, cart, market, cast, mailoutbox):
    from lapak.market.orders.services import order_mark_paid

    order_mark_paid(order=_place(place, market), payment_reference="pay-again")
    events = list(OutboxEvent.objects.filter(topic=ORDER_EVENT_TOPIC).order_by("pk"))
    for event in events:
        order_event_email(event)
    sent = len(mailoutbox)
    assert sent == 5  # placed and paid to the buyer; Budi's owner and manager, Sari's owner: to accept
    for event in events:  # the outbox's at-least-once: every handler again
        order_event_email(event)
    assert len(mailoutbox) == sent
    assert OrderNotification.objects.filter(sent_at__isnull=False).count() == sent


def test_a_failed_send_is_released_and_the_retry_sends_only_what_is_missing(place, cart, market, cast,
                                                                            settings, mailoutbox):
    from lapak.market.orders.services import order_mark_paid

    cast.owner.email = FAILING_FOR
    cast.owner.save(update_fields=["email"])
    order_mark_paid(order=_place(place, market), payment_reference="pay-flaky")
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    pending = list(OutboxEvent.objects.filter(topic=ORDER_EVENT_TOPIC, status="pending").values_list("pk", flat=True))
    report = outbox_deliver_due(event_ids=pending)
    assert report.failed == 1  # Budi's paid part: the owner's mail failed, the manager's went out
    assert not _to(mailoutbox, cast.owner) and len(_to(mailoutbox, cast.manager)) == 1
    assert not OrderNotification.objects.filter(recipient=cast.owner).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    OutboxEvent.objects.filter(pk__in=pending).update(available_at=timezone.now())  # the retry is due
    assert outbox_deliver_due(event_ids=pending).delivered == 1
    assert len(_to(mailoutbox, cast.owner)) == 1 and len(_to(mailoutbox, cast.manager)) == 1
    assert OrderNotification.objects.get(recipient=cast.owner).sent_at is not None


def test_two_workers_delivering_the_same_event_send_each_mail_once(racing_db, place, cart, market, cast,
                                                                   mailoutbox):
    from lapak.core.testing import race
    from lapak.market.orders.services import order_mark_paid

    order = _place(place, market)
    order_mark_paid(order=order, payment_reference="pay-race")
    budi = _parts(order)["Toko Budi"]
    paid = OrderEvent.objects.get(seller_order=budi, to_status="paid")
    event = next(e for e in OutboxEvent.objects.filter(topic=ORDER_EVENT_TOPIC) if e.payload["event"] == paid.pk)
    # The immediate task backend may have delivered it at commit already: start from nothing sent.
    OrderNotification.objects.filter(event=paid).delete()
    mailoutbox.clear()
    outcomes = race(lambda: order_event_email(event), lambda: order_event_email(event))
    assert outcomes == [None, None]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.owner.email, cast.manager.email])
    assert OrderNotification.objects.filter(event=paid).count() == 2
