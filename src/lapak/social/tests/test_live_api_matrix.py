"""The authorisation policy of the live API, as data, checked against every live operation the API publishes.

Columns: anonymous, a viewer (a buyer), the live's host, another verified creator, an operator, a regulator.
Everyone reads; a verified creator schedules; only the host runs its live (anyone else: 404, the live is not
theirs to know about); any signed-in account chats; regulators only read. A refused call changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.accounts.services import api_token_issue, role_grant
from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.social.models import ChatMessage, LivePin, LiveSession
from lapak.social.services.live_chat import chat_post
from lapak.social.services.live_pins import live_pin
from lapak.social.tests.live_support import (  # noqa: F401
    BOTH,
    account,
    catalogue_fixture,
    on_air,
    people_fixture,
    scheduled,
)

P = "/api/v1/social/lives"
CALLERS = ("anonymous", "viewer", "host", "rival", "operator", "regulator")
READ = (200, 200, 200, 200, 200, 200)
HOST = (401, 404, 200, 404, 404, 403)
MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", P): READ,
    ("POST", P): (401, 403, 201, 201, 403, 403),
    ("GET", P + "/{live_id}"): READ,
    ("POST", P + "/{live_id}/start"): HOST,
    ("POST", P + "/{live_id}/end"): HOST,
    ("POST", P + "/{live_id}/cancel"): HOST,
    ("POST", P + "/{live_id}/pins"): (401, 404, 201, 404, 404, 403),
    ("DELETE", P + "/{live_id}/pins/{product_id}"): (401, 404, 204, 404, 404, 403),
    ("GET", P + "/{live_id}/chat"): READ,
    ("GET", P + "/{live_id}/events"): READ,
    ("POST", P + "/{live_id}/chat"): (401, 201, 201, 201, 201, 403),
    ("POST", P + "/{live_id}/chat/{message_id}/hide"): HOST,
}


def _live(w, *, air: bool = True) -> dict:
    return {"live_id": (on_air if air else scheduled)(w["host"]).public_id}


def _pinned(w) -> dict:
    live = on_air(w["host"])
    product = w["catalogue"].add()
    live_pin(actor=w["host"].public_id, live_id=live.public_id, product_id=product)
    return {"live_id": live.public_id, "product_id": product}


def _message(w) -> dict:
    live = on_air(w["host"])
    w["n"] += 1
    message = ChatMessage.objects.create(live=live, account=w["viewer"].public_id, author_name="Budi",
                                         body=f"pesan {w['n']}")
    return {"live_id": live.public_id, "message_id": message.pk}


SETUP = {
    ("GET", P): {"query": "?state=live"},
    ("POST", P): {"json": lambda w: {"title": "Live baru",
                                     "scheduled_for": (timezone.now() + timedelta(days=30)).isoformat()}},
    ("GET", P + "/{live_id}"): {"path": _live},
    ("POST", P + "/{live_id}/start"): {"path": lambda w: _live(w, air=False)},
    ("POST", P + "/{live_id}/end"): {"path": _live, "json": lambda w: {}},
    ("POST", P + "/{live_id}/cancel"): {"path": lambda w: _live(w, air=False)},
    ("POST", P + "/{live_id}/pins"): {"path": _live, "json": lambda w: {"product_id": w["catalogue"].add()}},
    ("DELETE", P + "/{live_id}/pins/{product_id}"): {"path": _pinned},
    ("GET", P + "/{live_id}/chat"): {"path": _message, "query": "?limit=10"},
    ("GET", P + "/{live_id}/events"): {"path": _live},
    ("POST", P + "/{live_id}/chat"): {"path": _live, "json": lambda w: {"body": "berapa harganya?"}},
    ("POST", P + "/{live_id}/chat/{message_id}/hide"): {"path": _message},
}


def test_every_published_live_operation_has_a_row_and_every_row_is_published(db):
    published = published_operations(P)
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"


@pytest.fixture(name="world")
def world_fixture(people, catalogue):
    regulator = account("regulator@example.test")
    role_grant(user=regulator, role="regulator", jurisdiction="ID")
    world = {**people, "regulator": regulator, "catalogue": catalogue, "n": 0, "headers": {"anonymous": {}}}
    for name in CALLERS[1:]:
        _, secret = api_token_issue(user=world[name])
        world["headers"][name] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    return world


def _snapshot() -> tuple:
    return (LiveSession.objects.count(), ChatMessage.objects.count(), AuditEvent.objects.count(),
            tuple(LiveSession.objects.order_by("pk").values_list("status", flat=True)),
            tuple(LivePin.objects.order_by("pk").values_list("unpinned_at", flat=True)),
            tuple(ChatMessage.objects.order_by("pk").values_list("hidden", flat=True)))


@pytest.mark.django_db(databases=BOTH)
@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(world, method, template):
    setup = SETUP.get((method, template), {})
    expected = dict(zip(CALLERS, MATRIX[(method, template)], strict=True))
    actual = {}
    for caller in CALLERS:
        from django.core.cache import cache

        cache.clear()  # each caller's chat post is its first: the rate limit is not what this test checks
        path = template.format(**setup["path"](world)) if "path" in setup else template
        body = setup["json"](world) if "json" in setup else None
        before = _snapshot()
        client = Client(HTTP_ACCEPT_LANGUAGE="en", **world["headers"][caller])
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method.lower())(path + setup.get("query", ""), **kwargs)
        actual[caller] = response.status_code
        # An event stream is left unread: its status is what is checked here (closing the response would send
        # request_finished, which closes the test's database connection).
        if response.status_code >= 400:
            assert response.json()["error"]["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
    assert actual == expected


@pytest.mark.django_db(databases=BOTH)
def test_a_refused_start_answers_with_the_reasons_in_both_languages(world):
    from lapak.social.tests.live_support import switch_live_shopping

    live = scheduled(world["host"])
    switch_live_shopping("off", reason="Kerusuhan")
    response = Client(**world["headers"]["host"]).post(f"{P}/{live.public_id}/start")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "live_refused" and len(error["fields"]["rules.SWITCH:live_shopping"]) == 2


@pytest.mark.django_db(databases=BOTH)
def test_the_chat_api_is_rate_limited(world):
    live = on_air(world["host"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **world["headers"]["viewer"])
    assert client.post(f"{P}/{live.public_id}/chat", {"body": "satu"}, content_type="application/json").status_code \
        == 201
    flood = client.post(f"{P}/{live.public_id}/chat", {"body": "dua"}, content_type="application/json")
    assert flood.status_code == 429 and flood.json()["error"]["code"] == "rate_limited"
    chat_post(account=world["rival"].public_id, author_name="Rina", live_id=live.public_id, body="tiga")
    page = client.get(f"{P}/{live.public_id}/chat?limit=1").json()
    assert [m["body"] for m in page] == ["tiga"]
    older = client.get(f"{P}/{live.public_id}/chat?before={page[0]['id']}").json()
    assert [m["body"] for m in older] == ["satu"]
