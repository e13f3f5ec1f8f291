"""The authorisation policy of the offers and invitations API, as data, checked against every operation the API
publishes under /api/v1/affiliates/ for offers and invitations.

Columns are the catalogue's kinds of caller (anonymous, a buyer with no shop, the owner, a manager and a staff
member of shop A, the owner of shop B, an operator, a regulator) plus the creator the invitations are sent to.
Operations are read from the OpenAPI document, so an endpoint added without a row fails (operations of the
creator payouts and earnings are listed by their own matrices and skipped here by prefix). A refused call must
change nothing.
"""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.market.affiliates.models import AffiliateInvite, AffiliateOffer
from lapak.market.affiliates.services_invites import invite_send
from lapak.market.affiliates.services_offers import offer_set
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403
from lapak.market.affiliates.tests.offers_support import CALLERS, A, call, error_of

OFFERS = A + "/seller/{organisation_id}/offers"
OFFER = OFFERS + "/{product_id}"
INVITES = A + "/seller/{organisation_id}/invites"
INVITE = INVITES + "/{invite_id}"
MINE = A + "/me/invites"
MY_INVITE = MINE + "/{invite_id}"
COVERED = (A + "/products/", A + "/seller/", MINE)

# Columns:   anonymous buyer owner_a manager_a staff_a owner_b operator regulator creator
PUBLIC = (200, 200, 200, 200, 200, 200, 200, 200, 200)
READ = (401, 404, 200, 200, 200, 404, 404, 403, 404)
WRITE = (401, 404, 200, 200, 403, 404, 404, 403, 404)
CREATE = (401, 404, 201, 201, 403, 404, 404, 403, 404)
SIGNED_IN = (401, 200, 200, 200, 200, 200, 200, 403, 200)
CREATOR_ONLY = (401, 404, 404, 404, 404, 404, 404, 403, 200)

MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", A + "/products/{product_id}/offer"): PUBLIC,
    ("GET", OFFERS): READ,
    ("GET", OFFER): READ,
    ("PUT", OFFER): WRITE,
    ("PATCH", OFFER): WRITE,
    ("GET", INVITES): READ,
    ("POST", INVITES): CREATE,
    ("GET", INVITE): READ,
    ("POST", INVITE + "/withdraw"): WRITE,
    ("GET", MINE): SIGNED_IN,
    ("GET", MY_INVITE): CREATOR_ONLY,
    ("POST", MY_INVITE + "/accept"): CREATOR_ONLY,
    ("POST", MY_INVITE + "/decline"): CREATOR_ONLY,
}


def _offer(w) -> dict:
    product = w.product("active")
    offer_set(actor=w.owner, seller=w.shop, product=product, rate_bps=500)
    return {"product_id": product.public_id}


def _invite(w) -> dict:
    invite = invite_send(actor=w.owner, seller=w.shop, product=w.product("active"),
                         creator=w.users["creator"].public_id, rate_bps=1_000)
    return {"invite_id": invite.public_id}


def _new_invite(w) -> dict:
    return {"product_id": w.product("active").public_id, "creator": w.users["creator"].public_id, "rate_bps": 900}


SETUP: dict[tuple[str, str], dict] = {
    ("GET", A + "/products/{product_id}/offer"): {"path": _offer},
    ("GET", OFFER): {"path": _offer},
    ("PUT", OFFER): {"path": _offer, "json": lambda w: {"rate_bps": 800}},
    ("PATCH", OFFER): {"path": _offer, "json": lambda w: {"active": False}},
    ("POST", INVITES): {"json": _new_invite},
    ("GET", INVITE): {"path": _invite},
    ("POST", INVITE + "/withdraw"): {"path": _invite},
    ("GET", MY_INVITE): {"path": _invite},
    ("POST", MY_INVITE + "/accept"): {"path": _invite},
    ("POST", MY_INVITE + "/decline"): {"path": _invite},
}


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = published_operations(*COVERED)
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"


def _snapshot() -> tuple:
    return (AffiliateOffer.objects.count(), AuditEvent.objects.count(),
            tuple(AffiliateOffer.objects.order_by("pk").values_list("rate_bps", "active")),
            tuple(AffiliateInvite.objects.order_by("pk").values_list("status", "rate_bps")))


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(aworld, method, template):
    w = aworld
    setup = SETUP.get((method, template), {})
    expected = dict(zip(CALLERS, MATRIX[(method, template)], strict=True))
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first
        path = w.path(template, **(setup["path"](w) if "path" in setup else {}))
        body = setup["json"](w) if "json" in setup else None
        before = _snapshot()
        response = call(method, path, w.headers[caller], json_body=body)
        actual[caller] = response.status_code
        if response.status_code >= 400:
            assert error_of(response)["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
    assert actual == expected
