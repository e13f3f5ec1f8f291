"""Asking the compliance engine. Call it inside the business transaction of the regulated write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from lapak.compliance.engine import ORDER, Evaluation, RuleInForce, evaluate, rules_in_force
from lapak.compliance.models import Decision, Jurisdiction, Outcome
from lapak.compliance.reference import ReferenceView
from lapak.compliance.standing import standing_override, with_override
from lapak.compliance.switches import switch_reasons

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
    details: list[dict] = field(default_factory=list)  # the full reasons: titles, remedies, evidence, versions
    record: dict = field(default_factory=dict, repr=False)  # the stored row's values, to keep a refusal

    @property
    def allowed(self) -> bool:
        return self.outcome == Outcome.ALLOW

    def as_dict(self) -> dict:
        return {"decision_id": self.decision_id, "outcome": self.outcome, "reasons": self.details}


def compliance_evaluate(*, event: str, jurisdiction: str, facts: dict, on: date | None = None,
                        reference: ReferenceView | None = None, candidate: object = None,
                        rules: list[RuleInForce] | None = None) -> Evaluation:
    """The answer the rules in force on `on` give to `facts`, recorded nowhere (sweeps and dry runs use it). A
    caller evaluating many subjects passes the `rules` (`rules_in_force`) and `reference` it read once."""
    if event not in REGULATED_EVENTS:
        raise ValueError(f"Unknown regulated event {event!r}.")
    on = on or timezone.localdate()
    if rules is None:
        rules = rules_in_force(jurisdiction=jurisdiction, event=event, on=on, candidate=candidate)
    if not rules and not Jurisdiction.objects.filter(code=jurisdiction).exists():
        return Evaluation(outcome=Outcome.REVIEW, reasons=[_no_pack(jurisdiction)])
    reference = reference or ReferenceView(jurisdiction=jurisdiction, on=on)
    result = evaluate(rules=rules, facts=facts, event=event, reference=reference)
    for reason in switch_reasons(event=event, facts=facts, reference=reference):
        result.reasons.append(reason)
        result.outcome = max(result.outcome, reason["outcome"], key=ORDER.__getitem__)
    return result


def compliance_decide(
    *, event: str, jurisdiction: str, subject_type: str, subject_id: str, facts: dict, actor: str,
    party: str = "", on: date | None = None,
) -> DecisionResult:
    """Decide a regulated event under the jurisdiction's rule pack, record the decision and return it.

    Guarantees: one `Decision` row per call, written in the caller's transaction (so it commits or rolls back
    with the change it governs), carrying the facts it was given, the reference data it used and every rule
    version it evaluated; deny beats review beats allow; an unknown jurisdiction is sent for review; an
    operator's override of an earlier decision about the subject on the same facts still stands (standing.py).
    """
    on = on or timezone.localdate()
    result = compliance_evaluate(event=event, jurisdiction=jurisdiction, facts=facts, on=on)
    return compliance_decide_evaluated(event=event, jurisdiction=jurisdiction, subject_type=subject_type,
                                       subject_id=subject_id, facts=facts, actor=actor, party=party, on=on,
                                       result=result)


def compliance_decide_evaluated(*, event: str, jurisdiction: str, subject_type: str, subject_id: str, facts: dict,
                                actor: str, party: str, on: date, result: Evaluation) -> DecisionResult:
    """`compliance_decide` for an evaluation the caller made with rules and reference data it already held (a
    re-evaluation sweep): a standing override still applies, and the decision is recorded the same way."""
    override = standing_override(event=event, subject_type=subject_type, subject_id=subject_id, facts=facts,
                                 result=result)
    if override is not None:
        result = with_override(result, override)
    return compliance_record(event=event, jurisdiction=jurisdiction, subject_type=subject_type, subject_id=subject_id,
                             facts=facts, actor=actor, party=party, on=on, result=result)


def compliance_record(*, event: str, jurisdiction: str, subject_type: str, subject_id: str, facts: dict, actor: str,
                      party: str, on: date, result: Evaluation) -> DecisionResult:
    """Record an evaluation made with `compliance_evaluate` (a sweep or a bulk load that evaluated many subjects
    against one reference view) as a decision, exactly as `compliance_decide` would have."""
    decision = Decision.objects.create(
        event=event, jurisdiction=jurisdiction, subject_type=subject_type, subject_id=subject_id, actor=actor,
        party=party, outcome=result.outcome, reasons=result.reasons, evidence=facts,
        rule_versions=result.rule_versions, rule_pack=jurisdiction if result.rule_versions else NO_RULE_PACK, on=on,
    )
    return decision_result(decision)


def decision_result(decision: Decision) -> DecisionResult:
    reasons = [Reason(r["rule_id"], r["message_id"], r["message_en"]) for r in decision.reasons]
    record = {f.attname: getattr(decision, f.attname) for f in Decision._meta.concrete_fields if f.attname != "id"}
    return DecisionResult(decision_id=decision.public_id, outcome=decision.outcome, reasons=reasons,
                          details=list(decision.reasons), record=record)


def compliance_keep_refusal(result: DecisionResult) -> None:
    """Store a refusal whose transaction rolled back with the write it refused (a refused checkout, a blocked
    verification), so that every answer stays on record. Idempotent per decision."""
    if result.allowed or not result.record:
        return
    Decision.objects.get_or_create(public_id=result.decision_id, defaults={
        k: v for k, v in result.record.items() if k != "public_id"})


def _no_pack(jurisdiction: str) -> dict:
    return {"rule_id": "NO-PACK", "version": 0, "outcome": Outcome.REVIEW, "title_id": "Tidak ada paket aturan",
            "title_en": "No rule pack", "legal_basis": "",
            "message_id": f"Tidak ada paket aturan untuk yurisdiksi “{jurisdiction}”; keputusan menunggu petugas.",
            "message_en": f"There is no rule pack for the jurisdiction “{jurisdiction}”; an operator decides.",
            "remedy_id": "", "remedy_en": "", "evidence": {"jurisdiction": jurisdiction}}
