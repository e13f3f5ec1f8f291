"""Who may sell: verified local sellers (ID-SEL-1), refused seller types (ID-SEL-5 MLM, ID-MKT-1 first party),
foreign merchants' documents (ID-XB-3) and traders' identity (GB-TRD-1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.compliance.evaluators.base import Evaluator, Finding, Parameters, allow, deny, review

FOREIGN_ITEMS = {
    "company_name": _("company name"), "origin_address": _("address in the origin country"),
    "origin_country": _("origin country"), "business_licence": _("legalised business licence"),
    "standards_proof": _("proof of standards compliance"), "bank_account": _("bank account"),
    "bahasa_descriptions": _("product descriptions in Bahasa Indonesia"), "shipping_origin": _("shipping origin"),
    "surveyor_report": _("independent surveyor's report"), "description_id": _("a description in Bahasa Indonesia"),
}
TRADER_ITEMS = {"name": _("name"), "address": _("geographic address"), "email": _("e-mail address"),
                "phone": _("telephone number")}


def _sellers(facts: Mapping, event: str) -> list[Mapping]:
    """The seller facts of the event: one seller, or each line's seller at checkout."""
    if event == "checkout.place":
        return list(facts.get("lines", []))
    return [facts]


class VerifiedLocalSeller(Evaluator):
    class Params(Parameters):
        individual_documents: list[str]
        business_types: list[str]
        payable_statuses: list[str]
        check_documents: bool = True

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        if event == "seller.verify":
            return self._verify(facts, params)
        if event == "payout.release":
            status = facts.get("seller_status")
            if status in params.payable_statuses:
                return allow({"seller_status": status})
            return review({"seller_status": status}, problem=_("The shop is not verified, so its payout is held."))
        unverified = sorted({s.get("seller") for s in _sellers(facts, event) if s.get("seller_status") != "verified"})
        if unverified:
            return deny({"unverified_sellers": unverified}, problem=_("The shop is not verified."))
        return allow()

    def _verify(self, facts: Mapping, params: Any) -> Finding | None:
        if facts.get("to") != "verified" or not params.check_documents:
            return None
        kind = facts.get("seller_type")
        if kind == "individual" and facts.get("id_document_kind") not in params.individual_documents:
            return deny({"id_document_kind": facts.get("id_document_kind")},
                        problem=_("No KTP or Indonesian passport was verified."))
        if kind in params.business_types and not facts.get("nib_present"):
            return deny({"nib_present": False}, problem=_("No NIB (business registration number) was given."))
        return allow({"seller_type": kind})


class RefusedSellerType(Evaluator):
    class Params(Parameters):
        refused_seller_types: list[str]

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        refused = sorted({s.get("seller") or "" for s in _sellers(facts, event)
                          if s.get("seller_type") in params.refused_seller_types})
        if refused:
            return deny({"refused_sellers": refused, "refused_seller_types": params.refused_seller_types})
        return allow()


class ForeignMerchantDocuments(Evaluator):
    class Params(Parameters):
        seller_items: list[str]
        listing_items: list[str]

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        if facts.get("seller_type") != "foreign":
            return None
        if event == "seller.verify":
            present = facts.get("foreign_items", {})
            missing = [item for item in params.seller_items if not present.get(item)]
        else:
            present = {"description_id": facts.get("description_id_present"),
                       "origin_country": facts.get("origin_country") not in (None, "", facts.get("jurisdiction"))}
            missing = [item for item in params.listing_items if not present.get(item)]
        if missing:
            return deny({"missing_items": missing}, missing=[FOREIGN_ITEMS.get(i, i) for i in missing])
        return allow()


class TraderIdentity(Evaluator):
    class Params(Parameters):
        required: list[str]

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        if event == "seller.verify" and facts.get("to") != "verified":
            return None
        trader = facts.get("trader", {})
        missing = [item for item in params.required if not trader.get(item)]
        if missing:
            return deny({"missing_items": missing}, missing=[TRADER_ITEMS.get(i, i) for i in missing])
        return allow()
