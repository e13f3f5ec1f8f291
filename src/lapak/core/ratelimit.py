"""Fixed-window rate limits on the shared cache (Redis in production, process memory in the demo).

Used where django-axes does not reach: sign-ups and the sign-up form's email check, per client address.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # Behind a proxy, REMOTE_ADDR must be set to the real client address by the proxy setup.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(*, scope: str, identity: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while the identity is within `limit` attempts in the current window.

    The identity is hashed with SECRET_KEY before it becomes a cache key, so addresses are not stored.
    """
    window = int(time.time() // window_seconds)
    digest = hashlib.blake2b(f"{identity}".encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16)
    key = f"rl:{scope}:{window}:{digest.hexdigest()}"
    if cache.add(key, 1, timeout=window_seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window_seconds + 1)
            count = 1
    return count <= limit
