"""The evaluator: the rule versions in force for an event, each asked about the facts, combined into one answer.

Deny beats review beats allow. A rule whose evaluator finds it does not apply to the facts (a domestic
listing under the cross-border floor) is recorded as "n/a". Texts shown to people are the rule's own, in
both languages, with `{placeholders}` filled from what the evaluator found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from lapak.compliance.evaluators import EVALUATORS, Finding
from lapak.compliance.models import Rule, RuleVersion, VersionStatus
from lapak.compliance.reference import ReferenceView, in_force

ORDER = {"allow": 0, "review": 1, "deny": 2}
NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class RuleInForce:
    rule: Rule
    version: RuleVersion


@dataclass
class Evaluation:
    outcome: str
    reasons: list[dict] = field(default_factory=list)
    rule_versions: list[dict] = field(default_factory=list)
    reference: dict = field(default_factory=dict)


def rules_in_force(*, jurisdiction: str, event: str, on: date,
                   candidate: RuleVersion | None = None) -> list[RuleInForce]:
    """The active version of each rule of the pack that applies to `event` on `on` (one query); a draft
    `candidate` (a dry run) takes its rule's place if its dates cover `on`."""
    rule_in_force = Q(rule__effective_from__lte=on) & (
        Q(rule__effective_until__isnull=True) | Q(rule__effective_until__gte=on))
    versions = {v.rule_id: v for v in RuleVersion.objects.filter(
        rule_in_force, in_force(on), rule__jurisdiction=jurisdiction, status=VersionStatus.ACTIVE,
    ).select_related("rule").order_by("rule__rule_id", "version") if event in v.rule.events}
    if candidate is not None and event in candidate.rule.events and candidate.rule.jurisdiction == jurisdiction:
        versions.pop(candidate.rule_id, None)
        if candidate.effective_from <= on and (candidate.effective_until is None or candidate.effective_until >= on):
            versions[candidate.rule_id] = candidate
    return sorted((RuleInForce(v.rule, v) for v in versions.values()), key=lambda item: item.rule.rule_id)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _text(template: str, values: Mapping) -> str:
    return " ".join(template.format_map(_Blank({k: _plain(v) for k, v in values.items()})).split())


def _plain(value: object) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


def reason_for(rule: Rule, version: RuleVersion, finding: Finding) -> dict:
    values = {**version.parameters, **finding.evidence}
    return {
        "rule_id": rule.rule_id, "version": version.version, "outcome": finding.outcome,
        "title_id": rule.title_id, "title_en": rule.title_en, "legal_basis": rule.legal_basis,
        "message_id": _text(rule.explanation_id, {**values, **finding.texts("id")}),
        "message_en": _text(rule.explanation_en, {**values, **finding.texts("en")}),
        "remedy_id": rule.remedy_id, "remedy_en": rule.remedy_en, "evidence": finding.evidence,
    }


def _parameters(item: RuleInForce) -> object:
    """The version's parameters parsed by its evaluator, once per loaded version (a sweep reuses its rules for
    a million subjects; parsing them each time was a fifth of the evaluation)."""
    parsed = getattr(item.version, "_parsed_parameters", None)
    if parsed is None:
        parsed = EVALUATORS[item.rule.evaluator].parameters(item.version.parameters)
        item.version._parsed_parameters = parsed
    return parsed


def evaluate(*, rules: Iterable[RuleInForce], facts: Mapping, event: str, reference: ReferenceView) -> Evaluation:
    """Ask each rule about `facts`; pure apart from the reference reads, so sweeps and dry runs use it too."""
    outcome, reasons, versions = "allow", [], []
    for item in rules:
        evaluator = EVALUATORS[item.rule.evaluator]
        finding = evaluator.evaluate(facts, _parameters(item), event, reference)
        entry = {"rule_id": item.rule.rule_id, "version": item.version.version,
                 "outcome": finding.outcome if finding else NOT_APPLICABLE}
        if finding is not None and finding.evidence:
            # What an allowed answer rested on (the rate used, the positive list) is kept too, not only refusals'.
            entry["evidence"] = finding.evidence
        versions.append(entry)
        if finding is None or finding.outcome == "allow":
            continue
        reasons.append(reason_for(item.rule, item.version, finding))
        outcome = max(outcome, finding.outcome, key=ORDER.__getitem__)
    return Evaluation(outcome=outcome, reasons=reasons, rule_versions=versions)
