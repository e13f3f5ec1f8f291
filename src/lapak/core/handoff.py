"""The hand-off token: the only thing that crosses from social to the marketplace (DESIGN.md, ID-SOC-2).

When a viewer taps a product tagged in a post, pinned in a live or shown in a showcase, social issues a token
naming the creator, the source (post or live), the product and the campaign, and sends the browser to the
marketplace's product page with it. The marketplace verifies it and records the click; social never learns who
clicked or whether they bought.

Tokens are signed with Ed25519: social holds the private key (`HANDOFF_SIGNING_KEY`), the marketplace verifies
with the public key alone, so it cannot mint clicks a creator never sent. Each token expires
(`HANDOFF_TOKEN_SECONDS`) and carries a random nonce; the marketplace refuses a nonce it has already recorded
(replay). Format: `base64url(claims JSON) "." base64url(signature)`; no padding.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from lapak.core.audit.keys import key_file_stage

SOURCES = ("post", "live", "showcase")
TOKEN_MAX_LENGTH = 1024
_CAMPAIGN = re.compile(r"^[A-Za-z0-9_-]{0,40}$")
_PUBLIC_ID = re.compile(r"^[a-z]{2,4}_[0-9A-Z]{26}$")


class HandoffInvalid(Exception):
    """A token that is malformed, forged or expired. `reason` is a short machine-readable word."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class HandoffClaims:
    creator: str  # the creator's account public id (usr_…): whom the marketplace pays
    source: str  # "post", "live" or "showcase"
    source_id: str  # the post's, live's or creator's public id
    product: str  # the marketplace product's public id
    campaign: str  # free label chosen by the creator ("" when none)
    issued_at: int  # Unix seconds
    expires_at: int
    nonce: str


def handoff_token_issue(*, creator: str, source: str, source_id: str, product: str, campaign: str = "",
                        now: float | None = None) -> str:
    """A fresh signed token for one tap on one product. Raises ValueError on claims that would not verify."""
    issued = int(time.time() if now is None else now)
    claims = {"v": 1, "c": creator, "s": source, "sid": source_id, "p": product, "cp": campaign,
              "iat": issued, "exp": issued + int(settings.HANDOFF_TOKEN_SECONDS), "n": secrets.token_urlsafe(16)}
    _check_claims(claims)
    body = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_b64(_private_key().sign(body.encode('ascii')))}"


def handoff_token_verify(token: str, *, now: float | None = None) -> HandoffClaims:
    """The claims of a genuine, unexpired token; `HandoffInvalid` otherwise. Replay is the caller's to refuse:
    only the marketplace's record of nonces knows whether a token was used."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX_LENGTH or token.count(".") != 1:
        raise HandoffInvalid("malformed")
    body, signature = token.split(".")
    try:
        signature_raw = _unb64(signature)
        public_key().verify(signature_raw, body.encode("ascii"))
    except (InvalidSignature, ValueError, binascii.Error, UnicodeEncodeError):
        raise HandoffInvalid("signature") from None
    try:
        claims = json.loads(_unb64(body))
        _check_claims(claims)
    except (ValueError, TypeError, binascii.Error):
        raise HandoffInvalid("malformed") from None
    moment = time.time() if now is None else now
    if claims["exp"] <= moment:
        raise HandoffInvalid("expired")
    if claims["iat"] > moment + 60:  # a clock a minute ahead is tolerated, a token from the future is not
        raise HandoffInvalid("malformed")
    return HandoffClaims(creator=claims["c"], source=claims["s"], source_id=claims["sid"], product=claims["p"],
                         campaign=claims["cp"], issued_at=claims["iat"], expires_at=claims["exp"], nonce=claims["n"])


def _check_claims(claims: object) -> None:
    if not isinstance(claims, dict) or claims.get("v") != 1:
        raise ValueError("unknown token version")
    for name in ("c", "sid", "p"):
        if not isinstance(claims.get(name), str) or not _PUBLIC_ID.match(claims[name]):
            raise ValueError(f"claim {name} is not a public id")
    if claims.get("s") not in SOURCES:
        raise ValueError("unknown source")
    if not isinstance(claims.get("cp"), str) or not _CAMPAIGN.match(claims["cp"]):
        raise ValueError("campaign must be at most 40 letters, digits, '-' or '_'")
    for name in ("iat", "exp"):
        if not isinstance(claims.get(name), int) or isinstance(claims.get(name), bool):
            raise ValueError(f"claim {name} is not an integer")
    if not isinstance(claims.get("n"), str) or not 16 <= len(claims["n"]) <= 64:
        raise ValueError("nonce")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _private_key() -> Ed25519PrivateKey:
    return _keys(settings.HANDOFF_SIGNING_KEY or "", str(settings.HANDOFF_SIGNING_KEY_FILE))[0]


def public_key() -> Ed25519PublicKey:
    """The key the marketplace verifies with: `HANDOFF_VERIFY_KEY` when set (a marketplace that does not hold
    the private key), else the public half of the signing key."""
    if settings.HANDOFF_VERIFY_KEY:
        return _verify_key(settings.HANDOFF_VERIFY_KEY)
    return _keys(settings.HANDOFF_SIGNING_KEY or "", str(settings.HANDOFF_SIGNING_KEY_FILE))[1]


@lru_cache(maxsize=4)
def _verify_key(encoded: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured("HANDOFF_VERIFY_KEY must be base64 of a 32-byte Ed25519 public key.") from None


@lru_cache(maxsize=4)
def _keys(configured: str, path: str) -> tuple[Ed25519PrivateKey, Ed25519PublicKey]:
    text = configured or _read_or_create(path)
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        private = Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        # `from None`: the text is key material and must not reach a log through the traceback.
        raise ImproperlyConfigured("HANDOFF_SIGNING_KEY must be base64 of a 32-byte Ed25519 private key.") from None
    return private, private.public_key()


def _read_or_create(path: str) -> str:
    target = Path(path)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = key_file_stage(target, base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode())
        try:
            # FileExistsError: another process created it first; everyone reads the same file below.
            with contextlib.suppress(FileExistsError):
                target.hardlink_to(staged)
        finally:
            staged.unlink(missing_ok=True)
    return target.read_text(encoding="ascii").strip()
