"""The review desk is for operators only: every URL, every kind of caller, and nothing changes for the refused."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from lapak.core.audit.models import AuditEvent
from lapak.market.sellers.models import BankAccount, DataSubjectRequest, SellerApplication
from lapak.market.sellers.services import data_deletion_request


def client_for(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def desk(build, people):
    """A submitted case with photos, an open deletion request and a payout account to review."""
    application = build.submitted(holder="SOMEONE ELSE ENTIRELY")
    document = application.documents.get(kind="ktp_photo")
    request = data_deletion_request(user=people.owner, note="Hapus data saya")
    account = BankAccount.objects.get(organisation=application.organisation)
    case = {"public_id": application.public_id}
    return SimpleNamespace(
        application=application, request=request, account=account,
        gets=[
            reverse("operations:home"),
            reverse("operations:kyc_queue"),
            reverse("operations:case", kwargs=case),
            reverse("operations:case_document", kwargs={**case, "document_id": document.public_id}),
            reverse("operations:data_requests"),
            reverse("operations:data_request", kwargs={"public_id": request.public_id}),
            reverse("operations:bank_accounts"),
        ],
        posts=[
            (reverse("operations:case_reveal", kwargs=case), {"field": "nik", "reason": "check"}),
            (reverse("operations:case_documents_open", kwargs=case), {"reason": "check"}),
            (reverse("operations:case_review_start", kwargs=case), {"expected_status": "submitted"}),
            (reverse("operations:case_decide", kwargs=case),
             {"decision": "rejected", "reason_codes": ["fraud_suspected"], "expected_status": "submitted"}),
            (reverse("operations:data_request_note", kwargs={"public_id": request.public_id}), {"note": "n"}),
            (reverse("operations:data_request_refuse", kwargs={"public_id": request.public_id}), {"note": "no"}),
            (reverse("operations:data_request_correction", kwargs={"public_id": request.public_id}),
             {"decision": "refuse", "note": "no"}),
            (reverse("operations:data_request_proposal", kwargs={"public_id": request.public_id}), {"reason": "r"}),
            (reverse("operations:data_request_deletion", kwargs={"public_id": request.public_id}), {"confirm": "on"}),
            (reverse("operations:bank_account_review", kwargs={"public_id": account.public_id}),
             {"decision": "approve"}),
        ],
    )


def _state(desk):
    return (
        SellerApplication.objects.get(pk=desk.application.pk).status,
        DataSubjectRequest.objects.get(pk=desk.request.pk).status,
        DataSubjectRequest.objects.get(pk=desk.request.pk).events.count(),
        BankAccount.objects.get(pk=desk.account.pk).status,
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(desk):
    before = _state(desk)
    client = client_for()
    for url in desk.gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), url
    for url, data in desk.posts:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    assert _state(desk) == before


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["buyer", "seller", "regulator"])
def test_everyone_but_operators_gets_the_403_page_and_changes_nothing(desk, people, make_user, kind):
    user = {
        "buyer": lambda: make_user(email="buyer@example.test", roles=["buyer"]),
        "seller": lambda: people.owner,  # the applicant of the very case (holds the seller_member role)
        "regulator": lambda: make_user(email="regulator@example.test", roles=["regulator"], jurisdiction="ID"),
    }[kind]()
    before = _state(desk)
    client = client_for(user)
    for url in desk.gets:
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Access denied" in response.content, url
    for url, data in desk.posts:
        assert client.post(url, data).status_code == 403, url
    assert _state(desk) == before


@pytest.mark.django_db
def test_operators_may_use_every_desk_url(desk, people):
    client = client_for(people.operator)
    for url in desk.gets:
        if "/documents/" in url:
            continue  # needs a recorded reason first (test_pages_desk_case)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    for url, data in desk.posts:
        response = client.post(url, data)
        assert response.status_code not in (401, 403, 404, 405), (url, response.status_code)
        assert not response.get("Location", "").startswith(reverse("accounts:login")), url
    # The documents opened above (a reason was given), so the file itself is served now.
    assert client.get(desk.gets[3]).status_code == 200


@pytest.mark.django_db
def test_the_navigation_shows_operations_to_operators_only(people, make_user):
    home = reverse("web:home")
    assert reverse("operations:home").encode() in client_for(people.operator).get(home).content
    buyer = make_user(email="buyer@example.test", roles=["buyer"])
    assert reverse("operations:home").encode() not in client_for(buyer).get(home).content


@pytest.mark.django_db
def test_unknown_cases_and_requests_are_404_for_operators(people):
    client = client_for(people.operator)
    assert client.get(reverse("operations:case", kwargs={"public_id": "kyc_nope"})).status_code == 404
    assert client.get(reverse("operations:data_request", kwargs={"public_id": "dsr_nope"})).status_code == 404
