"""Template helpers of the cart pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """`mapping[key]`, or None: the cart page looks up a line's errors by its variant id."""
    return mapping.get(key) if hasattr(mapping, "get") else None
