"""The compliance engine's records: jurisdictions, rules and their versions, reference data, switches, decisions."""

from lapak.compliance.models.decisions import Appeal, AppealStatus, Decision, DecisionOverride, Outcome
from lapak.compliance.models.jurisdictions import Jurisdiction
from lapak.compliance.models.reference import (
    CertificateRequirement,
    ExchangeRate,
    HolidayChange,
    HsListEntry,
    HsListVersion,
)
from lapak.compliance.models.rules import ReevaluationRun, Rule, RuleVersion, VersionStatus
from lapak.compliance.models.switches import FeatureSwitch, SwitchState

__all__ = [
    "Appeal", "AppealStatus", "CertificateRequirement", "Decision", "DecisionOverride", "ExchangeRate",
    "FeatureSwitch", "HolidayChange", "HsListEntry", "HsListVersion", "Jurisdiction", "Outcome", "ReevaluationRun",
    "Rule", "RuleVersion", "SwitchState", "VersionStatus",
]
