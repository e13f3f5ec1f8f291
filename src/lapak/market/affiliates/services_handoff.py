"""Recording a hand-off: the marketplace's end of the one path by which attribution crosses from social.

The token is verified (lapak.core.handoff: Ed25519 signature, expiry), the product must be a public listing, and
the nonce must be new: the click row's unique nonce decides, so a token presented twice — replayed later, or
twice at once — is recorded once. The row is the log of the cross-system flow (ID-SOC-2); refusals are logged
(reason only: a token is never written to a log).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lapak.core.handoff import TOKEN_MAX_LENGTH, HandoffInvalid, handoff_token_verify
from lapak.market.affiliates.models_attribution import HandoffClick
from lapak.market.catalog.selectors import products_public

logger = logging.getLogger(__name__)
_PRODUCT_ID = re.compile(r"^[a-z]{2,4}_[0-9A-Z]{26}$")


@dataclass(frozen=True)
class HandoffOutcome:
    """What the landing page does next: `product` (public id) to send the browser to, or None (nothing can be
    read); `click` when this hand-off was recorded; `refused` the reason it was not ("" when recorded)."""

    product: str | None
    click: HandoffClick | None = None
    refused: str = ""


def handoff_click_record(*, token: str, session_key: str, user: object | None,
                         now: datetime | None = None) -> HandoffOutcome:
    """Verify `token` and record its click once.

    Guarantees: a click row only for a genuine, unexpired token naming a public listing whose nonce was never
    recorded (then `click` is set, with `expires_at` = now + ATTRIBUTION_WINDOW_DAYS); otherwise nothing is
    written and `refused` says why ("malformed", "signature", "expired", "product_unavailable", "replayed").
    Two presentations of one token at once record one click (the unique nonce). Never raises for bad input."""
    moment = now or timezone.now()
    try:
        claims = handoff_token_verify(token, now=moment.timestamp())
    except HandoffInvalid as invalid:
        logger.info("Hand-off refused: %s", invalid.reason)
        return HandoffOutcome(product=_product_claim_unverified(token), refused=invalid.reason)
    product = products_public().select_related(None).filter(public_id=claims.product).only("pk", "public_id").first()
    if product is None:
        logger.info("Hand-off refused: product_unavailable")
        return HandoffOutcome(product=claims.product, refused="product_unavailable")
    signed_in = user if user is not None and getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            click = HandoffClick.objects.create(
                nonce=claims.nonce, creator=claims.creator, source=claims.source, source_id=claims.source_id,
                campaign=claims.campaign, product=product, session_key=session_key[:40], user=signed_in,
                token_issued_at=datetime.fromtimestamp(claims.issued_at, tz=moment.tzinfo), clicked_at=moment,
                expires_at=moment + timedelta(days=settings.ATTRIBUTION_WINDOW_DAYS))
    except IntegrityError:
        logger.info("Hand-off refused: replayed")
        return HandoffOutcome(product=claims.product, refused="replayed")
    return HandoffOutcome(product=claims.product, click=click)


def _product_claim_unverified(token: object) -> str | None:
    """The product public id a refused token names, if it can be read, to send the browser on without
    attribution. Unverified, so used for nothing but a redirect to the marketplace's own product page, and only
    when it has the shape of a public id."""
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH or token.count(".") != 1:
        return None
    body = token.split(".")[0]
    try:
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    product = claims.get("p") if isinstance(claims, dict) else None
    return product if isinstance(product, str) and _PRODUCT_ID.match(product) else None
