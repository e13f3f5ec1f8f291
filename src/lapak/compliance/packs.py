"""Loading the rule packs shipped in data/pack_*.json: jurisdictions, rules and their first versions.

Idempotent: what exists is left as it is (a rule's later versions are made in the console, never here).
Migration 0003 did the same with the historical models when the engine was introduced; this is for a database
whose tables were emptied since (a test that flushes them) and for `manage.py compliance_load_packs`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from lapak.compliance.models import Jurisdiction, Rule, RuleVersion, VersionStatus

PACKS = ("ID", "GB")
DATA = Path(__file__).resolve().parent / "data"


def compliance_packs_load(*, actor: str = "system:packs") -> int:
    """Create whatever of the shipped packs is missing; returns the number of rules created."""
    created = 0
    with transaction.atomic():
        for code in PACKS:
            pack = json.loads((DATA / f"pack_{code}.json").read_text())
            Jurisdiction.objects.get_or_create(code=code, defaults={
                k: v for k, v in pack["jurisdiction"].items() if k != "code"})
            for spec in pack["rules"]:
                fields = {k: v for k, v in spec.items() if k not in ("rule_id", "versions")}
                fields["effective_from"] = date.fromisoformat(fields["effective_from"])
                rule, made = Rule.objects.get_or_create(rule_id=spec["rule_id"], jurisdiction=code, defaults=fields)
                created += made
                for version in spec["versions"]:
                    RuleVersion.objects.get_or_create(rule=rule, version=version["version"], defaults={
                        "parameters": version["parameters"], "status": VersionStatus.ACTIVE,
                        "effective_from": date.fromisoformat(version["effective_from"]),
                        "created_by": actor, "activated_by": actor})
    return created


def compliance_packs_loaded() -> bool:
    return Jurisdiction.objects.filter(code__in=PACKS).count() == len(PACKS)
