"""Shared ground for the live tests: accounts, verified creators, a scheduled or running live, and a stand-in for
the marketplace's public catalogue API (social reads it over HTTP as any outsider would; the test with real
marketplace products is tests/integration/test_live_real_catalogue.py)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from lapak.accounts.models import Role, RoleGrant, User
from lapak.core.ids import new_public_id
from lapak.social.catalogue import catalogue_transport_set
from lapak.social.models import Creator, LiveSession
from lapak.social.services.live import live_schedule, live_start

BOTH = ["default", "social"]


def account(email: str, *, name: str = "Budi Santoso", roles: tuple[str, ...] = ()) -> User:
    user = User.objects.create_user(email=email, password="x-Secret-123", full_name=name)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


def creator(user: User, *, handle: str, verified: bool = True, seller_org: str = "",
            jurisdiction: str = "ID") -> Creator:
    if not RoleGrant.objects.filter(user=user, role=Role.CREATOR).exists():
        RoleGrant.objects.create(user=user, role=Role.CREATOR)
    return Creator.objects.create(account=user.public_id, handle=handle, display_name=handle.title(),
                                  phone="+6281234567890", seller_org=seller_org, jurisdiction=jurisdiction,
                                  phone_verified_at=timezone.now() if verified else None)


def scheduled(host: User, **overrides) -> LiveSession:
    values = {"title": "Flash sale batik", "scheduled_for": timezone.now() + timedelta(hours=1),
              "voucher_code": "LIVE-BATIK", **overrides}
    return live_schedule(actor=host.public_id, **values)


def on_air(host: User, **overrides) -> LiveSession:
    live = scheduled(host, **overrides)
    return live_start(actor=host.public_id, live_id=live.public_id)


class StubCatalogue:
    """Answers `GET …/catalog/products/<id>` the way the marketplace's public API does: 200 with the product for
    those added, 404 for anything else."""

    def __init__(self) -> None:
        self.products: dict[str, dict] = {}

    def add(self, title: str = "Kemeja Batik", price: int = 150_000) -> str:
        product_id = new_public_id("prd")
        self.products[product_id] = {"id": product_id, "title": title, "price_min": price, "price_max": price,
                                     "images": [], "seller": {"id": new_public_id("org"), "shop_name": "Toko Sari"}}
        return product_id

    def handle(self, request: httpx.Request) -> httpx.Response:
        product_id = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        if product_id in self.products:
            return httpx.Response(200, json=self.products[product_id])
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "Not found.", "fields": {}}})


@pytest.fixture(name="catalogue")
def catalogue_fixture(settings):
    settings.MARKETPLACE_API_URL = "http://marketplace.test/api/v1"
    stub = StubCatalogue()
    catalogue_transport_set(httpx.MockTransport(stub.handle))
    yield stub
    catalogue_transport_set(None)


@pytest.fixture(name="people")
def people_fixture(db):
    """A host (verified creator), another verified creator, a viewer, an operator."""
    host = account("host@example.test", name="Sari Dewi")
    creator(host, handle="sari")
    rival = account("rival@example.test", name="Rina")
    creator(rival, handle="rina")
    viewer = account("viewer@example.test", name="Budi Santoso", roles=(Role.BUYER,))
    operator = account("operator@example.test", name="Ops", roles=(Role.OPERATOR,))
    return {"host": host, "rival": rival, "viewer": viewer, "operator": operator}


def switch_live_shopping(state: str, *, jurisdiction: str = "ID", reason: str = "Kerusuhan") -> None:
    from lapak.compliance.switch_services import compliance_switch_set

    compliance_switch_set(actor="usr_op", jurisdiction=jurisdiction, feature="live_shopping", state=state,
                          reason=reason, pilot_sellers=[])
