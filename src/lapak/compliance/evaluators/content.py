"""What social content may carry: promotion, never a payment or a transaction (ID-SOC-1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lapak.compliance.evaluators.base import Evaluator, Finding, Parameters, allow, deny


class ContentWithoutPayment(Evaluator):
    class Params(Parameters):
        """No parameters: what may not be embedded is the regulation's own words."""

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        embedded = [k for k in ("embeds_payment", "embeds_checkout") if facts.get(k)]
        if embedded or facts.get("payment_links"):
            return deny({"embedded": embedded, "payment_links": facts.get("payment_links", [])})
        return allow()
