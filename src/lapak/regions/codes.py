"""The shape of Kemendagri region codes: 2 digits per level down to the district, then 4 for the village."""

from __future__ import annotations

import re

# ASCII only: `\d` would also accept other scripts' digits, which no code contains.
_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_DIGITS = re.compile(r"[0-9]{2}(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{4})?)?)?")
_SEGMENTS = ((0, 2), (2, 4), (4, 6), (6, 10))

MAX_CODE_LENGTH = 13


def dotted_from_digits(digits: str) -> str:
    """ "3276011001" → "32.76.01.1001". The input must already be 2, 4, 6 or 10 digits."""
    return ".".join(digits[a:b] for a, b in _SEGMENTS if len(digits) > a)


def digits_of(code: str) -> str:
    return code.replace(".", "")


def normalize_region_code(raw: str) -> str | None:
    """The dotted form of a region code written dotted or as bare digits, or None when it cannot be one."""
    if not isinstance(raw, str) or len(raw) > MAX_CODE_LENGTH:
        return None
    if _DOTTED.fullmatch(raw):
        return raw
    if _DIGITS.fullmatch(raw):
        return dotted_from_digits(raw)
    return None


def level_of(code: str) -> int:
    """1 for a province … 4 for a village, from a dotted code."""
    return code.count(".") + 1


def ancestor_codes(code: str) -> list[str]:
    """Dotted codes of the regions above this one, province first: "32.76.01" → ["32", "32.76"]."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None
