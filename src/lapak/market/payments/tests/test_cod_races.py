"""Two deliveries of one "delivered" outbox event at the same moment (two workers), and one remittance imported
twice at once: one ledger entry each. Real threads on a real database."""

from __future__ import annotations

import pytest

from lapak.core.outbox.registry import outbox_subscribe, outbox_unsubscribe
from lapak.core.testing import race
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.events import ORDER_EVENT_TOPIC
from lapak.market.orders.models import OrderEvent
from lapak.market.payments.handlers_cod import cod_follow_seller_order
from lapak.market.payments.models_cod import CodRemittanceLine, CodStatus
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.cod_remittance import cod_remittance_record
from lapak.market.payments.tests.cod_support import parcel, parts, place_cod, remittance_of, ship, track
from lapak.market.payments.tests.refund_support import balance


class Event:
    def __init__(self, payload: dict) -> None:
        self.payload = payload


def _no_capture(**_kwargs):
    from contextlib import nullcontext

    return nullcontext()


@pytest.fixture
def delivered_unposted(racing_db, place, market, buyer):
    """Toko Budi's COD parcel delivered with the COD subscriber switched off, so the test delivers the event."""
    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    budi = parts(order)[0]
    ship(budi, market)
    outbox_unsubscribe(ORDER_EVENT_TOPIC, cod_follow_seller_order)
    try:
        track(budi, "delivered", _no_capture)  # a transactional test: the outbox runs at each commit
    finally:
        outbox_subscribe(ORDER_EVENT_TOPIC)(cod_follow_seller_order)
    assert parcel(budi).status == CodStatus.AWAITING and not JournalEntry.objects.exists()
    event = OrderEvent.objects.filter(seller_order=budi, to_status="delivered").get()
    return budi, Event({"event": event.pk, "kind": "status_change", "to": "delivered"})


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_the_event_at_once_post_once(delivered_unposted):
    budi, event = delivered_unposted
    outcomes = race(lambda: cod_follow_seller_order(event), lambda: cod_follow_seller_order(event))
    assert outcomes == [None, None], outcomes
    assert JournalEntry.objects.filter(cause_type="cod_parcel").count() == 1
    assert parcel(budi).status == CodStatus.COLLECTED
    assert balance(AccountKind.ESCROW, budi.public_id) == parcel(budi).escrow_amount and ledger_check() == []


@pytest.mark.django_db(transaction=True)
def test_one_remittance_imported_twice_at_once_posts_once(delivered_unposted):
    budi, event = delivered_unposted
    cod_follow_seller_order(event)
    lines = remittance_of(budi)

    def record():
        return cod_remittance_record(provider="sandbox", reference="RMT-1", remitted_on=budi.created_at.date(),
                                     lines=lines)

    first, second = race(record, record)
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert first.matched + second.matched == 1 and first.repeated + second.repeated == 1
    assert not first.mismatches and not second.mismatches
    assert CodRemittanceLine.objects.count() == 1
    assert JournalEntry.objects.filter(cause_type="cod_remittance_line").count() == 1 and ledger_check() == []
