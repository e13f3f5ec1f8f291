"""Keyset cursors: the sort, the last row's sort value and its id, as an opaque URL-safe string."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed

# Which index column each sort walks, and whether it walks it downwards.
SORT_COLUMNS: dict[str, tuple[str, bool]] = {
    "relevance": ("rank", True),
    "price_asc": ("price_min", False),
    "price_desc": ("price_min", True),
    "newest": ("published_at", True),
    "best_selling": ("sold_count", True),
}
_MAX_CURSOR = 200


@dataclass(frozen=True)
class Position:
    sort: str
    value: float | int | datetime
    id: int


def _invalid() -> ValidationFailed:
    return ValidationFailed(fields={"after": [_("This page link is no longer valid; start from the first page.")]})


def cursor_encode(position: Position) -> str:
    value = position.value.isoformat() if isinstance(position.value, datetime) else position.value
    raw = json.dumps([position.sort, value, position.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str, *, sort: str) -> Position:
    """The position a cursor names, for the given sort; ValidationFailed(after) if it is not one of ours."""
    if not isinstance(cursor, str) or len(cursor) > _MAX_CURSOR:
        raise _invalid()
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        kind, value, pk = data
    except (ValueError, TypeError):
        raise _invalid() from None
    if kind != sort or isinstance(pk, bool) or not isinstance(pk, int):
        raise _invalid()
    column = SORT_COLUMNS[sort][0]
    if column == "published_at":
        try:
            value = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _invalid() from None
        if value.tzinfo is None:
            raise _invalid()
    elif column == "rank":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _invalid()
        value = float(value)
    elif isinstance(value, bool) or not isinstance(value, int):
        raise _invalid()
    return Position(sort, value, pk)
