"""Operators' overrides stand while the facts they were given for stay the same.

An override reverses one recorded decision. When the same subject is decided again (a seller resumes a listing, a
re-evaluation sweeps it) on the same facts, and the rules find nothing the overridden decision had not found (no
other rule, no other version of a rule), the override still applies: the new decision records the engine's
findings and the override's outcome, with the operator's written reason. Once the facts change (a new price, a new
origin) or a rule refuses that the operator never saw, the override has lapsed and the rules decide alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from lapak.compliance.engine import Evaluation
from lapak.compliance.models import DecisionOverride

# Subjects decided again over time; an order, a release or a payout is decided once.
STANDING_EVENTS = frozenset({"listing.publish", "seller.verify", "content.publish"})
VOLATILE_FACTS = frozenset({"trigger", "from", "reason_codes"})  # why or when it was asked, not what it is


def _comparable(facts: Mapping) -> dict:
    return {k: v for k, v in facts.items() if k not in VOLATILE_FACTS}


def _findings(reasons: list[dict]) -> set[tuple[str, int]]:
    return {(r["rule_id"], r.get("version", 0)) for r in reasons if r.get("outcome") != "allow"}


def standing_override(*, event: str, subject_type: str, subject_id: str, facts: Mapping,
                      result: Evaluation) -> DecisionOverride | None:
    """The newest override of a decision about the subject, if it was decided on the same facts and the rules
    now find nothing it did not."""
    if event not in STANDING_EVENTS:
        return None
    override = (DecisionOverride.objects.filter(decision__event=event, decision__subject_type=subject_type,
                                                decision__subject_id=subject_id)
                .select_related("decision").order_by("-created_at", "-pk").first())
    if override is None or _comparable(override.decision.evidence) != _comparable(facts):
        return None
    if not _findings(result.reasons) <= _findings(override.decision.reasons):
        return None
    return override


def with_override(result: Evaluation, override: DecisionOverride) -> Evaluation:
    """The evaluation with the override's outcome, its reason first and the engine's findings kept after it."""
    reason = {
        "rule_id": "OVERRIDE", "version": 0, "outcome": override.outcome,
        "title_id": "Keputusan petugas", "title_en": "Operator's decision", "legal_basis": "",
        "message_id": override.reason, "message_en": override.reason, "remedy_id": "", "remedy_en": "",
        "evidence": {"overridden_decision": override.decision.public_id, "operator": override.operator,
                     "at": override.created_at.isoformat()},
    }
    return Evaluation(outcome=override.outcome, reasons=[reason, *result.reasons],
                      rule_versions=result.rule_versions, reference=result.reference)
