"""How a variant is named on a cart line."""

from __future__ import annotations

from typing import Any


def variant_label(options: Any) -> str:
    """"M / Merah" from {"size": "M", "colour": "Merah"}; empty for a variant without options."""
    if not isinstance(options, dict):
        return ""
    return " / ".join(str(value) for value in options.values() if str(value).strip())[:200]
