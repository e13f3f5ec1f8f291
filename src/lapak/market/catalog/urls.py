"""Buyer pages of the catalogue: browse by category, search, product detail. Mounted at the site root."""

from django.urls import path

from lapak.market.catalog.views import browse, product, search

app_name = "catalog"

urlpatterns = [
    path("c/<slug:slug>/", browse.category, name="category"),
    path("search/", search.search, name="search"),
    path("p/<str:public_id>/", product.product_detail, name="product"),
]
