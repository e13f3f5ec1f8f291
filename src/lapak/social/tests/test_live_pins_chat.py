"""Pins (host only, products on sale only, at most 20, a timeline for the replay) and the chat (length, floods,
escaping, hiding)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from lapak.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from lapak.social.models import ChatMessage, LivePin
from lapak.social.selectors.live import chat_page, live_pin_timeline
from lapak.social.services.live import live_end
from lapak.social.services.live_chat import chat_hide, chat_post
from lapak.social.services.live_pins import MAX_PINS, live_pin, live_unpin
from lapak.social.tests.live_support import BOTH, catalogue_fixture, on_air, people_fixture, scheduled  # noqa: F401

pytestmark = pytest.mark.django_db(databases=BOTH)


def test_the_host_pins_a_product_with_its_catalogue_facts_and_unpins_it(people, catalogue):
    live = on_air(people["host"])
    product = catalogue.add(title="Kemeja Batik Tulis", price=250_000)
    pin = live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=product)
    assert (pin.title, pin.price_min, pin.seller_name, pin.unpinned_at) == ("Kemeja Batik Tulis", 250_000,
                                                                           "Toko Sari", None)
    with pytest.raises(Conflict):
        live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=product)
    live_unpin(actor=people["host"].public_id, live_id=live.public_id, product_id=product)
    live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=product)  # again, later
    kinds = [e.kind for e in live_pin_timeline(live=live)]
    assert kinds == ["pin", "unpin", "pin"]


def test_a_pin_by_someone_who_is_not_the_host_is_refused_and_nothing_is_stored(people, catalogue):
    live = on_air(people["host"])
    product = catalogue.add()
    for intruder in ("rival", "viewer", "operator"):
        with pytest.raises(NotFound):
            live_pin(actor=people[intruder].public_id, live_id=live.public_id, product_id=product)
    assert not LivePin.objects.exists()


def test_unknown_products_and_lives_not_on_air_are_refused(people, catalogue):
    live = on_air(people["host"])
    for bad in ("prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V", "not-a-product", ""):
        with pytest.raises(ValidationFailed) as refused:
            live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=bad)
        assert "product" in refused.value.fields
    waiting = scheduled(people["host"])
    with pytest.raises(Conflict):
        live_pin(actor=people["host"].public_id, live_id=waiting.public_id, product_id=catalogue.add())
    assert not LivePin.objects.exists()


def test_at_most_twenty_products_are_pinned_at_once(people, catalogue):
    live = on_air(people["host"])
    for _ in range(MAX_PINS):
        live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=catalogue.add())
    with pytest.raises(Conflict) as refused:
        live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=catalogue.add())
    assert refused.value.code == "too_many_pins"
    assert LivePin.objects.filter(live=live).count() == MAX_PINS


def test_chat_length_is_checked(people):
    live = on_air(people["host"])
    for body in ("", "   ", "x" * 301):
        with pytest.raises(ValidationFailed):
            chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body=body)
    chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="x" * 300)
    assert ChatMessage.objects.count() == 1


def test_a_chat_flood_is_rate_limited_per_account(people):
    live = on_air(people["host"])
    viewer = people["viewer"].public_id
    chat_post(account=viewer, author_name="Budi", live_id=live.public_id, body="pertama")
    with pytest.raises(RateLimited):
        chat_post(account=viewer, author_name="Budi", live_id=live.public_id, body="kedua")  # within 2 seconds
    chat_post(account=people["rival"].public_id, author_name="Rina", live_id=live.public_id, body="aku juga")
    assert ChatMessage.objects.count() == 2


def test_the_minute_limit_holds_even_when_each_message_waits_its_two_seconds(people, monkeypatch):
    live = on_air(people["host"])
    clock = [1_000_000.0]
    monkeypatch.setattr("lapak.core.ratelimit.time.time", lambda: clock[0])
    clock[0] = (clock[0] // 60) * 60  # the start of a minute window
    sent = refused = 0
    for _ in range(25):
        try:
            chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="promo?")
            sent += 1
        except RateLimited:
            refused += 1
        clock[0] += 2.01
    assert sent == 20 and refused == 5 and ChatMessage.objects.count() == 20


def test_a_script_in_the_chat_is_shown_as_text(people):
    live = on_air(people["host"])
    chat_post(account=people["viewer"].public_id, author_name="<b>Budi</b>", live_id=live.public_id,
              body='<script>alert("x")</script>')
    with translation.override("en"):
        page = Client().get(f"/live/{live.public_id}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>Budi</b>" not in page and "&lt;b&gt;Budi&lt;/b&gt;" in page
    assert page.count("&lt;script&gt;alert") == 1  # in the chat only, not also among the page's notices


def test_the_host_hides_a_message_from_viewers_and_the_replay(people):
    live = on_air(people["host"])
    message = chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id,
                        body="spam spam")
    with pytest.raises(NotFound):
        chat_hide(actor=people["rival"].public_id, live_id=live.public_id, message_id=message.pk)
    assert chat_page(live=live) == [message]
    chat_hide(actor=people["host"].public_id, live_id=live.public_id, message_id=message.pk)
    assert chat_page(live=live) == []
    live_end(actor=people["host"].public_id, live_id=live.public_id)
    assert "spam spam" not in Client().get(f"/live/{live.public_id}/").content.decode()


def test_chat_pages_are_keyset_pages(people):
    live = on_air(people["host"])
    ids = [ChatMessage.objects.create(live=live, account="usr_x", author_name="X", body=str(i)).pk for i in range(7)]
    assert [m.pk for m in chat_page(live=live, limit=3)] == ids[-3:]
    assert [m.pk for m in chat_page(live=live, before=ids[4], limit=3)] == ids[1:4]
    assert [m.pk for m in chat_page(live=live, after=ids[4], limit=3)] == ids[5:]
