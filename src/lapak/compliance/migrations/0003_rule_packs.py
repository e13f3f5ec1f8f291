"""Loads the ID and GB rule packs as they stood when the engine was introduced (data/pack_*.json).

Later changes to a rule's parameters are new versions made in the operator console (draft, dry run,
activate), never edits of these files; the migration does not import app code.
"""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

PACKS = ("ID", "GB")
DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Jurisdiction = apps.get_model("compliance", "Jurisdiction")
    Rule = apps.get_model("compliance", "Rule")
    RuleVersion = apps.get_model("compliance", "RuleVersion")
    for code in PACKS:
        pack = json.loads((DATA / f"pack_{code}.json").read_text())
        Jurisdiction.objects.update_or_create(code=code, defaults={
            k: v for k, v in pack["jurisdiction"].items() if k != "code"})
        for spec in pack["rules"]:
            fields = {k: v for k, v in spec.items() if k not in ("rule_id", "versions")}
            fields["effective_from"] = date.fromisoformat(fields["effective_from"])
            rule, _ = Rule.objects.update_or_create(rule_id=spec["rule_id"], jurisdiction=code, defaults=fields)
            for version in spec["versions"]:
                RuleVersion.objects.get_or_create(rule=rule, version=version["version"], defaults={
                    "parameters": version["parameters"], "status": "active",
                    "effective_from": date.fromisoformat(version["effective_from"]),
                    "created_by": "system:migration", "activated_by": "system:migration"})


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_engine")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
