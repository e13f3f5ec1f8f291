"""Errors of the inventory."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict


@dataclass(frozen=True)
class ShortLine:
    variant_public_id: str
    requested: int
    available: int


class InsufficientStock(Conflict):
    """Some lines cannot be served; `lines` lists every short one, not just the first."""

    code = "insufficient_stock"
    default_message = _("Not enough stock for some items.")

    def __init__(self, lines: list[ShortLine]) -> None:
        self.lines = lines
        fields = {
            f"lines.{line.variant_public_id}": [
                _("Requested %(requested)d, available %(available)d.")
                % {"requested": line.requested, "available": line.available}
            ]
            for line in lines
        }
        super().__init__(fields=fields)
