"""A category page: breadcrumb, sub-categories, and the listings of the category and everything under it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lapak.market.catalog.search.facets import CategoryNode, category_tree
from lapak.market.catalog.views.listing import BROWSE_SORTS, filter_panel, listing_read


@require_safe
def category(request: HttpRequest, slug: str) -> HttpResponse:
    # The search module's cached tree: the page's breadcrumb and sub-categories cost no query of their own.
    tree = category_tree()
    node = next((n for n in tree.values() if n.slug == slug), None)
    if node is None:
        raise Http404("There is no such category.")
    listing = listing_read(request.GET, fixed={"category": slug, "q": ""})
    counts = {facet.value: facet.count for facet in listing.page.facets.get("category", [])}
    children = sorted((n for n in tree.values() if n.parent_id == node.id), key=lambda n: n.name())
    context = {
        "node": node,
        "breadcrumb": [{"slug": n.slug, "name": n.name()} for n in _ancestry(tree, node)],
        "children": [{"slug": n.slug, "name": n.name(), "count": counts.get(n.slug, 0)} for n in children],
        "listing": listing,
        "filters": filter_panel(listing, request.GET, sorts=BROWSE_SORTS),
    }
    return render(request, "catalog/category.html", context)


def _ancestry(tree: dict[int, CategoryNode], node: CategoryNode) -> list[CategoryNode]:
    trail = [node]
    while trail[-1].parent_id is not None and trail[-1].parent_id in tree and len(trail) < 10:
        trail.append(tree[trail[-1].parent_id])
    return list(reversed(trail))
