"""Fixes from the live-shopping review: bounded start times, what a (re)connecting stream opens with (hides,
viewer count, the newest messages and a gap), cursors, subscriptions released on every way out, connections of
WSGI streams, the studio's hide, and no chat message stored after the live ended."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import pytest
from django.db import connections
from django.test import AsyncRequestFactory, Client, RequestFactory
from django.utils import timezone

from lapak.accounts.services import api_token_issue
from lapak.core.errors import Conflict, ValidationFailed
from lapak.social import live_feed_io, live_hub
from lapak.social import views_live_stream as stream_view
from lapak.social.models import ChatMessage
from lapak.social.services import live_chat
from lapak.social.services.live import live_end
from lapak.social.services.live_chat import chat_hide, chat_post
from lapak.social.tests.live_support import BOTH, on_air, people_fixture, scheduled  # noqa: F401

P = "/api/v1/social/lives"


def _api(user) -> Client:
    _, secret = api_token_issue(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)


# 1. scheduled_for is bounded ----------------------------------------------------------------------------------

@pytest.mark.django_db(databases=BOTH)
@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-14:00", "9999-12-31T23:00:00Z", "0001-01-01T00:00:00+14:00",
                                  "0001-01-01T00:00:00"])
def test_extreme_start_times_are_field_errors_in_the_api(people, when):
    response = _api(people["host"]).post(P, {"title": "x", "scheduled_for": when}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "scheduled_for" in response.json()["error"]["fields"]


@pytest.mark.django_db(databases=BOTH)
def test_the_start_time_is_within_a_year_and_not_in_the_past(people):
    with pytest.raises(ValidationFailed) as far:
        scheduled(people["host"], scheduled_for=timezone.now() + timedelta(days=400))
    assert "scheduled_for" in far.value.fields
    with pytest.raises(ValidationFailed) as past:
        scheduled(people["host"], scheduled_for=timezone.now() - timedelta(minutes=10))
    assert "scheduled_for" in past.value.fields
    scheduled(people["host"], scheduled_for=timezone.now() + timedelta(days=365))  # the edge still schedules
    assert Client(raise_request_exception=False).get("/live/").status_code == 200


@pytest.mark.django_db(databases=BOTH)
def test_the_studio_form_shows_the_bound_inline(people):
    host = Client(HTTP_ACCEPT_LANGUAGE="en")
    host.force_login(people["host"])
    response = host.post("/studio/live/", {"title": "Batik", "scheduled_for": "9999-12-31T23:59"})
    assert response.status_code == 422
    assert "within one year" in response.content.decode()


# 2, 4, 7. The opening of a stream ------------------------------------------------------------------------------

@pytest.mark.django_db(databases=BOTH)
def test_a_reconnect_is_told_of_hides_made_while_it_was_away(people):
    live = on_air(people["host"])
    message = chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="kasar")
    chat_hide(actor=people["host"].public_id, live_id=live.public_id, message_id=message.pk)
    for cursor in (message.pk, None):
        head = stream_view.stream_opening(live.public_id, cursor).head
        assert f'event: hide\ndata: {{"id":{message.pk}}}'.encode() in head


@pytest.mark.django_db(databases=BOTH)
def test_a_reconnect_that_missed_too_many_gets_the_newest_and_a_gap(people):
    live = on_air(people["host"])
    base = ChatMessage.objects.create(live=live, account="usr_x", author_name="X", body="base")
    missed = ChatMessage.objects.bulk_create([ChatMessage(live=live, account="usr_x", author_name="X", body=f"m{i}")
                                              for i in range(205)])
    ids = sorted(m.pk for m in ChatMessage.objects.filter(pk__gt=base.pk))
    assert len(ids) == len(missed)
    opening = stream_view.stream_opening(live.public_id, base.pk)
    head = opening.head.decode()
    assert f'event: gap\ndata: {{"before":{ids[5]}}}' in head
    assert f"id: {ids[4]}\n" not in head and f"id: {ids[5]}\n" in head and f"id: {ids[-1]}\n" in head
    assert head.count("event: chat") == 200
    assert opening.catch_up_max == ids[-1]  # what comes later follows on from the newest sent


@pytest.mark.django_db(databases=BOTH)
def test_the_opening_carries_the_viewer_count(people):
    live = on_air(people["host"])
    assert b'event: viewers\ndata: {"count":1}' in stream_view.stream_opening(live.public_id, None).head
    live_feed_io.feed_viewers_publish(live.pk, "another-process", 7)
    assert b'event: viewers\ndata: {"count":7}' in stream_view.stream_opening(live.public_id, None).head


# 3. Cursors ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "query", "expected"), [
    ("\u00b2", "", None), ("", "\u00b2", None), ("\u0661\u0662", "", None), ("12", "", 12), ("", "7", 7),
    ("9" * 30, "", None), ("-1", "", None),
])
def test_only_ascii_digit_cursors_are_read(header, query, expected):
    extra = {"HTTP_LAST_EVENT_ID": header} if header else {}
    request = RequestFactory().get("/live/x/events", {"after": query} if query else {}, **extra)
    assert stream_view._cursor(request) == expected


@pytest.mark.django_db(databases=BOTH)
def test_a_unicode_digit_cursor_is_not_a_server_error(people):
    live = on_air(people["host"])
    response = Client(raise_request_exception=False).get(f"/live/{live.public_id}/events?after=%C2%B2")
    try:
        assert response.status_code == 200
    finally:
        response.close()
        live_hub.hubs_close_connections()


# 5. Subscriptions are released on every way out (ASGI) ------------------------------------------------------

@pytest.mark.django_db(databases=BOTH, transaction=True)
def test_a_viewer_leaving_during_the_opening_or_before_the_first_byte_is_unsubscribed(people, monkeypatch):
    live = on_air(people["host"])
    real_opening = stream_view.stream_opening
    slow = {"on": True}

    def opening(live_id: str, cursor: int | None):
        if slow["on"]:
            import time
            time.sleep(0.5)
        return real_opening(live_id, cursor)

    monkeypatch.setattr(stream_view, "stream_opening", opening)

    async def scenario() -> tuple[int, int, int]:
        hub = live_hub.hub_for_running_loop()
        request = AsyncRequestFactory().get(f"/live/{live.public_id}/events")
        task = asyncio.create_task(stream_view.live_events_response(request, live.public_id))
        await asyncio.sleep(0.1)
        during = hub.viewers_here(live.public_id)
        task.cancel()  # the viewer leaves while the opening is read
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await asyncio.sleep(0)
        after_cancel = hub.viewers_here(live.public_id)
        slow["on"] = False
        response = await stream_view.live_events_response(request, live.public_id)
        assert hub.viewers_here(live.public_id) == 1
        response.close()  # never streamed: the server closes it when the viewer is gone
        await asyncio.sleep(0.05)
        after_close = hub.viewers_here(live.public_id)
        await asyncio.sleep(live_hub.TICK * 2)  # the feed notices it has no viewers and stops
        await hub.db_release()
        return during, after_cancel, after_close

    assert asyncio.run(scenario()) == (1, 0, 0)


# 6. A WSGI stream's thread holds no connection ---------------------------------------------------------------

@pytest.mark.django_db(databases=BOTH, transaction=True)
def test_the_wsgi_opening_closes_the_request_threads_connections(people):
    live = on_air(people["host"])
    ChatMessage.objects.count()  # the thread's connections are open, as after a request's middleware
    assert connections["social"].connection is not None
    opening = stream_view.stream_opening_then_close(live.public_id, None)
    assert opening is not None and b"event: status" in opening.head
    assert connections["social"].connection is None and connections["default"].connection is None


# 10. The studio's hide tells a failure ------------------------------------------------------------------------

@pytest.mark.django_db(databases=BOTH)
def test_the_studio_hide_shows_the_error_not_hidden(people):
    live = on_air(people["host"])
    other = on_air(people["rival"])
    foreign = chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=other.public_id, body="hai")
    host = Client(HTTP_ACCEPT_LANGUAGE="en")
    host.force_login(people["host"])
    failed = host.post(f"/studio/live/{live.public_id}/chat/{foreign.pk}/hide/", HTTP_HX_REQUEST="true")
    text = failed.content.decode()
    assert "Hidden" not in text and "There is no such message." in text
    assert not ChatMessage.objects.get(pk=foreign.pk).hidden
    own = chat_post(account=people["operator"].public_id, author_name="Ops", live_id=live.public_id, body="kasar")
    hidden = host.post(f"/studio/live/{live.public_id}/chat/{own.pk}/hide/", HTTP_HX_REQUEST="true")
    assert "Hidden" in hidden.content.decode()


# 12. No message after the end ---------------------------------------------------------------------------------

@pytest.mark.django_db(databases=BOTH)
def test_posting_after_the_end_is_refused(people):
    live = on_air(people["host"])
    live_end(actor=people["host"].public_id, live_id=live.public_id)
    with pytest.raises(Conflict):
        chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="halo")
    assert not ChatMessage.objects.exists()


@pytest.mark.django_db(databases=BOTH)
def test_a_live_ending_while_a_message_is_checked_refuses_it(people, monkeypatch):
    """The interleaving of the race, made certain: the post has read the live on air, then the host ends it
    before the post stores its message."""
    live = on_air(people["host"])
    real_check = live_chat.live_switch_check

    def end_in_between(checked_live) -> None:
        real_check(checked_live)
        live_end(actor=people["host"].public_id, live_id=live.public_id)

    monkeypatch.setattr(live_chat, "live_switch_check", end_in_between)
    with pytest.raises(Conflict):
        chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="telat")
    assert not ChatMessage.objects.exists()
