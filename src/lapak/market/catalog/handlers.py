"""Outbox subscribers of the catalogue: the search index follows shelf and shop changes made elsewhere, and a
listing follows an operator's override of its compliance decision.

Handlers run after the emitting transaction committed, at least once; a refresh is idempotent (it rewrites
the rows from the source of truth), so a redelivery is harmless.
"""

from __future__ import annotations

from lapak.compliance.decision_services import OVERRIDDEN_TOPIC
from lapak.core.outbox.registry import outbox_subscribe
from lapak.market.catalog.models import Variant
from lapak.market.catalog.search import search_documents_refresh, search_documents_refresh_seller
from lapak.market.catalog.services.overrides import listing_follow_override
from lapak.market.inventory.services._common import SHELF_CHANGED_TOPIC
from lapak.market.sellers.services.organisations import ORGANISATION_CHANGED_TOPIC


@outbox_subscribe(SHELF_CHANGED_TOPIC)
def search_follow_shelf(event: object) -> None:
    variants = [pk for pk in event.payload.get("variants", []) if isinstance(pk, int)]
    product_ids = Variant.objects.filter(pk__in=variants).values_list("product_id", flat=True).distinct()
    search_documents_refresh(product_ids=list(product_ids))


@outbox_subscribe(ORGANISATION_CHANGED_TOPIC)
def search_follow_shop(event: object) -> None:
    organisation = event.payload.get("organisation")
    if isinstance(organisation, int):
        search_documents_refresh_seller(seller_id=organisation)


@outbox_subscribe(OVERRIDDEN_TOPIC)
def listing_follow_decision_override(event: object) -> None:
    """An operator overrode a decision about a listing: the listing follows (services/overrides.py). Overrides of
    other subjects (seller applications, payouts, orders) are recorded in compliance and change nothing here."""
    decision = event.payload.get("decision")
    if event.payload.get("subject_type") == "product" and isinstance(decision, str):
        listing_follow_override(decision_id=decision)
