"""Template helpers for a decision's reasons: each reason's texts in one language (the active one by default)."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.translation import get_language

from lapak.compliance.explain import reason_title

register = template.Library()


def _language(language: str | None) -> str:
    return "en" if (language or get_language() or "id").startswith("en") else "id"


@register.simple_tag
def reason_parts(reason: Mapping, language: str | None = None) -> dict:
    """Title, explanation, what to do, rule id, version and legal basis of a stored reason, in `language`.

    Older stored reasons (a listing refused before the engine kept titles and remedies) have only the rule id and
    the message: the title falls back to the rule id and the remedy is empty."""
    if not isinstance(reason, Mapping):
        return {"title": str(reason), "message": "", "remedy": "", "rule_id": "", "version": None,
                "legal_basis": "", "outcome": ""}
    lang = _language(language)
    version = reason.get("version")
    return {
        "title": reason_title(reason, lang), "message": reason.get(f"message_{lang}") or "",
        "remedy": reason.get(f"remedy_{lang}") or "", "rule_id": reason.get("rule_id") or "",
        "version": version if isinstance(version, int) and version > 0 else None,
        "legal_basis": reason.get("legal_basis") or "", "outcome": reason.get("outcome") or "", "lang": lang,
    }
