"""Seller centre pages of the catalogue and stock, mounted at /seller/catalog/."""

from django.urls import path

from lapak.market.catalog.views_seller import editor, imports, listing, media, products, stock, variants, warehouses

app_name = "catalog_seller"

SHOP = "<str:org>/"
PRODUCT = SHOP + "products/<str:prd>/"

urlpatterns = [
    path(SHOP + "products/", products.product_list, name="products"),
    path(SHOP + "products/new/", products.product_new, name="product_new"),
    path(PRODUCT, editor.product_detail, name="product"),
    path(PRODUCT + "variants/", variants.variant_add, name="variant_add"),
    path(PRODUCT + "variants/<str:var>/", variants.variant_edit, name="variant"),
    path(PRODUCT + "images/", media.image_add, name="image_add"),
    path(PRODUCT + "images/<str:img>/remove/", media.image_remove, name="image_remove"),
    path(PRODUCT + "certificates/", media.certificate_add, name="certificate_add"),
    path(PRODUCT + "certificates/<slug:kind>/remove/", media.certificate_delete, name="certificate_remove"),
    path(PRODUCT + "listing/", listing.listing_action, name="listing"),
    path(SHOP + "warehouses/", warehouses.warehouses, name="warehouses"),
    path(SHOP + "stock/", stock.stock, name="stock"),
    path(SHOP + "stock/history/", stock.history, name="history"),
    path(SHOP + "import/", imports.product_import, name="import"),
    path(SHOP + "import/template.csv", imports.import_template, name="import_template"),
]
