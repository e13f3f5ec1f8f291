"""Regulator counts: figures only, and the right ones."""

from __future__ import annotations

import json

import pytest

from lapak.market.sellers.selectors import application_counts, rejection_counts, seller_counts
from lapak.market.sellers.services import application_submit, organisation_profile_update
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN, VILLAGE


@pytest.mark.django_db
def test_counts_by_status_type_class_and_province(build, people, make_user):
    verified = build.verified()
    organisation_profile_update(organisation=verified.organisation, actor=people.owner,
                                data={"pickup_region_code": VILLAGE})
    mlm_owner = make_user(email="mlm@example.test")
    application_submit(application=build.business(owner=mlm_owner, seller_type="mlm"), actor=mlm_owner)
    build.foreign(owner=make_user(email="foreign@example.test"))
    build.business(owner=make_user(email="gb@example.test"), jurisdiction="GB")

    assert seller_counts(jurisdiction="ID", by="status") == [
        {"key": "rejected", "label": "Rejected", "count": 1},
        {"key": "unverified", "label": "Not verified yet", "count": 1},
        {"key": "verified", "label": "Verified", "count": 1},
    ]
    by_type = {row["key"]: row["count"] for row in seller_counts(jurisdiction="ID", by="seller_type")}
    assert by_type == {"individual": 1, "mlm": 1, "foreign": 1}
    assert {row["key"]: row["count"] for row in seller_counts(jurisdiction="ID", by="umkm_class")} == {
        "": 2, "micro": 1}
    assert seller_counts(jurisdiction="ID", by="province", status="verified") == [
        {"key": "31", "label": "Daerah Khusus Ibukota Jakarta", "count": 1}
    ]
    assert {r["key"]: r["count"] for r in application_counts(jurisdiction="ID")} == {
        "verified": 1, "rejected": 1, "draft": 1}
    assert rejection_counts(jurisdiction="ID") == [{"code": "mlm_not_allowed", "rule_id": "ID-SEL-5", "count": 1}]
    everything = json.dumps([seller_counts(jurisdiction="ID", by=b) for b in ("status", "seller_type", "province")])
    assert NIK_MAN not in everything and NIK_WOMAN not in everything and "Budi" not in everything
    with pytest.raises(ValueError):
        seller_counts(jurisdiction="ID", by="shop_name")
