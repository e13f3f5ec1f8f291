"""The compliance engine: jurisdictions, rule packs, evaluators and recorded decisions.

For now a recording pass-through: every regulated event asks `compliance_decide`, which records the
question and answers "allow" with the reason that no rule pack is loaded yet. The compliance issue
replaces the evaluation, not the interface.
"""
