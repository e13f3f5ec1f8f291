"""When money may move: escrow waits for the buyer's return window (ID-CON-1)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import PositiveInt

from lapak.compliance.evaluators.base import Evaluator, Finding, Parameters, allow, deny


class ReturnWindowClosed(Evaluator):
    class Params(Parameters):
        min_working_days: PositiveInt

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        ends = facts.get("return_window_ends_at")
        if not ends:
            return None  # never delivered (a cancelled order's escrow is refunded, not released)
        evidence = {"window_ends": ends, "at": facts.get("at")}
        if facts.get("at") and datetime.fromisoformat(facts["at"]) <= datetime.fromisoformat(ends):
            return deny(evidence)
        return allow(evidence)
