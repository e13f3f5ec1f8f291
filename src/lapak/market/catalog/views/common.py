"""Small pieces shared by the buyer pages."""

from __future__ import annotations

from django.utils import translation


def ui_language() -> str:
    """"id" or "en": the language the page is being rendered in."""
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def in_language(indonesian: str, english: str) -> tuple[str, str]:
    """The text to show and its language: English only on an English page and only when there is some."""
    if ui_language() == "en" and english.strip():
        return english, "en"
    return indonesian, "id"
