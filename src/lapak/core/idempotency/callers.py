"""Whose key is it, and what request did it name: the caller's scope and the request fingerprint.

Scopes keep one caller's keys from ever matching another's:

- `user:<pk>` for a valid bearer token or a logged-in session (the same user either way);
- `anon:<hmac>` for callers without credentials: an HMAC (keyed by SECRET_KEY) of the client address,
  so a stranger who guesses a key cannot replay someone else's response from another address, and the
  stored scope does not reveal the address. The address is REMOTE_ADDR: behind a proxy, make the proxy
  set it to the real client (e.g. gunicorn's `--forwarded-allow-ips`), or all anonymous callers share
  one scope and are kept apart only by their unguessable keys.

A request carrying an `Authorization` header that is not a valid bearer token gets no scope: the
middleware steps aside and the view answers 401 as usual, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from lapak.accounts.selectors import user_for_bearer_token
from lapak.core.errors import NotAuthenticated

MAX_KEY_LENGTH = 255


def key_is_valid(key: str) -> bool:
    """1–255 printable ASCII characters (space to tilde)."""
    return 0 < len(key) <= MAX_KEY_LENGTH and all(" " <= c <= "~" for c in key)


def caller_scope(request: HttpRequest) -> str | None:
    """The scope the request's key lives in, or None when its credentials are bad (see module doc)."""
    authorization = request.headers.get("Authorization")
    if authorization is not None:
        # Parsed exactly as ninja's HttpBearer does, so both agree on who the caller is.
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return None
        try:
            user = user_for_bearer_token(token)
        except NotAuthenticated:
            return None
        return f"user:{user.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    address = request.META.get("REMOTE_ADDR", "")
    return "anon:" + salted_hmac("lapak.idempotency.anonymous-scope", address).hexdigest()[:40]


def request_fingerprint(*, method: str, full_path: str, body: bytes) -> str:
    """HMAC-SHA256 (keyed with SECRET_KEY) over the method, the path with its query string, and the body.

    Keyed, because bodies may carry identity numbers: a plain hash of a 16-digit NIK could be reversed by
    trying every NIK, a keyed one cannot without the key.
    """
    mac = hmac.new(settings.SECRET_KEY.encode(), digestmod=hashlib.sha256)
    for part in (method.encode(), b"\n", full_path.encode(), b"\n", body):
        mac.update(part)
    return mac.hexdigest()
