"""Social's only window on the marketplace: its public catalogue API, over HTTP, as any outsider would read it.

Social never imports the marketplace (import contract) and never reads its database; a tagged or pinned product's
title, price, picture and shop are read here when it is tagged and again when it is refreshed. Tests point the
client at the marketplace's WSGI application in-process (`catalogue_transport_set`), so the real API answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import httpx
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError

_transport: httpx.BaseTransport | None = None
_client: httpx.Client | None = None


class CatalogueUnavailable(Exception):
    """The catalogue did not answer (network, timeout, 5xx): the caller says so and stores nothing."""


class CatalogueDown(LapakError):
    """What a social service raises when the catalogue did not answer: 503, and nothing was stored."""

    status = 503
    code = "catalogue_unavailable"
    default_message = _("The product catalogue is not answering right now. Nothing was saved; try again shortly.")


@dataclass(frozen=True)
class ProductFacts:
    product_id: str
    title: str
    price_min: int
    price_max: int
    image_url: str
    seller_id: str
    seller_name: str
    refreshed_at: datetime

    def snapshot_fields(self) -> dict:
        """The fields of `ProductSnapshot`, ready for a model's constructor or `update()`."""
        return {"product_id": self.product_id, "title": self.title, "price_min": self.price_min,
                "price_max": self.price_max, "image_url": self.image_url, "seller_id": self.seller_id,
                "seller_name": self.seller_name, "available": True, "refreshed_at": self.refreshed_at}


def catalogue_transport_set(transport: httpx.BaseTransport | None) -> None:
    """Use `transport` for every later request (tests: `httpx.WSGITransport(app=…)`); None: the network."""
    global _transport, _client
    _transport = transport
    if _client is not None:
        _client.close()
    _client = None


def _http() -> httpx.Client:
    global _client
    if _client is None:
        _client = httpx.Client(base_url=settings.MARKETPLACE_API_URL.rstrip("/") + "/", transport=_transport,
                               timeout=httpx.Timeout(5.0), headers={"Accept": "application/json",
                                                                     "User-Agent": "lapak-social/1"})
    return _client


def product_facts(product_id: str) -> ProductFacts | None:
    """The product as the public catalogue shows it now, or None when it is not on sale (404: unknown, draft,
    paused, refused, or its shop is not verified). Raises `CatalogueUnavailable` when the catalogue cannot say."""
    try:
        response = _http().get(f"catalog/products/{product_id}")
    except httpx.HTTPError as error:
        raise CatalogueUnavailable(str(error)) from error
    if response.status_code in (404, 422):
        return None
    if response.status_code != 200:
        raise CatalogueUnavailable(f"catalogue answered {response.status_code}")
    try:
        data = response.json()
        images = data.get("images") or []
        return ProductFacts(
            product_id=data["id"], title=data["title"][:200], price_min=int(data["price_min"]),
            price_max=int(data["price_max"]), image_url=(images[0]["thumbnail_url"] if images else "")[:500],
            seller_id=data["seller"]["id"], seller_name=data["seller"]["shop_name"][:200],
            refreshed_at=timezone.now())
    except (ValueError, KeyError, TypeError) as error:  # a product without an active variant has no price
        if isinstance(error, TypeError) and data.get("price_min") is None:
            return None
        raise CatalogueUnavailable(f"unexpected catalogue answer: {error}") from error
