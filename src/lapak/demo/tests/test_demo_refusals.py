"""The demo shows the engine refusing, with its explanations in both languages."""

from __future__ import annotations

import pytest

from lapak.compliance.models import Decision
from lapak.demo.seeders.catalog import demo_shop
from lapak.demo.tests.test_demo_catalog import run_seed
from lapak.market.catalog.models import Product


@pytest.mark.django_db(databases=["default", "social"])
def test_the_demo_shop_has_cross_border_listings_refused_with_explanations(regions):
    report = run_seed(products=0)
    assert report["compliance"]["rates_imported"] > 0 and report["compliance"]["positive_list_active"] == 1
    assert report["compliance_refusals"] == {"refused_listings_created": 2}
    shop, _owner = demo_shop()
    refused = Product.objects.filter(seller=shop, origin="cross_border_direct")
    assert {p.status for p in refused} == {"refused"}
    for product in refused:
        reason = product.refusal_reasons[0]
        assert reason["rule_id"] == "ID-XB-1"
        assert "USD 100.00" in reason["message_en"] and "USD 100.00" in reason["message_id"]
        assert reason["message_en"] != reason["message_id"] and reason["remedy_id"] and reason["remedy_en"]
        decision = Decision.objects.get(public_id=product.last_decision_id)
        assert decision.outcome == "deny" and decision.party == shop.public_id
    texts = " ".join(p.refusal_reasons[0]["message_en"] for p in refused)
    assert "USD 40.00" in texts and "the price per unit is Rp900.000" in texts
    assert run_seed(products=0)["compliance_refusals"] == {"refused_listings_created": 0}  # idempotent
