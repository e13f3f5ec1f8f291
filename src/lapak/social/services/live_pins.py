"""Pinning marketplace products during a live: only its host, only on air, at most MAX_PINS at once.

The product's title, price and picture come from the marketplace's public catalogue (lapak.social.catalogue),
read before any row is locked: no lock is held across the network call.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.core.ids import is_public_id
from lapak.social.catalogue import CatalogueDown, CatalogueUnavailable, product_facts
from lapak.social.live_signal import live_changed
from lapak.social.models import LivePin, LiveSession
from lapak.social.services.live import live_switch_check

MAX_PINS = 20
Status = LiveSession.Status


def _hosted_on_air(*, actor: str, live_id: str, lock: bool = False) -> LiveSession:
    rows = LiveSession.objects.select_related("creator").filter(public_id=live_id)
    if lock:
        rows = rows.select_for_update(of=("self",))
    live = rows.first()
    # Someone else's live is "not found" to the caller: pins are the host's alone.
    if live is None or live.creator.account != actor:
        raise NotFound(_("There is no such live."))
    if live.status != Status.LIVE:
        raise Conflict(_("Products can be pinned only while the live is on air."), code="live_not_on_air")
    return live


def live_pin(*, actor: str, live_id: str, product_id: str) -> LivePin:
    """Pin a product the marketplace sells now to the host's live on air. Guarantees: the product is known and on
    sale (else ValidationFailed, nothing stored), it is not pinned twice at once, at most MAX_PINS are shown,
    and live shopping is still allowed where the host is."""
    product_id = product_id.strip()
    live = _hosted_on_air(actor=actor, live_id=live_id)
    live_switch_check(live)
    if not is_public_id(product_id, "prd"):
        raise ValidationFailed(fields={"product": [_("This is not a product id (prd_…).")]})
    try:
        facts = product_facts(product_id)
    except CatalogueUnavailable as error:
        raise CatalogueDown() from error
    if facts is None:
        raise ValidationFailed(fields={"product": [_("This product is unknown or not on sale.")]})
    try:
        with transaction.atomic(using="social"):
            live = _hosted_on_air(actor=actor, live_id=live_id, lock=True)
            shown = LivePin.objects.filter(live=live, unpinned_at=None)
            if shown.filter(product_id=facts.product_id).exists():
                raise Conflict(_("This product is already pinned."), code="already_pinned")
            if shown.count() >= MAX_PINS:
                raise Conflict(_("At most %(n)d products can be pinned at once. Unpin one first.") % {"n": MAX_PINS},
                               code="too_many_pins")
            pin = LivePin.objects.create(live=live, pinned_at=timezone.now(), **facts.snapshot_fields())
    except IntegrityError as error:  # a concurrent pin of the same product won
        raise Conflict(_("This product is already pinned."), code="already_pinned") from error
    live_changed(live.pk)
    return pin


def live_unpin(*, actor: str, live_id: str, product_id: str) -> LivePin:
    """Take a pinned product off the host's live; the row stays, closed, for the replay's timeline."""
    with transaction.atomic(using="social"):
        live = _hosted_on_air(actor=actor, live_id=live_id, lock=True)
        pin = LivePin.objects.filter(live=live, product_id=product_id.strip(), unpinned_at=None).first()
        if pin is None:
            raise NotFound(_("This product is not pinned."), code="not_pinned")
        pin.unpinned_at = timezone.now()
        pin.save(update_fields=["unpinned_at"])
    live_changed(live.pk)
    return pin
