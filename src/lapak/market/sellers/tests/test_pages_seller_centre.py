"""The seller centre's front pages: starting to sell, the overview of one's shops, an application's status."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.services import application_decide, application_review_start
from lapak.market.sellers.tests.test_pages_seller_support import client_for, step, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "en"])
def test_someone_without_a_shop_sees_the_three_ways_in(make_user, language):
    page = client_for(make_user(), language).get("/seller/")
    assert page.status_code == 200
    html = text(page)
    assert f'<html lang="{language}">' in html
    for path in ("individual", "business", "foreign"):
        assert f'id="path-{path}"' in html and f'href="/seller/apply/?type={path}"' in html
    start = client_for(make_user(), language).get("/seller/apply/?type=business")
    assert start.status_code == 200
    assert re.search(r'<input type="radio" name="seller_type" value="business"[^>]* checked>', text(start))


def test_the_seller_centre_needs_an_account():
    response = Client().get("/seller/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_starting_a_shop_reports_wrong_input_inline(make_user):
    client = client_for(make_user())
    response = client.post("/seller/apply/", {"seller_type": "mlm", "shop_name": "", "jurisdiction": "ID"})
    assert response.status_code == 422
    html = text(response)
    assert 'id="id_seller_type_error"' in html and 'id="id_shop_name_error"' in html
    assert not SellerOrganisation.objects.exists()


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_member_sees_the_application_with_what_is_missing_and_next_steps(build, people, language):
    from lapak.market.sellers.services import seller_apply

    application = seller_apply(actor=people.owner, seller_type="individual", shop_name="Toko Kosong")
    html = text(client_for(people.owner, language).get("/seller/"))
    assert f'id="shop-{application.organisation.public_id}"' in html
    assert 'badge--status-draft' in html
    assert 'id="missing-consent"' in html  # nothing else is judged before consent
    assert f'href="{step(application, "review")}"' in html


def test_a_verified_seller_sees_verified_and_the_payout_status(build, people):
    from lapak.market.sellers.services import bank_account_set

    application = build.verified()
    organisation = application.organisation
    client = client_for(people.owner)
    html = text(client.get("/seller/"))
    assert 'badge--status-verified' in html
    assert f'id="payout-status-{organisation.public_id}">Payouts are running.' in html
    bank_account_set(organisation=organisation, actor=people.owner, bank_code="BNI", account_number="2222333344",
                     holder_name="BUDI SANTOSO")
    assert "payouts are held for 24 hours" in text(client.get("/seller/"))


def test_the_status_page_shows_reasons_in_the_readers_language_and_the_history(build, people):
    application = build.submitted(birth=build_birth_mismatch())
    application = application_review_start(application=application, actor=people.operator)
    application_decide(application=application, actor=people.operator, decision="rejected",
                       reason_codes=["document_unreadable"], note="Foto KTP buram.")
    url = f"/seller/applications/{application.public_id}/"
    english = text(client_for(people.owner, "en").get(url))
    indonesian = text(client_for(people.owner, "id").get(url))
    assert "A document or photo cannot be read." in english
    assert "Dokumen atau foto tidak terbaca." in indonesian
    assert "The declared birth date differs from the birth date in the NIK." in english  # a review flag
    assert "Tanggal lahir yang dinyatakan berbeda" in indonesian
    assert "Foto KTP buram." in english
    assert 'id="history"' in english and english.count('class="timeline__item"') == 3
    assert "/apply-again/" in english  # a refused seller may apply again


def test_withdrawing_and_applying_again(build, people):
    application = build.submitted()
    client = client_for(people.owner)
    assert client.post(f"/seller/applications/{application.public_id}/withdraw/").status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    again = client.post(f"/seller/shops/{application.organisation.public_id}/apply-again/")
    assert again.status_code == 302
    latest = application.organisation.applications.latest("created_at")
    assert latest.status == "draft" and again["Location"] == step(latest, "consent")


def build_birth_mismatch():
    from datetime import date

    return date(1991, 1, 1)
