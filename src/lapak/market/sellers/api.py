"""`/api/v1/sellers/`: the seller's side of the API, for any signed-in account except a regulator's.

The router's authentication (`SellerCaller`) refuses anonymous callers (401) and regulators (403); each
endpoint then finds its object through a selector that answers 404 for another seller's objects, and calls
one service, which answers 403 when the caller's role in the shop is too low. The endpoints live in
api_applications.py, api_organisations.py and api_me.py; the authorisation matrix test
(tests/test_api_matrix.py) lists who may call each.
"""

from ninja import Router

from lapak.market.sellers.api_applications import router as applications
from lapak.market.sellers.api_common import SellerCaller
from lapak.market.sellers.api_me import router as me
from lapak.market.sellers.api_organisations import router as organisations

router = Router(auth=SellerCaller())
router.add_router("", applications)
router.add_router("", organisations)
router.add_router("", me)
