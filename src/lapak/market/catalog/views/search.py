"""Search results: the product grid with filters and their counts, sorting, "did you mean", and an empty state."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lapak.market.catalog.search.facets import category_tree
from lapak.market.catalog.views.listing import BROWSE_SORTS, TEXT_SORTS, filter_panel, listing_read, url_with


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    listing = listing_read(request.GET, fixed={})
    query = listing.query
    chosen = None
    if query.category:
        chosen = next((n for n in category_tree().values() if n.slug == query.category), None)
    context = {
        "listing": listing,
        "text": query.text,
        # The filter form keeps the search text and the chosen category; `after` is left out: page one.
        "hidden": [(name, listing.params[name]) for name in ("q", "category") if name in listing.params],
        "filters": filter_panel(listing, request.GET, sorts=TEXT_SORTS if query.text else BROWSE_SORTS),
        "chosen_category": {"name": chosen.name(), "clear_url": url_with(listing.params, drop=("category",))}
        if chosen else None,
        "category_links": [
            {"slug": f.value, "label": f.label, "count": f.count, "url": url_with(listing.params, category=f.value)}
            for f in listing.page.facets.get("category", [])
        ],
        "suggestion_url": url_with(listing.params, q=listing.page.suggestion) if listing.page.suggestion else "",
        "filtered": any(name in listing.params for name in ("category", "price_min", "price_max", "province",
                                                            "local", "umkm", "halal", "in_stock")),
        "clear_url": url_with({"q": query.text} if query.text else {}),
    }
    return render(request, "catalog/search.html", context)
