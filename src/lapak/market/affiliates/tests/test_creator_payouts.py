"""Creator payouts: the payout account (sealed, masked, a 24-hour hold after a change) and the daily batch that
pays each creator's commission through the sellers' disbursement code and the sandbox gateway, with the ledger
sound after each step."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import PermissionDenied, ValidationFailed
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.affiliates.models_payouts import CreatorPayout, CreatorPayoutAccount
from lapak.market.affiliates.services_payouts import (
    creator_payout_account_set,
    creator_payout_batch_run,
    creator_payout_create,
)
from lapak.market.affiliates.tests.payouts_support import (
    clearing,
    creator_fixture,  # noqa: F401  (a fixture)
    fund,
    in_transit,
    payable,
    ready,
    registered_fixture,  # noqa: F401  (a fixture)
)
from lapak.market.ledger.checks import ledger_check
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts_callbacks import callback_signature, payout_callback_receive
from lapak.market.payments.services.payouts_disburse import payout_disburse, payouts_disburse_due
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
DEAD = "http://127.0.0.1:9"  # nothing listens: the gateway is unreachable


def test_the_account_is_sealed_masked_replaced_and_audited_without_the_number(creator, make_user):
    first = creator_payout_account_set(actor=creator, bank_code=" bca ", account_number="1234 5678 90",
                                       holder_name="Rizky  Pratama")
    assert (first.bank_code, first.holder_name, first.is_current) == ("BCA", "Rizky Pratama", True)
    assert b"1234567890" not in bytes(first.number_encrypted) and first.number_masked.endswith("7890")
    assert "1234567890" not in first.number_masked
    second = creator_payout_account_set(actor=creator, bank_code="BNI", account_number="9988776655",
                                        holder_name="Rizky Pratama")
    first.refresh_from_db()
    assert not first.is_current and first.replaced_at is not None and second.is_current
    assert CreatorPayoutAccount.objects.filter(creator=creator.public_id, is_current=True).count() == 1
    events = AuditEvent.objects.filter(action="affiliates.payout_account.set", subject_id=creator.public_id)
    assert events.count() == 2
    assert all("1234567890" not in json.dumps([e.before, e.after]) and "9988776655" not in json.dumps(e.after)
               for e in events)


def test_the_creator_is_e_mailed_about_a_change_once(creator, django_capture_on_commit_callbacks):
    from django.core import mail

    from lapak.core.outbox.delivery import outbox_deliver_due
    from lapak.core.outbox.models import OutboxEvent
    from lapak.market.affiliates.handlers import payout_account_change_notify

    outbox_deliver_due()  # what making the user queued
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account = creator_payout_account_set(actor=creator, bank_code="BCA", account_number="1234567890",
                                             holder_name="Rizky Pratama")
    outbox_deliver_due()
    assert [m.to for m in mail.outbox] == [[creator.email]]
    assert account.number_masked in mail.outbox[0].body and "1234567890" not in mail.outbox[0].body
    event = OutboxEvent.objects.get(topic="affiliates.payout_account.changed")
    payout_account_change_notify(event)  # delivered again: the claim holds
    assert len(mail.outbox) == 1


def test_only_creators_set_one_and_bad_fields_are_named(creator, make_user):
    with pytest.raises(PermissionDenied):
        creator_payout_account_set(actor=make_user(), bank_code="BCA", account_number="1234567890", holder_name="X")
    with pytest.raises(ValidationFailed) as caught:
        creator_payout_account_set(actor=creator, bank_code="", account_number="12ab", holder_name=" ")
    assert set(caught.value.fields) == {"bank_code", "account_number", "holder_name"}
    assert not CreatorPayoutAccount.objects.exists()


def test_the_batch_pays_each_creator_above_the_minimum_once(sandbox, settings, creator, make_user):  # noqa: F811
    ready(creator)
    small = make_user(email="small@example.test", roles=["creator"])
    ready(small, number="5556667778")
    fund(creator, 120_000)
    fund(small, 49_999)  # below the default minimum of Rp 50,000
    before = clearing()

    counts = creator_payout_batch_run()
    assert counts["created"] == 1 and counts["paid"] == 1 and counts["held"] == 0
    payout = CreatorPayout.objects.get()
    assert (payout.creator, payout.amount, payout.status, payout.attempts) == (creator.public_id, 120_000, "paid", 1)
    assert payout.gateway_ref and payout.paid_at and payout.entry_key == f"creator_payout:{payout.public_id}"
    assert payable(creator) == 0 and in_transit(creator) == 0 and clearing() == before - 120_000
    assert payable(small) == 49_999 and ledger_check() == []
    assert not Payout.objects.exists()  # sellers' payouts are untouched

    status = sandbox.get(f"/api/v1/payouts/{payout.gateway_ref}", auth=(settings.MIDTRANS_SERVER_KEY, "")).json()
    assert status["status"] == "completed" and status["amount"] == "120000.00"
    assert status["beneficiary_account"] == "1234567890"
    assert AuditEvent.objects.filter(action="payout.paid", subject_type="creator",
                                     subject_id=creator.public_id).count() == 1

    fund(creator, 80_000)  # a second run the same day pays nobody twice
    assert creator_payout_batch_run()["created"] == 0 and CreatorPayout.objects.count() == 1
    assert payable(creator) == 80_000


def test_holds_move_no_money(creator, make_user):
    fund(creator, 70_000)
    other = make_user(email="other@example.test", roles=["creator"])
    creator_payout_account_set(actor=other, bank_code="BCA", account_number="1234567890", holder_name="Ayu")
    fund(other, 90_000)
    assert creator_payout_batch_run()["held"] == 2
    none, fresh = (CreatorPayout.objects.get(creator=c.public_id) for c in (creator, other))
    assert none.status == "held" and none.hold_reasons == ["no_account"]
    assert fresh.status == "held" and fresh.hold_reasons == ["account_changed"]
    assert payable(creator) == 70_000 and payable(other) == 90_000 and in_transit(other) == 0
    assert ledger_check() == []
    # The next day, past the hold, the account is paid (a held payout of one day does not block the next).
    tomorrow = timezone.now() + timedelta(days=1, hours=1)
    made = creator_payout_create(creator=other.public_id, batch_date=timezone.localdate(tomorrow), now=tomorrow)
    assert made.status == "queued" and payable(other) == 0 and in_transit(other) == 90_000


def test_a_failed_disbursement_is_retried_later_and_pays_once(sandbox, settings, creator):  # noqa: F811
    ready(creator)
    fund(creator, 100_000)
    good, settings.MIDTRANS_BASE_URL = settings.MIDTRANS_BASE_URL, DEAD
    creator_payout_batch_run()
    payout = CreatorPayout.objects.get()
    assert payout.status == "failed" and "payment_gateway_unavailable" in payout.error
    assert payable(creator) == 0 and in_transit(creator) == 100_000
    assert payout_disburse(payout=payout).status == "failed"  # not due yet: not claimed again
    assert payouts_disburse_due(now=payout.next_attempt_at)["paid"] == 0  # sellers' default: not creators'

    settings.MIDTRANS_BASE_URL = good
    counts = payouts_disburse_due(now=payout.next_attempt_at, model=CreatorPayout)
    payout.refresh_from_db()
    assert counts["paid"] == 1 and payout.status == "paid" and payout.attempts == 2
    assert in_transit(creator) == 0 and ledger_check() == []


def test_a_payout_the_bank_refuses_returns_to_the_creators_balance(sandbox, creator):  # noqa: F811
    ready(creator, number="0001112223")  # the sandbox's unknown account
    fund(creator, 100_000)
    creator_payout_batch_run()
    payout = CreatorPayout.objects.get()
    assert payout.status == "returned" and payout.error == "Account does not exist"
    assert payable(creator) == 100_000 and in_transit(creator) == 0 and ledger_check() == []


def test_the_gateways_callback_finds_a_creator_payout(registered, settings, creator):
    settings.MIDTRANS_SERVER_KEY = key = "SB-Mid-server-creator-callbacks"
    ready(creator)
    fund(creator, 60_000)
    payout = creator_payout_create(creator=creator.public_id, batch_date=timezone.localdate())
    CreatorPayout.objects.filter(pk=payout.pk).update(status="sending", claimed_at=timezone.now(), attempts=1,
                                                      gateway_ref="cref-1")
    signature = callback_signature(reference_no="cref-1", status="completed", amount="60000.00", server_key=key)
    body = json.dumps({"reference_no": "cref-1", "status": "completed", "amount": "60000.00",
                       "signature_key": signature}).encode()
    assert payout_callback_receive(provider="midtrans", body=body) == "paid"
    assert payout_callback_receive(provider="midtrans", body=body) == "no_change"
    assert CreatorPayout.objects.get().status == "paid" and in_transit(creator) == 0 and ledger_check() == []


def test_the_daily_jobs_are_declared():
    from lapak.core.tasks.periodic import _jobs
    from lapak.market.affiliates import tasks_payouts  # noqa: F401  (declares them)

    assert _jobs["affiliates.creator_payout_batch"].every == timedelta(days=1)
    assert _jobs["affiliates.creator_payouts_retry"].every == timedelta(minutes=15)


def test_the_wiring_registers_the_payout_kind_the_sealed_field_and_the_e_mail():
    from lapak.core.outbox.registry import handlers_for
    from lapak.market.affiliates.services_invites import INVITE_TOPIC
    from lapak.market.affiliates.wiring import affiliates_wire
    from lapak.market.payments.services.payouts_disburse import _payout_models
    from lapak.market.sellers.vault import registered_fields

    wired_before = CreatorPayout in _payout_models  # AffiliatesConfig.ready() may have wired it already
    affiliates_wire()
    affiliates_wire()  # idempotent
    try:
        assert _payout_models.count(CreatorPayout) == 1
        assert "affiliates.creatorpayoutaccount.number_encrypted" in {f.label for f in registered_fields()}
        assert [h.__name__ for h in handlers_for(INVITE_TOPIC)] == ["invite_notify"]
    finally:
        if not wired_before:
            _payout_models.remove(CreatorPayout)
