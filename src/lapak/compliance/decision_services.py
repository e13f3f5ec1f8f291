"""Acting on recorded decisions: an operator's override, the affected party's one appeal, the operator's answer.

The decision row itself never changes: an override and an appeal are rows beside it. Who the affected party is
(membership of a seller organisation) is market knowledge, so `decision_appeal` takes the party id its caller
has already checked the user against.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.access import require_operator
from lapak.compliance.models import Appeal, AppealStatus, Decision, DecisionOverride, Outcome
from lapak.compliance.selectors import APPEALABLE
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.core.outbox.services import outbox_emit

OVERRIDDEN_TOPIC = "compliance.decision_overridden"
APPEAL_MAX_CHARS = 2000
TEXT_MAX_CHARS = 4000
_JURISDICTION = re.compile(r"[A-Z]{2}")


class DecisionAlreadyOverridden(Conflict):
    code = "decision_already_overridden"
    default_message = _("An operator has already overridden this decision.")


class DecisionAlreadyAppealed(Conflict):
    code = "decision_already_appealed"
    default_message = _("This decision has already been appealed; it can be appealed only once.")


class DecisionNotAppealable(Conflict):
    code = "decision_not_appealable"
    default_message = _("Only a refusal or a decision sent for review can be appealed.")


class AppealAlreadyAnswered(Conflict):
    code = "appeal_already_answered"
    default_message = _("This appeal has already been answered.")


def _label(actor: object) -> str:
    return getattr(actor, "public_id", None) or "system"


def _jurisdiction(decision: Decision) -> str:
    # The audit log takes a two-letter code or nothing; a decision about an unknown jurisdiction keeps its own.
    return decision.jurisdiction if _JURISDICTION.fullmatch(decision.jurisdiction or "") else ""


def _text(value: object, *, name: str, limit: int, required: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed(fields={name: [required]})
    if len(text) > limit:
        raise ValidationFailed(fields={name: [_("Write at most %(n)d characters.") % {"n": limit}]})
    return text


def _locked(decision: Decision) -> Decision:
    # The decision row is the lock every override and appeal of it takes, so two of them queue on PostgreSQL;
    # the one-to-one constraints are the backstop.
    return Decision.objects.select_for_update().get(pk=decision.pk)


def decision_override(*, decision: Decision, actor: object, outcome: str, reason: str) -> DecisionOverride:
    """An operator replaces the outcome of a recorded decision, with a written reason.

    Guarantees: only an operator (not a regulator); the reason is required (not blank) and the outcome must be
    allow, deny or review and differ from the recorded one; a decision is overridden at most once (a second
    override, also one racing the first, gets DecisionAlreadyOverridden, 409); the override, an audit event
    ("compliance.decision.overridden", before/after outcomes) and an outbox event (OVERRIDDEN_TOPIC, for the
    domain that owns the subject to apply it after commit) are written in one transaction.
    """
    require_operator(actor)
    fields: dict[str, list] = {}
    if outcome not in Outcome.values:
        fields["outcome"] = [_("Choose allow, deny or review.")]
    elif outcome == decision.outcome:
        fields["outcome"] = [_("Choose an outcome other than the recorded one.")]
    try:
        text = _text(reason, name="reason", limit=TEXT_MAX_CHARS, required=_("Write why the decision is overridden."))
    except ValidationFailed as exc:
        fields.update(exc.fields)
    if fields:
        raise ValidationFailed(fields=fields)
    with transaction.atomic():
        return _override(decision, actor=actor, outcome=outcome, reason=text)


def _override(decision: Decision, *, actor: object, outcome: str, reason: str) -> DecisionOverride:
    locked = _locked(decision)
    if DecisionOverride.objects.filter(decision=locked).exists():
        raise DecisionAlreadyOverridden()
    try:
        with transaction.atomic():
            override = DecisionOverride.objects.create(decision=locked, outcome=outcome, reason=reason,
                                                       operator=_label(actor))
    except IntegrityError:
        raise DecisionAlreadyOverridden() from None
    audit_append(
        actor=_label(actor), action="compliance.decision.overridden", subject_type="compliance_decision",
        subject_id=locked.public_id, jurisdiction=_jurisdiction(locked),
        before={"outcome": locked.outcome},
        after={"outcome": outcome, "reason": reason, "event": locked.event,
               "subject_type": locked.subject_type, "subject_id": locked.subject_id},
    )
    outbox_emit(topic=OVERRIDDEN_TOPIC, dedupe_key=f"{OVERRIDDEN_TOPIC}:{locked.public_id}", payload={
        "decision": locked.public_id, "event": locked.event, "jurisdiction": locked.jurisdiction,
        "subject_type": locked.subject_type, "subject_id": locked.subject_id, "party": locked.party,
        "outcome": outcome, "previous_outcome": locked.outcome})
    return override


def decision_appeal(*, decision: Decision, party: str, text: str, filed_by: str) -> Appeal:
    """The affected party appeals a decision, once.

    The caller (market code) has checked that the user speaks for `party`; here: the decision must be about
    `party` (else NotFound), be a deny or review that no operator has overridden (else DecisionNotAppealable),
    and have no appeal yet (else DecisionAlreadyAppealed, also for a racing second appeal); the text is
    required and at most APPEAL_MAX_CHARS characters. The appeal and its audit event are one transaction.
    """
    if not party or decision.party != party:
        raise NotFound(_("There is no such decision."), code="decision_not_found")
    body = _text(text, name="text", limit=APPEAL_MAX_CHARS, required=_("Write why the decision should change."))
    with transaction.atomic():
        locked = _locked(decision)
        if Appeal.objects.filter(decision=locked).exists():
            raise DecisionAlreadyAppealed()
        if locked.outcome not in APPEALABLE or DecisionOverride.objects.filter(decision=locked).exists():
            raise DecisionNotAppealable()
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(decision=locked, party=party, text=body, filed_by=filed_by)
        except IntegrityError:
            raise DecisionAlreadyAppealed() from None
        audit_append(
            actor=filed_by or "system", action="compliance.decision.appealed", subject_type="compliance_decision",
            subject_id=locked.public_id, jurisdiction=_jurisdiction(locked),
            after={"appeal": appeal.public_id, "party": party, "text": body},
        )
    return appeal


def appeal_answer(*, appeal: Appeal, actor: object, status: str, answer: str) -> Appeal:
    """An operator answers an open appeal: upheld (the decision stands) or overturned (the decision is
    overridden to allow, through `decision_override`, with the answer as its reason).

    Guarantees: only an operator; the answer text is required; an appeal is answered once (a second or racing
    answer gets AppealAlreadyAnswered); the answer, the override (when overturned) and their audit events are
    one transaction, so an overturn whose override fails (the decision was overridden meanwhile) changes nothing.
    """
    require_operator(actor)
    fields: dict[str, list] = {}
    if status not in {AppealStatus.UPHELD, AppealStatus.OVERTURNED}:
        fields["status"] = [_("Choose upheld or overturned.")]
    try:
        text = _text(answer, name="answer", limit=TEXT_MAX_CHARS, required=_("Write the answer the seller reads."))
    except ValidationFailed as exc:
        fields.update(exc.fields)
    if fields:
        raise ValidationFailed(fields=fields)
    with transaction.atomic():
        now = timezone.now()
        taken = Appeal.objects.filter(pk=appeal.pk, status=AppealStatus.OPEN).update(
            status=status, answer=text, answered_by=_label(actor), answered_at=now)
        if not taken:
            raise AppealAlreadyAnswered()
        appeal.refresh_from_db()
        decision = appeal.decision
        audit_append(
            actor=_label(actor), action="compliance.appeal.answered", subject_type="compliance_decision",
            subject_id=decision.public_id, jurisdiction=_jurisdiction(decision),
            before={"appeal": appeal.public_id, "status": AppealStatus.OPEN},
            after={"appeal": appeal.public_id, "status": status, "answer": text},
        )
        if status == AppealStatus.OVERTURNED:
            decision_override(decision=decision, actor=actor, outcome=Outcome.ALLOW, reason=text)
    return appeal

