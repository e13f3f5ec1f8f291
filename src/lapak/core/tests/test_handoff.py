"""The hand-off token: genuine tokens verify; forged, altered, expired, foreign-key and malformed ones do not."""

from __future__ import annotations

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lapak.core.handoff import HandoffInvalid, handoff_token_issue, handoff_token_verify

CREATOR = "usr_01JD3Q6Y8W9M2K4N7P5R0S1T2V"
POST = "pst_01JD3Q6Y8W9M2K4N7P5R0S1T2V"
PRODUCT = "prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V"


def issue(**overrides: object) -> str:
    claims = {"creator": CREATOR, "source": "post", "source_id": POST, "product": PRODUCT, "campaign": "ramadan"}
    return handoff_token_issue(**{**claims, **overrides})


def test_a_genuine_token_carries_its_claims() -> None:
    claims = handoff_token_verify(issue())
    assert (claims.creator, claims.source, claims.source_id, claims.product, claims.campaign) == (
        CREATOR, "post", POST, PRODUCT, "ramadan")
    assert claims.expires_at > claims.issued_at
    assert handoff_token_verify(issue()).nonce != claims.nonce  # every tap is its own token


def test_an_altered_claim_breaks_the_signature() -> None:
    body, signature = issue().split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["c"] = "usr_01JD3Q6Y8W9M2K4N7P5R0S9999"  # another creator takes the commission
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(HandoffInvalid) as refused:
        handoff_token_verify(f"{forged}.{signature}")
    assert refused.value.reason == "signature"


def test_a_token_signed_with_another_key_is_refused(settings) -> None:
    settings.HANDOFF_SIGNING_KEY = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    foreign = issue()
    settings.HANDOFF_SIGNING_KEY = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    with pytest.raises(HandoffInvalid) as refused:
        handoff_token_verify(foreign)
    assert refused.value.reason == "signature"


def test_the_marketplace_verifies_with_the_public_key_alone(settings) -> None:
    private = Ed25519PrivateKey.generate()
    settings.HANDOFF_SIGNING_KEY = base64.b64encode(private.private_bytes_raw()).decode()
    token = issue()
    settings.HANDOFF_SIGNING_KEY = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    settings.HANDOFF_VERIFY_KEY = base64.b64encode(private.public_key().public_bytes_raw()).decode()
    assert handoff_token_verify(token).creator == CREATOR


def test_an_expired_token_is_refused(settings) -> None:
    settings.HANDOFF_TOKEN_SECONDS = 60
    token = issue()
    assert handoff_token_verify(token, now=time.time() + 59).product == PRODUCT
    with pytest.raises(HandoffInvalid) as refused:
        handoff_token_verify(token, now=time.time() + 61)
    assert refused.value.reason == "expired"


def test_a_token_from_the_future_is_refused() -> None:
    token = handoff_token_issue(creator=CREATOR, source="live", source_id=POST, product=PRODUCT,
                                now=time.time() + 3600)
    with pytest.raises(HandoffInvalid):
        handoff_token_verify(token)


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "a.b", "é.é", "x" * 5000, ".", "eyJ2IjoxfQ.AAAA"])
def test_malformed_tokens_are_refused_not_crashed(token: str) -> None:
    with pytest.raises(HandoffInvalid):
        handoff_token_verify(token)


@pytest.mark.parametrize("overrides", [{"creator": "bob"}, {"source": "email"}, {"product": "prd_short"},
                                       {"campaign": "spaces are not allowed"}, {"campaign": "x" * 41}])
def test_claims_that_would_not_verify_are_not_issued(overrides: dict) -> None:
    with pytest.raises(ValueError):
        issue(**overrides)
