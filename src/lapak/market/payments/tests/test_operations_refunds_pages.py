"""The operators' bank refunds pages (/operations/payments/refunds/): operators only, the earliest due first with
overdue ones marked (ID-CON-2), the account masked until an audited reveal, marking paid with a transfer
reference (bad input inline, nothing written), trying a failed refund again, and never on one's own order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import RefundRequest, SellerOrder
from lapak.market.orders.services.refunds import refund_request_add
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.services.refunds_bank import refund_bank_account_give

pytestmark = pytest.mark.django_db
LIST = "/operations/payments/refunds/"
NUMBER = "0011223344"


@pytest.fixture
def operator(make_user):
    return make_user(email="ops@example.test", roles=["operator"])


@pytest.fixture
def va_order(placed, buyer, midtrans):
    """The buyer's order paid by virtual account: the gateway cannot refund it, a bank transfer must."""
    from lapak.market.payments.services import payment_intent_create
    from lapak.market.payments.tests.conftest import notify

    intent = payment_intent_create(order=placed, buyer=buyer, method="va", bank="bca")
    assert notify(midtrans.settle(intent.provider_order_id)).json() == {"outcome": "paid"}
    return placed


def _so(order) -> SellerOrder:
    return SellerOrder.objects.filter(order=order).order_by("pk").first()


@pytest.fixture
def to_pay(va_order, buyer) -> RefundRequest:
    """A bank refund of Rp5,000 with the buyer's account given: executing, waiting for the transfer."""
    refund = refund_execute(refund_request=refund_request_add(seller_order=_so(va_order), amount=5000))
    assert refund.status == "awaiting_bank_account"
    refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="bni", account_number=NUMBER,
                             holder_name="Siti")
    return RefundRequest.objects.get(pk=refund.pk)


def test_only_operators_see_the_pages(to_pay, buyer, market, operator):
    detail = f"{LIST}{to_pay.public_id}/"
    anonymous = Client().get(LIST)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for outsider in (buyer, market.budi_owner):
        client = client_in("en", outsider)
        assert client.get(LIST).status_code == 403 and client.get(detail).status_code == 403
        assert client.post(f"{detail}paid/", {"transfer_ref": "T"}).status_code == 403
        assert client.post(f"{detail}reveal/").status_code == 403
    client = client_in("en", operator)
    assert client.get(LIST).status_code == 200 and client.get(detail).status_code == 200
    assert client.get(f"{LIST}rfd_nope/").status_code == 404
    assert client.get(f"{detail}reveal/").status_code == 405  # a reveal is a POST
    assert RefundRequest.objects.get(pk=to_pay.pk).status == "executing"


def test_the_list_shows_due_dates_and_marks_overdue_refunds(to_pay, operator):
    client = client_in("en", operator)
    html = client.get(LIST).content.decode()
    assert f'id="refund-{to_pay.public_id}"' in html and "Rp5.000" in html and "row--deadline-overdue" not in html
    RefundRequest.objects.filter(pk=to_pay.pk).update(due_at=timezone.now() - timedelta(hours=1))
    html = client.get(LIST).content.decode()
    assert "row--deadline-overdue" in html and "overdue" in html
    assert f'id="refund-{to_pay.public_id}"' not in client.get(LIST, {"state": "paid"}).content.decode()


@pytest.mark.parametrize("query", ["?page=abc", "?page=-1", "?page=99999", "?state=%ff", "?state=" + "x" * 500,
                                   "?page=1&page=2&state[]=x"])
def test_malformed_query_strings_never_fail(to_pay, operator, query):
    assert client_in("en", operator).get(LIST + query).status_code == 200
    assert client_in("en", operator).get(LIST + "?state=%00").status_code == 400  # the site's guard, not a 500


def test_the_number_is_masked_until_an_audited_reveal(to_pay, operator):
    client = client_in("en", operator)
    detail = f"{LIST}{to_pay.public_id}/"
    html = client.get(detail).content.decode()
    assert NUMBER not in html and "3344" in html and 'id="reveal-form"' in html
    assert not AuditEvent.objects.filter(action="identity.decrypt", subject_id=to_pay.public_id).exists()
    revealed = client.post(f"{detail}reveal/")
    assert revealed.status_code == 200 and f'<code id="account-number">{NUMBER}</code>' in revealed.content.decode()
    event = AuditEvent.objects.get(action="identity.decrypt", subject_id=to_pay.public_id)
    assert event.actor == operator.public_id and event.after["purpose"] == "refund.bank_transfer"


def test_marking_paid_needs_a_transfer_reference(to_pay, operator):
    client = client_in("en", operator)
    paid_url = f"{LIST}{to_pay.public_id}/paid/"
    bad = client.post(paid_url, {"transfer_ref": "   "})
    assert bad.status_code == 422 and "Give the transfer reference" in bad.content.decode()
    too_long = client.post(paid_url, {"transfer_ref": "T" * 101})
    assert too_long.status_code == 422 and "At most 100 characters." in too_long.content.decode()
    assert RefundRequest.objects.get(pk=to_pay.pk).status == "executing"
    assert not AuditEvent.objects.filter(action="refund.bank_transfer.paid").exists()
    done = client.post(paid_url, {"transfer_ref": "TRF-77"})
    assert done.status_code == 302 and done["Location"] == f"{LIST}{to_pay.public_id}/"
    refund = RefundRequest.objects.get(pk=to_pay.pk)
    assert refund.status == "paid" and refund.bank_refund.transfer_ref == "TRF-77"
    assert refund.bank_refund.paid_by == operator.public_id
    again = client.post(paid_url, {"transfer_ref": "TRF-78"})  # once: the second changes nothing
    assert again.status_code == 302 and RefundRequest.objects.get(pk=to_pay.pk).bank_refund.transfer_ref == "TRF-77"
    page = client.get(f"{LIST}{to_pay.public_id}/").content.decode()
    assert 'id="paid-form"' not in page and "TRF-77" in page


def test_a_refund_waiting_for_its_account_cannot_be_marked_paid(va_order, operator):
    refund = refund_execute(refund_request=refund_request_add(seller_order=_so(va_order), amount=4000))
    client = client_in("en", operator)
    page = client.get(f"{LIST}{refund.public_id}/").content.decode()
    assert 'id="no-bank-account"' in page and 'id="paid-form"' not in page
    assert client.post(f"{LIST}{refund.public_id}/paid/", {"transfer_ref": "T"}).status_code == 403
    assert client.post(f"{LIST}{refund.public_id}/reveal/").status_code == 404


def test_a_failed_refund_is_tried_again_now(va_order, buyer, operator):
    refund = refund_request_add(seller_order=_so(va_order), amount=3000)
    RefundRequest.objects.filter(pk=refund.pk).update(status="failed", route="bank", attempts=1,
                                                      error="ledger_busy: try later",
                                                      next_attempt_at=timezone.now() + timedelta(hours=2))
    refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="bni", account_number=NUMBER,
                             holder_name="Siti")
    client = client_in("en", operator)
    page = client.get(f"{LIST}{refund.public_id}/").content.decode()
    assert 'id="retry-form"' in page and "ledger_busy" in page
    response = client.post(f"{LIST}{refund.public_id}/retry/")
    assert response.status_code == 302
    refund = RefundRequest.objects.get(pk=refund.pk)
    assert (refund.status, refund.attempts) == ("executing", 2)  # claimed and reserved: now waits for the transfer
    assert AuditEvent.objects.filter(action="refund.retry_requested", actor=operator.public_id).count() == 1
    conflict = client.post(f"{LIST}{refund.public_id}/retry/")  # no longer failed: nothing happens
    assert conflict.status_code == 409 and RefundRequest.objects.get(pk=refund.pk).attempts == 2


def test_an_operator_never_handles_a_refund_of_their_own_order(to_pay, buyer):
    from lapak.accounts.services import role_grant

    role_grant(user=buyer, role="operator")
    client = client_in("en", buyer)
    detail = f"{LIST}{to_pay.public_id}/"
    page = client.get(detail).content.decode()
    assert 'id="own-refund"' in page and 'id="paid-form"' not in page and 'id="reveal-form"' not in page
    assert client.post(f"{detail}paid/", {"transfer_ref": "T"}).status_code == 403
    assert client.post(f"{detail}reveal/").status_code == 403
    assert RefundRequest.objects.get(pk=to_pay.pk).status == "executing"


def test_posts_need_the_csrf_token(to_pay, operator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.post(f"{LIST}{to_pay.public_id}/paid/", {"transfer_ref": "T"}).status_code == 403
    assert RefundRequest.objects.get(pk=to_pay.pk).status == "executing"
