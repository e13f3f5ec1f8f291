"""The live pages: the schedule, the viewer's page (video or poster, pins with the voucher, the chat form that
works without JavaScript), the replay, and the studio (schedule, start, refusal in both languages, pin with htmx,
end)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.social.models import ChatMessage, LivePin, LiveSession
from lapak.social.services.live_chat import chat_post
from lapak.social.services.live_pins import live_pin
from lapak.social.tests.live_support import (  # noqa: F401
    BOTH,
    account,
    catalogue_fixture,
    creator,
    on_air,
    people_fixture,
    scheduled,
    switch_live_shopping,
)

SOON = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")  # within the 1-year bound

pytestmark = pytest.mark.django_db(databases=BOTH)


def client_for(user=None, **extra) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **extra)
    if user is not None:
        client.force_login(user)
    return client


def test_the_schedule_lists_lives_on_air_and_coming_up(people):
    now = on_air(people["host"], title="Batik sekarang")
    later = scheduled(people["rival"], title="Tenun nanti")
    page = client_for().get("/live/").content.decode()
    on_air_part, upcoming_part = page.split('id="lives-upcoming"')
    assert now.title in on_air_part and later.title in upcoming_part and later.title not in on_air_part


def test_the_viewer_page_shows_the_stream_pins_voucher_and_handoff_links(people, catalogue):
    live = on_air(people["host"], stream_url="https://cdn.example/live/index.m3u8", voucher_code="BATIK10")
    product = catalogue.add(title="Kain Songket")
    live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=product)
    page = client_for().get(f"/live/{live.public_id}/").content.decode()
    assert '<video class="live-video" id="live-video" src="https://cdn.example/live/index.m3u8"' in page
    assert "Kain Songket" in page and f'href="/go/live/{live.public_id}/{product}/"' in page
    assert "<code>BATIK10</code>" in page and f"/live/{live.public_id}/events?after=" in page
    assert "does not carry the video" in page
    poster = client_for().get(f"/live/{scheduled(people['rival']).public_id}/").content.decode()
    assert 'id="live-poster"' in poster and "<video" not in poster
    assert client_for().get("/live/liv_nothing/").status_code == 404


def test_the_chat_form_works_without_javascript(people):
    live = on_air(people["host"])
    url = f"/live/{live.public_id}/chat/"
    assert client_for().post(url, {"body": "halo"}).status_code == 302  # to the login page
    assert ChatMessage.objects.count() == 0
    viewer = client_for(people["viewer"])
    response = viewer.post(url, {"body": "halo kak"})
    assert response.status_code == 302 and response["Location"] == f"/live/{live.public_id}/#chat"
    assert "halo kak" in viewer.get(f"/live/{live.public_id}/").content.decode()
    flood = viewer.post(url, {"body": "lagi"})
    assert flood.status_code == 429 and "too fast" in flood.content.decode()
    assert viewer.post(url, {"body": ""}).status_code == 422
    assert ChatMessage.objects.count() == 1
    scripted = client_for(people["rival"]).post(url, {"body": "dari skrip"}, HTTP_X_REQUESTED_WITH="fetch")
    assert scripted.status_code == 204 and ChatMessage.objects.count() == 2


def test_the_chat_form_needs_the_csrf_token(people):
    live = on_air(people["host"])
    guarded = client_for(people["viewer"], enforce_csrf_checks=True)
    assert guarded.post(f"/live/{live.public_id}/chat/", {"body": "halo"}).status_code == 403
    assert ChatMessage.objects.count() == 0


def test_the_studio_schedules_with_inline_errors(people):
    host = client_for(people["host"])
    assert client_for().get("/studio/live/").status_code == 302
    bad = host.post("/studio/live/", {"title": "Batik", "scheduled_for": SOON,
                                      "voucher_code": "bad code!", "stream_url": "ftp://x"})
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "3 to 32 letters" in text and "https:// address of the HLS stream" in text
    assert LiveSession.objects.count() == 0
    good = host.post("/studio/live/", {"title": "Batik", "scheduled_for": SOON, "voucher_code": "b10"})
    live = LiveSession.objects.get()
    assert good.status_code == 302 and good["Location"] == f"/studio/live/{live.public_id}/"
    assert live.voucher_code == "B10"
    unverified = account("new@example.test")
    creator(unverified, handle="baru", verified=False)
    assert 'id="not-a-host"' in client_for(unverified).get("/studio/live/").content.decode()


def test_the_run_page_is_the_hosts_alone(people):
    live = scheduled(people["host"])
    assert client_for(people["host"]).get(f"/studio/live/{live.public_id}/").status_code == 200
    assert client_for(people["rival"]).get(f"/studio/live/{live.public_id}/").status_code == 404
    assert client_for(people["rival"]).post(f"/studio/live/{live.public_id}/start/").status_code == 404
    live.refresh_from_db()
    assert live.status == "scheduled"


def test_a_refused_start_shows_the_reasons_in_both_languages(people):
    live = scheduled(people["host"])
    switch_live_shopping("off", reason="Kerusuhan di Jakarta")
    response = client_for(people["host"]).post(f"/studio/live/{live.public_id}/start/")
    assert response.status_code == 403
    text = response.content.decode()
    assert 'id="live-refused"' in text and '<li lang="id">' in text and '<li lang="en">' in text
    assert text.count("Kerusuhan di Jakarta") >= 2
    live.refresh_from_db()
    assert live.status == "scheduled"


def test_the_host_runs_the_live_pins_with_htmx_and_ends_into_the_replay(people, catalogue):
    live = scheduled(people["host"])
    host = client_for(people["host"])
    assert host.post(f"/studio/live/{live.public_id}/start/").status_code == 302
    product = catalogue.add(title="Tas Anyaman")
    partial = host.post(f"/studio/live/{live.public_id}/pin/", {"product_id": product}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "Tas Anyaman" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    unknown = host.post(f"/studio/live/{live.public_id}/pin/", {"product_id": "prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V"},
                        HTTP_HX_REQUEST="true")
    assert unknown.status_code == 422 and "unknown or not on sale" in unknown.content.decode()
    assert LivePin.objects.count() == 1
    chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="mau satu")
    ended = host.post(f"/studio/live/{live.public_id}/end/", {"replay_url": "https://cdn.example/replay.mp4"})
    assert ended.status_code == 302
    replay = client_for().get(f"/live/{live.public_id}/").content.decode()
    assert 'id="pin-timeline"' in replay and "Tas Anyaman" in replay and "00:00" in replay
    assert "mau satu" in replay and "https://cdn.example/replay.mp4" in replay
