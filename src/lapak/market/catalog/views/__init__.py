"""Buyer pages of the catalogue: a category, search results, one product."""
