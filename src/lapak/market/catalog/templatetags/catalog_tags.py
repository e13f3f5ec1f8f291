"""Template helpers for the buyer pages: prices in rupiah, written the way the page's language writes them."""

from __future__ import annotations

from django import template
from django.utils import translation

from lapak.core.money import Money

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    """125000 → "Rp125.000" (Babel, the active language; Indonesian digit grouping in both of ours)."""
    if amount is None or amount == "":
        return ""
    return Money(int(amount), "IDR").format(translation.get_language() or "id")


@register.simple_tag
def price_range(low: int, high: int) -> str:
    """One price, or "Rp50.000 – Rp75.000" when variants differ."""
    return rupiah(low) if low == high else f"{rupiah(low)} – {rupiah(high)}"


@register.simple_tag
def top_categories() -> list[dict[str, str]]:
    """The active top-level categories in the page's language, by name (the home page links them)."""
    from lapak.market.catalog.selectors import category_children

    language = translation.get_language() or "id"
    found = [{"slug": c.slug, "name": c.name_for(language)} for c in category_children(parent=None)]
    return sorted(found, key=lambda c: c["name"])
