"""A certificate that expires is a date boundary for its listing: the rules (ID-PRD-1 and ID-PRD-2) are asked
again the next day, and a listing that now lacks a valid required certificate is refused, with the reason."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from lapak.market.catalog.models import Certificate, ListingStatus, Product
from lapak.market.catalog.services.common import product_for_update
from lapak.market.catalog.services.listing import listing_redecide

EXPIRY_ACTOR = "system:certificate-expiry"


def listings_redecide_expired_certificates(*, today: date | None = None) -> int:
    """Re-decide each active listing with a certificate past its end date that was not decided since the day it
    expired; returns how many were asked. Each listing in its own transaction, under its lock; running twice is
    harmless (a re-decided listing was saved after the expiry and is not picked again)."""
    today = today or timezone.localdate()
    start_of_today = timezone.make_aware(datetime.combine(today, time.min))
    expired = Certificate.objects.filter(expires_on__lt=today).values("product_id")
    candidates = list(Product.objects.filter(status=ListingStatus.ACTIVE, pk__in=expired,
                                             updated_at__lt=start_of_today).values_list("pk", flat=True))
    for pk in candidates:
        with transaction.atomic():
            product = product_for_update().filter(pk=pk, status=ListingStatus.ACTIVE).first()
            if product is not None:
                listing_redecide(product=product, actor=EXPIRY_ACTOR, trigger="certificate_expired")
                Product.objects.filter(pk=pk).update(updated_at=timezone.now())
    return len(candidates)
