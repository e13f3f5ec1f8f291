"""The seller centre's compliance decisions: members read them in their language; the owner or a manager appeals
a refusal once, with errors shown beside the text; everyone else is 404."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.compliance.decision_services import decision_override
from lapak.compliance.models import Appeal
from lapak.market.sellers.tests import compliance_support
from lapak.market.sellers.tests.compliance_support import refusal

pytestmark = pytest.mark.django_db
shop = compliance_support.shop


def signed_in(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def urls(shop, decision=None):
    base = f"/seller/compliance/{shop.organisation.public_id}/decisions/"
    return base if decision is None else f"{base}{decision.public_id}/"


def test_members_list_the_shops_decisions_others_get_404(shop):
    decision = refusal(shop.organisation)
    for member in (shop.owner, shop.manager, shop.staff):
        page = signed_in(member).get(urls(shop))
        assert page.status_code == 200 and decision.public_id in page.content.decode()
    for outsider in (shop.stranger, shop.operator):
        assert signed_in(outsider).get(urls(shop)).status_code == 404
        assert signed_in(outsider).get(urls(shop, decision)).status_code == 404
    assert Client().get(urls(shop)).status_code == 302
    refused_only = signed_in(shop.owner).get(urls(shop), {"outcome": "deny"}).content.decode()
    assert decision.public_id in refused_only and "1 decision" in refused_only


def test_another_shops_decision_is_404_under_this_shop(shop):
    other = refusal(shop.organisation)
    other.party = "org_SOMEONEELSE"
    other.save(update_fields=["party"])
    assert signed_in(shop.owner).get(urls(shop, other)).status_code == 404


@pytest.mark.parametrize(("language", "field"), [("en", "en"), ("id", "id")])
def test_the_decision_is_explained_in_the_sellers_language(shop, language, field):
    decision = refusal(shop.organisation)
    reason = decision.reasons[0]
    other = "id" if field == "en" else "en"
    page = signed_in(shop.owner, language).get(urls(shop, decision)).content.decode()
    assert reason[f"title_{field}"] in page and reason[f"remedy_{field}"] in page
    assert reason[f"message_{field}"][:40] in page
    assert reason[f"title_{other}"] not in page
    assert "ID-MKT-1" in page and reason["legal_basis"] in page
    listing = signed_in(shop.owner, language).get(urls(shop)).content.decode()
    assert reason[f"title_{field}"] in listing


def test_the_owner_appeals_once_with_inline_errors(shop):
    decision = refusal(shop.organisation)
    client = signed_in(shop.owner)
    assert 'id="appeal-form"' in client.get(urls(shop, decision)).content.decode()
    empty = client.post(urls(shop, decision), {"text": "   "})
    assert empty.status_code == 422 and 'id="id_text_error"' in empty.content.decode()
    long = client.post(urls(shop, decision), {"text": "x" * 2001})
    assert long.status_code == 422 and 'id="id_text_error"' in long.content.decode()
    sent = client.post(urls(shop, decision), {"text": "We are an independent shop."}, follow=True)
    page = sent.content.decode()
    assert "We are an independent shop." in page and 'id="appeal-form"' not in page
    appeal = Appeal.objects.get()
    assert (appeal.party, appeal.filed_by) == (shop.organisation.public_id, shop.owner.public_id)
    again = signed_in(shop.manager).post(urls(shop, decision), {"text": "Again"})
    assert again.status_code == 409 and "only once" in again.content.decode()
    assert Appeal.objects.count() == 1


def test_staff_read_but_cannot_appeal(shop):
    decision = refusal(shop.organisation)
    client = signed_in(shop.staff)
    page = client.get(urls(shop, decision)).content.decode()
    assert 'id="appeal-form"' not in page and "owner or a manager" in page
    assert client.post(urls(shop, decision), {"text": "Please"}).status_code == 403
    assert not Appeal.objects.exists()


def test_the_seller_reads_the_override_and_the_answer(shop):
    decision = refusal(shop.organisation)
    decision_override(decision=decision, actor=shop.operator, outcome="allow", reason="Not a first-party shop.")
    page = signed_in(shop.owner).get(urls(shop, decision)).content.decode()
    assert "Not a first-party shop." in page and "cannot be appealed" in page
    assert 'data-outcome="allow"' in page


def test_the_shop_navigation_links_the_decisions(shop):
    page = signed_in(shop.owner).get(f"/seller/shops/{shop.organisation.public_id}/members/").content.decode()
    assert urls(shop) in page
