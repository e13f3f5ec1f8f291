"""The catalogue API under `/api/v1/catalog/`.

- Public reads, no authentication (api_public.py): the category tree, search and browse, one listing.
- The seller side, under `/catalog/seller/{organisation_id}/` (`SellerCaller`: signed in, not a regulator):
  products, variants and their lifecycle (api_seller_products.py), pictures and certificates
  (api_seller_media.py), warehouses and stock (api_seller_stock.py). Who may call each is listed in
  tests/test_api_matrix.py, which fails for an endpoint added without a row.
"""

from ninja import Router

from lapak.market.catalog.api_public import router as public
from lapak.market.catalog.api_seller_media import router as seller_media
from lapak.market.catalog.api_seller_products import router as seller_products
from lapak.market.catalog.api_seller_stock import router as seller_stock
from lapak.market.sellers.api_common import SellerCaller

router = Router(tags=["catalog"])
router.add_router("", public)

seller = Router(auth=SellerCaller())
seller.add_router("", seller_products)
seller.add_router("", seller_media)
seller.add_router("", seller_stock)
router.add_router("", seller)
