"""Shared ground for the catalogue API tests (no tests here): a world with one person of each kind of caller,
shop A (verified) with a warehouse, shop B of another owner, and builders of A's products in any state.

Import the fixtures where needed (they are registered as `cworld` and `media_files`):
`from lapak.market.catalog.tests.test_api_support import cworld_fixture, media_files_fixture  # noqa: F401`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lapak.market.catalog.tests.conftest import VARIANT, deny_with, product_data
from lapak.market.sellers.tests.conftest import jpeg_bytes
from lapak.market.sellers.tests.test_api_support import call, error_of  # noqa: F401  (re-exported)

C = "/api/v1/catalog"
# The kinds of caller every endpoint is tried with (see test_api_matrix.py).
CALLERS = ("anonymous", "buyer", "owner_a", "manager_a", "staff_a", "owner_b", "operator", "regulator")
CERTIFICATE = {"number": "MD 123456789012", "issuer": "BPOM RI", "expires_on": "2099-12-31"}


@dataclass
class CatalogWorld:
    users: dict
    headers: dict
    shop: object  # A: verified, owner_a with manager_a and staff_a
    other: object  # B: owner_b's shop (not verified), with a draft of its own
    other_product: object
    warehouse: object  # A's
    village: object
    clothing: object
    snacks: object
    monkeypatch: object
    serial: int = 0

    @property
    def owner(self) -> object:
        return self.users["owner_a"]

    def path(self, template: str, **values: str) -> str:
        values.setdefault("organisation_id", self.shop.public_id)
        for name, value in values.items():
            template = template.replace("{" + name + "}", value)
        assert "{" not in template, template
        return template

    def product(self, state: str = "draft", *, seller: object = None, variant: bool = True, **fields) -> object:
        """A product of shop A (or `seller`) in `state`, made through the services."""
        from lapak.market.catalog.services import listing, listing_transition, product_create, variant_create

        seller = seller or self.shop
        actor = self.users["owner_b"] if seller is self.other else self.owner
        self.serial += 1
        product = product_create(seller=seller, actor=actor, data=product_data(self.clothing, **fields))
        if variant:
            variant_create(product=product, actor=actor, data={**VARIANT, "sku": f"SKU-{self.serial}"})
        if state == "draft":
            return product
        if state in ("submitted", "refused"):
            with self.monkeypatch.context() as patch:
                patch.setattr(listing, "compliance_decide", deny_with(outcome="review"))
                product = listing_transition(product=product, actor=actor, to="submitted")
            if state == "refused":
                product = listing_transition(product=product, actor=self.users["operator"], to="refused",
                                             reasons=["Foto tidak sesuai."])
            assert product.status == state
            return product
        product = listing_transition(product=product, actor=actor, to="submitted")
        assert product.status == "active"
        if state in ("paused", "removed"):
            product = listing_transition(product=product, actor=actor, to=state)
        return product

    def image(self, product: object) -> object:
        from lapak.market.catalog.services import product_image_add

        return product_image_add(product=product, actor=self.owner, data=jpeg_bytes(size=(64, 48)))

    def certificate(self, product: object, kind: str = "bpom") -> object:
        from datetime import date

        from lapak.market.catalog.services import certificate_set

        return certificate_set(product=product, actor=self.owner, kind=kind, number=CERTIFICATE["number"],
                               expires_on=date(2099, 12, 31))


@pytest.fixture(name="cworld")
def cworld_fixture(build, people, make_user, bearer, clothing, snacks, monkeypatch, settings, tmp_path):
    """Shop A (verified; owner, manager, staff) with a warehouse in Gambir; shop B of owner_b with one draft;
    a buyer, an operator and a regulator of Indonesia; bearer headers for each. Pictures go to `tmp_path`."""
    settings.MEDIA_ROOT = str(tmp_path)
    from lapak.market.inventory.services import warehouse_create
    from lapak.market.sellers.services import member_add, organisation_profile_update, seller_apply

    application = build.verified()
    shop = application.organisation
    owner_a = people.owner
    users = {
        "buyer": make_user(email="buyer@example.test"),
        "owner_a": owner_a,
        "manager_a": make_user(email="manager.a@example.test"),
        "staff_a": make_user(email="staff.a@example.test"),
        "owner_b": make_user(email="owner.b@example.test"),
        "operator": people.operator,
        "regulator": make_user(email="regulator@example.test", roles=["regulator"], jurisdiction="ID"),
    }
    member_add(organisation=shop, actor=owner_a, user=users["manager_a"], role="manager")
    member_add(organisation=shop, actor=owner_a, user=users["staff_a"], role="staff")
    other = seller_apply(actor=users["owner_b"], seller_type="individual", shop_name="Toko Lain").organisation
    village = application.address_region
    shop = organisation_profile_update(organisation=shop, actor=owner_a, data={
        "pickup_region_code": village.code, "pickup_street": "Jl. Merdeka 1", "pickup_postcode": "10110"})
    warehouse = warehouse_create(organisation=shop, name="Gudang Utama", region=village, street="Jl. Merdeka 1",
                                 postcode="10110")
    headers = {"anonymous": {}, **{name: bearer(user) for name, user in users.items()}}
    world = CatalogWorld(users={"anonymous": None, **users}, headers=headers, shop=shop, other=other,
                         other_product=None, warehouse=warehouse, village=village, clothing=clothing,
                         snacks=snacks, monkeypatch=monkeypatch)
    world.other_product = world.product(seller=other)
    return world


@pytest.fixture(name="media_files")
def media_files_fixture(cworld, tmp_path):
    """Where the world's pictures are stored."""
    return tmp_path
