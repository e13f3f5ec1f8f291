"""Asking the compliance engine. Call it inside the business transaction of the regulated write."""

from __future__ import annotations

from dataclasses import dataclass, field

from lapak.compliance.models import Decision, Outcome

REGULATED_EVENTS = frozenset(
    {"seller.verify", "listing.publish", "checkout.place", "content.publish", "escrow.release", "payout.release"}
)
NO_RULE_PACK = "none"


@dataclass(frozen=True)
class Reason:
    rule_id: str
    message_id: str
    message_en: str


@dataclass(frozen=True)
class DecisionResult:
    decision_id: str
    outcome: str
    reasons: list[Reason] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.outcome == Outcome.ALLOW

    def as_dict(self) -> dict:
        return {
            "decision_id": self.decision_id,
            "outcome": self.outcome,
            "reasons": [r.__dict__ for r in self.reasons],
        }


def compliance_decide(
    *, event: str, jurisdiction: str, subject_type: str, subject_id: str, facts: dict, actor: str
) -> DecisionResult:
    """Record a decision for a regulated event and return it.

    Guarantees: one `Decision` row per call, written in the caller's transaction (so it commits or rolls
    back with the change it governs), carrying the facts it was given as evidence. Until rule packs are
    loaded (the compliance issue) every event is allowed, and the decision says so.
    """
    if event not in REGULATED_EVENTS:
        raise ValueError(f"Unknown regulated event {event!r}.")
    reason = Reason(
        rule_id="PASS-THROUGH",
        message_id="Belum ada paket aturan yang dimuat; peristiwa dicatat dan diizinkan.",
        message_en="No rule pack is loaded yet; the event is recorded and allowed.",
    )
    decision = Decision.objects.create(
        event=event,
        jurisdiction=jurisdiction,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=actor,
        outcome=Outcome.ALLOW,
        reasons=[reason.__dict__],
        evidence=facts,
        rule_pack=NO_RULE_PACK,
    )
    return DecisionResult(decision_id=decision.public_id, outcome=decision.outcome, reasons=[reason])
