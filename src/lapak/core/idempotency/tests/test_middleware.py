"""Idempotency-Key behaviour, one test per case of the middleware's table."""

import threading

import pytest
from django.db import connections
from django.test import Client

from lapak.core.idempotency.models import IdempotencyKey
from lapak.core.idempotency.tests.urls import recorder

pytestmark = [pytest.mark.urls("lapak.core.idempotency.tests.urls")]

ECHO = "/api/test/echo"


@pytest.fixture(autouse=True)
def _reset_recorder():
    recorder.reset()
    yield
    recorder.release.set()


def post(client, path=ECHO, body=None, key="key-1", **extra):
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, body if body is not None else {"amount": 150000}, content_type="application/json", **extra)


@pytest.mark.django_db
def test_first_call_runs_and_is_stored(api_client):
    response = post(api_client)
    assert response.status_code == 201
    assert response.json()["call"] == 1
    assert "Idempotent-Replayed" not in response
    stored = IdempotencyKey.objects.get()
    assert stored.state == IdempotencyKey.State.COMPLETED
    assert stored.response_status == 201
    assert stored.key == "key-1"
    assert stored.scope.startswith("anon:")


@pytest.mark.django_db
def test_replay_after_success_returns_the_stored_response(api_client):
    first = post(api_client)
    again = post(api_client)
    assert recorder.calls == 1
    assert again.status_code == 201
    assert again.content == first.content
    assert again["Content-Type"] == "application/json"
    assert again["Location"] == "/things/1"
    assert again["Idempotent-Replayed"] == "true"
    assert "noise" not in again.cookies


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_gets_409_while_the_first_runs():
    first_response = {}

    def first_call():
        try:
            first_response["r"] = post(Client(), "/api/test/slow")
        finally:
            connections.close_all()

    worker = threading.Thread(target=first_call)
    worker.start()
    try:
        assert recorder.entered.wait(timeout=10), "the first call never reached the view"
        duplicate = post(Client(HTTP_ACCEPT_LANGUAGE="en"), "/api/test/slow")
        assert duplicate.status_code == 409
        assert duplicate.json()["error"]["code"] == "idempotency_in_progress"
    finally:
        recorder.release.set()
        worker.join(timeout=15)
    assert first_response["r"].status_code == 201
    replay = post(Client(), "/api/test/slow")
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first_response["r"].json()
    assert recorder.calls == 1


@pytest.mark.django_db
def test_a_5xx_is_not_stored_and_the_retry_runs_again(api_client):
    recorder.next_status = 503
    assert post(api_client).status_code == 503
    assert not IdempotencyKey.objects.exists()
    recorder.next_status = 201
    retry = post(api_client)
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry
    assert recorder.calls == 2


@pytest.mark.django_db
def test_a_no_store_response_is_never_kept(api_client):
    recorder.no_store = True
    assert post(api_client, body={"nik": "3171011508950001"}).status_code == 201
    assert not IdempotencyKey.objects.exists()
    assert "Idempotent-Replayed" not in post(api_client, body={"nik": "3171011508950001"})
    assert recorder.calls == 2


@pytest.mark.django_db
def test_the_fingerprint_is_keyed_so_a_body_cannot_be_guessed_from_it(api_client):
    import hashlib

    body = b'{"nik": "3171011508950001"}'
    api_client.post(ECHO, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    stored = IdempotencyKey.objects.get().fingerprint
    assert stored != hashlib.sha256(body).hexdigest()
    assert hashlib.sha256(body).hexdigest() not in stored


@pytest.mark.django_db
def test_an_exception_in_the_view_is_not_stored_either():
    client = Client(raise_request_exception=False)
    recorder.raise_next = True
    assert post(client).status_code == 500
    assert not IdempotencyKey.objects.exists()
    assert post(client).status_code == 201
    assert recorder.calls == 2


@pytest.mark.django_db
def test_a_4xx_is_stored_and_replayed(api_client):
    recorder.next_status = 404
    assert post(api_client).status_code == 404
    recorder.next_status = 201
    replay = post(api_client)
    assert replay.status_code == 404
    assert replay["Idempotent-Replayed"] == "true"
    assert recorder.calls == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second",
    [
        {"body": {"amount": 999}},
        {"path": ECHO + "?dry_run=1"},
        {"method": "put"},
    ],
    ids=["other-body", "other-query", "other-method"],
)
def test_same_key_for_a_different_request_gets_422(api_client, second):
    post(api_client)
    method = getattr(api_client, second.get("method", "post"))
    response = method(
        second.get("path", ECHO),
        second.get("body", {"amount": 150000}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert response.json()["error"]["fields"] == {}
    assert recorder.calls == 1


@pytest.mark.django_db
def test_different_users_with_the_same_key_are_independent(api_client, make_user, bearer):
    alice, bob = make_user(), make_user()
    alice_auth, bob_auth = bearer(alice), bearer(bob)
    assert post(api_client, **alice_auth).json()["call"] == 1
    assert post(api_client, **bob_auth).json()["call"] == 2
    replay = post(api_client, **alice_auth)
    assert replay.json()["call"] == 1
    assert replay["Idempotent-Replayed"] == "true"
    assert set(IdempotencyKey.objects.values_list("scope", flat=True)) == {f"user:{alice.pk}", f"user:{bob.pk}"}


@pytest.mark.django_db
def test_session_and_bearer_of_one_user_share_a_scope(make_user, bearer):
    user = make_user()
    session = Client()
    session.force_login(user)
    assert post(session).json()["call"] == 1
    replay = post(Client(), **bearer(user))
    assert replay["Idempotent-Replayed"] == "true"
    assert recorder.calls == 1


@pytest.mark.django_db
def test_anonymous_callers_are_kept_apart_by_address():
    assert post(Client(REMOTE_ADDR="203.0.113.7")).json()["call"] == 1
    assert post(Client(REMOTE_ADDR="198.51.100.9")).json()["call"] == 2
    assert post(Client(REMOTE_ADDR="203.0.113.7"))["Idempotent-Replayed"] == "true"
    scopes = list(IdempotencyKey.objects.values_list("scope", flat=True))
    assert len(set(scopes)) == 2
    assert not any("203.0.113.7" in scope for scope in scopes)


@pytest.mark.django_db
def test_a_bad_bearer_token_passes_through_and_stores_nothing(api_client):
    for _ in range(2):
        response = post(api_client, HTTP_AUTHORIZATION="Bearer lpk_not-a-real-token")
        assert "Idempotent-Replayed" not in response
    assert recorder.calls == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "kunci-é", "tab\there", "new\nline"])
def test_malformed_keys_get_400(api_client, key):
    response = post(api_client, key=key)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_invalid"
    assert recorder.calls == 0


@pytest.mark.django_db
def test_the_longest_printable_key_is_accepted(api_client):
    key = "~ !" + "k" * 252
    assert post(api_client, key=key).status_code == 201
    assert post(api_client, key=key)["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/plain/echo"), ("get", ECHO), ("head", ECHO), ("options", ECHO)],
)
def test_non_api_paths_and_safe_methods_are_untouched(api_client, method, path):
    for _ in range(2):
        response = getattr(api_client, method)(path, HTTP_IDEMPOTENCY_KEY="key-1")
        assert "Idempotent-Replayed" not in response
    assert recorder.calls == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_calls_without_a_key_are_untouched(api_client):
    post(api_client, key=None)
    post(api_client, key=None)
    assert recorder.calls == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_token_issue_is_exempt_so_secrets_are_never_stored(api_client, make_user):
    make_user(email="ani@example.test")
    body = {"email": "ani@example.test", "password": "correct horse battery"}
    first = post(api_client, "/api/v1/auth/token", body)
    second = post(api_client, "/api/v1/auth/token", body)
    assert first.status_code == second.status_code == 201
    assert first.json()["token"] != second.json()["token"]
    assert not IdempotencyKey.objects.exists()
