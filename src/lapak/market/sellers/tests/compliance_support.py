"""A verified shop with an owner, a manager and a staff member, and refusals recorded about it by the real engine."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lapak.compliance.models import Decision
from lapak.compliance.services import compliance_decide


@pytest.fixture
def shop(build, people, make_user):
    from lapak.market.sellers.services import member_add

    organisation = build.verified().organisation
    manager, staff = make_user(email="manager@example.test"), make_user(email="staff@example.test")
    member_add(organisation=organisation, actor=people.owner, user=manager, role="manager")
    member_add(organisation=organisation, actor=people.owner, user=staff, role="staff")
    return SimpleNamespace(organisation=organisation, owner=people.owner, manager=manager, staff=staff,
                           operator=people.operator, stranger=people.stranger)


def refusal(organisation, subject_id: str = "prd_FIRSTPARTY") -> Decision:
    """A listing of the shop refused under ID-MKT-1 (as if it were the platform's own first-party shop)."""
    result = compliance_decide(
        event="listing.publish", jurisdiction="ID", subject_type="product", subject_id=subject_id,
        facts={"seller_type": "first_party", "seller_status": "verified", "origin": "domestic",
               "jurisdiction": "ID"}, actor="usr_owner", party=organisation.public_id)
    assert result.outcome == "deny"
    return Decision.objects.get(public_id=result.decision_id)
