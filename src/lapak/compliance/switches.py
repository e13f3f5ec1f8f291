"""Kill switches and pilots as findings of a decision (filled in by the switches work)."""

from __future__ import annotations

from collections.abc import Mapping

from lapak.compliance.reference import ReferenceView


def switch_reasons(*, event: str, facts: Mapping, reference: ReferenceView) -> list[dict]:
    """Reasons (in the shape of rule reasons, rule id `SWITCH:<feature>`) a switched-off feature adds."""
    return []
