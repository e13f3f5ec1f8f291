"""Consent: per purpose, per policy version, withdrawable; withdrawal is itself a data-subject request."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.models import ApplicationStatus, ConsentRecord, RequestKind, RequestStatus
from lapak.market.sellers.selectors import consent_status, consents_of
from lapak.market.sellers.services import application_submit, consent_grant, consent_withdraw


@pytest.mark.django_db
def test_consent_is_recorded_per_purpose_and_a_new_version_supersedes_the_old(people, settings):
    settings.SELLER_CONSENT_POLICY_VERSION = "2026-01"
    consent_grant(user=people.owner, purposes=["kyc_verification", "payout_processing"], policy_version="2026-01")
    consent_grant(user=people.owner, purposes=["kyc_verification"], policy_version="2026-01")  # no-op
    assert ConsentRecord.objects.filter(user=people.owner).count() == 2
    assert consent_status(user=people.owner) == {
        "kyc_verification": True, "payout_processing": True, "fraud_prevention": False,
    }

    settings.SELLER_CONSENT_POLICY_VERSION = "2026-07"
    assert consent_status(user=people.owner)["kyc_verification"] is False  # consent was to the old text
    with pytest.raises(ValidationFailed) as caught:
        consent_grant(user=people.owner, purposes=["kyc_verification"], policy_version="2026-01")
    assert caught.value.code == "consent_policy_changed"
    consent_grant(user=people.owner, purposes=["kyc_verification"], policy_version="2026-07")
    history = list(consents_of(user=people.owner).filter(purpose="kyc_verification")
                   .order_by("granted_at", "pk").values_list("policy_version", "end_reason"))
    assert history == [("2026-01", "superseded"), ("2026-07", "")]


@pytest.mark.django_db
def test_a_new_policy_version_blocks_submission_until_consent_is_renewed(build, people, settings):
    application = build.individual()
    settings.SELLER_CONSENT_POLICY_VERSION = "2099-01"
    with pytest.raises(ValidationFailed) as caught:
        application_submit(application=application, actor=people.owner)
    assert "consent" in caught.value.fields
    consent_grant(user=people.owner, purposes=["kyc_verification", "payout_processing"], policy_version="2099-01")
    assert application_submit(application=application, actor=people.owner).status == ApplicationStatus.SUBMITTED


@pytest.mark.django_db
def test_withdrawing_kyc_consent_withdraws_the_open_application_and_is_a_recorded_request(build, people):
    application = build.submitted()
    request = consent_withdraw(user=people.owner, purpose="kyc_verification", note="I changed my mind")
    assert (request.kind, request.status, request.purpose) == (RequestKind.CONSENT_WITHDRAWAL,
                                                                RequestStatus.COMPLETED, "kyc_verification")
    assert request.due_at - request.created_at == timedelta(hours=72)
    assert request.result["applications_withdrawn"] == [application.public_id]
    assert [(e.from_status, e.to_status) for e in request.events.all()] == [("", "open"), ("open", "completed")]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.transitions.last().reasons[0]["code"] == "consent_withdrawn"
    record = ConsentRecord.objects.get(user=people.owner, purpose="kyc_verification")
    assert (record.end_reason, record.ended_at is not None) == ("withdrawn", True)  # kept as proof
    with pytest.raises(Conflict):
        consent_withdraw(user=people.owner, purpose="kyc_verification")
