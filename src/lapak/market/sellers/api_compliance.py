"""A shop's compliance decisions through the API (mount at /api/v1/compliance/ beside compliance's own router):

- `GET /parties/{organisation_id}/decisions?outcome=&limit=&offset=` and `GET /parties/{organisation_id}/decisions/
  {decision_id}`: every member reads the shop's decisions (no evidence: that is the operators' and regulators');
- `POST /decisions/{decision_id}/appeal` `{"text"}`: the owner or a manager appeals one of the shop's refusals, once.

Sellers cannot use compliance's `GET /decisions?party=`: whether a caller belongs to a shop is market knowledge,
and compliance never imports market. Access is the seller API's (`SellerCaller`): no token 401, a regulator 403;
someone outside the shop, an operator included, gets 404 as if the shop or decision did not exist; staff 403 on
the appeal. Outputs are compliance's schemas (lapak.compliance.api_decisions).
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from lapak.compliance.api_decisions import AppealIn, AppealOut, DecisionOut, DecisionPage, appeal_out, decision_out
from lapak.compliance.selectors import decision_for_party, decision_get, decisions_for_party
from lapak.core.errors import NotFound
from lapak.core.schemas import ErrorOut
from lapak.market.sellers.api_common import MAX_PAGE, SellerCaller
from lapak.market.sellers.selectors import organisation_for
from lapak.market.sellers.services.compliance_appeals import shop_decision_appeal

router = Router(auth=SellerCaller(), tags=["compliance: a shop's decisions"])
E = ErrorOut
READ = {401: E, 403: E, 404: E}
SHOP = "/parties/{organisation_id}/decisions"
NO_SUCH_DECISION = _("There is no such decision.")


class ShopDecisionQuery(Schema):
    outcome: Literal["", "allow", "deny", "review"] = ""
    limit: int = Field(20, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get(SHOP, response={200: DecisionPage, **READ, 422: E},
            summary="The shop's compliance decisions, newest first, with reasons in the request's language")
def shop_decisions(request: HttpRequest, organisation_id: str, query: Query[ShopDecisionQuery]) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    rows = decisions_for_party(party=shop.public_id, outcome=query.outcome)
    window = rows[query.offset:query.offset + query.limit]
    return {"items": [decision_out(d) for d in window], "count": rows.count(), "limit": query.limit,
            "offset": query.offset}


@router.get(SHOP + "/{decision_id}", response={200: DecisionOut, **READ},
            summary="One of the shop's decisions, with its override and appeal")
def shop_decision(request: HttpRequest, organisation_id: str, decision_id: str) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return decision_out(decision_for_party(party=shop.public_id, public_id=decision_id))


@router.post("/decisions/{decision_id}/appeal", response={201: AppealOut, **READ, 409: E, 422: E},
             summary="Appeal one of the shop's refusals (owner or manager; once per decision)")
def shop_decision_appeal_endpoint(request: HttpRequest, decision_id: str, body: AppealIn) -> Status:
    decision = decision_get(public_id=decision_id)
    if not decision.party:
        raise NotFound(NO_SUCH_DECISION, code="decision_not_found")
    try:
        shop = organisation_for(user=request.auth, public_id=decision.party)
    except NotFound:
        raise NotFound(NO_SUCH_DECISION, code="decision_not_found") from None
    appeal = shop_decision_appeal(organisation=shop, actor=request.auth, decision_id=decision.public_id,
                                  text=body.text)
    return Status(201, appeal_out(appeal))
