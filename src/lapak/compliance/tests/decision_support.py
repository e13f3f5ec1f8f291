"""Decisions recorded through the real engine, and the people who read them, for the decision tests (no market
code here: the compliance package stands on its own)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lapak.compliance.models import Decision
from lapak.compliance.services import compliance_decide

FIRST_PARTY = {"seller_type": "first_party", "seller_status": "verified", "origin": "domestic"}


@pytest.fixture
def staff(make_user):
    return SimpleNamespace(
        operator=make_user(email="op@example.test", roles=["operator"]),
        operator2=make_user(email="op2@example.test", roles=["operator"]),
        regulator=make_user(email="reg@example.test", roles=["regulator"], jurisdiction="ID"),
        regulator_gb=make_user(email="reg-gb@example.test", roles=["regulator"], jurisdiction="GB"),
        seller=make_user(email="seller@example.test"),
    )


def refused_listing(*, jurisdiction: str = "ID", party: str = "org_TOKO1", subject_id: str = "prd_ONE") -> Decision:
    """A first-party seller's listing: refused in ID (ID-MKT-1), and in GB without trader details (GB-TRD-1)."""
    result = compliance_decide(event="listing.publish", jurisdiction=jurisdiction, subject_type="product",
                               subject_id=subject_id, facts={**FIRST_PARTY, "jurisdiction": jurisdiction},
                               actor="usr_seller", party=party)
    assert result.outcome == "deny", result
    return Decision.objects.get(public_id=result.decision_id)


def allowed(*, party: str = "org_TOKO1") -> Decision:
    return Decision.objects.create(event="payout.release", jurisdiction="ID", subject_type="payout",
                                   subject_id="pay_A", party=party, actor="system", outcome="allow",
                                   rule_pack="ID")
