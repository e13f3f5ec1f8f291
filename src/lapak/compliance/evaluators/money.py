"""When money may move: escrow waits for the buyer's return window (ID-CON-1)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from django.utils import formats, timezone
from pydantic import Field

from lapak.compliance.evaluators.base import Evaluator, Finding, Parameters, allow, deny


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class ReturnWindowClosed(Evaluator):
    class Params(Parameters):
        min_working_days: Annotated[int, Field(ge=1, le=30)]

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        ends = facts.get("return_window_ends_at")
        if not ends:
            return None  # never delivered (a cancelled order's escrow is refunded, not released)
        evidence = {"window_ends": ends, "at": facts.get("at")}
        if facts.get("at") and _moment(facts["at"]) <= _moment(ends):
            # The explanation shows the end as people read it, in the platform's time zone, not an ISO string.
            local = timezone.localtime(_moment(ends))
            return deny(evidence, window_ends=lambda: formats.date_format(local, "j F Y H:i"))
        return allow(evidence)
