"""A certificate that expires is a date boundary: the next run asks the rules again about its live listing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.catalog.models import Certificate, Product
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.services import certificate_set, listing_transition, product_create, variant_create
from lapak.market.catalog.services.certificate_expiry import listings_redecide_expired_certificates
from lapak.market.catalog.tests.conftest import VARIANT, product_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(shop, owner, snacks, clothing):
    today = timezone.localdate()
    food = product_create(seller=shop, actor=owner, data=product_data(snacks, title="Madu Hutan"))
    variant_create(product=food, actor=owner, data=dict(VARIANT))
    certificate_set(product=food, actor=owner, kind="bpom", number="MD224510001234",
                    expires_on=today + timedelta(days=30))
    certificate_set(product=food, actor=owner, kind="halal", number="ID35110000123450721",
                    expires_on=today + timedelta(days=30))
    return listing_transition(product=food, actor=owner, to=S.SUBMITTED)


def test_a_listing_whose_halal_certificate_expired_is_refused_with_the_rule(honey):
    assert honey.status == S.ACTIVE
    yesterday = timezone.localdate() - timedelta(days=1)
    Certificate.objects.filter(product=honey, kind="halal").update(expires_on=yesterday)
    Product.objects.filter(pk=honey.pk).update(updated_at=timezone.now() - timedelta(days=2))
    assert listings_redecide_expired_certificates() == 1
    honey.refresh_from_db()
    assert honey.status == S.REFUSED and [r["rule_id"] for r in honey.refusal_reasons] == ["ID-PRD-2"]
    assert listings_redecide_expired_certificates() == 0  # asked once


def test_a_listing_decided_since_the_expiry_is_not_asked_again(honey):
    Certificate.objects.filter(product=honey, kind="halal").update(expires_on=timezone.localdate() - timedelta(1))
    assert listings_redecide_expired_certificates() == 0  # saved today: its last decision already saw the date
