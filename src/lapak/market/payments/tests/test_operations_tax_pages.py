"""The operators' PPh 22 pages (/operations/payments/tax/): every seller's standing, recording an exemption by
statement or certificate and withdrawing it (the service's rules shown inline, in the operator's language, and
nothing written), the history from the audit log; operators only, never on their own shop."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.payments.models_release import SellerTaxStatus
from lapak.market.sellers.models import SellerOrganisation

pytestmark = pytest.mark.django_db
LIST = "/operations/payments/tax/"


@pytest.fixture
def operator(make_user):
    return make_user(email="ops@example.test", roles=["operator"])


def _url(org) -> str:
    return f"{LIST}{org.public_id}/"


def _statement(**overrides) -> dict:
    return {"decision": "exempt", "basis": "statement", "certificate_number": "SP-7/2026",
            "document_date": timezone.localdate().isoformat(), "declared_turnover": "250000000", **overrides}


def test_only_operators_see_the_pages(market, buyer, operator):
    anonymous = Client().get(LIST)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for outsider in (buyer, market.budi_owner):
        client = client_in("en", outsider)
        assert client.get(LIST).status_code == 403 and client.get(_url(market.budi)).status_code == 403
        assert client.post(_url(market.budi), _statement()).status_code == 403
    client = client_in("en", operator)
    assert client.get(LIST).status_code == 200 and client.get(_url(market.budi)).status_code == 200
    assert client.get(f"{LIST}org_nope/").status_code == 404
    assert not SellerTaxStatus.objects.exists()


def test_the_list_shows_each_sellers_standing(market, operator):
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(seller_type="individual")
    client = client_in("en", operator)
    html = client.get(LIST).content.decode()
    assert f'id="seller-{market.budi.public_id}"' in html and f'id="seller-{market.sari.public_id}"' in html
    assert "Withheld (0.5 %)" in html
    client.post(_url(market.budi), _statement())
    html = client.get(LIST, {"q": "budi"}).content.decode()
    assert f"Exempt until {timezone.localdate().year}-12-31" in html
    assert f'id="seller-{market.sari.public_id}"' not in html


def test_an_individual_is_exempted_by_statement_and_then_withdrawn(market, operator):
    org = market.budi
    SellerOrganisation.objects.filter(pk=org.pk).update(seller_type="individual")
    client = client_in("en", operator)
    response = client.post(_url(org), _statement())
    assert response.status_code == 302 and response["Location"] == _url(org)
    row = SellerTaxStatus.objects.get(organisation=org)
    today = timezone.localdate()
    assert (row.basis, row.valid_from, row.valid_until) == ("statement", today, date(today.year, 12, 31))
    page = client.get(_url(org)).content.decode()
    assert 'id="on-record"' in page and "SP-7/2026" in page and 'id="tax-history"' in page
    assert client.post(_url(org), {"decision": "withdraw", "basis": "statement"}).status_code == 302
    assert not SellerTaxStatus.objects.get(organisation=org).pph22_exempt
    history = client.get(_url(org)).context["history"]
    assert [h["after"]["pph22_exempt"] for h in history] == [False, True]  # newest first
    assert all(h["event"].actor == operator.public_id for h in history)


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"declared_turnover": "500000001"}, "declared_turnover", "Above Rp500,000,000 a year"),
    ({"declared_turnover": ""}, "declared_turnover", "Give the turnover"),
    ({"declared_turnover": "-1"}, "declared_turnover", "cannot be negative"),
    ({"declared_turnover": "lots"}, "declared_turnover", "whole number of rupiah"),
    ({"document_date": ""}, "document_date", "Give the date of the statement"),
    ({"document_date": "2026-02-30"}, "document_date", "YYYY-MM-DD"),
    ({"certificate_number": ""}, "certificate_number", "Give the number"),
    ({"basis": "rumour"}, "basis", "Choose a statement or a certificate"),
    ({"decision": ""}, "decision", "Choose exempt or not exempt"),
    ({"valid_until": "2099-01-01"}, "valid_until", "end of its tax year"),
])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_written(market, operator, overrides, field, message):
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(seller_type="individual")
    response = client_in("en", operator).post(_url(market.budi), _statement(**overrides))
    assert response.status_code == 422
    assert field in response.context["form"].errors and message in response.content.decode()
    assert 'id="form-errors"' in response.content.decode()
    assert not SellerTaxStatus.objects.exists() and not AuditEvent.objects.filter(
        action="seller.tax_status_recorded").exists()


def test_a_business_needs_a_certificate_with_its_end_date(market, operator):
    org = market.budi
    SellerOrganisation.objects.filter(pk=org.pk).update(seller_type="business")
    client = client_in("en", operator)
    refused = client.post(_url(org), _statement())
    assert refused.status_code == 422 and "Only an individual merchant" in refused.content.decode()
    no_end = client.post(_url(org), {"decision": "exempt", "basis": "certificate", "certificate_number": "SKB-1"})
    assert no_end.status_code == 422 and "end date written on the certificate" in no_end.content.decode()
    today = timezone.localdate()
    backwards = client.post(_url(org), {"decision": "exempt", "basis": "certificate", "certificate_number": "SKB-1",
                                        "valid_from": today.isoformat(),
                                        "valid_until": (today - timedelta(days=1)).isoformat()})
    assert backwards.status_code == 422 and "cannot be before the start" in backwards.content.decode()
    assert not SellerTaxStatus.objects.exists()
    end = today + timedelta(days=365)
    ok = client.post(_url(org), {"decision": "exempt", "basis": "certificate", "certificate_number": "SKB-1",
                                 "valid_until": end.isoformat()})
    assert ok.status_code == 302 and SellerTaxStatus.objects.get().valid_until == end


def test_errors_are_in_the_operators_language(market, operator):
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(seller_type="business")
    response = client_in("id", operator).post(_url(market.budi), _statement())
    assert response.status_code == 422 and response.context["form"].errors["basis"]


def test_a_shop_member_who_is_an_operator_cannot_record(market):
    from lapak.accounts.services import role_grant

    role_grant(user=market.budi_owner, role="operator")
    client = client_in("en", market.budi_owner)
    assert 'id="member"' in client.get(_url(market.budi)).content.decode()
    assert client.post(_url(market.budi), {"decision": "withdraw"}).status_code == 403
    assert not SellerTaxStatus.objects.exists()


@pytest.mark.parametrize("query", ["?page=x", "?page=-1", "?page=99999", "?q=" + "%" * 300, "?q=%ff&page=2"])
def test_malformed_query_strings_never_fail(market, operator, query):
    assert client_in("en", operator).get(LIST + query).status_code == 200


def test_the_form_needs_the_csrf_token(market, operator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.post(_url(market.budi), {"decision": "withdraw"}).status_code == 403
    assert not SellerTaxStatus.objects.exists()
