"""Keyed lookup hashes and display masks for identity numbers.

A lookup hash lets the database find and constrain identity numbers ("one NIK backs one seller", DESIGN.md)
without holding them in clear: HMAC-SHA256 under `IDENTITY_LOOKUP_KEY` over ``"{kind}:{normalised value}"``.
Keyed, because an unkeyed hash of a 16-digit NIK (a region code, a birth date and a serial) is quickly
reversed by enumeration.

The lookup key is deliberately not rotated the way the encryption keys are. Encryption keys can change under
live data because every blob says which key made it; a hash says nothing of the sort, and unique constraints
and lookups compare hashes made under one key. Changing it means a migration that decrypts every value and
re-hashes it under the new key (with both keys accepted while it runs), which is a planned event, not a
routine rotation.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from lapak.market.sellers.vault.keys import lookup_key

NUMERIC_KINDS = frozenset({"nik", "npwp", "nib", "bank_account"})
ALPHANUMERIC_KINDS = frozenset({"passport"})
KINDS = NUMERIC_KINDS | ALPHANUMERIC_KINDS

DOT = "•"
_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")

# (characters shown at the start, characters shown at the end) per kind.
_MASK_SHAPES = {"nik": (4, 4), "npwp": (4, 4), "nib": (3, 3), "passport": (1, 2), "bank_account": (0, 4)}
_UNKNOWN_SHAPE = (0, 2)


def normalise(kind: str, value: str) -> str:
    """The canonical form hashed and masked: digits only for numbers, upper-case letters and digits for passports.

    A 15-digit NPWP becomes its 16-digit form ("0" + the old number), so both spellings of one taxpayer's
    number hash alike.
    """
    if kind in ALPHANUMERIC_KINDS:
        return _NOT_ALNUM.sub("", value.upper())
    digits = _NOT_DIGIT.sub("", value)
    if kind == "npwp" and len(digits) == 15:
        digits = "0" + digits
    return digits


def lookup_hash(kind: str, value: str) -> str:
    """Hex HMAC-SHA256 of the normalised value under the lookup key. `kind` is one of KINDS."""
    if kind not in KINDS:
        raise ValueError(f"lookup_hash kind must be one of {sorted(KINDS)}")
    canonical = normalise(kind, value)
    if not canonical:
        # An empty value would collide with every other empty value in a unique constraint.
        raise ValueError("lookup_hash needs a value with at least one digit or letter")
    return hmac.new(lookup_key(), f"{kind}:{canonical}".encode(), hashlib.sha256).hexdigest()


def mask(kind: str, value: str) -> str:
    """The value as shown to people: NIK/NPWP `3171••••••••0001`, NIB `912•••••••345`, passport `A•••••67`,
    bank account `••••••7890`; other kinds all dots except the last 2.

    Never reveals more than half of a value: one too short for its shape is shown as dots only.
    """
    text = normalise(kind, value) if kind in KINDS else _NOT_ALNUM.sub("", value.upper())
    head, tail = _MASK_SHAPES.get(kind, _UNKNOWN_SHAPE)
    hidden = len(text) - head - tail
    if hidden < (len(text) + 1) // 2:
        return DOT * len(text)
    return text[:head] + DOT * hidden + text[len(text) - tail :]
