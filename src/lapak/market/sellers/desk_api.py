"""`/api/v1/operator/`: the operators' review desk, for operators only.

The router's authentication (`OperatorCaller`) answers 401 without a valid token and 403 for anyone who is
not an operator, regulators included, before any endpoint runs; the selectors and services check the
operator role again. Identity numbers are masked in every answer; the full value comes only from the reveal
endpoint, which needs a reason, is written to the audit log, is marked `Cache-Control: no-store` and is
exempt from idempotency storage (settings.IDEMPOTENCY_EXEMPT_PATHS). The endpoints live in api_desk_kyc.py
and api_desk_requests.py; tests/test_api_matrix.py lists who may call each.
"""

from ninja import Router

from lapak.market.sellers.api_common import OperatorCaller
from lapak.market.sellers.api_desk_kyc import router as kyc
from lapak.market.sellers.api_desk_requests import router as requests

router = Router(auth=OperatorCaller())
router.add_router("", kyc)
router.add_router("", requests)
