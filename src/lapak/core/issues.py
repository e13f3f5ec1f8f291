"""The shape every input check reports problems in (identity numbers, phone numbers, …)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Issue:
    """One problem with one part of a number: `part` names the part ("length", "date", …), `code` is stable
    and machine-readable ("nik_length"), `message` is translated lazily and never quotes the number."""

    part: str
    code: str
    message: str | Promise

    def as_dict(self) -> dict[str, str]:
        return {"part": self.part, "code": self.code, "message": str(self.message)}
