"""The decision console: who sees it, filters and pages, the reasons in both languages, override and answer forms."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.accounts.tests.two_factor_support import sign_in
from lapak.compliance.decision_services import decision_appeal
from lapak.compliance.models import Appeal, DecisionOverride
from lapak.compliance.tests import decision_support
from lapak.compliance.tests.decision_support import allowed, refused_listing
from lapak.compliance.views_decisions import PAGE_SIZE

pytestmark = pytest.mark.django_db
staff = decision_support.staff
LIST = "/operations/compliance/decisions/"


def signed_in(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    sign_in(client, user)
    return client


def test_anonymous_goes_to_login_and_sellers_are_refused(staff):
    decision = refused_listing()
    assert Client().get(LIST).status_code == 302
    seller = signed_in(staff.seller)
    assert seller.get(LIST).status_code == 403
    assert seller.get(f"{LIST}{decision.public_id}/").status_code == 403
    assert seller.post(f"{LIST}{decision.public_id}/override/", {"outcome": "allow", "reason": "x"}).status_code == 403


def test_the_list_filters_and_pages(staff):
    refused_listing()
    gb = refused_listing(jurisdiction="GB", party="org_UK", subject_id="prd_GB")
    payout = allowed()
    client = signed_in(staff.operator)
    page = client.get(LIST).content.decode()
    assert "3 decisions" in page and gb.public_id in page
    page = client.get(LIST, {"jurisdiction": "gb"}).content.decode()
    assert "1 decision" in page and gb.public_id in page and payout.public_id not in page
    page = client.get(LIST, {"rule_id": "ID-MKT-1", "outcome": "deny"}).content.decode()
    assert "1 decision" in page and gb.public_id not in page
    page = client.get(LIST, {"since": "not a date", "outcome": "allow"}).content.decode()
    assert 'id="id_since_error"' in page and payout.public_id in page and "1 decision" in page


def test_pagination(staff):
    for i in range(PAGE_SIZE + 1):
        refused_listing(subject_id=f"prd_{i}")
    client = signed_in(staff.operator)
    first = client.get(LIST, {"outcome": "deny"}).content.decode()
    assert 'rel="next"' in first and "outcome=deny&amp;page=2" in first
    second = client.get(LIST, {"outcome": "deny", "page": "2"}).content.decode()
    assert second.count('<tr id="decision-') == 1


def test_a_regulator_reads_their_jurisdiction_only_and_sees_no_forms(staff):
    decision = refused_listing()
    gb = refused_listing(jurisdiction="GB", party="org_UK", subject_id="prd_GB")
    client = signed_in(staff.regulator)
    listing = client.get(LIST).content.decode()
    assert decision.public_id in listing and gb.public_id not in listing
    assert client.get(f"{LIST}{gb.public_id}/").status_code == 404
    detail = client.get(f"{LIST}{decision.public_id}/").content.decode()
    assert "ID-MKT-1" in detail and 'id="override-form"' not in detail
    assert client.post(f"{LIST}{decision.public_id}/override/",
                       {"outcome": "allow", "reason": "x"}).status_code == 403
    assert not DecisionOverride.objects.exists()


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_detail_shows_reasons_in_both_languages_whatever_the_page_language(staff, language):
    decision = refused_listing()
    reason = decision.reasons[0]
    page = signed_in(staff.operator, language).get(f"{LIST}{decision.public_id}/").content.decode()
    for text in (reason["title_id"], reason["title_en"], reason["remedy_id"], reason["remedy_en"],
                 reason["legal_basis"], '&quot;seller_type&quot;: &quot;first_party&quot;'):
        assert text in page
    assert f'<html lang="{language}">' in page


def test_override_form_errors_inline_then_success(staff):
    decision = refused_listing()
    client = signed_in(staff.operator)
    url = f"{LIST}{decision.public_id}/override/"
    refused = client.post(url, {"outcome": "deny", "reason": "  "})
    assert refused.status_code == 422
    assert 'id="id_reason_error"' in refused.content.decode()
    same = client.post(url, {"outcome": "deny", "reason": "no change"})
    assert same.status_code == 422 and 'id="id_outcome_error"' in same.content.decode()
    done = client.post(url, {"outcome": "allow", "reason": "Affiliation ended in May."}, follow=True)
    page = done.content.decode()
    assert "Affiliation ended in May." in page and 'id="override-form"' not in page
    late = client.post(url, {"outcome": "review", "reason": "again"})
    assert late.status_code == 409 and "already overridden" in late.content.decode()
    assert DecisionOverride.objects.get().reason == "Affiliation ended in May."


def test_answering_an_appeal_from_the_page(staff):
    decision = refused_listing()
    decision_appeal(decision=decision, party="org_TOKO1", text="We sell our own goods only.", filed_by="usr_o")
    client = signed_in(staff.operator)
    refused_listing(subject_id="prd_NOAPPEAL")
    queue = client.get(LIST, {"appeal": "open"}).content.decode()
    assert "1 decision" in queue and decision.public_id in queue
    detail = client.get(f"{LIST}{decision.public_id}/").content.decode()
    assert "We sell our own goods only." in detail and 'id="answer-form"' in detail
    url = f"{LIST}{decision.public_id}/answer/"
    assert client.post(url, {"status": "upheld", "answer": ""}).status_code == 422
    done = client.post(url, {"status": "overturned", "answer": "Checked the deed."}, follow=True)
    assert "Checked the deed." in done.content.decode()
    assert Appeal.objects.get().status == "overturned"
    assert DecisionOverride.objects.get(decision=decision).outcome == "allow"
    late = client.post(url, {"status": "upheld", "answer": "late"})
    assert late.status_code == 409 and "already been answered" in late.content.decode()


def test_a_regulator_signed_in_with_a_password_only_is_asked_for_the_code(client, make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    client.force_login(regulator)
    response = client.get("/operations/compliance/decisions/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    sign_in(client, regulator)
    assert client.get("/operations/compliance/decisions/").status_code == 200
