"""Reading rules, their versions and re-evaluation runs, as an operator (everything) or a regulator (their own
jurisdictions; another's rule or run is "not found") may."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.compliance.access import readable_jurisdictions
from lapak.compliance.models import ReevaluationRun, Rule, RuleVersion, VersionStatus
from lapak.core.errors import NotFound, PermissionDenied


def _readable(user: object) -> list[str] | None:
    readable = readable_jurisdictions(user)
    if readable == []:
        raise PermissionDenied(_("Only operators and regulators can read the rules."), code="compliance_reader")
    return readable


def rules_for_reader(*, user: object, jurisdiction: str | None = None) -> QuerySet[Rule]:
    readable = _readable(user)
    rules = Rule.objects.prefetch_related(Prefetch("versions", queryset=RuleVersion.objects.order_by("version")))
    if readable is not None:
        rules = rules.filter(jurisdiction__in=readable)
    if jurisdiction:
        rules = rules.filter(jurisdiction=jurisdiction)
    return rules.order_by("jurisdiction", "rule_id")


def rule_for_reader(*, user: object, rule_id: str) -> Rule:
    rule = rules_for_reader(user=user).filter(rule_id=rule_id).first()
    if rule is None:
        raise NotFound(_("There is no such rule."), code="rule_not_found")
    return rule


def rule_version_for_reader(*, user: object, rule_id: str, version: int) -> RuleVersion:
    rule = rule_for_reader(user=user, rule_id=rule_id)
    found = rule.versions.filter(version=version).select_related("rule").first()
    if found is None:
        raise NotFound(_("The rule has no such version."), code="rule_version_not_found")
    return found


def versions_in_force(rule: Rule) -> list[RuleVersion]:
    """The rule's active versions whose dates cover today (from the prefetched versions)."""
    today = timezone.localdate()
    return [v for v in rule.versions.all() if v.status == VersionStatus.ACTIVE and v.effective_from <= today
            and (v.effective_until is None or v.effective_until >= today)]


def runs_for_reader(*, user: object, jurisdiction: str | None = None, rule: Rule | None = None,
                    dry_run: bool | None = None) -> QuerySet[ReevaluationRun]:
    readable = _readable(user)
    runs = ReevaluationRun.objects.select_related("candidate__rule").order_by("-pk")
    if readable is not None:
        runs = runs.filter(jurisdiction__in=readable)
    if jurisdiction:
        runs = runs.filter(jurisdiction=jurisdiction)
    if rule is not None:
        runs = runs.filter(candidate__rule=rule)
    if dry_run is not None:
        runs = runs.filter(dry_run=dry_run)
    return runs


def run_for_reader(*, user: object, public_id: str) -> ReevaluationRun:
    run = runs_for_reader(user=user).filter(public_id=public_id).first()
    if run is None:
        raise NotFound(_("There is no such re-evaluation run."), code="reevaluation_not_found")
    return run
