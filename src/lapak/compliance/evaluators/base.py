"""What an evaluator is: a typed parameter model (rule parameters are data, checked when a version is saved)
and a function from facts to a finding."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils import translation
from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from lapak.compliance.reference import ReferenceView


class Parameters(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Finding:
    outcome: str  # allow, deny, review
    evidence: dict = field(default_factory=dict)
    # Placeholder values that are words, per language: {"id": {"problem_id": …}, "en": {"problem_en": …}}.
    words: dict = field(default_factory=dict)

    def texts(self, language: str) -> dict:
        return self.words.get(language, {})


def both(**lazy: Any) -> dict:
    """Render lazily translated placeholders (or callables returning text) in Indonesian and in English:
    `both(problem=_("…"))` gives {"id": {"problem_id": "…", "problem": "…"}, "en": {"problem_en": …}}."""
    words: dict = {}
    for language in ("id", "en"):
        with translation.override(language):
            rendered = {name: _render(value) for name, value in lazy.items()}
        words[language] = {**rendered, **{f"{name}_{language}": value for name, value in rendered.items()}}
    return words


def _render(value: Any) -> str:
    if callable(value):  # a text with values interpolated, rendered in each language in turn
        return str(value())
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def deny(evidence: dict | None = None, **words: Any) -> Finding:
    return Finding("deny", evidence or {}, both(**words))


def review(evidence: dict | None = None, **words: Any) -> Finding:
    return Finding("review", evidence or {}, both(**words))


def allow(evidence: dict | None = None) -> Finding:
    return Finding("allow", evidence or {})


class Evaluator(ABC):
    """Subclasses set `Params` and implement `evaluate`; None means the rule does not apply to these facts."""

    Params: ClassVar[type[Parameters]] = Parameters

    def parameters(self, raw: Mapping) -> Parameters:
        return self.Params.model_validate(dict(raw))

    @abstractmethod
    def evaluate(self, facts: Mapping, params: Any, event: str, reference: ReferenceView) -> Finding | None:
        """The finding of this rule about `facts`, with the version's parsed `params`, on the reference's day."""


def day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
