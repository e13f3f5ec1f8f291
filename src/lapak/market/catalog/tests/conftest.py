"""Catalogue fixtures: a verified shop (built through the sellers services), categories, a ready product."""

from __future__ import annotations

import pytest

from lapak.market.sellers.tests import conftest as sellers_fixtures

# The sellers' fixtures, re-exported so a verified shop is built through the real services (not copied).
build, english, people, region_tree = (
    sellers_fixtures.build, sellers_fixtures.english, sellers_fixtures.people, sellers_fixtures.region_tree
)

VARIANT = {"sku": "KAOS-M-MERAH", "price": 75_000, "options": {"size": "M", "colour": "Merah"},
           "weight_grams": 250, "length_mm": 300, "width_mm": 200, "height_mm": 20}


@pytest.fixture
def shop(build):
    return build.verified().organisation


@pytest.fixture
def owner(people):
    return people.owner


@pytest.fixture
def clothing(db):
    from lapak.market.catalog.models import Category

    return Category.objects.create(slug="pakaian", name_id="Pakaian", name_en="Clothing")


@pytest.fixture
def snacks(db):
    from lapak.market.catalog.models import Category

    return Category.objects.create(slug="makanan-ringan", name_id="Makanan Ringan", name_en="Snacks",
                                   required_certificates=["bpom", "halal"], halal_food=True)


def product_data(category, **overrides):
    data = {"category": category, "title": "Kaos Katun Lengan Pendek",
            "description_id": "Kaos katun nyaman untuk sehari-hari.", "origin": "domestic"}
    data.update(overrides)
    return data


@pytest.fixture
def draft(shop, owner, clothing):
    """A complete draft with one variant, ready to submit."""
    from lapak.market.catalog.services import product_create, variant_create

    product = product_create(seller=shop, actor=owner, data=product_data(clothing))
    variant_create(product=product, actor=owner, data=dict(VARIANT))
    return product


@pytest.fixture
def active(draft, owner):
    from lapak.market.catalog.services import listing_transition

    product = listing_transition(product=draft, actor=owner, to="submitted")
    assert product.status == "active"
    return product


def deny_with(reason_en="The product is not allowed.", outcome="deny"):
    from lapak.compliance.services import DecisionResult, Reason

    def decide(**kwargs):
        decide.calls.append(kwargs)
        return DecisionResult(decision_id="dec_TEST", outcome=outcome,
                              reasons=[Reason("ID-PRD-1", "Produk tidak diizinkan.", reason_en)],
                              details=[{"rule_id": "ID-PRD-1", "outcome": outcome,
                                        "message_id": "Produk tidak diizinkan.", "message_en": reason_en}])

    decide.calls = []
    return decide
