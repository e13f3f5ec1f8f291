"""A decision's reasons in the reader's language: for error bodies, pages and notifications."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import get_language


def _language(language: str | None) -> str:
    return "en" if (language or get_language() or "id").startswith("en") else "id"


def reason_text(reason: Mapping, language: str | None = None) -> str:
    """The explanation of one reason, with what to do, in `language` (default: the active one)."""
    lang = _language(language)
    message, remedy = reason.get(f"message_{lang}", ""), reason.get(f"remedy_{lang}", "")
    return f"{message} {remedy}".strip()


def reason_title(reason: Mapping, language: str | None = None) -> str:
    return reason.get(f"title_{_language(language)}") or reason.get("rule_id", "")


def reason_fields(reasons: Iterable[Mapping], language: str | None = None) -> dict[str, list[str]]:
    """Reasons as the `fields` of the one error shape: `rules.<rule id>` → [explanation and remedy]."""
    return {f"rules.{r['rule_id']}": [reason_text(r, language)] for r in reasons}
