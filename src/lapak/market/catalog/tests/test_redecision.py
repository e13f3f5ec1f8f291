"""Editing a live listing's price, origin or certificates asks the compliance engine again."""

from __future__ import annotations

import pytest

from lapak.compliance.models import Decision
from lapak.market.catalog.errors import ListingNotEditable
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.services import (
    certificate_set,
    listing_transition,
    product_update,
    variant_create,
    variant_update,
)
from lapak.market.catalog.services import listing as listing_module
from lapak.market.catalog.tests.conftest import VARIANT, deny_with

pytestmark = pytest.mark.django_db


def _decisions(product):
    return Decision.objects.filter(subject_id=product.public_id).count()


def test_price_edit_of_active_listing_is_decided_again_and_denial_refuses(active, owner, monkeypatch):
    variant = active.variants.get()
    before = _decisions(active)
    variant_update(variant=variant, actor=owner, data={"price": 80_000})
    assert _decisions(active) == before + 1
    deny = deny_with("The price is not allowed.")
    monkeypatch.setattr(listing_module, "compliance_decide", deny)
    variant_update(variant=variant, actor=owner, data={"price": 90_000})
    active.refresh_from_db()
    assert active.status == S.REFUSED and active.refusal_reasons[0]["message_en"] == "The price is not allowed."
    assert deny.calls[0]["facts"]["price_min"] == 90_000 and deny.calls[0]["facts"]["trigger"] == "variant_update"


def test_non_decision_edits_do_not_ask(active, owner):
    before = _decisions(active)
    product_update(product=active, actor=owner, data={"title": "Kaos Katun Premium"})
    variant_update(variant=active.variants.get(), actor=owner, data={"weight_grams": 300})
    assert _decisions(active) == before


def test_origin_edit_is_decided_again(active, owner, monkeypatch):
    deny = deny_with("Imports need an importer licence.")
    monkeypatch.setattr(listing_module, "compliance_decide", deny)
    product = product_update(product=active, actor=owner, data={"origin": "imported_local", "origin_country": "CN"})
    assert product.status == S.REFUSED
    assert deny.calls[0]["facts"]["origin"] == "imported_local" and deny.calls[0]["facts"]["origin_country"] == "CN"


def test_certificate_edit_is_decided_again(active, owner, monkeypatch):
    deny = deny_with()
    monkeypatch.setattr(listing_module, "compliance_decide", deny)
    certificate_set(product=active, actor=owner, kind="sni", number="SPPT-SNI 0123/LSPro/2025")
    active.refresh_from_db()
    assert active.status == S.REFUSED and deny.calls[0]["facts"]["certificates_present"] == ["sni"]


def test_new_variant_on_active_listing_is_decided_again(active, owner):
    before = _decisions(active)
    variant_create(product=active, actor=owner, data={**VARIANT, "sku": "KAOS-L-MERAH", "options": {"size": "L"}})
    assert _decisions(active) == before + 1


def test_drafts_are_not_asked_and_submitted_or_removed_are_not_editable(draft, owner, monkeypatch):
    variant_update(variant=draft.variants.get(), actor=owner, data={"price": 1})
    assert _decisions(draft) == 0
    monkeypatch.setattr(listing_module, "compliance_decide", deny_with(outcome="review"))
    listing_transition(product=draft, actor=owner, to=S.SUBMITTED)
    with pytest.raises(ListingNotEditable):
        product_update(product=draft, actor=owner, data={"title": "Kaos Baru"})
