"""Opaque public identifiers.

Primary keys stay inside the database; URLs and API payloads carry a public id instead: a short type
prefix and 26 Crockford base32 characters (48 bits of millisecond time, so ids sort roughly by creation
and index well, then 80 random bits, so they cannot be guessed or enumerated), e.g.
`usr_01JD3Q6Y8W9M2K4N7P5R0S1T2V`.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from django.db import models

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BODY_LENGTH = 26


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, index = divmod(value, 32)
        chars.append(_ALPHABET[index])
    return "".join(reversed(chars))


def encode_public_id(prefix: str, *, millis: int, random_bits: int) -> str:
    """The id for a given time and random part (demo data uses it with a seeded random source)."""
    value = ((millis & (2**48 - 1)) << 80) | (random_bits & (2**80 - 1))
    return f"{prefix}_{_encode(value, _BODY_LENGTH)}"


def new_public_id(prefix: str) -> str:
    """A new opaque id such as `usr_01JD3Q6Y8W9M2K4N7P5R0S1T2V`."""
    return encode_public_id(prefix, millis=time.time_ns() // 1_000_000, random_bits=secrets.randbits(80))


def is_public_id(value: str, prefix: str) -> bool:
    head, sep, body = value.partition("_")
    return (
        sep == "_"
        and head == prefix
        and len(body) == _BODY_LENGTH
        and all(c in _ALPHABET for c in body)
    )


def public_id_factory(prefix: str) -> Callable[[], str]:
    def make() -> str:
        return new_public_id(prefix)

    make.__name__ = f"new_{prefix}_id"
    make.__qualname__ = make.__name__
    return make


class PublicIdField(models.CharField):
    """A unique, indexed, non-editable opaque id with a type prefix.

    Migrations record the prefix, not a lambda, so they never import app code beyond this field.
    """

    def __init__(self, prefix: str = "obj", **kwargs: object) -> None:
        self.prefix = prefix
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs["default"] = public_id_factory(prefix)
        super().__init__(**kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs["prefix"] = self.prefix
        for key, default in (("max_length", 40), ("unique", True), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        if not self._unique:  # Field.deconstruct leaves out unique=False, which __init__ would turn into True
            kwargs["unique"] = False
        return name, path, args, kwargs
