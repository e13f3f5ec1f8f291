"""The creators API, and who may call each social creator and feed endpoint (read from the published API)."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.testing import published_operations
from lapak.social.models import Creator, ShowcaseItem
from lapak.social.tests import support_creators
from lapak.social.tests.support_creators import become_creator, last_code
from lapak.social.tests.support_feed import NOW, creator_make

pytestmark = pytest.mark.django_db(databases=["default", "social"])
sms_outbox = support_creators.sms_outbox
API = "/api/v1/social"

# Who may call what: "anyone", "signed_in" (any account), "owner" (the caller's own creator profile),
# "verified" (the caller's verified creator profile), "reader" (operators and regulators of ID).
MATRIX = {
    ("GET", f"{API}/feed"): "anyone",
    ("GET", f"{API}/feed/following"): "signed_in",
    ("GET", f"{API}/feed/rankings"): "reader",
    ("POST", f"{API}/creators"): "signed_in",
    ("GET", f"{API}/creators/me"): "owner",
    ("PATCH", f"{API}/creators/me"): "owner",
    ("POST", f"{API}/creators/me/phone/send"): "owner",
    ("POST", f"{API}/creators/me/phone/verify"): "owner",
    ("POST", f"{API}/creators/me/showcase"): "verified",
    ("PUT", f"{API}/creators/me/showcase"): "verified",
    ("DELETE", f"{API}/creators/me/showcase/{{product_id}}"): "verified",
    ("GET", f"{API}/creators/{{handle}}"): "anyone",
    ("GET", f"{API}/creators/{{handle}}/posts"): "anyone",
    ("POST", f"{API}/creators/{{handle}}/follow"): "signed_in",
    ("DELETE", f"{API}/creators/{{handle}}/follow"): "signed_in",
}


def test_every_published_operation_is_in_the_matrix():
    assert published_operations(f"{API}/creators", f"{API}/feed") == set(MATRIX)


BODIES = {"/phone/verify": '{"code": "123456"}', "/me/showcase": '{"product_id": "prd_01X"}'}


def _call(client: Client, method: str, path: str, headers: dict):
    path = path.replace("{handle}", "sari").replace("{product_id}", "prd_01X")
    body = next((text for end, text in BODIES.items() if path.endswith(end)), "{}")
    if method == "PUT":
        body = '{"product_ids": []}'
    return client.generic(method, path, body if method != "GET" else "", content_type="application/json", **headers)


def test_the_matrix_holds(make_user, bearer):
    creator_make("sari")
    stranger, unverified = make_user(), make_user()
    Creator.objects.create(account=unverified.public_id, handle="belum", display_name="B", phone="+6281234567890")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for (method, path), who in MATRIX.items():
        anonymous = _call(client, method, path, {}).status_code
        assert (anonymous != 401) == (who == "anyone"), (method, path, anonymous)
        as_stranger = _call(client, method, path, bearer(stranger)).status_code
        if who in {"owner", "verified"}:
            assert as_stranger == 404, (method, path, as_stranger)  # no profile of their own
        if who == "verified":
            assert _call(client, method, path, bearer(unverified)).status_code == 403, (method, path)
        if who == "reader":
            assert as_stranger == 403


def test_become_a_creator_over_the_api(make_user, bearer, sms_outbox):
    user = make_user()
    auth = bearer(user)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    bad = client.post(f"{API}/creators", {"handle": "x", "display_name": "", "phone": "1"},
                      content_type="application/json", **auth)
    assert bad.status_code == 422 and "handle" in bad.json()["error"]["fields"]
    extra = client.post(f"{API}/creators", {"handle": "sari", "display_name": "S", "phone": "081234567890",
                                            "role": "operator"}, content_type="application/json", **auth)
    assert extra.status_code == 422
    made = client.post(f"{API}/creators", {"handle": "sari", "display_name": "Sari", "phone": "081234567890"},
                       content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["verified"] is False
    sent = client.post(f"{API}/creators/me/phone/send", **auth)
    assert sent.status_code == 202 and sent.json()["sent_to"].endswith("••••")
    assert client.post(f"{API}/creators/me/phone/send", **auth).status_code == 429
    verified = client.post(f"{API}/creators/me/phone/verify", {"code": last_code(sms_outbox)},
                           content_type="application/json", **auth)
    assert verified.status_code == 200 and verified.json()["verified"] is True
    patched = client.patch(f"{API}/creators/me", {"bio": "Halo"}, content_type="application/json", **auth)
    assert patched.json()["bio"] == "Halo" and patched.json()["verified"] is True
    public = client.get(f"{API}/creators/sari").json()
    assert public["handle"] == "sari" and "phone" not in public


def test_follow_over_the_api(make_user, bearer):
    creator_make("sari")
    auth = bearer(make_user())
    client = Client()
    assert client.post(f"{API}/creators/sari/follow", **auth).json() == {"following": True, "followers": 1}
    assert client.post(f"{API}/creators/sari/follow", **auth).json() == {"following": True, "followers": 1}
    assert client.get(f"{API}/creators/sari", **auth).json()["followers"] == 1
    assert client.delete(f"{API}/creators/sari/follow", **auth).json() == {"following": False, "followers": 0}
    assert client.post(f"{API}/creators/nobody/follow", **auth).status_code == 404


def test_showcase_order_and_remove_over_the_api(make_user, bearer, sms_outbox):
    user = make_user()
    creator = become_creator(user, sms_outbox)
    for position, product in enumerate(["prd_01A", "prd_01B", "prd_01C"], start=1):
        ShowcaseItem.objects.create(creator=creator, product_id=product, title=product, price_min=1, price_max=1,
                                    seller_id="org_A", position=position, refreshed_at=NOW)
    auth, client = bearer(user), Client()
    order = client.put(f"{API}/creators/me/showcase", {"product_ids": ["prd_01C", "prd_01A", "prd_01B"]},
                       content_type="application/json", **auth)
    assert [i["product_id"] for i in order.json()] == ["prd_01C", "prd_01A", "prd_01B"]
    partial = client.put(f"{API}/creators/me/showcase", {"product_ids": ["prd_01C", "prd_01C", "prd_01B"]},
                         content_type="application/json", **auth)
    assert partial.status_code == 422
    assert client.delete(f"{API}/creators/me/showcase/prd_01A", **auth).status_code == 204
    assert client.delete(f"{API}/creators/me/showcase/prd_01A", **auth).status_code == 404
    public = client.get(f"{API}/creators/{creator.handle}").json()
    assert [i["product_id"] for i in public["showcase"]] == ["prd_01C", "prd_01B"]
    assert public["showcase"][0]["link"] == f"/go/showcase/{creator.public_id}/prd_01C/"
