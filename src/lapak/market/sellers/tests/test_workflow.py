"""The verification workflow: every legal step, every illegal one, and what each step writes."""

from __future__ import annotations

import pytest

from lapak.compliance.models import Decision
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import PermissionDenied
from lapak.core.outbox.models import OutboxEvent
from lapak.market.sellers.errors import ComplianceBlocked, TransitionNotAllowed
from lapak.market.sellers.models import ApplicationStatus, BankAccountStatus, IdentityClaim, OrganisationStatus
from lapak.market.sellers.selectors import seller_can_sell, seller_require_verified
from lapak.market.sellers.services import (
    TRANSITIONS,
    allowed_targets,
    application_decide,
    application_review_start,
    application_submit,
    application_transition,
    application_withdraw,
)
from lapak.market.sellers.services.workflow import ALLOWED

S = ApplicationStatus


def test_the_state_machine_is_the_documented_table():
    table = {(step.source, step.target): set(step.actors) for step in TRANSITIONS}
    assert table == {
        (S.DRAFT, S.SUBMITTED): {"applicant"},
        (S.SUBMITTED, S.IN_REVIEW): {"operator"},
        (S.SUBMITTED, S.REJECTED): {"system", "operator"},
        (S.IN_REVIEW, S.VERIFIED): {"operator"},
        (S.IN_REVIEW, S.REJECTED): {"operator"},
        (S.IN_REVIEW, S.MORE_INFO_NEEDED): {"operator"},
        (S.MORE_INFO_NEEDED, S.SUBMITTED): {"applicant"},
        (S.DRAFT, S.WITHDRAWN): {"applicant", "system"},
        (S.SUBMITTED, S.WITHDRAWN): {"applicant", "system"},
        (S.IN_REVIEW, S.WITHDRAWN): {"applicant", "system"},
        (S.MORE_INFO_NEEDED, S.WITHDRAWN): {"applicant", "system"},
    }
    assert allowed_targets(S.IN_REVIEW, "operator") == [S.VERIFIED, S.REJECTED, S.MORE_INFO_NEEDED]
    # Verified, rejected and withdrawn are final.
    assert not [key for key in ALLOWED if key[0] in (S.VERIFIED, S.REJECTED, S.WITHDRAWN)]


@pytest.mark.django_db
def test_submit_review_verify_writes_history_audit_decision_and_outbox(build, people):
    application = build.individual()
    assert application.status == S.DRAFT
    assert not seller_can_sell(application.organisation)

    application = application_submit(application=application, actor=people.owner)
    assert application.status == S.SUBMITTED and application.submitted_at is not None
    assert IdentityClaim.objects.filter(application=application, kind="nik").count() == 1

    application = application_review_start(application=application, actor=people.operator)
    assert (application.status, application.reviewer) == (S.IN_REVIEW, people.operator)

    application = application_decide(application=application, actor=people.operator, decision="verified")
    assert application.status == S.VERIFIED and application.decided_at is not None
    organisation = application.organisation
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.VERIFIED and organisation.verified_at is not None
    assert seller_can_sell(organisation)
    seller_require_verified(organisation)
    application.bank_account.refresh_from_db()
    assert application.bank_account.status == BankAccountStatus.VERIFIED

    steps = [(t.from_status, t.to_status, t.actor_kind) for t in application.transitions.all()]
    assert steps == [("draft", "submitted", "applicant"), ("submitted", "in_review", "operator"),
                     ("in_review", "verified", "operator")]
    actions = list(AuditEvent.objects.filter(subject_id=application.public_id, action__startswith="seller.application")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["seller.application.submitted", "seller.application.in_review", "seller.application.verified"]
    decisions = Decision.objects.filter(event="seller.verify", subject_id=application.public_id)
    assert decisions.count() == 3
    assert {t.decision_id for t in application.transitions.all()} == set(decisions.values_list("public_id", flat=True))
    assert OutboxEvent.objects.filter(topic="sellers.application.transitioned").count() == 3


@pytest.mark.django_db
def test_more_info_then_resubmit_then_reject_with_reasons_in_both_languages(build, people):
    application = build.in_review()
    application = application_decide(application=application, actor=people.operator, decision="more_info_needed",
                                     reason_codes=["document_unreadable"], note="The KTP photo is blurred.")
    assert application.status == S.MORE_INFO_NEEDED
    application = application_submit(application=application, actor=people.owner)
    assert application.status == S.SUBMITTED
    application = application_review_start(application=application, actor=people.operator2)
    application = application_decide(application=application, actor=people.operator2, decision="rejected",
                                     reason_codes=["identity_mismatch"])
    assert application.status == S.REJECTED
    last = application.transitions.last()
    assert last.reasons[0]["code"] == "identity_mismatch"
    assert last.reasons[0]["message_en"] == "The identity details do not match the document."
    assert last.reasons[0]["message_id"] == "Data identitas tidak cocok dengan dokumen."
    application.organisation.refresh_from_db()
    assert application.organisation.status == OrganisationStatus.REJECTED
    # A rejected case releases its NIK so the person can apply again.
    assert not IdentityClaim.objects.filter(application=application).exists()
    with pytest.raises(Exception, match="seller has not been verified"):
        seller_require_verified(application.organisation)


@pytest.mark.django_db
def test_operator_rejection_needs_a_reason(build, people):
    from lapak.core.errors import ValidationFailed

    application = build.in_review()
    with pytest.raises(ValidationFailed):
        application_decide(application=application, actor=people.operator, decision="rejected")
    with pytest.raises(ValidationFailed):
        application_decide(application=application, actor=people.operator, decision="rejected",
                           reason_codes=["other"])
    with pytest.raises(ValidationFailed):
        application_decide(application=application, actor=people.operator, decision="rejected",
                           reason_codes=["not_a_code"])


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["draft", "submitted", "in_review", "more_info_needed"])
def test_the_applicant_may_withdraw_an_open_application(build, people, stage):
    application = build.individual()
    if stage != "draft":
        application = application_submit(application=application, actor=people.owner)
    if stage in ("in_review", "more_info_needed"):
        application = application_review_start(application=application, actor=people.operator)
    if stage == "more_info_needed":
        application = application_decide(application=application, actor=people.operator, decision=stage,
                                         reason_codes=["incomplete"])
    application = application_withdraw(application=application, actor=people.owner)
    assert application.status == S.WITHDRAWN
    assert not IdentityClaim.objects.filter(application=application).exists()


ILLEGAL = [
    # (how far to build, target, actor kind)
    ("draft", S.IN_REVIEW, "operator"),
    ("draft", S.VERIFIED, "operator"),
    ("draft", S.REJECTED, "operator"),
    ("draft", S.MORE_INFO_NEEDED, "operator"),
    ("submitted", S.SUBMITTED, "applicant"),
    ("submitted", S.VERIFIED, "operator"),
    ("submitted", S.MORE_INFO_NEEDED, "operator"),
    ("in_review", S.IN_REVIEW, "operator"),
    ("in_review", S.SUBMITTED, "applicant"),
    ("verified", S.SUBMITTED, "applicant"),  # re-submitting a verified application
    ("verified", S.VERIFIED, "operator"),  # approving twice
    ("verified", S.REJECTED, "operator"),
    ("verified", S.WITHDRAWN, "applicant"),
    ("verified", S.IN_REVIEW, "operator"),
    ("rejected", S.SUBMITTED, "applicant"),
    ("rejected", S.VERIFIED, "operator"),
    ("withdrawn", S.SUBMITTED, "applicant"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("stage", "target", "actor_kind"), ILLEGAL)
def test_illegal_steps_are_refused_in_one_place_and_change_nothing(build, people, stage, target, actor_kind):
    application = {
        "draft": build.individual, "submitted": build.submitted, "in_review": build.in_review,
        "verified": build.verified,
    }.get(stage, build.in_review)()
    if stage == "rejected":
        application = application_decide(application=application, actor=people.operator, decision="rejected",
                                         reason_codes=["fraud_suspected"])
    if stage == "withdrawn":
        application = application_withdraw(application=application, actor=people.owner)
    before = (application.status, application.transitions.count(), AuditEvent.objects.count())
    actor = people.owner if actor_kind == "applicant" else people.operator
    with pytest.raises(TransitionNotAllowed):
        application_transition(application=application, to=target, actor=actor, actor_kind=actor_kind)
    application.refresh_from_db()
    assert (application.status, application.transitions.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_the_wrong_kind_of_actor_is_refused(build, people):
    application = build.submitted()
    with pytest.raises(PermissionDenied):  # an applicant cannot review their own case
        application_review_start(application=application, actor=people.owner)
    with pytest.raises(TransitionNotAllowed):  # the applicant kind has no edge to in_review
        application_transition(application=application, to=S.IN_REVIEW, actor=people.owner, actor_kind="applicant")
    with pytest.raises(PermissionDenied):  # a stranger is not an operator
        application_transition(application=application, to=S.IN_REVIEW, actor=people.stranger, actor_kind="operator")


@pytest.mark.django_db
def test_an_operator_cannot_decide_a_shop_they_belong_to(build, people):
    from lapak.market.sellers.services import member_add

    application = build.submitted()
    member_add(organisation=application.organisation, actor=people.owner, user=people.operator, role="staff")
    with pytest.raises(PermissionDenied, match="belong to"):
        application_review_start(application=application, actor=people.operator)


@pytest.mark.django_db
def test_a_compliance_denial_blocks_verification_and_nothing_changes(build, people):
    from lapak.compliance.models import Decision

    application = build.in_review()
    # The operator learns the applicant is an MLM company (ID-SEL-5 refuses them since 15 January 2026).
    type(application.organisation).objects.filter(pk=application.organisation_id).update(seller_type="mlm")
    with pytest.raises(ComplianceBlocked) as caught:
        application_decide(application=application, actor=people.operator, decision="verified")
    assert "rules.ID-SEL-5" in caught.value.fields
    kept = Decision.objects.get(public_id=caught.value.decision.decision_id)  # the refusal stays on record
    assert (kept.outcome, kept.event) == ("deny", "seller.verify")
    assert "ID-SEL-5" in [reason["rule_id"] for reason in kept.reasons]
    application.refresh_from_db()
    application.organisation.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert application.organisation.status == OrganisationStatus.UNVERIFIED
    # Other steps are recorded whatever the answer: a denial only blocks verifying.
    application = application_decide(application=application, actor=people.operator, decision="rejected",
                                     reason_codes=["identity_mismatch"])
    assert application.status == S.REJECTED
