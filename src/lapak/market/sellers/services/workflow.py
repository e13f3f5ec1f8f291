"""The verification workflow: every change of an application's state goes through `application_transition`.

    draft ──submit──▶ submitted ──review──▶ in_review ──▶ verified
                          │                     ├──────▶ rejected
                          └──auto/operator──▶ rejected   └──▶ more_info_needed ──resubmit──▶ submitted
    any open state ──withdraw──▶ withdrawn

The allowed steps, and who may take each, are the data in TRANSITIONS; nothing else decides legality.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.explain import reason_fields
from lapak.compliance.services import compliance_decide, compliance_keep_refusal
from lapak.core.audit.services import audit_append
from lapak.core.outbox.services import outbox_emit
from lapak.market.sellers.compliance_facts import verification_facts
from lapak.market.sellers.errors import ComplianceBlocked, TransitionNotAllowed
from lapak.market.sellers.lock_objects import application_for_update
from lapak.market.sellers.models import (
    ApplicationStatus,
    ApplicationTransition,
    BankAccount,
    BankAccountStatus,
    IdentityClaim,
    OrganisationStatus,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.permissions import (
    EDITORS,
    actor_label,
    require_independent_operator,
    require_member,
)
from lapak.market.sellers.reasons import Reason
from lapak.market.sellers.services.organisations import organisation_changed

S = ApplicationStatus
APPLICANT, OPERATOR, SYSTEM = "applicant", "operator", "system"
TRANSITION_TOPIC = "sellers.application.transitioned"


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    actors: frozenset[str]


def _step(source: str, target: str, *actors: str) -> Step:
    return Step(source, target, frozenset(actors))


TRANSITIONS: tuple[Step, ...] = (
    _step(S.DRAFT, S.SUBMITTED, APPLICANT),
    _step(S.SUBMITTED, S.IN_REVIEW, OPERATOR),
    _step(S.SUBMITTED, S.REJECTED, SYSTEM, OPERATOR),  # automatic checks; or an operator, for the obvious
    _step(S.IN_REVIEW, S.VERIFIED, OPERATOR),
    _step(S.IN_REVIEW, S.REJECTED, OPERATOR),
    _step(S.IN_REVIEW, S.MORE_INFO_NEEDED, OPERATOR),
    _step(S.MORE_INFO_NEEDED, S.SUBMITTED, APPLICANT),
    *(_step(source, S.WITHDRAWN, APPLICANT, SYSTEM) for source in (S.DRAFT, S.SUBMITTED, S.IN_REVIEW,
                                                                    S.MORE_INFO_NEEDED)),
)
ALLOWED: dict[tuple[str, str], frozenset[str]] = {(s.source, s.target): s.actors for s in TRANSITIONS}


def allowed_targets(status: str, actor_kind: str) -> list[str]:
    """The states an actor of this kind may move an application in `status` to (for pages to offer)."""
    return [s.target for s in TRANSITIONS if s.source == status and actor_kind in s.actors]


def application_transition(
    *,
    application: SellerApplication,
    to: str,
    actor: object | None,
    actor_kind: str,
    reasons: Sequence[Reason] = (),
    note: str = "",
    on_locked: Callable[[SellerApplication], None] | None = None,
) -> SellerApplication:
    """Move an application to `to`, or raise and change nothing.

    Guarantees, in one transaction: the application row is locked and its state re-read under the lock; the
    step (current state, `to`) must be in TRANSITIONS for `actor_kind` (else TransitionNotAllowed, so of two
    racing decisions exactly one wins); the actor must really be that kind (a member who may edit, an
    operator who is not a member, or no one for the system); `on_locked` runs under the lock (the
    submission checks); compliance is asked (event "seller.verify") and a non-allow answer blocks a
    verification (ComplianceBlocked; the refusal itself stays on record); then the state changes, a history
    row, an audit event without identity data and an outbox event (the applicant's e-mail) are written.
    """
    _check_actor(application, actor, actor_kind)
    try:
        return _transition(application, to, actor, actor_kind, reasons, note, on_locked)
    except ComplianceBlocked as blocked:
        compliance_keep_refusal(blocked.decision)
        raise


def _transition(application: SellerApplication, to: str, actor: object | None, actor_kind: str,
                reasons: Sequence[Reason], note: str,
                on_locked: Callable[[SellerApplication], None] | None) -> SellerApplication:
    with transaction.atomic():
        locked = application_for_update().get(pk=application.pk)
        source = locked.status
        if actor_kind not in ALLOWED.get((source, to), frozenset()):
            raise TransitionNotAllowed(
                _("This application is “%(status)s” and cannot be moved that way.")
                % {"status": locked.get_status_display()}
            )
        if to == S.SUBMITTED and on_locked is None:
            raise ValueError("submission runs the automatic checks: call application_submit")
        if on_locked is not None:
            on_locked(locked)
        organisation = locked.organisation
        label = actor_label(actor)
        reason_dicts = [r.as_dict() for r in reasons]
        facts = verification_facts(locked, source=source, to=to)
        facts["reason_codes"] = [r.code for r in reasons]
        decision = compliance_decide(
            event="seller.verify",
            jurisdiction=organisation.jurisdiction,
            subject_type="seller_application",
            subject_id=locked.public_id,
            facts=facts,
            party=organisation.public_id,
            actor=label,
        )
        if to == S.VERIFIED and not decision.allowed:
            raise ComplianceBlocked(fields=reason_fields(decision.details), decision=decision)
        _apply(locked, to, actor, actor_kind)
        step = ApplicationTransition.objects.create(
            application=locked, from_status=source, to_status=to, actor=actor if actor_kind != SYSTEM else None,
            actor_label=label, actor_kind=actor_kind, reasons=reason_dicts, note=note, decision_id=decision.decision_id,
        )
        audit_append(
            actor=label, action=f"seller.application.{to}", subject_type="seller_application",
            subject_id=locked.public_id, jurisdiction=organisation.jurisdiction,
            before={"status": source},
            after={"status": to, "organisation": organisation.public_id, "reason_codes": [r.code for r in reasons]},
            decision=decision.as_dict(),
        )
        outbox_emit(
            topic=TRANSITION_TOPIC,
            payload={"transition": step.pk, "application": locked.public_id, "to": to},
            dedupe_key=f"sellers.transition:{step.pk}",
        )
    return locked


def _check_actor(application: SellerApplication, actor: object | None, actor_kind: str) -> None:
    if actor_kind == SYSTEM:
        if actor is not None:
            raise ValueError("a system step has no user actor")
    elif actor_kind == APPLICANT:
        require_member(application.organisation, actor, EDITORS)
    elif actor_kind == OPERATOR:
        require_independent_operator(actor, application.organisation)
    else:
        raise ValueError(f"unknown actor kind {actor_kind!r}")


def _apply(application: SellerApplication, to: str, actor: object | None, actor_kind: str) -> None:
    now = timezone.now()
    application.status = to
    organisation_changes: dict = {}
    if to == S.IN_REVIEW:
        application.reviewer = actor
    elif to in (S.VERIFIED, S.REJECTED, S.WITHDRAWN):
        application.decided_at = now
    if to == S.VERIFIED:
        organisation_changes = {"status": OrganisationStatus.VERIFIED, "verified_at": now}
    elif to in (S.REJECTED, S.WITHDRAWN):
        # A refused or withdrawn case no longer holds its identity numbers against other applicants.
        IdentityClaim.objects.filter(application=application).delete()
        if to == S.REJECTED and application.organisation.status == OrganisationStatus.UNVERIFIED:
            # A verified or closed organisation keeps its state; only a first verification can fail it.
            organisation_changes = {"status": OrganisationStatus.REJECTED}
    application.save()
    # Lock order: application (held), then organisation, then bank account (see lock_objects).
    if organisation_changes:
        SellerOrganisation.objects.filter(pk=application.organisation_id).update(**organisation_changes)
        for name, value in organisation_changes.items():
            setattr(application.organisation, name, value)
        organisation_changed(application.organisation_id)
    if to == S.VERIFIED and application.bank_account_id is not None:
        # The operator verified the case with the account (and any holder-name flag) in front of them.
        BankAccount.objects.filter(pk=application.bank_account_id).exclude(
            status=BankAccountStatus.REJECTED
        ).update(status=BankAccountStatus.VERIFIED, status_changed_at=now, reviewed_by=actor)
