"""The applicant is e-mailed each decision, through the outbox, in their own language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from lapak.core.outbox.delivery import outbox_deliver_due
from lapak.core.outbox.models import OutboxEvent
from lapak.market.sellers.models import ApplicationTransition
from lapak.market.sellers.services import application_decide, application_submit
from lapak.market.sellers.tests.conftest import NIK_WOMAN


def decide(build, people, applicant, decision, codes=()):
    application = build.in_review(owner=applicant, full_name=applicant.full_name, holder=applicant.full_name.upper(),
                                  nik=NIK_WOMAN, sex="F")
    mail.outbox.clear()
    return application_decide(application=application, actor=people.operator, decision=decision,
                              reason_codes=list(codes), note="Foto KTP buram." if codes else "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_rejection_is_mailed_in_the_applicants_language(build, people, language):
    applicant = build.user(full_name="Siti Rahayu", language=language)
    application = decide(build, people, applicant, "rejected", ["document_unreadable", "identity_mismatch"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert message.extra_headers["Content-Language"] == language
    assert application.public_id in message.body and "Foto KTP buram." in message.body
    own, other = ("Dokumen atau foto tidak terbaca.", "A document or photo cannot be read.")
    if language == "en":
        own, other = other, own
    assert own in message.body and other not in message.body
    assert "Toko Budi" in message.subject
    transition = ApplicationTransition.objects.get(application=application, to_status="rejected")
    assert transition.notified_at is not None


@pytest.mark.django_db(transaction=True)
def test_verification_is_mailed_once_even_when_the_event_is_delivered_again(build, people):
    applicant = build.user(full_name="Siti Rahayu", language="en")
    application = decide(build, people, applicant, "verified")
    assert [m.subject for m in mail.outbox] == ["Toko Budi is verified: you can start selling"]
    event = OutboxEvent.objects.filter(topic="sellers.application.transitioned").order_by("-pk").first()
    assert event.payload["to"] == "verified" and event.payload["application"] == application.public_id
    # At-least-once delivery: the same event handed to the handlers again.
    OutboxEvent.objects.filter(pk=event.pk).update(status=OutboxEvent.Status.PENDING, available_at=timezone.now())
    assert outbox_deliver_due().delivered == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_an_automatic_rejection_sends_one_mail_not_a_receipt_and_a_rejection(build, people):
    application = build.business(seller_type="mlm")
    mail.outbox.clear()
    application_submit(application=application, actor=people.owner)
    assert len(mail.outbox) == 1
    assert "Multi-level marketing" in mail.outbox[0].body or "MLM" in mail.outbox[0].body


@pytest.mark.django_db
def test_nothing_is_mailed_before_the_transaction_commits(build, people, django_capture_on_commit_callbacks):
    application = build.individual()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_submit(application=application, actor=people.owner)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1 and mail.outbox[0].extra_headers["Content-Language"] == "id"
